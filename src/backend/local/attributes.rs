//! Group attributes: a small key-value map per group, AVChatRoom only (seed-002-part2 §2.11,
//! L6080–L6113; limits from 004:L2777).
//!
//! Writes are limited to 16 keys, 32-byte keys, 4 KB values and 16 KB in all (10004 otherwise,
//! the documents give no code), and to 10 writes per 5 s per group (8511). Every change sends the
//! members a group-info-change tip with the attribute flag, carrying the whole attribute set as
//! a JSON object in its value (the SDK's `onGroupAttributeChanged` carries the whole set).

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::clock::Moment;
use super::engine::State;
use super::groups::{denied, Group};
use super::limits;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{GroupTipGroupChangeFlag, GroupTipGroupChangeInfo, GroupTipType};

/// Fails with 10004 when `attributes` break a size limit.
fn check_sizes(attributes: &BTreeMap<String, String>) -> Result<()> {
    let invalid = |reason: String| Error::im(codes::GROUP_INVALID_PARAMETERS, reason);
    if attributes.len() > limits::MAX_GROUP_ATTRIBUTES {
        return Err(invalid(format!(
            "a group holds at most {} attributes",
            limits::MAX_GROUP_ATTRIBUTES
        )));
    }
    let mut total = 0;
    for (key, value) in attributes {
        if key.is_empty() || key.len() > limits::MAX_GROUP_ATTRIBUTE_KEY_BYTES {
            return Err(invalid(format!(
                "attribute key {key:?} must be 1 to 32 bytes"
            )));
        }
        if value.len() > limits::MAX_GROUP_ATTRIBUTE_VALUE_BYTES {
            return Err(invalid(format!("attribute {key:?} is longer than 4 KB")));
        }
        total += key.len() + value.len();
    }
    if total > limits::MAX_GROUP_ATTRIBUTES_BYTES {
        return Err(invalid("the attributes together exceed 16 KB".to_owned()));
    }
    Ok(())
}

impl Group {
    /// Count one attribute write at `now`, or fail with 8511 when the window is full.
    fn take_attribute_write(&mut self, now: Moment) -> Result<()> {
        let window = Duration::from_secs(limits::GROUP_ATTRIBUTE_WINDOW_SECS);
        while self
            .attribute_writes
            .front()
            .is_some_and(|t| now.instant.saturating_duration_since(*t) >= window)
        {
            self.attribute_writes.pop_front();
        }
        if self.attribute_writes.len() >= limits::GROUP_ATTRIBUTE_WRITES {
            return Err(Error::im(
                codes::SDK_GROUP_ATTRIBUTE_FREQUENCY_LIMIT,
                "at most 10 attribute writes per 5 seconds",
            ));
        }
        self.attribute_writes.push_back(now.instant);
        Ok(())
    }
}

impl State {
    /// The group of an attribute call, checked: it exists, supports attributes, `user` is in it.
    fn attribute_group(&mut self, user: &str, group_id: &str) -> Result<&mut Group> {
        let group = self.group_mut(group_id)?;
        if !group.rules.attributes {
            return Err(denied("use group attributes (AVChatRoom only)"));
        }
        group.role_of(user)?;
        Ok(group)
    }

    /// Add or overwrite attributes.
    pub(crate) fn set_group_attributes(
        &mut self,
        user: &str,
        group_id: &str,
        attributes: HashMap<String, String>,
        now: Moment,
    ) -> Result<()> {
        let group = self.attribute_group(user, group_id)?;
        let mut next = group.attributes.clone();
        next.extend(attributes);
        check_sizes(&next)?;
        group.take_attribute_write(now)?;
        group.attributes = next;
        self.announce_attributes(user, group_id, now);
        Ok(())
    }

    /// Delete attributes by key.
    pub(crate) fn delete_group_attributes(
        &mut self,
        user: &str,
        group_id: &str,
        keys: &[String],
        now: Moment,
    ) -> Result<()> {
        let group = self.attribute_group(user, group_id)?;
        group.take_attribute_write(now)?;
        for key in keys {
            group.attributes.remove(key);
        }
        self.announce_attributes(user, group_id, now);
        Ok(())
    }

    /// All attributes of a group.
    pub(crate) fn group_attributes(
        &mut self,
        user: &str,
        group_id: &str,
    ) -> Result<HashMap<String, String>> {
        let group = self.attribute_group(user, group_id)?;
        Ok(group.attributes.clone().into_iter().collect())
    }

    fn announce_attributes(&mut self, user: &str, group_id: &str, now: Moment) {
        let State {
            accounts, groups, ..
        } = self;
        let Some(group) = groups.get(group_id) else {
            return;
        };
        let mut tip = group.tip(GroupTipType::GroupInfoChange, user, Vec::new(), now.unix);
        tip.group_change_info_array = vec![GroupTipGroupChangeInfo {
            flag: GroupTipGroupChangeFlag::Attribute,
            value: serde_json::to_string(&group.attributes).unwrap_or_default(),
            ..GroupTipGroupChangeInfo::default()
        }];
        group.broadcast_tip(accounts, tip, &[]);
    }
}
