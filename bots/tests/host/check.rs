//! `timbot check`: every problem of a bot file reported as `file:line: problem`, including the
//! Tencent Cloud `[backend]` section.

use std::path::Path;

use timbot_host::check::{check_file, check_text};

/// The errors of `text` (as file `bot.toml`), as printed.
fn problems(text: &str) -> Vec<String> {
    check_text("bot.toml", text)
        .iter()
        .map(ToString::to_string)
        .collect()
}

const BOT: &str = "[bot]\nname = \"s\"\nuser_id = \"s_bot\"\n";

#[test]
fn the_shipped_bot_files_are_good() {
    for name in ["support.toml", "moderator.toml", "announcer.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let errors: Vec<String> = check_file(&path).iter().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn a_syntax_error_or_an_unknown_bot_key_stops_at_its_line() {
    let syntax = problems("[bot]\nname = \"s\"\nuser_id = \n");
    assert_eq!(syntax.len(), 1);
    assert!(
        syntax[0].starts_with("bot.toml:3: invalid string"),
        "{syntax:?}"
    );
    let unknown = problems(&format!("{BOT}colour = \"red\"\n"));
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].starts_with("bot.toml:4: unknown field `colour`"),
        "{unknown:?}"
    );
}

#[test]
fn every_problem_is_reported_at_its_line() {
    let text = format!(
        r#"{BOT}
[plugins.calls]
policy = "hang_up"

[plugins.help]
heading = "x"

[plugins.moderation]
banned_words = ["a"]
ladder = ["warn", "explode"]

[plugins.weather]

[groups."g1"]
disabled = ["announcements"]

[groups."g1".plugins.calls]
policy = "maybe"

[groups."g2".plugins.customer-service]
greeting = "hi"

[storage]
kind = "x"
"#
    );
    assert_eq!(
        problems(&text),
        [
            "bot.toml:26: invalid bot file: unknown section or key `storage` (known: bot, bots, \
             plugins, groups, backend, store)",
            "bot.toml:5: [plugins.calls]: unknown variant `hang_up`, expected `reject` or `accept`",
            "bot.toml:9: [plugins.help]: unknown field `heading`, expected `header`",
            "bot.toml:13: [plugins.moderation]: invalid moderation ladder: \"explode\" is not warn, \
             recall, mute:<duration> or kick",
            "bot.toml:15: [plugins.weather]: unknown plugin \"weather\"; the shipped plugins are \
             customer-service, moderation, help, calls, announcements",
            "bot.toml:18: invalid group: group \"g1\" disables \"announcements\", which the bot does \
             not enable",
            "bot.toml:20: [groups.g1.plugins.calls]: unknown variant `maybe`, expected `reject` or \
             `accept`",
            "bot.toml:23: invalid group: group \"g2\" configures \"customer-service\", which the bot \
             does not enable (add [plugins.customer-service])",
        ]
    );
}

#[test]
fn a_file_without_a_bot_or_with_twin_bots_is_an_error() {
    assert_eq!(
        problems("[plugins.help]\n"),
        ["bot.toml:0: invalid bot file: the file defines no bot: add a [bot] section"]
    );
    let twins = "[[bots]]\nname = \"a\"\nuser_id = \"a_bot\"\n\n\
                 [[bots]]\nname = \"a\"\nuser_id = \"a_bot\"\n";
    assert_eq!(
        problems(twins),
        [
            "bot.toml:6: invalid bot: two bots are named \"a\"",
            "bot.toml:7: invalid bot: two bots log in as \"a_bot\"",
        ]
    );
}

const TENCENT: &str = r#"
[backend]
kind = "tencent"
region = "singapore"
sdk_app_id = 1400000000
admin = "administrator"
secret_key_env = "TIMBOT_SECRET_KEY"
callback_token_env = "TIMBOT_CALLBACK_TOKEN"
listen = "0.0.0.0:8080"
"#;

#[test]
fn a_tencent_backend_is_checked_without_reading_the_environment() {
    assert_eq!(problems(&format!("{BOT}{TENCENT}")), Vec::<String>::new());
}

#[test]
fn a_tencent_backend_error_points_at_its_key() {
    let case = |from: &str, to: &str| problems(&format!("{BOT}{}", TENCENT.replace(from, to)));
    assert_eq!(
        case("sdk_app_id = 1400000000", "sdk_app_id = 0"),
        ["bot.toml:8: invalid [backend] (tencent): sdk_app_id must be the app's SDKAppID, not 0"]
    );
    assert_eq!(
        case("admin = \"administrator\"", "admin = \" \""),
        ["bot.toml:9: invalid [backend] (tencent): admin must name an App admin account"]
    );
    let both = case(
        "secret_key_env = \"TIMBOT_SECRET_KEY\"",
        "secret_key_env = \"K\"\nsecret_key = \"inline\"",
    );
    assert_eq!(both.len(), 1);
    assert!(
        both[0].starts_with("bot.toml:11: invalid [backend] (tencent): "),
        "{both:?}"
    );
    let region = case("\"singapore\"", "\"mars\"");
    assert_eq!(region.len(), 1);
    assert!(
        region[0].starts_with("bot.toml:5: invalid [backend] (tencent): unknown variant `mars`"),
        "{region:?}"
    );
    assert_eq!(
        case("kind = \"tencent\"", "kind = \"azure\""),
        ["bot.toml:6: invalid [backend]: kind must be \"local\" or \"tencent\", found \"azure\""]
    );
}

#[test]
fn the_store_section_is_checked() {
    assert_eq!(
        problems(&format!(
            "{BOT}[store]\nkind = \"file\"\npath = \"bot.db\"\n"
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(&format!("{BOT}[store]\nkind = \"file\"\n")),
        ["bot.toml:4: invalid [store]: missing field `path`"]
    );
    assert_eq!(
        problems(&format!(
            "{BOT}[store]\nkind = \"redis\"\nurl_env = \"NOT_READ_BY_CHECK\"\n"
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(&format!(
            "{BOT}[store]\nkind = \"redis\"\nurl = \"redis://cache:6379/2\"\nnamespace = \"s:\"\n"
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(&format!("{BOT}[store]\nkind = \"redis\"\n")),
        ["bot.toml:4: invalid [store]: a Redis store needs exactly one of `url` and `url_env`"]
    );
    let bad_url = problems(&format!(
        "{BOT}[store]\nkind = \"redis\"\nurl = \"http://:hunter2@cache/\"\n"
    ));
    assert_eq!(bad_url.len(), 1, "{bad_url:?}");
    assert!(
        bad_url[0].starts_with("bot.toml:4: invalid [store]: the Redis URL is not valid"),
        "{bad_url:?}"
    );
    assert!(!bad_url[0].contains("hunter2"), "{bad_url:?}");
}
