//! Commands as data: a name, aliases and typed arguments, parsed with a clear usage message.
//!
//! ```
//! use timbot::runtime::{Arg, Command};
//!
//! let mute = Command::new("mute")
//!     .alias("shutup")
//!     .about("Mute a member")
//!     .arg(Arg::user("who"))
//!     .arg(Arg::duration("for"))
//!     .arg(Arg::rest("reason").optional());
//! assert_eq!(mute.usage("/"), "/mute <who:@user> <for:duration> [reason...]");
//! let args = mute.parse_args("@bob 10m spamming", &["bob".to_string()]).unwrap();
//! assert_eq!(args.user("who"), Some("bob"));
//! assert_eq!(args.duration("for"), Some(std::time::Duration::from_secs(600)));
//! assert_eq!(args.text("reason"), Some("spamming"));
//! ```
//!
//! Arguments are separated by white space; a word argument may be quoted (`"two words"`). A
//! `user` argument takes an `@` mention (the mentioned accounts are taken in order from the
//! message's @ list) or a bare user id. Durations are written like `90s`, `10m`, `1h30m`, `2d`
//! (or a bare number of seconds).

use std::fmt;
use std::time::Duration;

/// A command: `/<name> <args…>`; the prefixes come from the bot's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The command's name (matched case-insensitively).
    pub name: String,
    /// Other names for the same command.
    pub aliases: Vec<String>,
    /// One line saying what the command does (for help listings).
    pub about: String,
    /// The arguments, in order.
    pub args: Vec<Arg>,
}

/// One argument of a command.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Its name, used to read it back from [`Args`] and in the usage line.
    pub name: String,
    /// What it must look like.
    pub kind: ArgKind,
    /// Whether it may be left out (only trailing arguments may be optional).
    pub optional: bool,
}

/// The type of an argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgKind {
    /// One word (or a quoted phrase).
    Word,
    /// A whole number.
    Int,
    /// A decimal number.
    Float,
    /// `yes`/`no`, `on`/`off`, `true`/`false`.
    Bool,
    /// A duration such as `90s`, `10m`, `1h30m`, `2d`.
    Duration,
    /// A user: an `@` mention or a user id.
    User,
    /// One of a fixed set of words.
    Choice(Vec<String>),
    /// All the remaining text (must be last).
    Rest,
}

/// A parsed argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// A word or the rest of the text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// A yes/no.
    Bool(bool),
    /// A duration.
    Duration(Duration),
    /// A user id.
    User(String),
}

/// The parsed arguments of one command invocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    values: Vec<(String, ArgValue)>,
}

/// Why a command's arguments did not parse.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgError {
    /// A required argument is missing.
    Missing {
        /// The argument's name.
        arg: String,
    },
    /// An argument does not have the expected form.
    Invalid {
        /// The argument's name.
        arg: String,
        /// What was expected.
        expected: String,
        /// What was written.
        found: String,
    },
    /// More words than the command takes.
    TooMany {
        /// The first extra word.
        found: String,
    },
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::Missing { arg } => write!(f, "missing <{arg}>"),
            ArgError::Invalid {
                arg,
                expected,
                found,
            } => write!(f, "<{arg}> should be {expected}, not \"{found}\""),
            ArgError::TooMany { found } => write!(f, "unexpected \"{found}\""),
        }
    }
}

impl std::error::Error for ArgError {}

impl Command {
    /// A command named `name` with no arguments.
    pub fn new(name: impl Into<String>) -> Self {
        Command {
            name: name.into(),
            aliases: Vec::new(),
            about: String::new(),
            args: Vec::new(),
        }
    }

    /// Add another name.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Say what the command does.
    pub fn about(mut self, about: impl Into<String>) -> Self {
        self.about = about.into();
        self
    }

    /// Add an argument.
    pub fn arg(mut self, arg: Arg) -> Self {
        self.args.push(arg);
        self
    }

    /// Every name the command answers to (its name, then its aliases).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The usage line, e.g. `/mute <who:@user> <for:duration> [reason...]`.
    pub fn usage(&self, prefix: &str) -> String {
        let mut out = format!("{prefix}{}", self.name);
        for arg in &self.args {
            out.push(' ');
            out.push_str(&arg.usage());
        }
        out
    }

    /// Parse the text after the command's name. `mentions` are the users @-mentioned in the
    /// message, in order (the bot itself excluded); `user` arguments written as `@…` take them in
    /// turn.
    pub fn parse_args(&self, text: &str, mentions: &[String]) -> Result<Args, ArgError> {
        let mut rest = text.trim_start();
        let mut mentions = mentions.iter();
        let mut values = Vec::with_capacity(self.args.len());
        for arg in &self.args {
            if rest.is_empty() {
                if arg.optional {
                    break;
                }
                return Err(ArgError::Missing {
                    arg: arg.name.clone(),
                });
            }
            if arg.kind == ArgKind::Rest {
                values.push((arg.name.clone(), ArgValue::Text(rest.trim_end().to_owned())));
                rest = "";
                break;
            }
            let (word, after) = next_word(rest);
            rest = after.trim_start();
            let value = arg.parse_word(&word, &mut mentions)?;
            values.push((arg.name.clone(), value));
        }
        if !rest.is_empty() {
            return Err(ArgError::TooMany {
                found: next_word(rest).0,
            });
        }
        Ok(Args { values })
    }
}

impl Arg {
    fn new(name: impl Into<String>, kind: ArgKind) -> Self {
        Arg {
            name: name.into(),
            kind,
            optional: false,
        }
    }

    /// One word (or a quoted phrase).
    pub fn word(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::Word)
    }
    /// A whole number.
    pub fn int(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::Int)
    }
    /// A decimal number.
    pub fn float(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::Float)
    }
    /// A yes/no.
    pub fn bool(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::Bool)
    }
    /// A duration (`90s`, `10m`, `1h30m`, `2d`).
    pub fn duration(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::Duration)
    }
    /// A user (`@` mention or user id).
    pub fn user(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::User)
    }
    /// One of `choices`.
    pub fn choice<I, S>(name: impl Into<String>, choices: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Arg::new(
            name,
            ArgKind::Choice(choices.into_iter().map(Into::into).collect()),
        )
    }
    /// The rest of the text.
    pub fn rest(name: impl Into<String>) -> Self {
        Arg::new(name, ArgKind::Rest)
    }

    /// Make the argument optional.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    fn usage(&self) -> String {
        let body = match &self.kind {
            ArgKind::Word => self.name.clone(),
            ArgKind::Rest => format!("{}...", self.name),
            ArgKind::Choice(choices) => format!("{}:{}", self.name, choices.join("|")),
            other => format!("{}:{}", self.name, kind_label(other)),
        };
        if self.optional {
            format!("[{body}]")
        } else {
            format!("<{body}>")
        }
    }

    fn parse_word<'m>(
        &self,
        word: &str,
        mentions: &mut impl Iterator<Item = &'m String>,
    ) -> Result<ArgValue, ArgError> {
        let invalid = || ArgError::Invalid {
            arg: self.name.clone(),
            expected: kind_label(&self.kind),
            found: word.to_owned(),
        };
        match &self.kind {
            ArgKind::Word | ArgKind::Rest => Ok(ArgValue::Text(word.to_owned())),
            ArgKind::Int => word.parse().map(ArgValue::Int).map_err(|_| invalid()),
            ArgKind::Float => word.parse().map(ArgValue::Float).map_err(|_| invalid()),
            ArgKind::Bool => match word.to_ascii_lowercase().as_str() {
                "yes" | "on" | "true" | "y" | "1" => Ok(ArgValue::Bool(true)),
                "no" | "off" | "false" | "n" | "0" => Ok(ArgValue::Bool(false)),
                _ => Err(invalid()),
            },
            ArgKind::Duration => parse_duration(word)
                .map(ArgValue::Duration)
                .ok_or_else(invalid),
            ArgKind::User => match word.strip_prefix('@') {
                Some(_) => mentions
                    .next()
                    .map(|user| ArgValue::User(user.clone()))
                    .ok_or_else(invalid),
                None => Ok(ArgValue::User(word.to_owned())),
            },
            ArgKind::Choice(choices) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(word))
                .map(|c| ArgValue::Text(c.clone()))
                .ok_or_else(invalid),
        }
    }
}

fn kind_label(kind: &ArgKind) -> String {
    match kind {
        ArgKind::Word => "a word".to_owned(),
        ArgKind::Int => "int".to_owned(),
        ArgKind::Float => "number".to_owned(),
        ArgKind::Bool => "yes|no".to_owned(),
        ArgKind::Duration => "duration".to_owned(),
        ArgKind::User => "@user".to_owned(),
        ArgKind::Choice(choices) => format!("one of {}", choices.join("|")),
        ArgKind::Rest => "text".to_owned(),
    }
}

impl Args {
    /// The value of argument `name`, if it was given.
    pub fn get(&self, name: &str) -> Option<&ArgValue> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value)
    }

    /// A word, choice or rest-of-text argument.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            ArgValue::Text(text) => Some(text),
            _ => None,
        }
    }

    /// A whole-number argument.
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            ArgValue::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// A decimal-number argument.
    pub fn float(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            ArgValue::Float(n) => Some(*n),
            _ => None,
        }
    }

    /// A yes/no argument.
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            ArgValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A duration argument.
    pub fn duration(&self, name: &str) -> Option<Duration> {
        match self.get(name)? {
            ArgValue::Duration(d) => Some(*d),
            _ => None,
        }
    }

    /// A user argument (the user id).
    pub fn user(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            ArgValue::User(user) => Some(user),
            _ => None,
        }
    }
}

/// Split off the first word (or quoted phrase); returns it and the text after it.
fn next_word(text: &str) -> (String, &str) {
    if let Some(quoted) = text.strip_prefix('"') {
        if let Some(end) = quoted.find('"') {
            return (quoted[..end].to_owned(), &quoted[end + 1..]);
        }
    }
    match text.find(char::is_whitespace) {
        Some(end) => (text[..end].to_owned(), &text[end..]),
        None => (text.to_owned(), ""),
    }
}

/// Parse a duration: a bare number of seconds, or the scheduler's forms (`500ms`, `90s`, `10m`,
/// `1h30m`, `2d`).
fn parse_duration(text: &str) -> Option<Duration> {
    match text.parse::<u64>() {
        Ok(secs) => Some(Duration::from_secs(secs)),
        Err(_) => crate::scheduler::parse_duration(text).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("45"), Some(Duration::from_secs(45)));
        assert_eq!(parse_duration("10x"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn quoted_words_and_errors() {
        let cmd = Command::new("say").arg(Arg::word("who")).arg(Arg::int("n"));
        let args = cmd.parse_args("\"big bob\" 3", &[]).unwrap();
        assert_eq!(args.text("who"), Some("big bob"));
        assert_eq!(args.int("n"), Some(3));
        assert_eq!(
            cmd.parse_args("bob", &[]),
            Err(ArgError::Missing { arg: "n".into() })
        );
        assert_eq!(
            cmd.parse_args("bob 1 2", &[]),
            Err(ArgError::TooMany { found: "2".into() })
        );
        assert!(matches!(
            cmd.parse_args("bob x", &[]),
            Err(ArgError::Invalid { .. })
        ));
    }
}
