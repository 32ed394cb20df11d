//! The documented per-request limits of the REST commands, checked before anything is sent.
//!
//! Sources: research note §2.3 (each command's page) and §2.2 (UserID length).

use crate::core::{Error, Result};

/// `batchsendmsg`: recipients per call.
pub const BATCH_RECIPIENTS: usize = 500;
/// `send_group_msg`: members of a targeted (`To_Account`) group message.
pub const TARGETED_MEMBERS: usize = 50;
/// `send_group_system_notification`: named recipients per call.
pub const NOTIFICATION_RECIPIENTS: usize = 500;
/// `forbid_send_msg`: members muted per call.
pub const MUTE_MEMBERS: usize = 500;
/// `delete_group_member`: members removed per call.
pub const KICK_MEMBERS: usize = 100;
/// `add_group_member`: members added per call.
pub const ADD_MEMBERS: usize = 300;
/// `create_group`: initial members.
pub const CREATE_MEMBERS: usize = 100;
/// `group_msg_recall`: messages per call.
pub const RECALL_MESSAGES: usize = 10;
/// `group_msg_get_simple`: messages per page.
pub const GROUP_HISTORY_PAGE: u32 = 20;
/// A UserID's length in bytes.
pub const USER_ID_BYTES: usize = 32;

/// Fails with [`Error::Limit`] when `actual` exceeds `max`.
pub fn at_most(limit: &'static str, max: usize, actual: usize) -> Result<()> {
    if actual > max {
        return Err(Error::Limit {
            limit,
            max: max as u64,
            actual: actual as u64,
        });
    }
    Ok(())
}

/// Fails with [`Error::Invalid`] when `list` is empty (`what` names it).
pub fn not_empty<T>(what: &'static str, list: &[T]) -> Result<()> {
    if list.is_empty() {
        return Err(Error::invalid(what, "the list is empty"));
    }
    Ok(())
}
