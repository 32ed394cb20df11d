//! The intake: the details the bot collects, step by step, before a customer joins the queue
//! for a human agent (e.g. order number → problem → confirm), so that the agent can start at
//! once.
//!
//! ```toml
//! [plugins.customer-service.intake]
//! timeout = "5m"                      # an unanswered question ends the intake after this long
//! intro = "A few questions first, so that the agent can help you at once (/cancel to stop)."
//!
//! [[plugins.customer-service.intake.steps]]
//! label = "Order number"              # how the answer is shown to the agent
//! ask = "What is your order number?"
//! pattern = "^[A-Z]-?\\d{5}$"         # optional: an answer must match …
//! retry = "An order number is a letter and 5 digits, e.g. A-12345."   # … else this is said
//!
//! [[plugins.customer-service.intake.steps]]
//! label = "Problem"
//! ask = "What went wrong, in a few words?"
//! ```
//!
//! After the last step the customer sees the answers and confirms (`yes`), starts over (`no`)
//! or stops (`/cancel`, or `cancel`). This module is the intake's logic: [`Intake::answer`]
//! takes the state and an answer and says what to reply and what the next state is; the plugin
//! keeps the state in a dialogue with the timeout.

use std::time::Duration;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::similarity::normalize;
use crate::template::fill;

/// The intake as written in the bot file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeConfig {
    /// How long a question waits for its answer (`"5m"`, `"90s"` …).
    #[serde(default = "default_timeout")]
    pub timeout: String,
    /// Said before the first question.
    #[serde(default = "default_intro")]
    pub intro: String,
    /// The questions, in order.
    pub steps: Vec<StepConfig>,
    /// The confirmation question: `{summary}` is the answers, one per line.
    #[serde(default = "default_confirm")]
    pub confirm: String,
    /// Said when the customer says the answers are wrong (then the first question again).
    #[serde(default = "default_restart")]
    pub restart: String,
    /// Said to an answer to the confirmation that is neither yes nor no.
    #[serde(default = "default_yes_or_no")]
    pub yes_or_no: String,
    /// Said when the customer cancels.
    #[serde(default = "default_cancelled")]
    pub cancelled: String,
    /// Said when a question waited too long: `{timeout}` is the configured time.
    #[serde(default = "default_timeout_reply")]
    pub timeout_reply: String,
    /// Words that confirm.
    #[serde(default = "default_yes")]
    pub yes: Vec<String>,
    /// Words that reject.
    #[serde(default = "default_no")]
    pub no: Vec<String>,
}

/// One question as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepConfig {
    /// How the answer is labelled in the summary.
    pub label: String,
    /// The question.
    pub ask: String,
    /// A regex a valid answer matches (optional).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Said when the answer does not match, before the question is asked again.
    #[serde(default = "default_retry")]
    pub retry: String,
}

fn default_timeout() -> String {
    "5m".to_owned()
}
fn default_intro() -> String {
    "Before I pass you to an agent, a few quick questions (type /cancel to stop).".to_owned()
}
fn default_confirm() -> String {
    "Is this right? (yes / no)\n{summary}".to_owned()
}
fn default_restart() -> String {
    "Let's start again.".to_owned()
}
fn default_yes_or_no() -> String {
    "Please answer yes or no (or /cancel).".to_owned()
}
fn default_cancelled() -> String {
    "OK, I won't call an agent. Ask me anything else at any time.".to_owned()
}
fn default_timeout_reply() -> String {
    "I didn't hear from you for {timeout}, so I stopped your request. Type /agent to start \
     again."
        .to_owned()
}
fn default_yes() -> Vec<String> {
    [
        "yes", "y", "yeah", "yep", "ok", "correct", "right", "sure", "是", "对",
    ]
    .map(String::from)
    .to_vec()
}
fn default_no() -> Vec<String> {
    ["no", "n", "nope", "wrong", "不", "不对"]
        .map(String::from)
        .to_vec()
}
fn default_retry() -> String {
    "Sorry, that doesn't look right.".to_owned()
}

/// Where a customer is in the intake: kept in the dialogue between messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeState {
    /// The answers so far, one per step done.
    pub answers: Vec<String>,
}

/// What to do after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Say this and keep the dialogue open with the new state.
    Continue {
        /// The reply.
        reply: String,
        /// The next state.
        state: IntakeState,
    },
    /// Confirmed: close the dialogue and queue the customer with this summary (one line per
    /// answer, `label: answer`).
    Done {
        /// The summary.
        summary: Vec<String>,
    },
    /// Cancelled: close the dialogue and say this.
    Cancelled {
        /// The reply.
        reply: String,
    },
}

struct Step {
    label: String,
    ask: String,
    pattern: Option<Regex>,
    retry: String,
}

/// The intake, validated.
pub struct Intake {
    /// How long a question waits for its answer.
    pub timeout: Duration,
    /// The timeout's text as written (for the timeout reply).
    timeout_text: String,
    intro: String,
    steps: Vec<Step>,
    confirm: String,
    restart: String,
    yes_or_no: String,
    cancelled: String,
    timeout_reply: String,
    yes: Vec<String>,
    no: Vec<String>,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("timeout", &self.timeout)
            .field("steps", &self.steps.len())
            .finish_non_exhaustive()
    }
}

impl Intake {
    /// Validate the written intake; the error says what is wrong (the caller adds where).
    pub fn from_config(config: &IntakeConfig) -> Result<Intake, String> {
        let timeout = timbot::scheduler::parse_duration(&config.timeout)
            .map_err(|e| format!("`timeout`: {e}"))?;
        if timeout.is_zero() {
            return Err("`timeout` must be longer than 0".into());
        }
        if config.steps.is_empty() {
            return Err("the intake needs at least one [[…intake.steps]]".into());
        }
        let steps = config
            .steps
            .iter()
            .enumerate()
            .map(|(n, step)| {
                let pattern = step
                    .pattern
                    .as_deref()
                    .map(Regex::new)
                    .transpose()
                    .map_err(|e| {
                        format!("step {} ({:?}): invalid pattern: {e}", n + 1, step.label)
                    })?;
                if step.ask.trim().is_empty() {
                    return Err(format!(
                        "step {} ({:?}) has an empty `ask`",
                        n + 1,
                        step.label
                    ));
                }
                Ok(Step {
                    label: step.label.clone(),
                    ask: step.ask.clone(),
                    pattern,
                    retry: step.retry.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let words = |list: &[String]| list.iter().map(|w| normalize(w)).collect::<Vec<_>>();
        Ok(Intake {
            timeout,
            timeout_text: config.timeout.clone(),
            intro: config.intro.clone(),
            steps,
            confirm: config.confirm.clone(),
            restart: config.restart.clone(),
            yes_or_no: config.yes_or_no.clone(),
            cancelled: config.cancelled.clone(),
            timeout_reply: config.timeout_reply.clone(),
            yes: words(&config.yes),
            no: words(&config.no),
        })
    }

    /// The first state and what to say: the intro and the first question.
    pub fn begin(&self) -> (IntakeState, String) {
        let state = IntakeState {
            answers: Vec::new(),
        };
        let reply = join_lines(&self.intro, &self.question(&state));
        (state, reply)
    }

    /// What the customer is told when a question waited too long.
    pub fn timeout_reply(&self) -> String {
        fill(&self.timeout_reply, &[("timeout", &self.timeout_text)])
    }

    /// Take `answer` in `state`.
    pub fn answer(&self, state: &IntakeState, answer: &str) -> Progress {
        let answer = answer.trim();
        let word = normalize(answer);
        if word == "cancel" || answer.eq_ignore_ascii_case("/cancel") {
            return Progress::Cancelled {
                reply: self.cancelled.clone(),
            };
        }
        let Some(step) = self.steps.get(state.answers.len()) else {
            return self.confirmation(state, &word);
        };
        let valid = !answer.is_empty() && step.pattern.as_ref().is_none_or(|p| p.is_match(answer));
        if !valid {
            return Progress::Continue {
                reply: join_lines(&step.retry, &step.ask),
                state: state.clone(),
            };
        }
        let mut next = state.clone();
        next.answers.push(answer.to_owned());
        Progress::Continue {
            reply: self.question(&next),
            state: next,
        }
    }

    fn confirmation(&self, state: &IntakeState, word: &str) -> Progress {
        if self.yes.iter().any(|w| w == word) {
            Progress::Done {
                summary: self.summary(state),
            }
        } else if self.no.iter().any(|w| w == word) {
            let first = IntakeState {
                answers: Vec::new(),
            };
            Progress::Continue {
                reply: join_lines(&self.restart, &self.question(&first)),
                state: first,
            }
        } else {
            Progress::Continue {
                reply: self.yes_or_no.clone(),
                state: state.clone(),
            }
        }
    }

    /// The next question in `state`: a step's, or the confirmation with the answers.
    fn question(&self, state: &IntakeState) -> String {
        match self.steps.get(state.answers.len()) {
            Some(step) => step.ask.clone(),
            None => fill(
                &self.confirm,
                &[("summary", &self.summary(state).join("\n"))],
            ),
        }
    }

    /// The answers as `label: answer` lines.
    pub fn summary(&self, state: &IntakeState) -> Vec<String> {
        self.steps
            .iter()
            .zip(&state.answers)
            .map(|(step, answer)| format!("{}: {answer}", step.label))
            .collect()
    }
}

fn join_lines(first: &str, second: &str) -> String {
    match (first.is_empty(), second.is_empty()) {
        (true, _) => second.to_owned(),
        (_, true) => first.to_owned(),
        _ => format!("{first}\n{second}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intake() -> Intake {
        let config: IntakeConfig = toml::from_str(
            r#"
            timeout = "2m"
            intro = "Questions first."
            [[steps]]
            label = "Order"
            ask = "Order number?"
            pattern = "^[A-Z]-?\\d{5}$"
            retry = "A letter and 5 digits."
            [[steps]]
            label = "Problem"
            ask = "What went wrong?"
            "#,
        )
        .unwrap();
        Intake::from_config(&config).unwrap()
    }

    fn go_on(progress: Progress) -> (String, IntakeState) {
        match progress {
            Progress::Continue { reply, state } => (reply, state),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn steps_validate_then_confirm_with_a_summary() {
        let intake = intake();
        let (state, reply) = intake.begin();
        assert_eq!(reply, "Questions first.\nOrder number?");
        let (reply, state) = go_on(intake.answer(&state, "12345"));
        assert_eq!(reply, "A letter and 5 digits.\nOrder number?");
        assert!(state.answers.is_empty());
        let (reply, state) = go_on(intake.answer(&state, " A-12345 "));
        assert_eq!(reply, "What went wrong?");
        let (reply, state) = go_on(intake.answer(&state, "It arrived broken"));
        assert_eq!(
            reply,
            "Is this right? (yes / no)\nOrder: A-12345\nProblem: It arrived broken"
        );
        let (reply, same) = go_on(intake.answer(&state, "maybe"));
        assert_eq!(reply, "Please answer yes or no (or /cancel).");
        assert_eq!(same, state);
        assert_eq!(
            intake.answer(&state, "Yes!"),
            Progress::Done {
                summary: vec!["Order: A-12345".into(), "Problem: It arrived broken".into()]
            }
        );
    }

    #[test]
    fn no_starts_over_and_cancel_stops_at_any_step() {
        let intake = intake();
        let (state, _) = intake.begin();
        let (_, state) = go_on(intake.answer(&state, "B12345"));
        let (_, state) = go_on(intake.answer(&state, "late"));
        let (reply, state) = go_on(intake.answer(&state, "no"));
        assert_eq!(reply, "Let's start again.\nOrder number?");
        assert!(state.answers.is_empty());
        assert!(matches!(
            intake.answer(&state, "/cancel"),
            Progress::Cancelled { .. }
        ));
        assert_eq!(
            intake.timeout_reply(),
            "I didn't hear from you for 2m, so I stopped your request. Type /agent to start again."
        );
    }

    #[test]
    fn bad_intakes_are_refused() {
        let bad = |text: &str| {
            let config: IntakeConfig = toml::from_str(text).unwrap();
            Intake::from_config(&config).unwrap_err()
        };
        assert!(bad("steps = []").contains("at least one"));
        assert!(
            bad("timeout = \"soon\"\n[[steps]]\nlabel = \"a\"\nask = \"b\"").contains("timeout")
        );
        let error = bad("[[steps]]\nlabel = \"Order\"\nask = \"?\"\npattern = \"(\"");
        assert!(
            error.contains("step 1 (\"Order\"): invalid pattern"),
            "{error}"
        );
    }
}
