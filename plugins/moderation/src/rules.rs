//! The compiled form of a moderation configuration: banned words in one Aho-Corasick automaton,
//! the link detector with its allow-list, and the escalation ladder.

use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use timbot::core::{Error, Result};

use crate::config::ModerationConfig;

/// One step of the escalation ladder: what a strike costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Tell the member off.
    Warn,
    /// Recall the message and warn.
    Recall,
    /// Recall the message and mute the member for a while.
    Mute(Duration),
    /// Recall the message and remove the member from the group.
    Kick,
}

impl Step {
    /// Parse `"warn"`, `"recall"`, `"mute:<duration>"` or `"kick"`.
    pub fn parse(text: &str) -> Result<Step> {
        match text.trim() {
            "warn" => Ok(Step::Warn),
            "recall" => Ok(Step::Recall),
            "kick" => Ok(Step::Kick),
            other => match other.strip_prefix("mute:") {
                Some(duration) => timbot::scheduler::parse_duration(duration.trim())
                    .map(Step::Mute)
                    .map_err(|_| {
                        Error::invalid(
                            "moderation ladder",
                            format!("{other:?}: the mute duration is not like 10m or 1d"),
                        )
                    }),
                None => Err(Error::invalid(
                    "moderation ladder",
                    format!("{other:?} is not warn, recall, mute:<duration> or kick"),
                )),
            },
        }
    }

    /// Whether this step recalls the offending message.
    pub fn recalls(self) -> bool {
        self != Step::Warn
    }
}

/// Why a message broke the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// It contains a banned word.
    BannedWord(String),
    /// It links to a domain not on the allow-list.
    Link(String),
    /// Its sender sent too many messages too fast.
    Flood,
    /// Its sender sent the same text again and again.
    Repeat,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Violation::BannedWord(word) => write!(f, "banned word {word:?}"),
            Violation::Link(domain) => write!(f, "link to {domain}"),
            Violation::Flood => f.write_str("flooding"),
            Violation::Repeat => f.write_str("repeated spam"),
        }
    }
}

/// A configuration compiled for checking messages.
#[derive(Debug)]
pub struct Rules {
    /// The configuration it was compiled from.
    pub config: ModerationConfig,
    words: Option<AhoCorasick>,
    link: Option<Regex>,
    ladder: Vec<Step>,
}

impl Rules {
    /// Compile `config`: the banned-word automaton, the link detector and the ladder.
    pub fn compile(config: ModerationConfig) -> Result<Rules> {
        let words: Vec<&String> = config
            .banned_words
            .iter()
            .filter(|w| !w.trim().is_empty())
            .collect();
        let words = if words.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(words)
                    .map_err(|e| Error::invalid("moderation banned words", e))?,
            )
        };
        let link = if config.links.block {
            Some(
                Regex::new(r"(?i)(?:https?://|www\.)([a-z0-9-]+(?:\.[a-z0-9-]+)+)")
                    .map_err(|e| Error::invalid("moderation link pattern", e))?,
            )
        } else {
            None
        };
        let ladder = config
            .ladder
            .iter()
            .map(|s| Step::parse(s))
            .collect::<Result<Vec<_>>>()?;
        if ladder.is_empty() {
            return Err(Error::invalid("moderation ladder", "the ladder is empty"));
        }
        if config.repeat.is_some_and(|r| r.count < 2) {
            return Err(Error::invalid(
                "moderation repeat",
                "count must be at least 2",
            ));
        }
        if config
            .flood
            .is_some_and(|f| f.messages == 0 || f.seconds == 0)
        {
            return Err(Error::invalid(
                "moderation flood",
                "messages and seconds must be at least 1",
            ));
        }
        Ok(Rules {
            config,
            words,
            link,
            ladder,
        })
    }

    /// The first banned word in `text`, as written in the configuration.
    pub fn banned_word(&self, text: &str) -> Option<String> {
        let automaton = self.words.as_ref()?;
        let found = automaton.find(text)?;
        self.config
            .banned_words
            .iter()
            .filter(|w| !w.trim().is_empty())
            .nth(found.pattern().as_usize())
            .cloned()
    }

    /// `text` with every banned word replaced by the mask character, one per character.
    pub fn masked(&self, text: &str) -> String {
        let Some(automaton) = &self.words else {
            return text.to_owned();
        };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for found in automaton.find_iter(text) {
            out.push_str(&text[last..found.start()]);
            let hidden = text[found.start()..found.end()].chars().count();
            out.extend(std::iter::repeat_n(self.config.mask, hidden));
            last = found.end();
        }
        out.push_str(&text[last..]);
        out
    }

    /// The domain of the first link in `text` that the allow-list does not cover.
    pub fn forbidden_link(&self, text: &str) -> Option<String> {
        let link = self.link.as_ref()?;
        link.captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str().to_ascii_lowercase())
            .find(|domain| !self.domain_allowed(domain))
    }

    fn domain_allowed(&self, domain: &str) -> bool {
        self.config.links.allow.iter().any(|allowed| {
            let allowed = allowed.trim().to_ascii_lowercase();
            domain == allowed || domain.ends_with(&format!(".{allowed}"))
        })
    }

    /// What strike number `strike` (1 for the first) costs.
    pub fn step(&self, strike: u64) -> Step {
        let index = usize::try_from(strike.saturating_sub(1)).unwrap_or(usize::MAX);
        self.ladder
            .get(index)
            .or(self.ladder.last())
            .copied()
            .unwrap_or(Step::Warn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(extra: &str) -> Rules {
        let text = format!("banned_words = [\"scam\", \"buy now\"]\n{extra}");
        let value: toml::Value = toml::from_str(&text).unwrap();
        Rules::compile(crate::config::parse(value).unwrap()).unwrap()
    }

    #[test]
    fn banned_words_match_case_insensitively_and_mask_per_character() {
        let rules = rules("");
        assert_eq!(rules.banned_word("a SCAM here"), Some("scam".to_owned()));
        assert_eq!(rules.banned_word("all fine"), None);
        assert_eq!(rules.masked("Buy Now, no scam"), "*******, no ****");
    }

    #[test]
    fn links_outside_the_allow_list_are_found() {
        let rules = rules("links = { block = true, allow = [\"example.com\"] }");
        assert_eq!(rules.forbidden_link("see https://docs.example.com/x"), None);
        assert_eq!(
            rules.forbidden_link("see www.evil.net/now"),
            Some("evil.net".to_owned())
        );
        assert_eq!(rules.forbidden_link("no link here.txt"), None);
    }

    #[test]
    fn the_ladder_repeats_its_last_step() {
        let rules = rules("ladder = [\"warn\", \"mute:10m\", \"kick\"]");
        assert_eq!(rules.step(1), Step::Warn);
        assert_eq!(rules.step(2), Step::Mute(Duration::from_secs(600)));
        assert_eq!(rules.step(3), Step::Kick);
        assert_eq!(rules.step(9), Step::Kick);
    }

    #[test]
    fn bad_ladder_steps_are_errors() {
        assert!(Step::parse("mute:forever").is_err());
        assert!(Step::parse("ban").is_err());
        assert_eq!(
            Step::parse("mute:1d").unwrap(),
            Step::Mute(Duration::from_secs(86_400))
        );
    }
}
