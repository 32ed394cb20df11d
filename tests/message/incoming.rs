//! Reading received messages: display text, mentions, commands and their arguments.

use timbot::core::types::{CustomElem, Elem, Message, AT_ALL, AT_ALL_LEGACY};
use timbot::message::{Command, Incoming};

fn group_message(text: &str, at: &[&str]) -> Message {
    Message {
        elems: vec![Elem::text(text)],
        group_at_user_array: at.iter().map(|s| s.to_string()).collect(),
        ..Message::default()
    }
}

#[test]
fn mentions_of_the_bot_and_of_everyone() {
    let to_bot = group_message("@Bot hi", &["bot"]);
    assert!(to_bot.mentions_user("bot"));
    assert!(!to_bot.mentions_all());
    assert!(to_bot.is_mentioned("bot"));
    assert!(!to_bot.is_mentioned("other"));

    let to_all = group_message("@all hi", &[AT_ALL]);
    assert!(to_all.mentions_all());
    assert!(to_all.is_mentioned("anyone"));
    assert!(!to_all.mentions_user("anyone"));
    assert!(group_message("@all", &[AT_ALL_LEGACY]).mentions_all());
    assert!(to_all.mentioned_users().is_empty());
}

#[test]
fn a_command_with_its_arguments_and_mentions() {
    let message = group_message("/mute @Bob 10m", &["bob"]);
    assert_eq!(
        message.command(&["/", "!"]),
        Some(Command {
            prefix: "/".into(),
            name: "mute".into(),
            rest: "@Bob 10m".into(),
            args: vec!["@Bob".into(), "10m".into()],
            mentions: vec!["bob".into()],
        })
    );
    assert_eq!(
        message.command_args("/mute"),
        Some(vec!["@Bob".to_owned(), "10m".to_owned()])
    );
    assert_eq!(message.command_args("/kick"), None);
}

#[test]
fn a_leading_mention_of_the_bot_is_skipped() {
    let message = group_message("@Bot  !help  me ", &["bot"]);
    let command = message.command(&["!"]).expect("a command");
    assert_eq!(
        (command.name.as_str(), command.rest.as_str()),
        ("help", "me")
    );
    // Without mentions, a leading @ word is just text.
    assert_eq!(group_message("@Bot !help", &[]).command(&["!"]), None);
}

#[test]
fn no_command_without_a_prefix_or_a_name() {
    assert_eq!(group_message("hello /mute", &[]).command(&["/"]), None);
    assert_eq!(group_message("/ ", &[]).command(&["/"]), None);
    assert_eq!(
        group_message("/start", &[]).command_args("/start"),
        Some(vec![])
    );
}

#[test]
fn display_text_renders_every_element() {
    let message = Message {
        elems: vec![
            Elem::text("see"),
            Elem::Image(Default::default()),
            Elem::Custom(CustomElem {
                data: "{}".into(),
                desc: "[Order card]".into(),
                ..CustomElem::default()
            }),
            Elem::Custom(CustomElem::default()),
            Elem::Face(Default::default()),
        ],
        ..Message::default()
    };
    assert_eq!(
        message.display_text(),
        "see [Image] [Order card] [Custom Message] [Face]"
    );
}
