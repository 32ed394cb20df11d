//! The knowledge file: the FAQ entries the bot answers from, and finding the entry a message
//! asks about.
//!
//! ```toml
//! [[entry]]
//! question = "How do I reset my password?"   # shown in "did you mean" lists; fuzzy-matched
//! keywords = ["reset password", "forgot password"]
//! regex = "(?i)pass(word)?\\s*reset"         # optional
//! answer = "Open Settings → Account → Reset password."
//! ```
//!
//! How a message finds its entry ([`KnowledgeBase::lookup`]), strongest evidence first:
//!
//! 1. **Regex**: the first entry whose regex matches the message answers.
//! 2. **Keywords**: an entry scores one point per keyword found in the normalized message
//!    (see [`crate::similarity::normalize`]). The one entry with the most points answers; when
//!    several tie, the bot asks which one was meant.
//! 3. **Fuzzy**: the message is compared with each entry's question and keywords by
//!    [`similarity`]. At or above `confident` the best entry answers; otherwise the entries at
//!    or above `suggest` (best first, at most `max_suggestions`) make a "did you mean" list.
//! 4. Otherwise the message is not understood.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use timbot::core::{Error, Result};

use crate::similarity::{normalize, similarity};

/// One FAQ entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The question as a customer would ask it.
    pub question: String,
    /// Words or phrases that point at this entry (normalized).
    pub keywords: Vec<String>,
    /// A pattern that, when it matches, answers with this entry.
    pub regex: Option<Regex>,
    /// The answer.
    pub answer: String,
}

/// Thresholds of the fuzzy match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Similarity at or above which the best entry answers.
    pub confident: f64,
    /// Similarity at or above which an entry is suggested.
    pub suggest: f64,
    /// At most this many suggestions.
    pub max_suggestions: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            confident: 0.6,
            suggest: 0.3,
            max_suggestions: 3,
        }
    }
}

/// What the knowledge base makes of a message.
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    /// This entry answers it.
    Answer(&'a Entry),
    /// Unsure: one of these, best first.
    DidYouMean(Vec<&'a Entry>),
    /// Nothing fits.
    Unknown,
}

/// Every entry of a knowledge file.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    entry: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    question: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    regex: Option<String>,
    answer: String,
}

impl KnowledgeBase {
    /// Read and parse the knowledge file at `path`.
    pub fn load(path: &Path) -> Result<KnowledgeBase> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            file: file.clone(),
            line: 0,
            message: format!("cannot read the knowledge file: {e}"),
        })?;
        KnowledgeBase::parse(&file, &text)
    }

    /// Parse a knowledge file's text; `file` names it in errors, which carry the line.
    pub fn parse(file: &str, text: &str) -> Result<KnowledgeBase> {
        let error = |at: usize, message: String| Error::Config {
            file: file.to_owned(),
            line: line_of(text, at),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |span| span.start);
            error(at, e.message().to_owned())
        })?;
        let mut entries = Vec::with_capacity(raw.entry.len());
        for spanned in raw.entry {
            let at = spanned.span().start;
            let raw = spanned.into_inner();
            if raw.question.trim().is_empty() {
                return Err(error(at, "an entry needs a non-empty `question`".into()));
            }
            if raw.answer.trim().is_empty() {
                return Err(error(
                    at,
                    format!("entry {:?} has an empty `answer`", raw.question),
                ));
            }
            let regex = match raw.regex {
                Some(pattern) => Some(Regex::new(&pattern).map_err(|e| {
                    error(at, format!("entry {:?}: invalid regex: {e}", raw.question))
                })?),
                None => None,
            };
            entries.push(Entry {
                question: raw.question,
                keywords: raw
                    .keywords
                    .iter()
                    .map(|k| normalize(k))
                    .filter(|k| !k.is_empty())
                    .collect(),
                regex,
                answer: raw.answer,
            });
        }
        Ok(KnowledgeBase { entries })
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Find what `message` asks about (see the module documentation for the rules).
    pub fn lookup(&self, message: &str, thresholds: Thresholds) -> Lookup<'_> {
        if let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.regex.as_ref().is_some_and(|r| r.is_match(message)))
        {
            return Lookup::Answer(entry);
        }
        let normalized = normalize(message);
        let padded = format!(" {normalized} ");
        let points = |entry: &Entry| {
            entry
                .keywords
                .iter()
                .filter(|k| padded.contains(&format!(" {k} ")))
                .count()
        };
        let best_points = self.entries.iter().map(points).max().unwrap_or(0);
        if best_points > 0 {
            let best: Vec<&Entry> = self
                .entries
                .iter()
                .filter(|e| points(e) == best_points)
                .collect();
            return match best.as_slice() {
                [only] => Lookup::Answer(only),
                _ => Lookup::DidYouMean(best),
            };
        }
        let mut scored: Vec<(f64, &Entry)> = self
            .entries
            .iter()
            .map(|e| (fuzzy_score(&normalized, e), e))
            .filter(|(score, _)| *score >= thresholds.suggest)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        match scored.first() {
            None => Lookup::Unknown,
            Some((score, entry)) if *score >= thresholds.confident => Lookup::Answer(entry),
            Some(_) => Lookup::DidYouMean(
                scored
                    .into_iter()
                    .take(thresholds.max_suggestions.max(1))
                    .map(|(_, e)| e)
                    .collect(),
            ),
        }
    }
}

/// How close a message is to an entry: its best similarity with the question or a keyword.
fn fuzzy_score(message: &str, entry: &Entry) -> f64 {
    std::iter::once(entry.question.as_str())
        .chain(entry.keywords.iter().map(String::as_str))
        .map(|candidate| similarity(message, candidate))
        .fold(0.0, f64::max)
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .map_or(0, |head| head.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAQ: &str = r#"
[[entry]]
question = "How do I reset my password?"
keywords = ["reset password", "forgot password"]
answer = "Settings, then Reset password."

[[entry]]
question = "When will my order arrive?"
keywords = ["shipping", "delivery"]
regex = "(?i)where is my (order|parcel)"
answer = "Orders arrive in 3 to 5 days."

[[entry]]
question = "How do I get a refund?"
keywords = ["refund", "delivery"]
answer = "Refunds take 7 days."
"#;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::parse("faq.toml", FAQ).unwrap()
    }

    fn answer_of(lookup: Lookup<'_>) -> Option<&str> {
        match lookup {
            Lookup::Answer(entry) => Some(entry.answer.as_str()),
            _ => None,
        }
    }

    #[test]
    fn regex_then_keywords_then_fuzzy() {
        let kb = kb();
        let t = Thresholds::default();
        assert_eq!(
            answer_of(kb.lookup("Where is my parcel?", t)),
            Some("Orders arrive in 3 to 5 days.")
        );
        assert_eq!(
            answer_of(kb.lookup("I forgot password, help", t)),
            Some("Settings, then Reset password.")
        );
        assert_eq!(
            answer_of(kb.lookup("how do i reset my pasword", t)),
            Some("Settings, then Reset password.")
        );
    }

    #[test]
    fn a_keyword_tie_asks_which_one() {
        match kb().lookup("question about delivery", Thresholds::default()) {
            Lookup::DidYouMean(entries) => assert_eq!(entries.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keywords_match_whole_words_only() {
        // "refunding" is not the keyword "refund"; and nothing else is close.
        assert!(matches!(
            kb().lookup("zzz", Thresholds::default()),
            Lookup::Unknown
        ));
    }

    #[test]
    fn a_bad_regex_names_the_file_and_the_entry_line() {
        let text = "[[entry]]\nquestion = \"a\"\nanswer = \"b\"\n\n[[entry]]\nquestion = \"c\"\nregex = \"(\"\nanswer = \"d\"\n";
        let error = KnowledgeBase::parse("kb.toml", text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("kb.toml:5:"), "{error}");
        assert!(error.contains("invalid regex"), "{error}");
    }

    #[test]
    fn a_missing_answer_names_the_line() {
        let text = "[[entry]]\nquestion = \"a\"\nkeywords = [\"x\"]\n";
        let error = KnowledgeBase::parse("kb.toml", text).unwrap_err();
        match error {
            Error::Config {
                file,
                line,
                message,
            } => {
                assert_eq!(file, "kb.toml");
                assert!(line >= 1, "{line}");
                assert!(message.contains("answer"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
