//! All regex matchers of one bot, compiled once, behind one type that hides how they are tried.
//!
//! Two strategies give the same answers: [`RegexStrategy::Set`] runs one `RegexSet` over the
//! text and learns every matching pattern in one pass; [`RegexStrategy::Sequential`] tries the
//! compiled regexes one by one, only when a plugin asks (so a plugin that stops propagation spares
//! the rest). DESIGN.md §5 measured the sequential form faster on a 50-regex customer-service
//! workload (1.8 µs against 2.6 µs per message); the dispatch benchmark (`benches/dispatch.rs`,
//! 100 matchers of which 50 regexes, nine messages in ten matching none) measured the set about
//! three times faster (BENCHMARKS.md), because a message no regex matches is the common case and
//! costs one pass instead of fifty. So the set is the default; a bot may choose sequential in its
//! configuration (`regex_strategy`).

use std::cell::OnceCell;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::core::{Error, Result};

/// How a bot's regexes are tried against a message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegexStrategy {
    /// Compiled regexes tried in turn, lazily.
    Sequential,
    /// One `RegexSet` over all patterns, in one pass.
    #[default]
    Set,
}

/// Every regex of a bot, compiled.
#[derive(Debug)]
pub struct RegexBank {
    regexes: Vec<Regex>,
    set: Option<RegexSet>,
}

/// Which regexes of a bank match one text; computed lazily (sequential) or at once (set).
#[derive(Debug)]
pub struct RegexHits<'a> {
    bank: &'a RegexBank,
    text: &'a str,
    set_hits: Option<regex::SetMatches>,
    memo: Vec<OnceCell<bool>>,
}

impl RegexBank {
    /// Compile `patterns` for `strategy`; a bad pattern is an [`Error::Invalid`] naming it.
    pub fn new(patterns: &[String], strategy: RegexStrategy) -> Result<Self> {
        let regexes = patterns
            .iter()
            .map(|p| Regex::new(p).map_err(|e| Error::invalid("regex", format!("{p}: {e}"))))
            .collect::<Result<Vec<_>>>()?;
        let set = match strategy {
            RegexStrategy::Set if !patterns.is_empty() => Some(
                RegexSet::new(patterns).map_err(|e| Error::invalid("regex set", e.to_string()))?,
            ),
            _ => None,
        };
        Ok(RegexBank { regexes, set })
    }

    /// How many regexes the bank holds.
    pub fn len(&self) -> usize {
        self.regexes.len()
    }

    /// Whether the bank is empty.
    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }

    /// Start matching `text` (with the set strategy, this runs the set once).
    pub fn scan<'a>(&'a self, text: &'a str) -> RegexHits<'a> {
        RegexHits {
            bank: self,
            text,
            set_hits: self.set.as_ref().map(|set| set.matches(text)),
            memo: (0..self.regexes.len()).map(|_| OnceCell::new()).collect(),
        }
    }
}

impl RegexHits<'_> {
    /// Whether regex `index` matches.
    pub fn is_match(&self, index: usize) -> bool {
        if let Some(hits) = &self.set_hits {
            return hits.matched(index);
        }
        match (self.memo.get(index), self.bank.regexes.get(index)) {
            (Some(cell), Some(regex)) => *cell.get_or_init(|| regex.is_match(self.text)),
            _ => false,
        }
    }

    /// The capture groups of regex `index` (group 0 is the whole match), when it matches.
    pub fn captures(&self, index: usize) -> Option<Captures> {
        if !self.is_match(index) {
            return None;
        }
        let regex = self.bank.regexes.get(index)?;
        let caps = regex.captures(self.text)?;
        let groups = caps
            .iter()
            .map(|m| m.map(|m| m.as_str().to_owned()))
            .collect();
        let names = regex
            .capture_names()
            .map(|n| n.map(str::to_owned))
            .collect();
        Some(Captures { groups, names })
    }
}

/// The capture groups of a regex match, by index and by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captures {
    groups: Vec<Option<String>>,
    names: Vec<Option<String>>,
}

impl Captures {
    /// Group `index` (0 is the whole match), if it took part in the match.
    pub fn get(&self, index: usize) -> Option<&str> {
        self.groups.get(index)?.as_deref()
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<&str> {
        let index = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        self.get(index)
    }

    /// The number of groups, including group 0.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups (never true for a real match).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_strategies_agree() {
        let patterns = vec![r"order (?P<id>\d+)".to_owned(), "refund".to_owned()];
        for strategy in [RegexStrategy::Set, RegexStrategy::Sequential] {
            let bank = RegexBank::new(&patterns, strategy).unwrap();
            let hits = bank.scan("where is order 42?");
            assert!(hits.is_match(0));
            assert!(!hits.is_match(1));
            assert!(!hits.is_match(7));
            let caps = hits.captures(0).unwrap();
            assert_eq!(caps.name("id"), Some("42"));
            assert_eq!(caps.get(0), Some("order 42"));
        }
    }

    #[test]
    fn a_bad_pattern_is_an_error() {
        let err = RegexBank::new(&["(".to_owned()], RegexStrategy::Set).unwrap_err();
        assert!(err.to_string().contains('('));
    }
}
