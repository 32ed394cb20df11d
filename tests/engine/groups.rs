//! Group rules beyond the type matrix: admins act on ordinary members only, mutes (one member
//! for N seconds, 0 unmutes, everyone), join requests decided once, tips and notices to the
//! right people, profile limits, group ids, attributes.

use std::collections::HashMap;
use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::{
    CreateGroupParams, InviteOutcome, ModifyGroupParams, ModifyMemberParams,
};
use timbot::core::codes;
use timbot::core::event::Event;
use timbot::core::types::{
    GroupPendencyHandle, GroupReportType, GroupTipGroupChangeFlag, GroupTipType, GroupType,
    MemberRole,
};

use crate::kit::{code, group, ids, login, text_in, User};

fn notices(user: &mut User) -> Vec<GroupReportType> {
    user.drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::GroupSystemNotice(n) => Some(n.report_type),
            _ => None,
        })
        .collect()
}

fn tips(user: &mut User) -> Vec<(GroupTipType, Vec<String>)> {
    user.drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::GroupTips(t) => Some((t.tip_type, t.user_array.clone())),
            _ => None,
        })
        .collect()
}

fn make_admin(group_id: &str, user: &str) -> ModifyMemberParams {
    ModifyMemberParams {
        group_id: group_id.to_owned(),
        user_id: user.to_owned(),
        role: Some(MemberRole::Admin),
        ..ModifyMemberParams::default()
    }
}

fn mute(group_id: &str, user: &str, secs: u32) -> ModifyMemberParams {
    ModifyMemberParams {
        group_id: group_id.to_owned(),
        user_id: user.to_owned(),
        shutup_secs: Some(secs),
        ..ModifyMemberParams::default()
    }
}

#[tokio::test]
async fn admins_act_on_ordinary_members_only() {
    let engine = LocalEngine::default();
    let g = group(
        &engine,
        GroupType::Public,
        "owner",
        &["a1", "a2", "m1", "m2"],
    );
    let owner = login(&engine, "owner").await;
    let a1 = login(&engine, "a1").await;
    owner
        .session
        .modify_member(make_admin(&g, "a1"))
        .await
        .unwrap();
    owner
        .session
        .modify_member(make_admin(&g, "a2"))
        .await
        .unwrap();
    assert!(a1.session.modify_member(mute(&g, "m1", 60)).await.is_ok());
    assert_eq!(
        code(a1.session.modify_member(mute(&g, "a2", 60)).await),
        codes::GROUP_PERMISSION_DENIED
    );
    assert_eq!(
        code(a1.session.modify_member(mute(&g, "owner", 60)).await),
        codes::GROUP_PERMISSION_DENIED
    );
    assert!(
        owner
            .session
            .modify_member(mute(&g, "a2", 60))
            .await
            .is_ok(),
        "the owner mutes admins"
    );
    assert_eq!(
        code(a1.session.kick_members(&g, &ids(&["a2"]), "").await),
        codes::GROUP_PERMISSION_DENIED
    );
    assert!(a1.session.kick_members(&g, &ids(&["m2"]), "").await.is_ok());
    assert_eq!(
        code(a1.session.modify_member(make_admin(&g, "m1")).await),
        codes::GROUP_PERMISSION_DENIED
    );
    let to_owner = ModifyMemberParams {
        role: Some(MemberRole::Owner),
        ..make_admin(&g, "m1")
    };
    assert_eq!(
        code(owner.session.modify_member(to_owner).await),
        codes::GROUP_INVALID_PARAMETERS
    );
}

#[tokio::test(start_paused = true)]
async fn a_muted_member_cannot_send_until_the_mute_ends_10017() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    owner
        .session
        .modify_member(mute(&g, "m", 60))
        .await
        .unwrap();
    assert_eq!(
        code(m.session.send_message(text_in(&g, "x")).await),
        codes::GROUP_SENDER_MUTED
    );
    let info = owner.session.member_info(&g, &ids(&["m"])).await.unwrap();
    assert_eq!(
        info[0].shutup_time,
        u64::try_from(engine.now_unix() + 60).unwrap()
    );
    tokio::time::advance(Duration::from_secs(59)).await;
    assert_eq!(
        code(m.session.send_message(text_in(&g, "x")).await),
        codes::GROUP_SENDER_MUTED
    );
    tokio::time::advance(Duration::from_secs(1)).await;
    assert!(
        m.session.send_message(text_in(&g, "free")).await.is_ok(),
        "the mute ended"
    );
}

#[tokio::test]
async fn muting_for_zero_seconds_unmutes() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    owner
        .session
        .modify_member(mute(&g, "m", 600))
        .await
        .unwrap();
    owner.session.modify_member(mute(&g, "m", 0)).await.unwrap();
    assert!(m.session.send_message(text_in(&g, "back")).await.is_ok());
}

#[tokio::test]
async fn muting_everyone_silences_members_but_not_owner_or_admins() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["a", "m"]);
    let mut owner = login(&engine, "owner").await;
    let a = login(&engine, "a").await;
    let m = login(&engine, "m").await;
    owner
        .session
        .modify_member(make_admin(&g, "a"))
        .await
        .unwrap();
    let all = |on| ModifyGroupParams {
        group_id: g.clone(),
        shutup_all: Some(on),
        ..ModifyGroupParams::default()
    };
    owner.drain();
    a.session.modify_group(all(true)).await.unwrap();
    let tip = owner.drain().into_iter().find_map(|e| match e {
        Event::GroupTips(t) => Some(t),
        _ => None,
    });
    let change = &tip.expect("info change tip").group_change_info_array[0];
    assert_eq!(
        (change.flag, change.bool_value),
        (GroupTipGroupChangeFlag::ShutupAll, true)
    );
    assert_eq!(
        code(m.session.send_message(text_in(&g, "x")).await),
        codes::GROUP_SENDER_MUTED
    );
    assert!(a.session.send_message(text_in(&g, "admin")).await.is_ok());
    assert!(owner
        .session
        .send_message(text_in(&g, "owner"))
        .await
        .is_ok());
    assert_eq!(
        code(m.session.modify_group(all(false)).await),
        codes::GROUP_PERMISSION_DENIED
    );
    owner.session.modify_group(all(false)).await.unwrap();
    assert!(m.session.send_message(text_in(&g, "x")).await.is_ok());
}

#[tokio::test]
async fn join_requests_reach_owner_and_admins_and_are_decided_once() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["a", "m"]);
    let mut owner = login(&engine, "owner").await;
    let mut a = login(&engine, "a").await;
    let mut m = login(&engine, "m").await;
    owner
        .session
        .modify_member(make_admin(&g, "a"))
        .await
        .unwrap();
    for user in [&mut owner, &mut a, &mut m] {
        user.drain();
    }
    let mut applicant = login(&engine, "j").await;
    applicant.session.join_group(&g, "please").await.unwrap();
    assert_eq!(notices(&mut owner), [GroupReportType::AddRequest]);
    assert_eq!(notices(&mut a), [GroupReportType::AddRequest]);
    assert!(notices(&mut m).is_empty(), "ordinary members are not asked");
    assert!(m.session.pendencies().await.unwrap().is_empty());
    let pending = a.session.pendencies().await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].from_identifier, "j");
    assert_eq!(pending[0].apply_invite_msg, "please");
    assert_eq!(
        code(m.session.handle_pendency(&pending[0], true, "").await),
        codes::GROUP_PERMISSION_DENIED
    );
    a.session
        .handle_pendency(&pending[0], true, "welcome")
        .await
        .unwrap();
    assert_eq!(
        code(owner.session.handle_pendency(&pending[0], false, "").await),
        codes::GROUP_REQUEST_ALREADY_HANDLED
    );
    assert_eq!(notices(&mut applicant), [GroupReportType::AddAccept]);
    assert_eq!(tips(&mut m), [(GroupTipType::Invite, ids(&["j"]))]);
    let seen_by_owner = owner.session.pendencies().await.unwrap();
    assert_eq!(seen_by_owner[0].handled, GroupPendencyHandle::OtherHandled);
    assert!(
        applicant
            .session
            .send_message(text_in(&g, "hi"))
            .await
            .is_ok(),
        "now a member"
    );
}

#[tokio::test]
async fn a_refused_applicant_is_told_and_stays_out() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let mut applicant = login(&engine, "j").await;
    applicant.session.join_group(&g, "").await.unwrap();
    let pending = owner.session.pendencies().await.unwrap();
    owner
        .session
        .handle_pendency(&pending[0], false, "no")
        .await
        .unwrap();
    assert_eq!(notices(&mut applicant), [GroupReportType::AddRefuse]);
    assert_eq!(
        code(applicant.session.send_message(text_in(&g, "x")).await),
        codes::GROUP_PERMISSION_DENIED
    );
}

#[tokio::test]
async fn joining_twice_fails_10013() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Meeting, "owner", &["m"]);
    let m = login(&engine, "m").await;
    assert_eq!(
        code(m.session.join_group(&g, "").await),
        codes::GROUP_ALREADY_MEMBER
    );
}

#[tokio::test]
async fn kicked_members_get_a_notice_and_everyone_the_tip() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["m", "n"]);
    let owner = login(&engine, "owner").await;
    let mut m = login(&engine, "m").await;
    let mut n = login(&engine, "n").await;
    owner
        .session
        .kick_members(&g, &ids(&["m"]), "spam")
        .await
        .unwrap();
    let got = m.drain();
    assert!(got.iter().any(|e| matches!(e, Event::GroupSystemNotice(r) if r.report_type == GroupReportType::BeKicked && r.msg == "spam")));
    assert!(got
        .iter()
        .any(|e| matches!(e, Event::GroupTips(t) if t.tip_type == GroupTipType::Kick)));
    assert_eq!(tips(&mut n), [(GroupTipType::Kick, ids(&["m"]))]);
    assert_eq!(
        code(m.session.send_message(text_in(&g, "x")).await),
        codes::GROUP_PERMISSION_DENIED
    );
}

#[tokio::test]
async fn quitting_sends_the_leaver_a_notice_and_the_others_a_tip() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["m"]);
    let mut owner = login(&engine, "owner").await;
    let mut m = login(&engine, "m").await;
    assert_eq!(
        notices(&mut m),
        [GroupReportType::Invite],
        "pulled in at creation"
    );
    m.session.quit_group(&g).await.unwrap();
    assert_eq!(notices(&mut m), [GroupReportType::Quit]);
    assert_eq!(tips(&mut owner), [(GroupTipType::Quit, ids(&["m"]))]);
}

#[tokio::test]
async fn work_group_invitations_add_at_once_and_tell_the_invitee() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["m"]);
    engine.create_user("x", "x").unwrap();
    let m = login(&engine, "m").await;
    let outcomes = m
        .session
        .invite_members(&g, &ids(&["x", "owner", "ghost"]))
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [
            ("x".to_owned(), InviteOutcome::Added),
            ("owner".to_owned(), InviteOutcome::AlreadyMember),
            (
                "ghost".to_owned(),
                InviteOutcome::Failed(codes::GROUP_ACCOUNT_NOT_FOUND)
            ),
        ]
    );
    let mut x = login(&engine, "x").await;
    assert_eq!(
        notices(&mut x),
        [GroupReportType::Invite],
        "kept for the offline invitee"
    );
    assert_eq!(
        code(m.session.invite_members(&g, &[]).await),
        codes::SDK_GROUP_INVITE_NO_MEMBER
    );
}

#[tokio::test]
async fn dismissal_notices_wait_for_offline_members() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    owner.session.dismiss_group(&g).await.unwrap();
    let mut m = login(&engine, "m").await;
    assert_eq!(
        notices(&mut m),
        [GroupReportType::Invite, GroupReportType::Delete],
        "creation and dismissal"
    );
    assert!(m.session.joined_groups().await.unwrap().is_empty());
}

#[tokio::test]
async fn profile_texts_have_byte_limits() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let change = |f: fn(&mut ModifyGroupParams)| {
        let mut p = ModifyGroupParams {
            group_id: g.clone(),
            ..ModifyGroupParams::default()
        };
        f(&mut p);
        p
    };
    let cases: [(ModifyGroupParams, i32); 5] = [
        (
            change(|p| p.name = Some("n".repeat(31))),
            codes::SDK_GROUP_INVALID_NAME,
        ),
        (
            change(|p| p.name = Some(String::new())),
            codes::SDK_GROUP_INVALID_NAME,
        ),
        (
            change(|p| p.introduction = Some("i".repeat(121))),
            codes::SDK_GROUP_INVALID_INTRODUCTION,
        ),
        (
            change(|p| p.notification = Some("n".repeat(151))),
            codes::SDK_GROUP_INVALID_NOTIFICATION,
        ),
        (
            change(|p| p.face_url = Some("u".repeat(101))),
            codes::SDK_GROUP_INVALID_FACE_URL,
        ),
    ];
    for (params, expected) in cases {
        assert_eq!(code(owner.session.modify_group(params).await), expected);
    }
    assert!(owner
        .session
        .modify_group(change(|p| p.name = Some("n".repeat(30))))
        .await
        .is_ok());
}

#[tokio::test]
async fn custom_group_ids_are_checked() {
    let engine = LocalEngine::default();
    engine.create_user("o", "o").unwrap();
    let with_id = |id: &str| CreateGroupParams {
        group_id: Some(id.to_owned()),
        ..CreateGroupParams::new(GroupType::Public, "g")
    };
    assert_eq!(
        engine.admin_create_group("o", with_id("room-1")).unwrap(),
        "room-1"
    );
    assert_eq!(
        code(engine.admin_create_group("o", with_id("room-1"))),
        codes::GROUP_ID_IN_USE
    );
    assert_eq!(
        code(engine.admin_create_group("o", with_id("@TGS#abc"))),
        codes::GROUP_INVALID_GROUP_ID
    );
    assert_eq!(
        code(engine.admin_create_group("o", with_id(&"x".repeat(49)))),
        codes::GROUP_INVALID_GROUP_ID
    );
    let assigned = engine
        .admin_create_group("o", CreateGroupParams::new(GroupType::Public, "g"))
        .unwrap();
    assert!(assigned.starts_with("@TGS#"));
}

#[tokio::test]
async fn a_client_creates_a_group_it_owns() {
    let engine = LocalEngine::default();
    engine.create_user("m", "m").unwrap();
    let mut me = login(&engine, "me").await;
    let mut params = CreateGroupParams::new(GroupType::Work, "mine");
    params.members = ids(&["m"]);
    let g = me.session.create_group(params).await.unwrap();
    assert_eq!(notices(&mut me), [GroupReportType::Create]);
    let members = me.session.members(&g).await.unwrap();
    let roles: Vec<_> = members
        .iter()
        .map(|m| (m.identifier.as_str(), m.member_role))
        .collect();
    assert_eq!(
        roles,
        [("me", MemberRole::Owner), ("m", MemberRole::Normal)]
    );
}

#[tokio::test]
async fn group_attributes_have_limits_and_tell_the_members() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::AVChatRoom, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let mut viewer = login(&engine, "viewer").await;
    viewer.session.join_group(&g, "").await.unwrap();
    viewer.drain();
    let set = |pairs: &[(&str, String)]| -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    owner
        .session
        .set_group_attributes(&g, set(&[("seat1", "ann".into())]))
        .await
        .unwrap();
    let tip = viewer.drain().into_iter().find_map(|e| match e {
        Event::GroupTips(t) => Some(t),
        _ => None,
    });
    let change = &tip.expect("attribute tip").group_change_info_array[0];
    assert_eq!(change.flag, GroupTipGroupChangeFlag::Attribute);
    assert_eq!(change.value, r#"{"seat1":"ann"}"#);
    assert_eq!(
        viewer.session.group_attributes(&g).await.unwrap(),
        set(&[("seat1", "ann".into())])
    );
    let too_long = set(&[("big", "v".repeat(4 * 1024 + 1))]);
    assert_eq!(
        code(owner.session.set_group_attributes(&g, too_long).await),
        codes::GROUP_INVALID_PARAMETERS
    );
    let many: HashMap<String, String> = (0..17).map(|i| (format!("k{i}"), String::new())).collect();
    assert_eq!(
        code(owner.session.set_group_attributes(&g, many).await),
        codes::GROUP_INVALID_PARAMETERS
    );
    let long_key = set(&[(&"k".repeat(33), String::new())]);
    assert_eq!(
        code(owner.session.set_group_attributes(&g, long_key).await),
        codes::GROUP_INVALID_PARAMETERS
    );
    let total: HashMap<String, String> = (0..5)
        .map(|i| (format!("k{i}"), "v".repeat(4000)))
        .collect();
    assert_eq!(
        code(owner.session.set_group_attributes(&g, total).await),
        codes::GROUP_INVALID_PARAMETERS
    );
    owner
        .session
        .delete_group_attributes(&g, &ids(&["seat1"]))
        .await
        .unwrap();
    assert!(viewer
        .session
        .group_attributes(&g)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test(start_paused = true)]
async fn group_attribute_writes_are_limited_to_10_per_5_seconds_8511() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::AVChatRoom, "owner", &[]);
    let owner = login(&engine, "owner").await;
    let one = || HashMap::from([("k".to_owned(), "v".to_owned())]);
    for _ in 0..10 {
        owner.session.set_group_attributes(&g, one()).await.unwrap();
    }
    assert_eq!(
        code(owner.session.set_group_attributes(&g, one()).await),
        codes::SDK_GROUP_ATTRIBUTE_FREQUENCY_LIMIT
    );
    tokio::time::advance(Duration::from_secs(5)).await;
    assert!(owner.session.set_group_attributes(&g, one()).await.is_ok());
}

#[tokio::test]
async fn a_work_group_whose_owner_quits_has_no_owner() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Work, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    owner.session.quit_group(&g).await.unwrap();
    let info = m
        .session
        .group_info(std::slice::from_ref(&g))
        .await
        .unwrap();
    assert_eq!(info[0].owner_identifier, "");
    assert_eq!(info[0].member_num, 1);
}

#[tokio::test]
async fn transferring_ownership_swaps_the_roles() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m"]);
    let owner = login(&engine, "owner").await;
    let transfer = ModifyGroupParams {
        group_id: g.clone(),
        new_owner: Some("m".into()),
        ..ModifyGroupParams::default()
    };
    owner.session.modify_group(transfer).await.unwrap();
    let roles: Vec<_> = owner
        .session
        .members(&g)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.identifier, m.member_role))
        .collect();
    assert_eq!(
        roles,
        [
            ("owner".to_owned(), MemberRole::Normal),
            ("m".to_owned(), MemberRole::Owner)
        ]
    );
    assert!(
        owner.session.quit_group(&g).await.is_ok(),
        "the former owner may now quit"
    );
}

#[tokio::test]
async fn public_admins_edit_the_profile_and_work_owners_mute_everyone() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["a"]);
    let owner = login(&engine, "owner").await;
    let a = login(&engine, "a").await;
    owner
        .session
        .modify_member(make_admin(&g, "a"))
        .await
        .unwrap();
    let rename = ModifyGroupParams {
        group_id: g.clone(),
        name: Some("renamed".into()),
        notification: Some("rules".into()),
        ..ModifyGroupParams::default()
    };
    a.session.modify_group(rename).await.unwrap();
    let info = a
        .session
        .group_info(std::slice::from_ref(&g))
        .await
        .unwrap();
    assert_eq!(
        (info[0].group_name.as_str(), info[0].notification.as_str()),
        ("renamed", "rules")
    );

    let w = group(&engine, GroupType::Work, "boss", &["worker"]);
    let boss = login(&engine, "boss").await;
    let worker = login(&engine, "worker").await;
    let all = ModifyGroupParams {
        group_id: w.clone(),
        shutup_all: Some(true),
        ..ModifyGroupParams::default()
    };
    assert_eq!(
        code(worker.session.modify_group(all.clone()).await),
        codes::GROUP_PERMISSION_DENIED
    );
    boss.session.modify_group(all).await.unwrap();
    assert_eq!(
        code(worker.session.send_message(text_in(&w, "x")).await),
        codes::GROUP_SENDER_MUTED
    );
}

#[tokio::test]
async fn name_cards_are_set_by_oneself_or_by_those_who_outrank() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Public, "owner", &["m", "n"]);
    let owner = login(&engine, "owner").await;
    let m = login(&engine, "m").await;
    let card = |user: &str, text: &str| ModifyMemberParams {
        group_id: g.clone(),
        user_id: user.to_owned(),
        name_card: Some(text.to_owned()),
        ..ModifyMemberParams::default()
    };
    m.session.modify_member(card("m", "Em")).await.unwrap();
    assert_eq!(
        code(m.session.modify_member(card("n", "En")).await),
        codes::GROUP_PERMISSION_DENIED
    );
    owner.session.modify_member(card("n", "En")).await.unwrap();
    let cards: Vec<_> = owner
        .session
        .member_info(&g, &ids(&["m", "n"]))
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.name_card)
        .collect();
    assert_eq!(cards, ["Em", "En"]);
}
