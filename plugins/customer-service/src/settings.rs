//! The plugin's `[plugins.customer-service]` section and its validation.
//!
//! ```toml
//! [plugins.customer-service]
//! greeting = "Hello! Ask me anything about your order."
//! new_conversation_after = "1h"       # silence after which the customer is greeted again
//! knowledge = "support-faq.toml"      # relative to the bot file
//! fallback = "Sorry, I don't know that one yet."
//! did_you_mean = "Did you mean:"
//! confident = 0.6                     # fuzzy similarity that answers (0..1)
//! suggest = 0.3                       # fuzzy similarity that makes a suggestion (0..1)
//! max_suggestions = 3
//!
//! [plugins.customer-service.office_hours]   # optional: see `office_hours`
//! [plugins.customer-service.handoff]        # optional: see `handoff_settings`
//! [plugins.customer-service.intake]         # optional, with a hand-off: see `intake`
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use timbot::core::{Error, Result};
use timbot::runtime::PluginSection;

use crate::handoff_settings::HandoffSettings;
use crate::intake::{Intake, IntakeConfig};
use crate::knowledge::{KnowledgeBase, Thresholds};
use crate::office_hours::{OfficeHours, OfficeHoursConfig};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default)]
    greeting: String,
    #[serde(default = "default_new_conversation_after")]
    new_conversation_after: String,
    #[serde(default)]
    knowledge: Option<PathBuf>,
    #[serde(default = "default_fallback")]
    fallback: String,
    #[serde(default = "default_did_you_mean")]
    did_you_mean: String,
    #[serde(default)]
    confident: Option<f64>,
    #[serde(default)]
    suggest: Option<f64>,
    #[serde(default)]
    max_suggestions: Option<usize>,
    #[serde(default)]
    office_hours: Option<OfficeHoursConfig>,
    #[serde(default)]
    handoff: Option<HandoffSettings>,
    #[serde(default)]
    intake: Option<IntakeConfig>,
}

fn default_new_conversation_after() -> String {
    "1h".to_owned()
}

fn default_fallback() -> String {
    "Sorry, I don't know that one yet. Try other words, or ask for a human agent.".to_owned()
}

fn default_did_you_mean() -> String {
    "I'm not sure what you mean. Did you mean:".to_owned()
}

/// The plugin's settings, validated, with the knowledge file loaded.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The first reply in a new conversation (empty: none).
    pub greeting: String,
    /// How long a customer is silent before the next message starts a new conversation.
    pub new_conversation_after: Duration,
    /// The FAQ entries.
    pub knowledge: KnowledgeBase,
    /// The reply when nothing in the knowledge base fits.
    pub fallback: String,
    /// The line before a "did you mean" list.
    pub did_you_mean: String,
    /// The fuzzy-match thresholds.
    pub thresholds: Thresholds,
    /// The office hours (none: always open).
    pub office_hours: Option<OfficeHours>,
    /// The hand-off to human agents (none: no agents).
    pub handoff: Option<HandoffSettings>,
    /// The questions asked before a customer joins the queue (none: queued at once).
    pub intake: Option<Arc<Intake>>,
}

impl Settings {
    /// Read the settings from the plugin's section. A relative `knowledge` path is taken from
    /// the bot file's directory. Errors name the bot file and the section's line, or the
    /// knowledge file and its line.
    pub fn from_section(section: &PluginSection) -> Result<Settings> {
        let at_section = |message: String| Error::Config {
            file: section.file.clone(),
            line: section.line,
            message: format!("[plugins.customer-service]: {message}"),
        };
        let written: Written = section.parse()?;
        let defaults = Thresholds::default();
        let thresholds = Thresholds {
            confident: written.confident.unwrap_or(defaults.confident),
            suggest: written.suggest.unwrap_or(defaults.suggest),
            max_suggestions: written.max_suggestions.unwrap_or(defaults.max_suggestions),
        };
        let unit = 0.0..=1.0;
        if !unit.contains(&thresholds.confident) || !unit.contains(&thresholds.suggest) {
            return Err(at_section(
                "`confident` and `suggest` are similarities between 0 and 1".into(),
            ));
        }
        if thresholds.suggest > thresholds.confident {
            return Err(at_section("`suggest` must not exceed `confident`".into()));
        }
        let new_conversation_after =
            timbot::scheduler::parse_duration(&written.new_conversation_after)
                .map_err(|e| at_section(format!("`new_conversation_after`: {e}")))?;
        if let Some(problem) = written.handoff.as_ref().and_then(HandoffSettings::problem) {
            return Err(at_section(format!("[handoff]: {problem}")));
        }
        let intake = match &written.intake {
            Some(_) if written.handoff.is_none() => {
                return Err(at_section(
                    "[intake] collects details for an agent: it needs [handoff] too".into(),
                ))
            }
            Some(config) => Some(Arc::new(
                Intake::from_config(config).map_err(|e| at_section(format!("[intake]: {e}")))?,
            )),
            None => None,
        };
        let knowledge = match &written.knowledge {
            Some(path) => KnowledgeBase::load(&relative_to(&section.file, path))?,
            None => KnowledgeBase::default(),
        };
        let office_hours = written
            .office_hours
            .as_ref()
            .map(OfficeHours::from_config)
            .transpose()
            .map_err(|e| at_section(e.to_string()))?;
        Ok(Settings {
            greeting: written.greeting,
            new_conversation_after,
            knowledge,
            fallback: written.fallback,
            did_you_mean: written.did_you_mean,
            thresholds,
            office_hours,
            handoff: written.handoff,
            intake,
        })
    }
}

/// `path` as seen from the directory of `bot_file` (unchanged when absolute or no file).
fn relative_to(bot_file: &str, path: &Path) -> PathBuf {
    match Path::new(bot_file).parent() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}
