//! Matchers as data, compiled once per bot.
//!
//! A plugin declares [`Matcher`]s (a trigger plus filters, a permission and a cooldown). When a
//! bot is built, the matchers of all its plugins are compiled into one [`CompiledMatchers`]:
//! command names and aliases go into a hash map (one lookup per message, after the prefix),
//! regexes into one [`RegexBank`] and keywords into one Aho-Corasick automaton. For each message
//! the bot scans once ([`CompiledMatchers::scan`]) and then asks, plugin by plugin in priority
//! order, which of the plugin's matchers fires ([`Scan::first_hit`]): nothing is compiled or
//! re-parsed per message.
//!
//! A plugin with no matchers receives every message.

use std::collections::HashMap;
use std::time::Duration;

use aho_corasick::AhoCorasick;

use super::command::{ArgError, Args, Command};
use super::permission::Permission;
use super::regex_bank::{Captures, RegexBank, RegexHits, RegexStrategy};
use crate::core::types::{ConvType, Elem, ElemType};
use crate::core::{Error, Result};

/// What makes a matcher fire (before its filters are checked).
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// Every message (narrowed by the filters).
    Any,
    /// A command after one of the bot's prefixes.
    Command(Command),
    /// A regex anywhere in the text; the captures are handed to the handler.
    Regex(String),
    /// Any of these words or phrases in the text (ASCII case-insensitive).
    Keywords(Vec<String>),
}

/// One matcher: a trigger, filters, a permission and a cooldown.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    /// The name the handler sees in [`Hit::matcher`] (a command's name by default).
    pub id: String,
    /// What makes it fire.
    pub trigger: Trigger,
    /// Only in this kind of conversation.
    pub conv: Option<ConvType>,
    /// Only messages holding at least one element of these kinds (empty: any).
    pub kinds: Vec<ElemType>,
    /// Only in these groups (empty: any).
    pub groups: Vec<String>,
    /// Only from these users (empty: any).
    pub users: Vec<String>,
    /// Only when the bot is @-mentioned (in a group; a one-to-one message always counts).
    pub mentioned: bool,
    /// Who may trigger it.
    pub permission: Permission,
    /// The reply when the permission check fails (`None`: the bot's `denied_reply`).
    pub denied_reply: Option<String>,
    /// Per-user cooldown between two firings.
    pub cooldown: Option<Duration>,
}

impl Matcher {
    fn new(id: impl Into<String>, trigger: Trigger) -> Self {
        Matcher {
            id: id.into(),
            trigger,
            conv: None,
            kinds: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
            mentioned: false,
            permission: Permission::Everyone,
            denied_reply: None,
            cooldown: None,
        }
    }

    /// Every message (narrow it with the filter methods).
    pub fn any() -> Self {
        Matcher::new("any", Trigger::Any)
    }

    /// A command; the matcher's id is the command's name.
    pub fn command(command: Command) -> Self {
        Matcher::new(command.name.clone(), Trigger::Command(command))
    }

    /// A regex; the matcher's id is the pattern.
    pub fn regex(pattern: impl Into<String>) -> Self {
        let pattern = pattern.into();
        Matcher::new(pattern.clone(), Trigger::Regex(pattern))
    }

    /// Any of `words`; the matcher's id is `"keywords"`.
    pub fn keywords<I, S>(words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let words = words.into_iter().map(Into::into).collect();
        Matcher::new("keywords", Trigger::Keywords(words))
    }

    /// Every message that @-mentions the bot; the matcher's id is `"mentioned"`.
    pub fn mentioned() -> Self {
        Matcher::new("mentioned", Trigger::Any).when_mentioned()
    }

    /// Every message holding an element of `kind`; the matcher's id is `"kind"`.
    pub fn kind(kind: ElemType) -> Self {
        Matcher::new("kind", Trigger::Any).with_kind(kind)
    }

    /// Rename the matcher (the handler tells matchers apart by this id).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// Only in group chats.
    pub fn in_groups(mut self) -> Self {
        self.conv = Some(ConvType::Group);
        self
    }

    /// Only in one-to-one chats.
    pub fn in_direct(mut self) -> Self {
        self.conv = Some(ConvType::C2C);
        self
    }

    /// Also require an element of `kind`.
    pub fn with_kind(mut self, kind: ElemType) -> Self {
        self.kinds.push(kind);
        self
    }

    /// Only in these groups.
    pub fn only_groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups.extend(groups.into_iter().map(Into::into));
        self
    }

    /// Only from these users.
    pub fn only_users<I, S>(mut self, users: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.users.extend(users.into_iter().map(Into::into));
        self
    }

    /// Only when the bot is @-mentioned.
    pub fn when_mentioned(mut self) -> Self {
        self.mentioned = true;
        self
    }

    /// Require a permission.
    pub fn permission(mut self, permission: Permission) -> Self {
        self.permission = permission;
        self
    }

    /// The reply when the permission check fails (empty for none).
    pub fn denied_reply(mut self, reply: impl Into<String>) -> Self {
        self.denied_reply = Some(reply.into());
        self
    }

    /// Fire at most once per `cooldown` for each user.
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = Some(cooldown);
        self
    }

    fn filters_pass(&self, input: &MatchInput<'_>) -> bool {
        if self.conv.is_some_and(|conv| conv != input.conv) {
            return false;
        }
        if !self.kinds.is_empty()
            && !input
                .elems
                .iter()
                .any(|e| self.kinds.contains(&e.elem_type()))
        {
            return false;
        }
        if !self.groups.is_empty()
            && !input
                .group_id
                .is_some_and(|g| self.groups.iter().any(|x| x == g))
        {
            return false;
        }
        if !self.users.is_empty() && !self.users.iter().any(|u| u == input.sender) {
            return false;
        }
        !self.mentioned || input.mentioned || input.conv == ConvType::C2C
    }
}

/// What the matchers look at in one message (built once per message by the dispatcher).
#[derive(Debug, Clone)]
pub struct MatchInput<'a> {
    /// The message's plain text (its text elements joined).
    pub text: &'a str,
    /// The kind of conversation.
    pub conv: ConvType,
    /// The group, for a group message.
    pub group_id: Option<&'a str>,
    /// The sender's user id.
    pub sender: &'a str,
    /// Whether the bot is @-mentioned (by id or by @all).
    pub mentioned: bool,
    /// The message's elements.
    pub elems: &'a [Elem],
    /// The users @-mentioned, in order, the bot excluded (for `user` arguments).
    pub mentions: &'a [String],
}

/// Which matcher of a plugin fired, and what it extracted.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The matcher's id.
    pub matcher: String,
    /// What it extracted.
    pub detail: HitDetail,
}

/// What a matcher extracted from the message.
#[derive(Debug, Clone, PartialEq)]
pub enum HitDetail {
    /// A trigger with nothing to extract (any message, a mention, a message kind).
    Plain,
    /// A command with its parsed arguments.
    Command {
        /// The command's canonical name (even when an alias was typed).
        name: String,
        /// The arguments.
        args: Args,
    },
    /// A regex with its captures.
    Regex(Captures),
    /// The first keyword found.
    Keyword(String),
}

/// What one plugin's matchers make of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum MatchResult {
    /// Matcher `index` fired.
    Hit(usize, Hit),
    /// Command matcher `index` was called but its arguments did not parse; `usage` is the usage
    /// line to show.
    BadArgs {
        /// The matcher's index.
        index: usize,
        /// Why the arguments did not parse.
        error: ArgError,
        /// The command's usage line (with the prefix that was typed).
        usage: String,
    },
}

#[derive(Debug)]
struct CompiledMatcher {
    matcher: Matcher,
    regex: Option<usize>,
    keywords: Vec<usize>,
}

/// The matchers of every plugin of a bot, compiled.
#[derive(Debug)]
pub struct CompiledMatchers {
    prefixes: Vec<String>,
    commands: HashMap<String, Vec<(usize, usize)>>,
    regexes: RegexBank,
    keywords: Option<AhoCorasick>,
    keyword_words: Vec<String>,
    plugins: Vec<Vec<CompiledMatcher>>,
}

impl CompiledMatchers {
    /// Compile the matchers of each plugin (in plugin order), with the bot's command prefixes.
    pub fn compile(
        plugins: Vec<Vec<Matcher>>,
        prefixes: &[String],
        strategy: RegexStrategy,
    ) -> Result<Self> {
        let mut prefixes: Vec<String> = prefixes.to_vec();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let mut commands: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut patterns = Vec::new();
        let mut keyword_words = Vec::new();
        let mut compiled = Vec::with_capacity(plugins.len());
        for (p, matchers) in plugins.into_iter().enumerate() {
            let mut out = Vec::with_capacity(matchers.len());
            for (m, matcher) in matchers.into_iter().enumerate() {
                let mut regex = None;
                let mut keywords = Vec::new();
                match &matcher.trigger {
                    Trigger::Any => {}
                    Trigger::Command(command) => {
                        check_command(command)?;
                        for name in command.names() {
                            commands
                                .entry(name.to_lowercase())
                                .or_default()
                                .push((p, m));
                        }
                    }
                    Trigger::Regex(pattern) => {
                        regex = Some(patterns.len());
                        patterns.push(pattern.clone());
                    }
                    Trigger::Keywords(words) => {
                        for word in words.iter().filter(|w| !w.is_empty()) {
                            keywords.push(keyword_words.len());
                            keyword_words.push(word.clone());
                        }
                    }
                }
                out.push(CompiledMatcher {
                    matcher,
                    regex,
                    keywords,
                });
            }
            compiled.push(out);
        }
        let keywords = if keyword_words.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&keyword_words)
                    .map_err(|e| Error::invalid("keywords", e))?,
            )
        };
        Ok(CompiledMatchers {
            prefixes,
            commands,
            regexes: RegexBank::new(&patterns, strategy)?,
            keywords,
            keyword_words,
            plugins: compiled,
        })
    }

    /// Whether plugin `plugin` declared no matchers (it then receives every message).
    pub fn takes_everything(&self, plugin: usize) -> bool {
        self.plugins.get(plugin).is_none_or(Vec::is_empty)
    }

    /// The matcher `index` of plugin `plugin`.
    pub fn matcher(&self, plugin: usize, index: usize) -> Option<&Matcher> {
        Some(&self.plugins.get(plugin)?.get(index)?.matcher)
    }

    /// Scan one message once: the command after a prefix, the regexes, the keywords.
    pub fn scan<'a>(&'a self, input: &'a MatchInput<'a>) -> Scan<'a> {
        let command_text = strip_leading_mentions(input.text, input.mentioned);
        let command = self.prefixes.iter().find_map(|prefix| {
            let after = command_text.strip_prefix(prefix.as_str())?;
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            let name = after[..end].to_lowercase();
            self.commands
                .contains_key(&name)
                .then(|| (prefix.as_str(), name, &after[end..]))
        });
        let mut keyword_found = vec![false; self.keyword_words.len()];
        if let Some(automaton) = &self.keywords {
            for found in automaton.find_overlapping_iter(input.text) {
                keyword_found[found.pattern().as_usize()] = true;
            }
        }
        Scan {
            matchers: self,
            input,
            command,
            regex: self.regexes.scan(input.text),
            keyword_found,
        }
    }
}

fn check_command(command: &Command) -> Result<()> {
    if command.name.is_empty() || command.names().any(|n| n.contains(char::is_whitespace)) {
        return Err(Error::invalid(
            "command",
            format!("bad command name {:?}", command.name),
        ));
    }
    let last = command.args.len().saturating_sub(1);
    for (i, arg) in command.args.iter().enumerate() {
        if arg.kind == super::command::ArgKind::Rest && i != last {
            return Err(Error::invalid(
                "command",
                format!(
                    "/{}: <{}...> must be the last argument",
                    command.name, arg.name
                ),
            ));
        }
        let later_required = command.args[i..].iter().any(|a| !a.optional);
        if arg.optional && later_required {
            return Err(Error::invalid(
                "command",
                format!(
                    "/{}: [{}] is optional but a later argument is not",
                    command.name, arg.name
                ),
            ));
        }
    }
    Ok(())
}

/// Skip `@name` words at the start of a message that mentions the bot ("@bot /help").
fn strip_leading_mentions(text: &str, mentioned: bool) -> &str {
    let mut text = text.trim_start();
    if mentioned {
        while text.starts_with('@') {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            text = text[end..].trim_start();
        }
    }
    text
}

/// One message scanned against a bot's matchers.
#[derive(Debug)]
pub struct Scan<'a> {
    matchers: &'a CompiledMatchers,
    input: &'a MatchInput<'a>,
    command: Option<(&'a str, String, &'a str)>,
    regex: RegexHits<'a>,
    keyword_found: Vec<bool>,
}

impl Scan<'_> {
    /// The first matcher of plugin `plugin` that fires, in declaration order (`None` when none
    /// does, or when the plugin declared none).
    pub fn first_hit(&self, plugin: usize) -> Option<MatchResult> {
        let matchers = self.matchers.plugins.get(plugin)?;
        matchers
            .iter()
            .enumerate()
            .find_map(|(index, compiled)| self.try_matcher(plugin, index, compiled))
    }

    fn try_matcher(
        &self,
        plugin: usize,
        index: usize,
        compiled: &CompiledMatcher,
    ) -> Option<MatchResult> {
        let matcher = &compiled.matcher;
        if !matcher.filters_pass(self.input) {
            return None;
        }
        let detail = match &matcher.trigger {
            Trigger::Any => HitDetail::Plain,
            Trigger::Command(command) => {
                let (prefix, name, rest) = self.command.as_ref()?;
                let routed = self.matchers.commands.get(name)?;
                if !routed.contains(&(plugin, index)) {
                    return None;
                }
                match command.parse_args(rest, self.input.mentions) {
                    Ok(args) => HitDetail::Command {
                        name: command.name.clone(),
                        args,
                    },
                    Err(error) => {
                        return Some(MatchResult::BadArgs {
                            index,
                            error,
                            usage: command.usage(prefix),
                        })
                    }
                }
            }
            Trigger::Regex(_) => HitDetail::Regex(self.regex.captures(compiled.regex?)?),
            Trigger::Keywords(_) => {
                let found = compiled
                    .keywords
                    .iter()
                    .find(|k| self.keyword_found.get(**k).copied().unwrap_or(false))?;
                HitDetail::Keyword(self.matchers.keyword_words.get(*found)?.clone())
            }
        };
        Some(MatchResult::Hit(
            index,
            Hit {
                matcher: matcher.id.clone(),
                detail,
            },
        ))
    }
}
