//! A malformed knowledge file is an error naming the file, the line and the problem.

use timbot::core::Error;
use timbot_plugin_customer_service::Settings;

use crate::support::section;

#[test]
fn a_bad_regex_in_the_knowledge_file_names_file_line_and_problem() {
    let error =
        Settings::from_section(&section(r#"knowledge = "../fixtures/bad-faq.toml""#)).unwrap_err();
    let Error::Config {
        file,
        line,
        message,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert!(file.ends_with("fixtures/bad-faq.toml"), "{file}");
    assert_eq!(*line, 5, "the second [[entry]]");
    assert!(message.contains("invalid regex"), "{message}");
    assert!(message.contains("Where is my order?"), "{message}");
    let shown = error.to_string();
    assert!(shown.contains("bad-faq.toml:5:"), "{shown}");
}

#[test]
fn a_missing_knowledge_file_is_named() {
    let error = Settings::from_section(&section(r#"knowledge = "../fixtures/nowhere.toml""#))
        .unwrap_err()
        .to_string();
    assert!(error.contains("nowhere.toml"), "{error}");
    assert!(error.contains("cannot read the knowledge file"), "{error}");
}

#[test]
fn bad_settings_name_the_bot_file_section() {
    let error = Settings::from_section(&section("confident = 0.2\nsuggest = 0.5"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("bot.toml:1:"), "{error}");
    assert!(
        error.contains("`suggest` must not exceed `confident`"),
        "{error}"
    );
    let error = Settings::from_section(&section(
        "[handoff]\nagents_group = \"agents\"\nrating_labels = []",
    ))
    .unwrap_err()
    .to_string();
    assert!(error.contains("rating_labels"), "{error}");
    let error = Settings::from_section(&section("new_conversation_after = \"soon\""))
        .unwrap_err()
        .to_string();
    assert!(error.contains("new_conversation_after"), "{error}");
}
