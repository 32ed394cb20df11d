//! The group-type rule matrix: one expectation row per type, written from the documents
//! (seed-002-part2 §2.2–§2.14, seed-web-apicloud §2.8), and one test per rule that checks every
//! type against its row through the engine's behaviour.

use std::collections::HashMap;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::{CreateGroupParams, ModifyGroupParams, ModifyMemberParams};
use timbot::core::codes;
use timbot::core::event::Event;
use timbot::core::types::{ConvType, GroupTipType, GroupType, MemberRole};

use crate::kit::{code, ids, login, text_in, User};

/// What the documents say about one group type.
struct Row {
    group_type: GroupType,
    cap: u32,
    has_admins: bool,
    member_invites: bool,
    owner_quits: bool,
    member_edits_profile: bool,
    owner_kicks: bool,
    owner_mutes: bool,
    owner_sets_roles: bool,
    owner_transfers: bool,
    owner_dismisses: bool,
    unread: bool,
    join_tips: bool,
    mute_tips: bool,
    in_joined_list: bool,
    attributes: bool,
    mentions: bool,
    members_at_creation: bool,
}

const ROWS: [Row; 5] = [
    Row {
        group_type: GroupType::Work,
        cap: 200,
        has_admins: false,
        member_invites: true,
        owner_quits: true,
        member_edits_profile: true,
        owner_kicks: true,
        owner_mutes: false,
        owner_sets_roles: false,
        owner_transfers: true,
        owner_dismisses: false,
        unread: true,
        join_tips: true,
        mute_tips: false,
        in_joined_list: true,
        attributes: false,
        mentions: true,
        members_at_creation: true,
    },
    Row {
        group_type: GroupType::Public,
        cap: 2_000,
        has_admins: true,
        member_invites: false,
        owner_quits: false,
        member_edits_profile: false,
        owner_kicks: true,
        owner_mutes: true,
        owner_sets_roles: true,
        owner_transfers: true,
        owner_dismisses: true,
        unread: true,
        join_tips: true,
        mute_tips: true,
        in_joined_list: true,
        attributes: false,
        mentions: true,
        members_at_creation: true,
    },
    Row {
        group_type: GroupType::Meeting,
        cap: 6_000,
        has_admins: true,
        member_invites: false,
        owner_quits: false,
        member_edits_profile: false,
        owner_kicks: true,
        owner_mutes: true,
        owner_sets_roles: true,
        owner_transfers: true,
        owner_dismisses: true,
        unread: false,
        join_tips: false,
        mute_tips: false,
        in_joined_list: true,
        attributes: false,
        mentions: true,
        members_at_creation: true,
    },
    Row {
        group_type: GroupType::AVChatRoom,
        cap: u32::MAX,
        has_admins: false,
        member_invites: false,
        owner_quits: false,
        member_edits_profile: false,
        owner_kicks: false,
        owner_mutes: true,
        owner_sets_roles: false,
        owner_transfers: false,
        owner_dismisses: true,
        unread: false,
        join_tips: true,
        mute_tips: false,
        in_joined_list: false,
        attributes: true,
        mentions: false,
        members_at_creation: false,
    },
    Row {
        group_type: GroupType::Community,
        cap: 100_000,
        has_admins: true,
        member_invites: false,
        owner_quits: false,
        member_edits_profile: false,
        owner_kicks: true,
        owner_mutes: true,
        owner_sets_roles: true,
        owner_transfers: true,
        owner_dismisses: true,
        unread: true,
        join_tips: true,
        mute_tips: true,
        in_joined_list: true,
        attributes: false,
        mentions: true,
        members_at_creation: true,
    },
];

/// A group of the row's type with owner `o` and members `m` and `n` (joined freely where the
/// type cannot take members at creation), everyone logged in, events drained.
struct Setup {
    engine: LocalEngine,
    group: String,
    owner: User,
    member: User,
    other: User,
}

async fn setup(row: &Row) -> Setup {
    let engine = LocalEngine::default();
    for user in ["o", "m", "n"] {
        engine.create_user(user, user).unwrap();
    }
    let mut params = CreateGroupParams::new(row.group_type, "matrix");
    if row.members_at_creation {
        params.members = ids(&["m", "n"]);
    }
    let group = engine.admin_create_group("o", params).unwrap();
    let (mut owner, mut member, mut other) = (
        login(&engine, "o").await,
        login(&engine, "m").await,
        login(&engine, "n").await,
    );
    if !row.members_at_creation {
        member.session.join_group(&group, "").await.unwrap();
        other.session.join_group(&group, "").await.unwrap();
    }
    for user in [&mut owner, &mut member, &mut other] {
        user.drain();
    }
    Setup {
        engine,
        group,
        owner,
        member,
        other,
    }
}

fn allowed<T: std::fmt::Debug>(
    result: timbot::core::Result<T>,
    expected: bool,
    what: &str,
    row: &Row,
) {
    match (result, expected) {
        (Ok(_), true) => {}
        (Err(e), false) => assert_eq!(
            e.code(),
            Some(codes::GROUP_PERMISSION_DENIED),
            "{what} in {:?}: {e}",
            row.group_type
        ),
        (result, _) => panic!(
            "{what} in {:?}: expected allowed={expected}, got {result:?}",
            row.group_type
        ),
    }
}

fn tips(user: &mut User) -> Vec<GroupTipType> {
    user.drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::GroupTips(tip) => Some(tip.tip_type),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn member_caps_follow_the_type() {
    for row in &ROWS {
        let s = setup(row).await;
        let info = s
            .owner
            .session
            .group_info(std::slice::from_ref(&s.group))
            .await
            .unwrap();
        assert_eq!(info[0].max_member_num, row.cap, "{:?}", row.group_type);
    }
}

#[tokio::test]
async fn a_full_group_refuses_more_members_10014() {
    let engine = LocalEngine::default();
    for user in ["o", "a", "b"] {
        engine.create_user(user, user).unwrap();
    }
    let mut params = CreateGroupParams::new(GroupType::Meeting, "small");
    params.max_member_num = Some(2);
    params.members = ids(&["a"]);
    let g = engine.admin_create_group("o", params).unwrap();
    let b = login(&engine, "b").await;
    assert_eq!(code(b.session.join_group(&g, "").await), codes::GROUP_FULL);
    let mut too_big = CreateGroupParams::new(GroupType::Work, "big");
    too_big.max_member_num = Some(201);
    assert_eq!(
        code(engine.admin_create_group("o", too_big)),
        codes::GROUP_INVALID_PARAMETERS
    );
}

#[tokio::test]
async fn joining_follows_the_type_and_the_join_option() {
    let expectations = [
        (
            GroupType::Work,
            Some(codes::SDK_GROUP_JOIN_PRIVATE_DENIED),
            false,
        ),
        (GroupType::Public, None, false),
        (GroupType::Meeting, None, true),
        (GroupType::AVChatRoom, None, true),
        (GroupType::Community, None, true),
    ];
    for (group_type, error, joins_at_once) in expectations {
        let engine = LocalEngine::default();
        engine.create_user("o", "o").unwrap();
        let g = engine
            .admin_create_group("o", CreateGroupParams::new(group_type, "j"))
            .unwrap();
        let mut owner = login(&engine, "o").await;
        let joiner = login(&engine, "j").await;
        let result = joiner.session.join_group(&g, "let me in").await;
        match error {
            Some(expected) => assert_eq!(code(result), expected, "{group_type:?}"),
            None => assert!(result.is_ok(), "{group_type:?}: {result:?}"),
        }
        let members = owner.session.members(&g).await.unwrap();
        let joined = members.iter().any(|m| m.identifier == "j");
        assert_eq!(joined, joins_at_once, "{group_type:?}");
        let requests = owner
            .drain()
            .into_iter()
            .filter(|e| matches!(e, Event::GroupSystemNotice(n) if n.op_user == "j"))
            .count();
        assert_eq!(
            requests,
            usize::from(group_type == GroupType::Public),
            "{group_type:?} request notices"
        );
    }
}

#[tokio::test]
async fn a_forbidden_join_option_refuses_everyone_10007() {
    let engine = LocalEngine::default();
    engine.create_user("o", "o").unwrap();
    let mut params = CreateGroupParams::new(GroupType::Public, "closed");
    params.add_option = Some(timbot::core::types::GroupAddOption::Forbid);
    let g = engine.admin_create_group("o", params).unwrap();
    let j = login(&engine, "j").await;
    assert_eq!(
        code(j.session.join_group(&g, "").await),
        codes::GROUP_PERMISSION_DENIED
    );
}

#[tokio::test]
async fn only_work_group_members_invite() {
    for row in &ROWS {
        let s = setup(row).await;
        s.engine.create_user("x", "x").unwrap();
        let result = s
            .member
            .session
            .invite_members(&s.group, &ids(&["x"]))
            .await;
        allowed(result, row.member_invites, "a member invites", row);
    }
}

#[tokio::test]
async fn only_the_work_group_owner_may_quit_10009() {
    for row in &ROWS {
        let s = setup(row).await;
        let result = s.owner.session.quit_group(&s.group).await;
        if row.owner_quits {
            assert!(result.is_ok(), "{:?}", row.group_type);
        } else {
            assert_eq!(
                code(result),
                codes::GROUP_OWNER_CANNOT_QUIT,
                "{:?}",
                row.group_type
            );
        }
        assert!(
            s.member.session.quit_group(&s.group).await.is_ok(),
            "members always may quit"
        );
    }
}

#[tokio::test]
async fn who_edits_the_profile_follows_the_type() {
    for row in &ROWS {
        let s = setup(row).await;
        let rename = |name: &str| ModifyGroupParams {
            group_id: s.group.clone(),
            name: Some(name.to_owned()),
            ..ModifyGroupParams::default()
        };
        allowed(
            s.member.session.modify_group(rename("by member")).await,
            row.member_edits_profile,
            "a member edits",
            row,
        );
        allowed(
            s.owner.session.modify_group(rename("by owner")).await,
            true,
            "the owner edits",
            row,
        );
    }
}

#[tokio::test]
async fn who_kicks_follows_the_type() {
    for row in &ROWS {
        let s = setup(row).await;
        allowed(
            s.member
                .session
                .kick_members(&s.group, &ids(&["n"]), "")
                .await,
            false,
            "a member kicks",
            row,
        );
        allowed(
            s.owner
                .session
                .kick_members(&s.group, &ids(&["n"]), "")
                .await,
            row.owner_kicks,
            "the owner kicks",
            row,
        );
    }
}

#[tokio::test]
async fn who_mutes_follows_the_type() {
    for row in &ROWS {
        let s = setup(row).await;
        let mute = ModifyMemberParams {
            group_id: s.group.clone(),
            user_id: "n".into(),
            shutup_secs: Some(60),
            ..ModifyMemberParams::default()
        };
        allowed(
            s.member.session.modify_member(mute.clone()).await,
            false,
            "a member mutes",
            row,
        );
        allowed(
            s.owner.session.modify_member(mute).await,
            row.owner_mutes,
            "the owner mutes",
            row,
        );
    }
}

#[tokio::test]
async fn only_the_owner_of_public_meeting_and_community_grants_admin() {
    for row in &ROWS {
        let mut s = setup(row).await;
        let grant = ModifyMemberParams {
            group_id: s.group.clone(),
            user_id: "m".into(),
            role: Some(MemberRole::Admin),
            ..ModifyMemberParams::default()
        };
        allowed(
            s.other.session.modify_member(grant.clone()).await,
            false,
            "a member grants admin",
            row,
        );
        allowed(
            s.owner.session.modify_member(grant).await,
            row.owner_sets_roles,
            "the owner grants admin",
            row,
        );
        assert_eq!(row.owner_sets_roles, row.has_admins, "{:?}", row.group_type);
        if row.has_admins {
            let tip = tips(&mut s.other);
            assert_eq!(
                tip,
                [GroupTipType::SetAdmin],
                "{:?}: members see the admin tip",
                row.group_type
            );
            let notices: Vec<_> = s
                .member
                .drain()
                .into_iter()
                .filter(|e| matches!(e, Event::GroupSystemNotice(_)))
                .collect();
            assert_eq!(
                notices.len(),
                1,
                "{:?}: the new admin gets a notice",
                row.group_type
            );
        }
    }
}

#[tokio::test]
async fn ownership_transfers_except_in_avchatroom() {
    for row in &ROWS {
        let s = setup(row).await;
        let transfer = ModifyGroupParams {
            group_id: s.group.clone(),
            new_owner: Some("m".into()),
            ..ModifyGroupParams::default()
        };
        allowed(
            s.other.session.modify_group(transfer.clone()).await,
            false,
            "a member transfers",
            row,
        );
        allowed(
            s.owner.session.modify_group(transfer).await,
            row.owner_transfers,
            "the owner transfers",
            row,
        );
        if row.owner_transfers {
            let info = s
                .owner
                .session
                .group_info(std::slice::from_ref(&s.group))
                .await
                .unwrap();
            assert_eq!(info[0].owner_identifier, "m", "{:?}", row.group_type);
        }
    }
}

#[tokio::test]
async fn the_owner_dismisses_except_work_groups() {
    for row in &ROWS {
        let mut s = setup(row).await;
        allowed(
            s.member.session.dismiss_group(&s.group).await,
            false,
            "a member dismisses",
            row,
        );
        allowed(
            s.owner.session.dismiss_group(&s.group).await,
            row.owner_dismisses,
            "the owner dismisses",
            row,
        );
        if row.owner_dismisses {
            let dismissed = s.other.drain().into_iter().any(|e| {
                matches!(e, Event::GroupSystemNotice(n) if n.report_type == timbot::core::types::GroupReportType::Delete)
            });
            assert!(dismissed, "{:?}: members are told", row.group_type);
            assert_eq!(
                code(s.member.session.send_message(text_in(&s.group, "x")).await),
                codes::GROUP_NOT_FOUND
            );
        }
    }
}

#[tokio::test]
async fn unread_counts_exist_only_in_work_public_and_community() {
    for row in &ROWS {
        let s = setup(row).await;
        s.owner
            .session
            .send_message(text_in(&s.group, "one"))
            .await
            .unwrap();
        s.owner
            .session
            .send_message(text_in(&s.group, "two"))
            .await
            .unwrap();
        let convs = s.member.session.conversations().await.unwrap();
        let conv = convs
            .iter()
            .find(|c| c.conv_type == ConvType::Group)
            .expect("group conversation");
        assert_eq!(
            conv.unread_count,
            if row.unread { 2 } else { 0 },
            "{:?}",
            row.group_type
        );
    }
}

#[tokio::test]
async fn join_tips_are_sent_except_in_meeting_groups() {
    for row in &ROWS {
        let mut s = setup(row).await;
        s.engine.create_user("x", "x").unwrap();
        if row.group_type == GroupType::Work {
            s.owner
                .session
                .invite_members(&s.group, &ids(&["x"]))
                .await
                .unwrap();
        } else if row.group_type == GroupType::Public {
            s.engine.admin_add_members(&s.group, &ids(&["x"])).unwrap();
        } else {
            login(&s.engine, "x")
                .await
                .session
                .join_group(&s.group, "")
                .await
                .unwrap();
        }
        let expected: &[GroupTipType] = if row.join_tips {
            &[GroupTipType::Invite]
        } else {
            &[]
        };
        assert_eq!(tips(&mut s.member), expected, "{:?}", row.group_type);
    }
}

#[tokio::test]
async fn mute_tips_are_sent_in_public_and_community_only() {
    for row in ROWS.iter().filter(|r| r.owner_mutes) {
        let mut s = setup(row).await;
        let mute = ModifyMemberParams {
            group_id: s.group.clone(),
            user_id: "n".into(),
            shutup_secs: Some(60),
            ..ModifyMemberParams::default()
        };
        s.owner.session.modify_member(mute).await.unwrap();
        let expected: &[GroupTipType] = if row.mute_tips {
            &[GroupTipType::MemberInfoChange]
        } else {
            &[]
        };
        assert_eq!(tips(&mut s.member), expected, "{:?}", row.group_type);
    }
}

#[tokio::test]
async fn avchatrooms_are_not_in_the_joined_group_list() {
    for row in &ROWS {
        let s = setup(row).await;
        let joined = s.member.session.joined_groups().await.unwrap();
        assert_eq!(
            joined.iter().any(|g| g.group_id == s.group),
            row.in_joined_list,
            "{:?}",
            row.group_type
        );
    }
}

#[tokio::test]
async fn group_attributes_exist_only_in_avchatrooms() {
    for row in &ROWS {
        let s = setup(row).await;
        let attrs = HashMap::from([("seat1".to_owned(), "m".to_owned())]);
        allowed(
            s.member.session.set_group_attributes(&s.group, attrs).await,
            row.attributes,
            "set attributes",
            row,
        );
    }
}

#[tokio::test]
async fn mentions_are_refused_in_avchatrooms() {
    for row in &ROWS {
        let s = setup(row).await;
        let mut message = text_in(&s.group, "@n hi");
        message.group_at_user_array = ids(&["n"]);
        let result = s.member.session.send_message(message).await;
        if row.mentions {
            assert!(result.is_ok(), "{:?}", row.group_type);
        } else {
            assert!(
                matches!(result, Err(timbot::core::Error::Limit { max: 0, .. })),
                "{:?}",
                row.group_type
            );
        }
    }
}

#[tokio::test]
async fn members_at_creation_are_refused_for_avchatrooms() {
    for row in &ROWS {
        let engine = LocalEngine::default();
        engine.create_user("o", "o").unwrap();
        engine.create_user("m", "m").unwrap();
        let mut params = CreateGroupParams::new(row.group_type, "c");
        params.members = ids(&["m"]);
        allowed(
            engine.admin_create_group("o", params),
            row.members_at_creation,
            "create with members",
            row,
        );
    }
}
