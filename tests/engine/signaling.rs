//! Signaling: invitations one-to-one and in a group, cancel, accept, reject, timeout (0 =
//! never), with the events to the inviter and the invitees.

use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::InviteParams;
use timbot::core::codes;
use timbot::core::event::{Event, SignalingEvent};
use timbot::core::types::{GroupType, SignalingActionType as Action};

use crate::kit::{code, group, ids, login, User};

fn signals(user: &mut User) -> Vec<SignalingEvent> {
    user.drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::Signaling(s) => Some(*s),
            _ => None,
        })
        .collect()
}

fn actions(user: &mut User) -> Vec<Action> {
    signals(user).into_iter().map(|s| s.action).collect()
}

fn one_to_one(invitee: &str, timeout_secs: u32) -> InviteParams {
    InviteParams {
        invitees: ids(&[invitee]),
        data: "room 42".into(),
        timeout_secs,
        ..InviteParams::default()
    }
}

#[tokio::test]
async fn an_invitee_receives_the_invitation_and_the_inviter_its_acceptance() {
    let engine = LocalEngine::default();
    let mut alice = login(&engine, "alice").await;
    let mut bob = login(&engine, "bob").await;
    let id = alice.session.invite(one_to_one("bob", 30)).await.unwrap();
    let got = signals(&mut bob);
    assert_eq!(got.len(), 1);
    assert_eq!(
        (
            got[0].action,
            got[0].invite_id.as_str(),
            got[0].inviter.as_str()
        ),
        (Action::Invite, id.as_str(), "alice")
    );
    assert_eq!((got[0].data.as_str(), got[0].timeout_secs), ("room 42", 30));
    bob.session.accept_invitation(&id, "ok").await.unwrap();
    let answer = signals(&mut alice);
    assert_eq!(
        (
            answer[0].action,
            answer[0].actor.as_str(),
            answer[0].data.as_str()
        ),
        (Action::AcceptInvite, "bob", "ok")
    );
    assert_eq!(
        code(bob.session.reject_invitation(&id, "").await),
        codes::SIGNALING_INVALID_INVITE_ID,
        "the flow ended"
    );
}

#[tokio::test]
async fn a_rejection_reaches_the_inviter() {
    let engine = LocalEngine::default();
    let mut alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    let id = alice.session.invite(one_to_one("bob", 0)).await.unwrap();
    bob.session.reject_invitation(&id, "busy").await.unwrap();
    let answer = signals(&mut alice);
    assert_eq!(
        (answer[0].action, answer[0].data.as_str()),
        (Action::RejectInvite, "busy")
    );
}

#[tokio::test]
async fn the_inviter_cancels_and_the_invitee_is_told() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let mut bob = login(&engine, "bob").await;
    let id = alice.session.invite(one_to_one("bob", 0)).await.unwrap();
    assert_eq!(
        code(bob.session.cancel_invitation(&id, "").await),
        codes::SIGNALING_NO_PERMISSION
    );
    alice
        .session
        .cancel_invitation(&id, "never mind")
        .await
        .unwrap();
    assert_eq!(actions(&mut bob), [Action::Invite, Action::CancelInvite]);
    assert_eq!(
        code(bob.session.accept_invitation(&id, "").await),
        codes::SIGNALING_INVALID_INVITE_ID
    );
    assert_eq!(
        code(alice.session.cancel_invitation(&id, "").await),
        codes::SIGNALING_INVALID_INVITE_ID
    );
}

#[tokio::test]
async fn only_invitees_answer_8011() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let _bob = login(&engine, "bob").await;
    let carol = login(&engine, "carol").await;
    let id = alice.session.invite(one_to_one("bob", 0)).await.unwrap();
    assert_eq!(
        code(carol.session.accept_invitation(&id, "").await),
        codes::SIGNALING_NO_PERMISSION
    );
    assert_eq!(
        code(carol.session.accept_invitation("nope", "").await),
        codes::SIGNALING_INVALID_INVITE_ID
    );
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_invitation_times_out_for_both_sides() {
    let engine = LocalEngine::default();
    let mut alice = login(&engine, "alice").await;
    let mut bob = login(&engine, "bob").await;
    let id = alice.session.invite(one_to_one("bob", 30)).await.unwrap();
    bob.drain();
    tokio::time::sleep(Duration::from_secs(29)).await;
    assert!(signals(&mut alice).is_empty());
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(actions(&mut alice), [Action::InviteTimeout]);
    assert_eq!(actions(&mut bob), [Action::InviteTimeout]);
    assert_eq!(
        code(bob.session.accept_invitation(&id, "").await),
        codes::SIGNALING_INVALID_INVITE_ID
    );
}

#[tokio::test(start_paused = true)]
async fn a_zero_timeout_never_times_out() {
    let engine = LocalEngine::default();
    let mut alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    let id = alice.session.invite(one_to_one("bob", 0)).await.unwrap();
    tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
    assert!(signals(&mut alice).is_empty());
    assert!(
        bob.session.accept_invitation(&id, "").await.is_ok(),
        "still open a day later"
    );
}

#[tokio::test]
async fn an_offline_invitee_gets_a_one_to_one_invitation_at_login_while_it_is_open() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "bob").unwrap();
    engine.create_user("carol", "carol").unwrap();
    let alice = login(&engine, "alice").await;
    alice.session.invite(one_to_one("bob", 0)).await.unwrap();
    let cancelled = alice.session.invite(one_to_one("carol", 0)).await.unwrap();
    alice
        .session
        .cancel_invitation(&cancelled, "")
        .await
        .unwrap();
    let mut online_only = one_to_one("carol", 0);
    online_only.online_user_only = true;
    alice.session.invite(online_only).await.unwrap();
    let mut bob = login(&engine, "bob").await;
    assert_eq!(actions(&mut bob), [Action::Invite]);
    let mut carol = login(&engine, "carol").await;
    assert!(
        actions(&mut carol).is_empty(),
        "ended and online-only invitations are not delivered"
    );
}

#[tokio::test]
async fn group_invitations_need_members_and_every_invitee_sees_the_answers() {
    let engine = LocalEngine::default();
    let g = group(&engine, GroupType::Meeting, "teacher", &["s1", "s2"]);
    engine.create_user("outsider", "o").unwrap();
    let mut teacher = login(&engine, "teacher").await;
    let mut s1 = login(&engine, "s1").await;
    let mut s2 = login(&engine, "s2").await;
    let outsider = login(&engine, "outsider").await;
    let params = InviteParams {
        group_id: Some(g.clone()),
        invitees: ids(&["s1", "s2"]),
        data: "raise hands".into(),
        timeout_secs: 60,
        ..InviteParams::default()
    };
    assert_eq!(
        code(outsider.session.invite(params.clone()).await),
        codes::GROUP_PERMISSION_DENIED
    );
    let mut with_outsider = params.clone();
    with_outsider.invitees.push("outsider".into());
    assert_eq!(
        code(teacher.session.invite(with_outsider).await),
        codes::GROUP_PERMISSION_DENIED
    );
    let id = teacher.session.invite(params).await.unwrap();
    assert_eq!(signals(&mut s1)[0].group_id, g);
    s1.session.accept_invitation(&id, "").await.unwrap();
    assert_eq!(actions(&mut teacher), [Action::AcceptInvite]);
    assert_eq!(
        actions(&mut s2),
        [Action::Invite, Action::AcceptInvite],
        "others observe the answer"
    );
    assert!(s2.session.reject_invitation(&id, "").await.is_ok());
}

#[tokio::test]
async fn a_one_to_one_invitation_has_exactly_one_other_invitee() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let _bob = login(&engine, "bob").await;
    let two = InviteParams {
        invitees: ids(&["bob", "carol"]),
        ..InviteParams::default()
    };
    assert_eq!(
        code(alice.session.invite(two).await),
        codes::INVALID_PARAMETERS
    );
    assert_eq!(
        code(alice.session.invite(one_to_one("alice", 0)).await),
        codes::INVALID_PARAMETERS
    );
    assert_eq!(
        code(alice.session.invite(one_to_one("ghost", 0)).await),
        codes::MESSAGE_INVALID_USER_ID
    );
}
