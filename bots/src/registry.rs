//! The plugins shipped with timbot, by the name of their `[plugins.<name>]` section.

use std::sync::Arc;

use timbot::core::{Error, Result};
use timbot::runtime::{Plugin, PluginSection};
use timbot_plugin_announcements::Announcements;
use timbot_plugin_calls::Calls;
use timbot_plugin_customer_service::{CustomerService, Settings};
use timbot_plugin_help::Help;
use timbot_plugin_moderation::Moderation;

/// The names of the shipped plugins the host can enable.
pub const SHIPPED: [&str; 5] = [
    timbot_plugin_customer_service::NAME,
    timbot_plugin_moderation::NAME,
    timbot_plugin_help::NAME,
    timbot_plugin_calls::NAME,
    timbot_plugin_announcements::NAME,
];

/// Check one plugin's section as the plugin will read it (a knowledge file is loaded too).
pub fn validate(name: &str, section: &PluginSection) -> Result<()> {
    match name {
        timbot_plugin_customer_service::NAME => Settings::from_section(section).map(|_| ()),
        timbot_plugin_moderation::NAME => timbot_plugin_moderation::validate(section),
        timbot_plugin_help::NAME => Help::validate(section),
        timbot_plugin_calls::NAME => Calls::validate(section),
        timbot_plugin_announcements::NAME => timbot_plugin_announcements::validate(section),
        other => Err(Error::Config {
            file: section.file.clone(),
            line: section.line,
            message: format!(
                "unknown plugin {other:?}; the shipped plugins are {}",
                SHIPPED.join(", ")
            ),
        }),
    }
}

/// The plugins named `names` (in that order), `help` built last so that it knows the others'
/// commands. Unknown names are errors (see [`validate`]).
pub fn plugins(names: &[&str]) -> Result<Vec<Arc<dyn Plugin>>> {
    let mut out: Vec<Arc<dyn Plugin>> = Vec::new();
    let mut wants_help = false;
    for name in names {
        match *name {
            timbot_plugin_customer_service::NAME => out.push(Arc::new(CustomerService::new())),
            timbot_plugin_moderation::NAME => out.push(Arc::new(Moderation::new())),
            timbot_plugin_calls::NAME => out.push(Arc::new(Calls)),
            timbot_plugin_announcements::NAME => out.push(Arc::new(Announcements)),
            timbot_plugin_help::NAME => wants_help = true,
            other => {
                return Err(Error::invalid(
                    "plugin",
                    format!("unknown plugin {other:?}; shipped: {}", SHIPPED.join(", ")),
                ))
            }
        }
    }
    if wants_help {
        let help = Help::for_plugins(&out);
        out.push(Arc::new(help));
    }
    Ok(out)
}
