//! `timbot check`: validate a bot file and report every error with its file, line and problem.
//!
//! Checked: the TOML itself and the bot settings (the runtime's [`BotFile`]); that the file
//! defines at least one bot, with distinct names and accounts; the `[backend]` section; that
//! every top-level section is one the host knows; and every `[plugins.<name>]` section names a
//! shipped plugin whose settings are valid (a knowledge file is loaded and checked too).

use std::collections::HashSet;
use std::path::Path;

use timbot::core::{Error, Result};
use timbot::runtime::BotFile;

use crate::backend_choice::{at_section, choose};
use crate::registry;

/// Top-level sections owned by parts of timbot other than the runtime.
const KNOWN_SECTIONS: [&str; 2] = ["backend", "store"];

/// Read and check the bot file at `path`; every problem found (empty: the file is good).
pub fn check_file(path: &Path) -> Vec<Error> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => check_text(&file, &text),
        Err(e) => vec![Error::Config {
            file,
            line: 0,
            message: format!("cannot read the bot file: {e}"),
        }],
    }
}

/// Check a bot file's text; `file` names it in errors (and relative knowledge paths start
/// from its directory).
pub fn check_text(file: &str, text: &str) -> Vec<Error> {
    let parsed = match BotFile::parse(file, text) {
        Ok(parsed) => parsed,
        Err(error) => return vec![error],
    };
    let mut errors = Vec::new();
    let at = |line: usize, message: String| Error::Config {
        file: file.to_owned(),
        line,
        message,
    };
    if let Err(error) = choose(parsed.other.get("backend")) {
        errors.push(at_section(error, file, header_line(text, "[backend]")));
    }
    for name in parsed.other.keys() {
        if !KNOWN_SECTIONS.contains(&name.as_str()) {
            errors.push(at(
                header_line(text, &format!("[{name}]")),
                format!(
                    "unknown section or key `{name}` (known: bot, bots, plugins, groups, {})",
                    KNOWN_SECTIONS.join(", ")
                ),
            ));
        }
    }
    let bots = parsed.bot_configs();
    if bots.is_empty() {
        errors.push(at(0, "the file defines no bot: add a [bot] section".into()));
    }
    let (mut names, mut accounts) = (HashSet::new(), HashSet::new());
    for bot in &bots {
        if !names.insert(bot.name.clone()) {
            errors.push(at(0, format!("two bots are named {:?}", bot.name)));
        }
        if !accounts.insert(bot.user_id.clone()) {
            errors.push(at(0, format!("two bots log in as {:?}", bot.user_id)));
        }
        let sections = parsed.plugin_sections(bot);
        for plugin in bot.plugins.keys() {
            if let Err(error) = registry::validate(plugin, &sections.for_plugin(plugin)) {
                errors.push(error);
            }
        }
    }
    dedup(errors)
}

/// `Ok` when the file is good, else one error listing every problem, one per line.
pub fn check_summary(path: &Path) -> Result<()> {
    let errors = check_file(path);
    if errors.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    Err(Error::invalid("bot file", lines.join("\n")))
}

/// Several bots sharing one file-wide section would report its error once per bot.
fn dedup(errors: Vec<Error>) -> Vec<Error> {
    let mut seen = HashSet::new();
    errors
        .into_iter()
        .filter(|e| seen.insert(e.to_string()))
        .collect()
}

/// The 1-based line whose text (spaces ignored) starts with `header`, or 0.
fn header_line(text: &str, header: &str) -> usize {
    text.lines()
        .position(|line| {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            compact.starts_with(header)
        })
        .map_or(0, |i| i + 1)
}
