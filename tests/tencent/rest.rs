//! The REST client against the fake: URL query, UserSig, each command's request shape and
//! answer handling, FAIL and SomeError, retries, limits.

use serde_json::json;
use timbot::backend::tencent::rest::{
    AccountImport, CreateGroup, CreateRobot, InitialMember, ItemFailure, ModifyGroupBaseInfo,
    SendC2c, SendGroup, MUTE_FOREVER,
};
use timbot::core::rest::{RestGroupAt, RestMessage, RestMsgElem, RestTextElem};
use timbot::core::Error;

use super::fake::Answer;
use super::{setup, signer, ADMIN, SDK_APP_ID};

fn text(text: &str) -> RestMessage {
    RestMessage {
        msg_body: vec![RestMsgElem::Text(RestTextElem {
            text: text.to_owned(),
        })],
        ..RestMessage::default()
    }
}

fn send_c2c(text_body: &str) -> SendC2c {
    SendC2c {
        sync_other_machine: Some(2),
        from_account: Some("bot".into()),
        msg_life_time: None,
        msg_random: 1287657,
        forbid_callback_control: Vec::new(),
        send_msg_control: Vec::new(),
        is_need_read_receipt: 0,
        message: text(text_body),
    }
}

#[tokio::test]
async fn every_call_carries_the_documented_query_and_a_valid_admin_usersig() {
    let (fake, backend, clock) = setup().await;
    let import = AccountImport {
        user_id: "test".into(),
        nick: Some("test".into()),
        face_url: None,
    };
    backend
        .rest()
        .import_account(&import)
        .await
        .expect("import");

    let calls = fake.calls_of("im_open_login_svc/account_import");
    assert_eq!(calls.len(), 1);
    let query = &calls[0].query;
    assert_eq!(query["sdkappid"], SDK_APP_ID.to_string());
    assert_eq!(query["identifier"], ADMIN);
    assert_eq!(query["contenttype"], "json");
    assert!(query["random"].parse::<u32>().is_ok());
    signer(&clock)
        .verify(ADMIN, &query["usersig"])
        .expect("the admin's UserSig verifies");
    assert_eq!(calls[0].body, json!({"UserID": "test", "Nick": "test"}));
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn the_admin_usersig_is_reused_and_renewed_near_expiry() {
    let (fake, backend, clock) = setup().await;
    let rest = backend.rest();
    rest.robots().await.expect("first");
    clock.advance(3_600);
    rest.robots().await.expect("second");
    // Default lifetime 86 400 s: renewed in its last tenth.
    clock.advance(86_400 - 8_640 - 3_600);
    rest.robots().await.expect("third");

    let sigs: Vec<String> = fake
        .calls()
        .iter()
        .map(|c| c.query["usersig"].clone())
        .collect();
    assert_eq!(sigs[0], sigs[1], "the cached UserSig is reused");
    assert_ne!(sigs[1], sigs[2], "a new UserSig is made near expiry");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn sendmsg_has_the_documented_shape_and_returns_key_and_time() {
    let (fake, backend, _) = setup().await;
    let mut send = send_c2c("hi, beauty");
    send.message.cloud_custom_data = "your cloud custom data".into();
    let sent = backend
        .rest()
        .send_c2c("lumotuwe2", &send)
        .await
        .expect("sent");
    assert_eq!(sent.msg_key, "1213_1122_1653641346");
    assert_eq!(sent.msg_time, 1653641346);
    assert_eq!(
        fake.body_of("openim/sendmsg"),
        json!({
            "SyncOtherMachine": 2,
            "From_Account": "bot",
            "To_Account": "lumotuwe2",
            "MsgRandom": 1287657,
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi, beauty"}}],
            "CloudCustomData": "your cloud custom data"
        })
    );
}

#[tokio::test]
async fn a_fail_answer_keeps_the_service_code_and_text() {
    let (fake, backend, _) = setup().await;
    fake.queue(
        "openim/sendmsg",
        Answer::fail(90001, "Fail to Parse json data of body, Please check it"),
    );
    let error = backend
        .rest()
        .send_c2c("x", &send_c2c("hi"))
        .await
        .expect_err("fails");
    assert_eq!(error.code(), Some(90001));
    assert!(error.to_string().contains("Fail to Parse json"));
    assert_eq!(fake.calls().len(), 1, "a refusal is not retried");
}

#[tokio::test]
async fn batchsendmsg_reports_some_error_per_recipient_and_fail_as_an_error() {
    let (fake, backend, _) = setup().await;
    fake.queue(
        "openim/batchsendmsg",
        Answer::json(json!({
            "ActionStatus": "SomeError", "ErrorInfo": "", "ErrorCode": 0,
            "MsgKey": "1213_1122_1653641346",
            "ErrorList": [{"To_Account": "lumotuwe1", "ErrorCode": 70107}]
        })),
    );
    let to = vec!["lumotuwe1".to_owned(), "lumotuwe2".to_owned()];
    let sent = backend
        .rest()
        .send_c2c_batch(&to, &send_c2c("hi"))
        .await
        .expect("partial");
    assert_eq!(sent.msg_key, "1213_1122_1653641346");
    assert_eq!(
        sent.failures,
        vec![ItemFailure {
            account: "lumotuwe1".into(),
            code: 70107
        }]
    );
    assert_eq!(fake.body_of("openim/batchsendmsg")["To_Account"], json!(to));

    fake.queue(
        "openim/batchsendmsg",
        Answer::fail(90012, "To_Account not imported"),
    );
    let error = backend
        .rest()
        .send_c2c_batch(&to, &send_c2c("hi"))
        .await
        .expect_err("none");
    assert_eq!(error.code(), Some(90012));
}

#[tokio::test]
async fn batchsendmsg_refuses_more_than_500_recipients_before_sending() {
    let (fake, backend, _) = setup().await;
    let to: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let error = backend
        .rest()
        .send_c2c_batch(&to, &send_c2c("hi"))
        .await
        .expect_err("limit");
    assert!(
        matches!(
            error,
            Error::Limit {
                max: 500,
                actual: 501,
                ..
            }
        ),
        "{error}"
    );
    assert!(fake.calls().is_empty());
}

#[tokio::test]
async fn recall_and_roaming_history_of_c2c() {
    let (fake, backend, _) = setup().await;
    backend
        .rest()
        .withdraw_c2c("bot", "peer", "31906_833502_1572869830")
        .await
        .expect("withdrawn");
    assert_eq!(
        fake.body_of("openim/admin_msgwithdraw"),
        json!({"From_Account": "bot", "To_Account": "peer", "MsgKey": "31906_833502_1572869830"})
    );
    fake.queue(
        "openim/admin_msgwithdraw",
        Answer::fail(20022, "message not found"),
    );
    let error = backend
        .rest()
        .withdraw_c2c("bot", "peer", "x")
        .await
        .expect_err("gone");
    assert_eq!(error.code(), Some(20022));

    fake.queue(
        "openim/admin_getroammsg",
        Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0,
            "Complete": 1, "MsgCnt": 1, "LastMsgTime": 1584669680, "LastMsgKey": "549396494_2578554_1584669680",
            "MsgList": [{
                "From_Account": "user1", "To_Account": "user2", "MsgSeq": 549396494, "MsgRandom": 2578554,
                "MsgTimeStamp": 1584669680, "MsgFlagBits": 0, "IsPeerRead": 0,
                "MsgKey": "549396494_2578554_1584669680",
                "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "1"}}],
                "CloudCustomData": ""
            }]
        })),
    );
    let query = timbot::backend::tencent::rest::C2cHistoryQuery {
        operator_account: "user1".into(),
        peer_account: "user2".into(),
        max_cnt: 100,
        min_time: 1584669600,
        max_time: 1584669780,
        last_msg_key: None,
    };
    let page = backend.rest().c2c_history(&query).await.expect("page");
    assert_eq!(page.complete, 1);
    assert_eq!(page.messages[0].msg_key, "549396494_2578554_1584669680");
    assert_eq!(page.messages[0].message, text("1"));
    assert_eq!(
        fake.body_of("openim/admin_getroammsg"),
        json!({"Operator_Account": "user1", "Peer_Account": "user2", "MaxCnt": 100, "MinTime": 1584669600, "MaxTime": 1584669780})
    );
}

#[tokio::test]
async fn send_group_msg_carries_at_info_priority_and_online_only() {
    let (fake, backend, _) = setup().await;
    let mut message = text("red @all @tommy packet");
    message.group_at_info = vec![RestGroupAt::All, RestGroupAt::Member("tommy".into())];
    let send = SendGroup {
        group_id: "@TGS#2C5SZEAEF".into(),
        random: 8912345,
        msg_priority: Some("High"),
        from_account: Some("bot".into()),
        online_only_flag: 1,
        send_msg_control: Vec::new(),
        forbid_callback_control: Vec::new(),
        to_account: Vec::new(),
        topic_id: None,
        message,
    };
    let sent = backend.rest().send_group(&send).await.expect("sent");
    assert_eq!((sent.msg_seq, sent.msg_time), (1, 1490686222));
    assert_eq!(
        fake.body_of("group_open_http_svc/send_group_msg"),
        json!({
            "GroupId": "@TGS#2C5SZEAEF", "Random": 8912345, "MsgPriority": "High",
            "From_Account": "bot", "OnlineOnlyFlag": 1,
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "red @all @tommy packet"}}],
            "GroupAtInfo": [{"GroupAtAllFlag": 1}, {"GroupAtAllFlag": 0, "GroupAt_Account": "tommy"}]
        })
    );
    fake.queue(
        "group_open_http_svc/send_group_msg",
        Answer::fail(10017, "sender muted"),
    );
    let error = backend.rest().send_group(&send).await.expect_err("muted");
    assert_eq!(error.code(), Some(10017));
}

#[tokio::test]
async fn moderation_commands_have_the_documented_shapes() {
    let (fake, backend, _) = setup().await;
    let rest = backend.rest();
    let members = vec!["peter".to_owned(), "leckie".to_owned()];

    rest.send_group_system_notification("@TGS#2C5SZEAEF", &[], "Hello World")
        .await
        .expect("notice");
    assert_eq!(
        fake.body_of("group_open_http_svc/send_group_system_notification"),
        json!({"GroupId": "@TGS#2C5SZEAEF", "Content": "Hello World"})
    );

    rest.mute_members("@TGS#2C5SZEAEF", &members, MUTE_FOREVER)
        .await
        .expect("muted");
    assert_eq!(
        fake.body_of("group_open_http_svc/forbid_send_msg"),
        json!({"GroupId": "@TGS#2C5SZEAEF", "Members_Account": members, "MuteTime": 4294967295u32})
    );

    let modify = ModifyGroupBaseInfo {
        group_id: "@TGS#1NVTZEAE4".into(),
        mute_all_member: Some("On"),
        ..ModifyGroupBaseInfo::default()
    };
    rest.modify_group_base_info(&modify)
        .await
        .expect("mute all");
    assert_eq!(
        fake.body_of("group_open_http_svc/modify_group_base_info"),
        json!({"GroupId": "@TGS#1NVTZEAE4", "MuteAllMember": "On"})
    );

    rest.delete_group_members("@TGS#2J4SZEAEL", &members, true, "kicked for spam")
        .await
        .expect("kicked");
    assert_eq!(
        fake.body_of("group_open_http_svc/delete_group_member"),
        json!({"GroupId": "@TGS#2J4SZEAEL", "MemberToDel_Account": members, "Silence": 1, "Reason": "kicked for spam"})
    );
    fake.queue(
        "group_open_http_svc/delete_group_member",
        Answer::fail(10004, "AVChatRoom does not support it"),
    );
    let error = rest
        .delete_group_members("@TGS#aAV", &members, false, "")
        .await
        .expect_err("avchatroom");
    assert_eq!(error.code(), Some(10004));

    let too_many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let error = rest
        .delete_group_members("g", &too_many, false, "")
        .await
        .expect_err("limit");
    assert!(matches!(error, Error::Limit { max: 100, .. }), "{error}");
    let too_many: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let error = rest
        .mute_members("g", &too_many, 60)
        .await
        .expect_err("limit");
    assert!(matches!(error, Error::Limit { max: 500, .. }), "{error}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn add_member_and_recall_report_per_item_results() {
    let (fake, backend, _) = setup().await;
    let rest = backend.rest();
    fake.queue(
        "group_open_http_svc/add_group_member",
        Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0,
            "MemberList": [{"Member_Account": "tommy", "Result": 1}, {"Member_Account": "jared", "Result": 0}]
        })),
    );
    let added = rest
        .add_group_members("@TGS#2J4SZEAEL", &["tommy".into(), "jared".into()], false)
        .await
        .expect("added");
    assert_eq!((added[0].account.as_str(), added[0].result), ("tommy", 1));
    assert_eq!(added[1].result, 0);
    assert_eq!(
        fake.body_of("group_open_http_svc/add_group_member"),
        json!({"GroupId": "@TGS#2J4SZEAEL", "MemberList": [{"Member_Account": "tommy"}, {"Member_Account": "jared"}]})
    );

    fake.queue(
        "group_open_http_svc/group_msg_recall",
        Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0,
            "RecallRetList": [{"MsgSeq": 100, "RetCode": 10030}, {"MsgSeq": 101, "RetCode": 0}]
        })),
    );
    let recalled = rest
        .recall_group_messages("@TGS#2J4SZEAEL", &[100, 101])
        .await
        .expect("recall");
    assert_eq!((recalled[0].msg_seq, recalled[0].ret_code), (100, 10030));
    assert_eq!(
        fake.body_of("group_open_http_svc/group_msg_recall"),
        json!({"GroupId": "@TGS#2J4SZEAEL", "MsgSeqList": [{"MsgSeq": 100}, {"MsgSeq": 101}]})
    );
    let eleven: Vec<u64> = (1..=11).collect();
    let error = rest
        .recall_group_messages("g", &eleven)
        .await
        .expect_err("limit");
    assert!(matches!(error, Error::Limit { max: 10, .. }), "{error}");
}

#[tokio::test]
async fn create_group_members_and_group_history() {
    let (fake, backend, _) = setup().await;
    let rest = backend.rest();
    let create = CreateGroup {
        owner_account: Some("leckie".into()),
        group_type: "Public",
        group_id: None,
        name: "TestGroup".into(),
        introduction: None,
        notification: None,
        face_url: None,
        max_member_count: None,
        apply_join_option: Some("FreeAccess"),
        member_list: vec![InitialMember {
            account: "bob".into(),
            role: Some("Admin"),
        }],
    };
    assert_eq!(
        rest.create_group(&create).await.expect("created"),
        "@TGS#2J4SZEAEL"
    );
    assert_eq!(
        fake.body_of("group_open_http_svc/create_group"),
        json!({"Owner_Account": "leckie", "Type": "Public", "Name": "TestGroup", "ApplyJoinOption": "FreeAccess",
               "MemberList": [{"Member_Account": "bob", "Role": "Admin"}]})
    );
    fake.queue(
        "group_open_http_svc/create_group",
        Answer::fail(10021, "group id already used"),
    );
    assert_eq!(
        rest.create_group(&create).await.expect_err("taken").code(),
        Some(10021)
    );

    fake.queue(
        "group_open_http_svc/get_group_member_info",
        Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "MemberNum": 2,
            "MemberList": [
                {"Member_Account": "bob", "Role": "Owner", "JoinTime": 1425976500, "MsgSeq": 1233, "MsgFlag": "AcceptAndNotify", "LastSendMsgTime": 1425976500, "ShutUpUntil": 1431069882, "AppMemberDefinedData": []},
                {"Member_Account": "peter", "Role": "Member ", "JoinTime": 1425976500, "MsgSeq": 1233, "MsgFlag": "AcceptAndNotify", "LastSendMsgTime": 1425976500, "ShutUpUntil": 0}
            ]
        })),
    );
    let page = rest
        .group_members("@TGS#1NVTZEAE4", 100, 0)
        .await
        .expect("members");
    assert_eq!(page.member_num, 2);
    assert_eq!(page.members[0].shut_up_until, 1431069882);
    assert_eq!(page.members[1].role, "Member ");

    fake.queue(
        "group_open_http_svc/group_msg_get_simple",
        Answer::json(json!({
            "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "GroupId": "@TGS#2J4SZEAEL", "IsFinished": 1,
            "RspMsgList": [
                {"From_Account": "144115197276518406", "IsPlaceMsg": 0, "MsgBody": [{"MsgContent": {"Text": "1"}, "MsgType": "TIMTextElem"}],
                 "MsgPriority": 1, "MsgRandom": 1547025225, "MsgSeq": 7803321, "MsgTimeStamp": 1548753347}
            ]
        })),
    );
    let history = rest
        .group_history("@TGS#2J4SZEAEL", 20, Some(7803321))
        .await
        .expect("history");
    assert_eq!(history.messages[0].msg_seq, 7803321);
    assert_eq!(history.messages[0].message, text("1"));
    assert_eq!(
        fake.body_of("group_open_http_svc/group_msg_get_simple"),
        json!({"GroupId": "@TGS#2J4SZEAEL", "ReqMsgNumber": 20, "ReqMsgSeq": 7803321})
    );
    let error = rest.group_history("g", 21, None).await.expect_err("limit");
    assert!(matches!(error, Error::Limit { max: 20, .. }), "{error}");
}

#[tokio::test]
async fn robot_accounts_are_created_listed_and_deleted() {
    let (fake, backend, _) = setup().await;
    let rest = backend.rest();
    let create = CreateRobot {
        user_id: "@RBT#001".into(),
        nick: Some("MyRobot".into()),
        face_url: None,
        self_signature: None,
    };
    rest.create_robot(&create).await.expect("created");
    assert_eq!(
        fake.body_of("openim_robot_http_svc/create_robot"),
        json!({"UserID": "@RBT#001", "Nick": "MyRobot"})
    );
    assert_eq!(
        rest.robots().await.expect("listed"),
        ["@RBT#001", "@RBT#002", "@RBT#003"]
    );
    assert_eq!(
        fake.body_of("openim_robot_http_svc/get_all_robots"),
        json!({})
    );
    rest.delete_robot("@RBT#001").await.expect("deleted");
    assert_eq!(
        fake.body_of("openim_robot_http_svc/delete_robot"),
        json!({"Robot_Account": "@RBT#001"})
    );

    let not_a_robot = CreateRobot {
        user_id: "robot001".into(),
        ..create
    };
    assert!(matches!(
        rest.create_robot(&not_a_robot).await,
        Err(Error::Invalid { .. })
    ));
    assert_eq!(
        fake.calls_of("openim_robot_http_svc/create_robot").len(),
        1,
        "refused before sending"
    );
}

#[tokio::test]
async fn rate_limits_and_gateway_errors_are_retried_with_backoff() {
    let (fake, backend, _) = setup().await;
    fake.queue(
        "openim/sendmsg",
        Answer::fail(60007, "REST API call frequency limit"),
    );
    fake.queue("openim/sendmsg", Answer::status(502));
    let sent = backend
        .rest()
        .send_c2c("x", &send_c2c("hi"))
        .await
        .expect("third time lucky");
    assert_eq!(sent.msg_key, "1213_1122_1653641346");
    let calls = fake.calls_of("openim/sendmsg");
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls[0].body, calls[2].body,
        "a retry resends the same MsgRandom"
    );
}

#[tokio::test]
async fn retries_stop_after_the_configured_count() {
    let (fake, backend, _) = setup().await;
    for _ in 0..4 {
        fake.queue(
            "group_open_http_svc/send_group_msg",
            Answer::fail(10023, "group frequency limit"),
        );
    }
    let send = SendGroup {
        group_id: "g".into(),
        random: 1,
        msg_priority: None,
        from_account: None,
        online_only_flag: 0,
        send_msg_control: Vec::new(),
        forbid_callback_control: Vec::new(),
        to_account: Vec::new(),
        topic_id: None,
        message: text("flood"),
    };
    let error = backend
        .rest()
        .send_group(&send)
        .await
        .expect_err("still limited");
    assert_eq!(error.code(), Some(10023));
    assert_eq!(
        fake.calls().len(),
        4,
        "one attempt and the default three retries"
    );
}

#[tokio::test]
async fn a_gateway_that_keeps_failing_is_an_http_error() {
    let (fake, backend, _) = setup().await;
    for _ in 0..4 {
        fake.queue("openim_robot_http_svc/get_all_robots", Answer::status(503));
    }
    let error = backend.rest().robots().await.expect_err("down");
    assert!(
        matches!(&error, Error::Http(reason) if reason.contains("503")),
        "{error}"
    );
    assert_eq!(fake.calls().len(), 4);
}

#[tokio::test]
async fn a_transport_failure_names_the_command_but_never_the_admin_usersig() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let mut config = super::config_for_base_url(&format!("http://{addr}"));
    config.max_retries = 0;
    let backend = timbot::backend::tencent::TencentBackend::new(config).expect("backend");

    let error = backend.rest().robots().await.expect_err("nothing listens");

    let Error::Http(reason) = &error else {
        panic!("a transport error, got {error}");
    };
    assert!(reason.contains("get_all_robots"), "{reason}");
    assert!(!reason.contains("usersig"), "{reason}");
    assert!(!reason.contains(&addr.to_string()), "no URL: {reason}");
}
