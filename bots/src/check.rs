//! `timbot check`: validate a bot file and report every error as `file:line: problem`.
//!
//! Checked:
//! - the TOML itself and the bot settings (the runtime's [`BotFile`]: a syntax error or an
//!   unknown key stops the check there, with its line);
//! - the `[backend]` section: `kind = "local"` (or none), or `kind = "tencent"` with valid
//!   Tencent Cloud settings ([`TencentConfig`](timbot::backend::tencent::TencentConfig));
//! - the `[store]` section: `kind = "memory"` (or none), `kind = "file"` with a `path`, or
//!   `kind = "redis"` with one of `url` / `url_env` (a written URL is parsed, not connected to);
//! - that every top-level section is one the host knows;
//! - that the file defines at least one bot, with distinct names and accounts;
//! - every `[plugins.<name>]` section: a shipped plugin with valid settings (a knowledge file
//!   is loaded and checked too, its errors naming that file);
//! - every `[groups."<id>"]` section: `disabled` names plugins the bot enables, and each plugin
//!   override is valid once layered over the bot's section.
//!
//! Errors point at the line of the key they are about when the problem names it, else at the
//! section's header.

use std::collections::HashSet;
use std::path::Path;

use timbot::core::{Error, Result};
use timbot::runtime::{BotConfig, BotFile};

use crate::backend_choice::choose;
use crate::locate::Locator;
use crate::registry;
use crate::store_choice;

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
/// from its directory). Every error is an [`Error::Config`].
pub fn check_text(file: &str, text: &str) -> Vec<Error> {
    let parsed = match BotFile::parse(file, text) {
        Ok(parsed) => parsed,
        Err(error) => return vec![error],
    };
    let checker = Checker {
        file,
        locator: Locator::new(text),
        errors: Vec::new(),
    };
    checker.check(&parsed)
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

struct Checker<'a> {
    file: &'a str,
    locator: Locator,
    errors: Vec<Error>,
}

impl Checker<'_> {
    fn check(mut self, parsed: &BotFile) -> Vec<Error> {
        if let Err(error) = choose(parsed.other.get("backend")) {
            self.report(&["backend"], error);
        }
        if let Err(error) = store_choice::choose(parsed.other.get("store"), Path::new(self.file)) {
            self.report(&["store"], error);
        }
        for name in parsed.other.keys() {
            if !KNOWN_SECTIONS.contains(&name.as_str()) {
                let message = format!(
                    "unknown section or key `{name}` (known: bot, bots, plugins, groups, {})",
                    KNOWN_SECTIONS.join(", ")
                );
                self.report(&[name.as_str()], Error::invalid("bot file", message));
            }
        }
        let bots = parsed.bot_configs();
        if bots.is_empty() {
            let message = "the file defines no bot: add a [bot] section";
            self.report::<&str>(&[], Error::invalid("bot file", message));
        }
        let (mut names, mut accounts) = (HashSet::new(), HashSet::new());
        for (index, bot) in bots.iter().enumerate() {
            let at = bot_path(parsed, index);
            if !names.insert(bot.name.clone()) {
                let message = format!("two bots are named {:?}", bot.name);
                self.report(&extend(&at, &["name"]), Error::invalid("bot", message));
            }
            if !accounts.insert(bot.user_id.clone()) {
                let message = format!("two bots log in as {:?}", bot.user_id);
                self.report(&extend(&at, &["user_id"]), Error::invalid("bot", message));
            }
            self.check_plugins(parsed, bot, &at);
        }
        let mut seen = HashSet::new();
        self.errors.retain(|e| seen.insert(e.to_string()));
        self.errors
    }

    /// The plugin sections of one bot (its own or the file's) and its group overrides.
    fn check_plugins(&mut self, parsed: &BotFile, bot: &BotConfig, at: &[String]) {
        let sections = parsed.plugin_sections(bot);
        for plugin in bot.plugins.keys() {
            if let Err(error) = registry::validate(plugin, &sections.for_plugin(plugin)) {
                let path = self.written_at(at, &["plugins", plugin]);
                self.report_in_section(&path, error);
            }
        }
        for (group, config) in &bot.groups {
            let group_path = self.written_at(at, &["groups", group]);
            for plugin in &config.disabled {
                if !bot.plugins.contains_key(plugin) {
                    let message = format!(
                        "group {group:?} disables {plugin:?}, which the bot does not enable"
                    );
                    let path = extend(&group_path, &["disabled"]);
                    self.report(&path, Error::invalid("group", message));
                }
            }
            for plugin in config.plugins.keys() {
                let path = extend(&group_path, &["plugins", plugin]);
                if !bot.plugins.contains_key(plugin) {
                    let message = format!(
                        "group {group:?} configures {plugin:?}, which the bot does not enable \
                         (add [plugins.{plugin}])"
                    );
                    self.report(&path, Error::invalid("group", message));
                } else if let Err(error) =
                    registry::validate(plugin, &sections.for_group(plugin, group))
                {
                    self.report_in_section(&path, error);
                }
            }
        }
    }

    /// Where a section a bot may write in its own entry (`[bot.plugins.x]`) or share with the
    /// file's other bots (`[plugins.x]`) is: the bot's own when written, else the file's.
    fn written_at(&self, bot: &[String], tail: &[&str]) -> Vec<String> {
        let own = extend(bot, tail);
        if self.locator.exists(&own) {
            own
        } else {
            extend(&[], tail)
        }
    }

    /// Record `error` at the line of `path` (or of the key under it that the error names).
    /// An error already located in another file (a knowledge file) is kept as it is.
    fn report<S: AsRef<str>>(&mut self, path: &[S], error: Error) {
        let error = match error {
            Error::Config {
                file,
                line,
                message,
            } if file != self.file && !file.is_empty() => Error::Config {
                file,
                line,
                message,
            },
            Error::Config { message, .. } => self.at(path, message),
            other => self.at(path, other.to_string()),
        };
        self.errors.push(error);
    }

    /// [`report`](Self::report) with the section in front of the message, e.g.
    /// `[plugins.calls]: …` (unless the message names its section already).
    fn report_in_section(&mut self, path: &[String], error: Error) {
        let message = match &error {
            Error::Config { file, .. } if file != self.file && !file.is_empty() => {
                return self.report(path, error);
            }
            Error::Config { message, .. } => message.clone(),
            other => other.to_string(),
        };
        if message.starts_with('[') {
            return self.report(path, error);
        }
        let header: Vec<String> = path
            .iter()
            .map(|step| {
                if step
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                {
                    step.clone()
                } else {
                    format!("{step:?}")
                }
            })
            .collect();
        let labelled = self.at(path, format!("[{}]: {message}", header.join(".")));
        self.errors.push(labelled);
    }

    fn at<S: AsRef<str>>(&self, path: &[S], message: String) -> Error {
        Error::Config {
            file: self.file.to_owned(),
            line: self.locator.line_for(path, &message),
            message,
        }
    }
}

/// Where bot `index` of the file is written: `[bot]`, or its `[[bots]]` entry.
fn bot_path(parsed: &BotFile, index: usize) -> Vec<String> {
    match parsed.bot {
        Some(_) => vec!["bot".to_owned()],
        None => vec!["bots".to_owned(), index.to_string()],
    }
}

/// `path` followed by `tail`.
fn extend(path: &[String], tail: &[&str]) -> Vec<String> {
    path.iter()
        .cloned()
        .chain(tail.iter().map(|s| (*s).to_owned()))
        .collect()
}
