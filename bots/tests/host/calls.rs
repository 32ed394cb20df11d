//! The calls plugin, enabled by a bot file: invitations to the bot are rejected (or accepted)
//! by policy with an explanatory message; cancellations and timeouts are logged.

use timbot::core::backend::InviteParams;
use timbot::core::types::{ConvType, SignalingActionType};
use timbot::testing::Person;

use crate::support::{Logs, Scene};

const FILE: &str = r#"
[bot]
name = "support"
user_id = "support_bot"

[plugins.calls]
policy = "reject"
message = "No calls, please: write to me instead."

[groups."team".plugins.calls]
policy = "accept"
message = ""
[groups."lobby".plugins.calls]
policy = "accept"
message = "Picked up, but I only read messages."
"#;

fn call(group: Option<&str>, invitee: &str) -> InviteParams {
    InviteParams {
        group_id: group.map(str::to_owned),
        invitees: vec![invitee.to_owned()],
        data: "video".to_owned(),
        timeout_secs: 30,
        ..InviteParams::default()
    }
}

#[tokio::test(start_paused = true)]
async fn an_invitation_is_rejected_with_the_message() {
    let scene = Scene::start(FILE, &["alice"]).await;
    let mut alice = Person::login(&scene.engine, "alice").await;
    let signaling = alice.client().signaling().unwrap();
    let invite_id = signaling.invite(call(None, "support_bot")).await.unwrap();

    let answer = alice.expect_signal_from("support_bot").await;
    assert_eq!(answer.invite_id, invite_id);
    assert_eq!(answer.action, SignalingActionType::RejectInvite);
    assert_eq!(answer.data, "No calls, please: write to me instead.");
    let message = alice.expect_reply("support_bot").await;
    assert_eq!(message.conv_type, ConvType::C2C);
    assert_eq!(
        message.plain_text(),
        "No calls, please: write to me instead."
    );
}

#[tokio::test(start_paused = true)]
async fn a_group_may_accept_calls_with_its_own_message() {
    let scene = Scene::start(FILE, &["alice"]).await;
    scene.group("lobby", "alice", &["support_bot"]);
    let mut alice = Person::login(&scene.engine, "alice").await;
    let signaling = alice.client().signaling().unwrap();
    signaling
        .invite(call(Some("lobby"), "support_bot"))
        .await
        .unwrap();

    let answer = alice.expect_signal_from("support_bot").await;
    assert_eq!(answer.action, SignalingActionType::AcceptInvite);
    assert_eq!(answer.data, "Picked up, but I only read messages.");
    let message = alice.expect_reply("support_bot").await;
    assert_eq!(message.conv_id, "lobby");
    assert_eq!(message.plain_text(), "Picked up, but I only read messages.");
}

#[tokio::test(start_paused = true)]
async fn an_empty_message_answers_without_a_chat_message() {
    let scene = Scene::start(FILE, &["alice"]).await;
    scene.group("team", "alice", &["support_bot"]);
    let mut alice = Person::login(&scene.engine, "alice").await;
    let signaling = alice.client().signaling().unwrap();
    signaling
        .invite(call(Some("team"), "support_bot"))
        .await
        .unwrap();

    let answer = alice.expect_signal_from("support_bot").await;
    assert_eq!(answer.action, SignalingActionType::AcceptInvite);
    assert_eq!(answer.data, "");
    scene.settled().await;
    assert!(alice.waiting_from("support_bot").is_empty());
}

#[tokio::test(start_paused = true)]
async fn cancellations_and_timeouts_are_logged() {
    let (logs, _guard) = Logs::capture();
    let scene = Scene::start(FILE, &["alice"]).await;
    scene.inject_signal(
        SignalingActionType::CancelInvite,
        "inv-7",
        "alice",
        &["support_bot"],
    );
    scene.inject_signal(
        SignalingActionType::InviteTimeout,
        "inv-8",
        "alice",
        &["support_bot"],
    );
    scene.settled().await;

    let cancelled = logs.lines_with("call invitation cancelled by the caller");
    assert_eq!(cancelled.len(), 1, "{cancelled:?}");
    assert!(cancelled[0].contains("invite_id=inv-7") && cancelled[0].contains("inviter=alice"));
    let timed_out = logs.lines_with("call invitation timed out");
    assert_eq!(timed_out.len(), 1, "{timed_out:?}");
    assert!(timed_out[0].contains("invite_id=inv-8"));
}

#[tokio::test(start_paused = true)]
async fn a_call_that_ended_before_the_answer_gets_no_message() {
    let (logs, _guard) = Logs::capture();
    let scene = Scene::start(FILE, &["alice"]).await;
    let mut alice = Person::login(&scene.engine, "alice").await;
    // An invitation the engine no longer knows: the caller hung up before the bot answered.
    scene.inject_signal(
        SignalingActionType::Invite,
        "gone",
        "alice",
        &["support_bot"],
    );
    scene.settled().await;

    assert_eq!(logs.lines_with("ended before the bot answered").len(), 1);
    assert!(alice.waiting_from("support_bot").is_empty());
    assert_eq!(scene.bot().metrics().failed, 0);
}

#[tokio::test(start_paused = true)]
async fn an_invitation_for_someone_else_is_left_alone() {
    let (logs, _guard) = Logs::capture();
    let scene = Scene::start(FILE, &["alice", "bob"]).await;
    let mut alice = Person::login(&scene.engine, "alice").await;
    scene.inject_signal(SignalingActionType::Invite, "inv-9", "alice", &["bob"]);
    scene.settled().await;

    assert!(logs.lines_with("inv-9").is_empty());
    assert!(alice.waiting_from("support_bot").is_empty());
}
