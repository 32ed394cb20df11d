//! The backend and its sessions against the fake: login, sending, recalling, moderation, and
//! the operations REST cannot do naming themselves.

use serde_json::json;
use timbot::backend::tencent::TencentBackend;
use timbot::core::backend::{
    Backend, HistoryQuery, LoginRequest, ModifyGroupParams, ModifyMemberParams, Session,
};
use timbot::core::types::{ConvType, Elem, Message, MsgStatus, AT_ALL};
use timbot::core::Error;

use super::{setup, signer, TestClock};

async fn login(
    backend: &TencentBackend,
    clock: &TestClock,
    user: &str,
) -> std::sync::Arc<dyn Session> {
    let sig = signer(clock).generate(user, 86_400).expect("sig");
    backend
        .login(LoginRequest::new(user, sig))
        .await
        .expect("login")
        .session
}

#[tokio::test]
async fn login_checks_the_usersig_and_imports_a_normal_account() {
    let (fake, backend, clock) = setup().await;
    let sig = backend
        .user_sig_for("support-bot", 86_400)
        .expect("the app's own UserSig");
    let session = backend
        .login(LoginRequest::new("support-bot", sig))
        .await
        .expect("login")
        .session;
    assert_eq!(session.user_id(), "support-bot");
    assert_eq!(
        fake.body_of("im_open_login_svc/account_import"),
        json!({"UserID": "support-bot"})
    );

    let someone_elses = signer(&clock).generate("other", 86_400).expect("sig");
    let error = backend
        .login(LoginRequest::new("support-bot", someone_elses))
        .await
        .expect_err("wrong user");
    assert_eq!(error.code(), Some(70013));

    let short = signer(&clock).generate("support-bot", 10).expect("sig");
    clock.advance(11);
    let error = backend
        .login(LoginRequest::new("support-bot", short))
        .await
        .expect_err("expired");
    assert_eq!(error.code(), Some(70001));
}

#[tokio::test]
async fn a_robot_logs_in_only_when_it_exists() {
    let (fake, backend, clock) = setup().await;
    login(&backend, &clock, "@RBT#001").await;
    assert!(fake.calls_of("im_open_login_svc/account_import").is_empty());
    let sig = signer(&clock).generate("@RBT#999", 86_400).expect("sig");
    let error = backend
        .login(LoginRequest::new("@RBT#999", sig))
        .await
        .expect_err("unknown robot");
    assert_eq!(error.code(), Some(70107));
}

#[tokio::test]
async fn sending_goes_out_as_the_bot_and_returns_the_stored_message() {
    let (fake, backend, clock) = setup().await;
    let session = login(&backend, &clock, "bot").await;

    let sent = session
        .send_message(Message::new(
            ConvType::C2C,
            "peter",
            vec![Elem::text("hello")],
        ))
        .await
        .expect("c2c");
    assert_eq!(sent.msg_id, "1213_1122_1653641346");
    assert!(sent.is_from_self);
    let body = fake.body_of("openim/sendmsg");
    assert_eq!(body["From_Account"], "bot");
    assert_eq!(body["To_Account"], "peter");
    assert_eq!(
        body["MsgBody"],
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello"}}])
    );
    assert_eq!(
        u64::from(body["MsgRandom"].as_u64().expect("random") as u32),
        sent.rand
    );

    let mut group = Message::new(
        ConvType::Group,
        "@TGS#team",
        vec![Elem::text("@all @tommy standup")],
    );
    group.group_at_user_array = vec![AT_ALL.to_owned(), "tommy".to_owned()];
    let sent = session.send_message(group).await.expect("group");
    assert_eq!(sent.seq, 1);
    let body = fake.body_of("group_open_http_svc/send_group_msg");
    assert_eq!(body["From_Account"], "bot");
    assert_eq!(
        body["GroupAtInfo"],
        json!([{"GroupAtAllFlag": 1}, {"GroupAtAllFlag": 0, "GroupAt_Account": "tommy"}])
    );

    session.revoke_message(&sent).await.expect("recalled");
    assert_eq!(
        fake.body_of("group_open_http_svc/group_msg_recall"),
        json!({"GroupId": "@TGS#team", "MsgSeqList": [{"MsgSeq": 1}]})
    );
}

#[tokio::test]
async fn moderation_operations_map_to_their_rest_commands() {
    let (fake, backend, clock) = setup().await;
    let session = login(&backend, &clock, "mod-bot").await;
    session
        .modify_member(ModifyMemberParams {
            group_id: "g".into(),
            user_id: "spammer".into(),
            shutup_secs: Some(600),
            ..ModifyMemberParams::default()
        })
        .await
        .expect("muted");
    assert_eq!(
        fake.body_of("group_open_http_svc/forbid_send_msg"),
        json!({"GroupId": "g", "Members_Account": ["spammer"], "MuteTime": 600})
    );
    session
        .modify_group(ModifyGroupParams {
            group_id: "g".into(),
            shutup_all: Some(true),
            ..ModifyGroupParams::default()
        })
        .await
        .expect("all muted");
    assert_eq!(
        fake.body_of("group_open_http_svc/modify_group_base_info"),
        json!({"GroupId": "g", "MuteAllMember": "On"})
    );
    session
        .kick_members("g", &["spammer".into()], "spam")
        .await
        .expect("kicked");
    assert_eq!(
        fake.body_of("group_open_http_svc/delete_group_member"),
        json!({"GroupId": "g", "MemberToDel_Account": ["spammer"], "Reason": "spam"})
    );
}

#[tokio::test]
async fn what_rest_cannot_do_names_itself() {
    let (_fake, backend, clock) = setup().await;
    let session = login(&backend, &clock, "bot").await;
    let error = session.conversations().await.expect_err("unsupported");
    assert!(
        matches!(
            error,
            Error::Unsupported {
                backend: "tencent",
                operation: "conversations.list"
            }
        ),
        "{error}"
    );
    let error = session
        .modify_group(ModifyGroupParams {
            group_id: "g".into(),
            new_owner: Some("x".into()),
            ..ModifyGroupParams::default()
        })
        .await
        .expect_err("unsupported");
    assert!(
        matches!(
            error,
            Error::Unsupported {
                operation: "groups.transfer_owner",
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn history_is_read_newest_first_and_c2c_recall_uses_the_msg_key() {
    let (fake, backend, clock) = setup().await;
    let session = login(&backend, &clock, "bot").await;
    fake.queue(
        "openim/admin_getroammsg",
        super::fake::Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "Complete": 1,
            "LastMsgTime": 1584669690, "LastMsgKey": "2_2_1584669690",
            "MsgList": [
                {"From_Account": "bot", "To_Account": "peter", "MsgSeq": 1, "MsgRandom": 1, "MsgTimeStamp": 1584669680,
                 "MsgFlagBits": 0, "MsgKey": "1_1_1584669680", "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]},
                {"From_Account": "peter", "To_Account": "bot", "MsgSeq": 2, "MsgRandom": 2, "MsgTimeStamp": 1584669690,
                 "MsgFlagBits": 8, "MsgKey": "2_2_1584669690", "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "oops"}}]}
            ]
        })),
    );
    let history = session
        .history(HistoryQuery {
            conv_type: ConvType::C2C,
            conv_id: "peter".into(),
            count: 10,
            before: None,
        })
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].msg_id.as_str(), history[0].status),
        ("2_2_1584669690", MsgStatus::Revoked)
    );
    assert!(history[1].is_from_self);
    let query = fake.body_of("openim/admin_getroammsg");
    assert_eq!(
        (
            query["Operator_Account"].clone(),
            query["Peer_Account"].clone()
        ),
        (json!("bot"), json!("peter"))
    );

    session.revoke_message(&history[1]).await.expect("recalled");
    assert_eq!(
        fake.body_of("openim/admin_msgwithdraw"),
        json!({"From_Account": "bot", "To_Account": "peter", "MsgKey": "1_1_1584669680"})
    );

    fake.queue(
        "group_open_http_svc/group_msg_get_simple",
        super::fake::Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "GroupId": "g", "IsFinished": 1,
            "RspMsgList": [
                {"From_Account": "a", "IsPlaceMsg": 0, "MsgRandom": 1, "MsgSeq": 7803320, "MsgTimeStamp": 1548753340,
                 "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "older"}}]},
                {"From_Account": "b", "IsPlaceMsg": 2, "MsgRandom": 2, "MsgSeq": 7803321, "MsgTimeStamp": 1548753347,
                 "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "newer"}}]}
            ]
        })),
    );
    let history = session
        .history(HistoryQuery {
            conv_type: ConvType::Group,
            conv_id: "g".into(),
            count: 5,
            before: None,
        })
        .await
        .expect("group history");
    assert_eq!(
        history.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [7803321, 7803320]
    );
    assert_eq!(history[0].status, MsgStatus::Revoked);
    assert_eq!(history[0].msg_id, "g:7803321");
}

#[tokio::test]
async fn a_failed_group_recall_keeps_the_services_code() {
    let (fake, backend, clock) = setup().await;
    let session = login(&backend, &clock, "bot").await;
    fake.queue(
        "group_open_http_svc/group_msg_recall",
        super::fake::Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0,
            "RecallRetList": [{"MsgSeq": 5, "RetCode": 10031}]
        })),
    );
    let mut old = Message::new(ConvType::Group, "g", Vec::new());
    old.seq = 5;
    let error = session.revoke_message(&old).await.expect_err("too old");
    assert_eq!(error.code(), Some(10031));
}
