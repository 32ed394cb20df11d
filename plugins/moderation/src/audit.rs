//! The audit log: every action the plugin takes (or an admin takes through it) is logged with
//! `tracing` and kept in the bot's store, per group, in order.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use timbot::core::Result;
use timbot::store::{Store, StoreExt};

/// One action on one member (or on the whole group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When it happened (Unix seconds).
    pub time: u64,
    /// The group.
    pub group: String,
    /// Who acted: an admin's id, or the bot's for automatic actions.
    pub by: String,
    /// Who it was done to (empty for group-wide actions).
    pub target: String,
    /// What was done: `warn`, `recall`, `mute`, `unmute`, `kick`, `mute_all`, `unmute_all`,
    /// `welcome`, `join_accept`, `join_refuse`.
    pub action: String,
    /// Why, or details (the violation, the mute duration …).
    pub reason: String,
}

impl AuditEntry {
    /// An entry stamped now.
    pub fn new(
        group: &str,
        by: &str,
        target: &str,
        action: &str,
        reason: impl Into<String>,
    ) -> Self {
        AuditEntry {
            time: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            group: group.to_owned(),
            by: by.to_owned(),
            target: target.to_owned(),
            action: action.to_owned(),
            reason: reason.into(),
        }
    }
}

fn prefix(group: &str) -> String {
    format!("moderation:audit:{group}:")
}

/// Log `entry` and append it to its group's log in `store`.
pub async fn record(store: &Arc<dyn Store>, entry: &AuditEntry) -> Result<()> {
    tracing::info!(
        target: "timbot::moderation::audit",
        group = %entry.group,
        by = %entry.by,
        target_user = %entry.target,
        action = %entry.action,
        reason = %entry.reason,
        "moderation action"
    );
    let seq = store
        .increment(&format!("moderation:audit-seq:{}", entry.group), 1, None)
        .await?;
    let key = format!("{}{seq:012}", prefix(&entry.group));
    store.set_json(&key, entry, None).await
}

/// Every audit entry of `group`, oldest first.
pub async fn audit_log(store: &Arc<dyn Store>, group: &str) -> Result<Vec<AuditEntry>> {
    let mut keys = store.keys(&prefix(group)).await?;
    keys.sort();
    let mut entries = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(entry) = store.get_json::<AuditEntry>(&key).await? {
            entries.push(entry);
        }
    }
    Ok(entries)
}
