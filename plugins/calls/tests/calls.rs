//! The calls plugin with the test kit: an invitation to the bot is rejected with the
//! explanatory message.

use timbot::core::backend::InviteParams;
use timbot::core::codes;
use timbot::testing::TestKit;
use timbot_plugin_calls::{Calls, DEFAULT_REJECT_MESSAGE};

const BOT: &str = r#"
[bot]
name = "support"
user_id = "support_bot"

[plugins.calls]
"#;

fn call(group: Option<&str>, invitee: &str) -> InviteParams {
    InviteParams {
        group_id: group.map(str::to_owned),
        invitees: vec![invitee.to_owned()],
        data: "audio".to_owned(),
        timeout_secs: 30,
        ..InviteParams::default()
    }
}

#[tokio::test(start_paused = true)]
async fn an_invitation_to_the_bot_is_rejected_with_a_message() {
    let mut kit = TestKit::new();
    kit.run(kit.bot_from_toml(BOT).plugin(Calls)).await;
    let mut alice = kit.person("alice").await;
    let signaling = alice.client().signaling().unwrap();

    let invite_id = signaling.invite(call(None, "support_bot")).await.unwrap();
    let reply = alice.expect_reply("support_bot").await;
    assert_eq!(reply.plain_text(), DEFAULT_REJECT_MESSAGE);
    // The bot, its only invitee, answered: the invitation has ended.
    let cancel = signaling.cancel_invitation(&invite_id, "").await;
    assert_eq!(
        cancel.unwrap_err().code(),
        Some(codes::SIGNALING_INVALID_INVITE_ID)
    );
}
