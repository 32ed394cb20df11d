//! Assertions on configuration errors, for tests of a plugin's `validate`: the section of a bot
//! file written inline, and the located error (file and line) it must give.

use crate::core::{Error, Result};
use crate::runtime::{BotFile, PluginSection};

/// The `[plugins.<plugin>]` section of the first bot of the bot file `text`, as if read from a
/// file named `file` (so errors name it).
///
/// # Panics
///
/// When `text` is not a valid bot file (this is test code).
pub fn plugin_section(file: &str, text: &str, plugin: &str) -> PluginSection {
    let parsed = BotFile::parse(file, text).expect("a valid bot file");
    let bots = parsed.bot_configs();
    let first = bots.first().expect("the bot file defines a bot");
    parsed.plugin_sections(first).for_plugin(plugin)
}

/// Asserts that `result` is a configuration error located at `file`:`line` and returns its
/// message, for further checks.
///
/// # Panics
///
/// When it is anything else (this is test code).
pub fn expect_config_error<T: std::fmt::Debug>(
    result: Result<T>,
    file: &str,
    line: usize,
) -> String {
    match result {
        Err(Error::Config {
            file: found_file,
            line: found_line,
            message,
        }) => {
            assert_eq!(
                (found_file.as_str(), found_line),
                (file, line),
                "the error is located elsewhere: {message}"
            );
            message
        }
        other => panic!("expected a configuration error at {file}:{line}, got {other:?}"),
    }
}
