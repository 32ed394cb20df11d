//! The help plugin, enabled by a bot file: `/help` lists the commands usable where it is asked,
//! plugin by plugin, leaving out plugins disabled there and commands for other conversations.

use timbot::core::types::{ConvType, Elem, Message};
use timbot::testing::Person;

use crate::support::Scene;

const FILE: &str = r#"
[bot]
name = "helper"
user_id = "helper_bot"
command_prefixes = ["/", "!"]

[plugins.moderation]
[plugins.calls]
[plugins.help]
header = "I can:"

[groups."quiet"]
disabled = ["moderation"]
"#;

const HELP_LINE: &str = "help — list the commands you can use here";

async fn ask(
    scene: &Scene,
    alice: &mut Person,
    conv_type: ConvType,
    to: &str,
    text: &str,
) -> String {
    alice
        .send(Message::new(conv_type, to, vec![Elem::text(text)]))
        .await;
    let reply = alice.expect_reply("helper_bot").await;
    assert_eq!(reply.conv_type, conv_type);
    scene.settled().await;
    reply.plain_text()
}

#[tokio::test(start_paused = true)]
async fn one_to_one_lists_only_the_commands_usable_there() {
    let scene = Scene::start(FILE, &["alice"]).await;
    let mut alice = Person::login(&scene.engine, "alice").await;

    let reply = ask(&scene, &mut alice, ConvType::C2C, "helper_bot", "/help").await;
    assert_eq!(reply, format!("I can:\n[help]\n  /{HELP_LINE}"));
}

#[tokio::test(start_paused = true)]
async fn a_group_lists_the_group_commands_with_the_prefix_typed() {
    let scene = Scene::start(FILE, &["alice"]).await;
    scene.group("open", "alice", &["helper_bot"]);
    let mut alice = Person::login(&scene.engine, "alice").await;

    let reply = ask(&scene, &mut alice, ConvType::Group, "open", "!help").await;
    let lines: Vec<&str> = reply.lines().collect();
    assert_eq!(lines[0], "I can:");
    assert_eq!(lines[1], "[moderation]");
    for command in ["!mute", "!unmute", "!kick", "!warn", "!mute-all"] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("  {command} ")) && l.contains("(admins)")),
            "{command} is listed for admins: {reply}"
        );
    }
    assert_eq!(
        lines.last().copied(),
        Some(format!("  !{HELP_LINE}").as_str())
    );
}

#[tokio::test(start_paused = true)]
async fn a_plugin_disabled_in_the_group_or_at_run_time_is_left_out() {
    let scene = Scene::start(FILE, &["alice"]).await;
    scene.group("quiet", "alice", &["helper_bot"]);
    scene.group("open", "alice", &["helper_bot"]);
    let mut alice = Person::login(&scene.engine, "alice").await;

    let quiet = ask(&scene, &mut alice, ConvType::Group, "quiet", "/help").await;
    assert!(!quiet.contains("[moderation]"), "{quiet}");
    assert!(quiet.contains(HELP_LINE));

    let open = ask(&scene, &mut alice, ConvType::Group, "open", "/help").await;
    assert!(open.contains("[moderation]"), "{open}");

    scene.bot().disable_plugin("moderation").await.unwrap();
    let after = ask(&scene, &mut alice, ConvType::Group, "open", "/help").await;
    assert!(!after.contains("[moderation]"), "{after}");
}
