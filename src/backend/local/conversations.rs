//! Conversations: last message, unread count and group @ information, and marking them read
//! (with the C2C read receipt to the peer).
//!
//! A C2C conversation keeps its counters as messages arrive. A group conversation is computed
//! when asked, from the group's stored messages and the member's read seq and @ marks, so that
//! sending to a big group writes nothing per member.

use std::sync::Arc;

use super::clock::Moment;
use super::engine::State;
use super::groups::{Group, Member};
use super::messages::as_seen_by;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::event::{Event, ReadReceipt};
use crate::core::types::{ConvType, Conversation, GroupAtInfo, GroupAtType, Message};

/// One account's side of a C2C conversation.
#[derive(Debug, Default)]
pub(crate) struct C2cConversation {
    /// The last message that counts as one (as this account sees it).
    pub last_msg: Option<Arc<Message>>,
    /// Messages from the peer not yet marked read.
    pub unread: u64,
}

impl C2cConversation {
    /// Account for a stored message: it becomes the last message unless excluded, and counts as
    /// unread when it came from the peer and is not excluded from the count.
    pub(crate) fn record(&mut self, message: &Arc<Message>, incoming: bool) {
        if !message.excluded_from_last_message {
            self.last_msg = Some(Arc::clone(message));
        }
        if incoming && !message.excluded_from_unread_count {
            self.unread += 1;
        }
    }

    /// Replace the last message with its recalled version, if it is that message.
    pub(crate) fn replace_last(&mut self, revoked: &Message, viewer: &str, peer: &str) {
        if self
            .last_msg
            .as_ref()
            .is_some_and(|m| m.msg_id == revoked.msg_id)
        {
            self.last_msg = Some(Arc::new(as_seen_by(revoked, viewer, peer)));
        }
    }
}

/// The member's unread count: stored messages after its read seq, from others, counted
/// (0 in types without unread counts).
fn group_unread(group: &Group, member: &Member, user: &str) -> u64 {
    if !group.rules.unread {
        return 0;
    }
    group
        .messages_after(member.read_seq)
        .filter(|m| m.sender != user && !m.excluded_from_unread_count)
        .count() as u64
}

/// The member's @ indicators since its read seq: @me, @all, or both for the same message.
fn group_at_infos(group: &Group, member: &Member, user: &str) -> Vec<GroupAtInfo> {
    let mut infos: Vec<GroupAtInfo> = member
        .at_me
        .iter()
        .filter(|seq| **seq > member.read_seq)
        .map(|seq| GroupAtInfo {
            seq: *seq,
            at_type: GroupAtType::AtMe,
        })
        .collect();
    for (seq, sender) in &group.at_all {
        if *seq <= member.read_seq || sender == user {
            continue;
        }
        match infos.iter_mut().find(|i| i.seq == *seq) {
            Some(info) => info.at_type = GroupAtType::AtAllAtMe,
            None => infos.push(GroupAtInfo {
                seq: *seq,
                at_type: GroupAtType::AtAll,
            }),
        }
    }
    infos.sort_by_key(|i| i.seq);
    infos
}

impl State {
    /// `user`'s conversations with a last message, newest first.
    pub(crate) fn conversations(&self, user: &str) -> Result<Vec<Conversation>> {
        let account = self.account(user, codes::CONVERSATION_ACCOUNT_NOT_FOUND)?;
        let mut list = Vec::new();
        for (peer, conv) in &account.c2c {
            let Some(last) = &conv.last_msg else {
                continue;
            };
            let profile = self.accounts.get(peer).map(|a| &a.profile);
            list.push(Conversation {
                conv_id: peer.clone(),
                conv_type: ConvType::C2C,
                unread_count: conv.unread,
                active_time: u64::try_from(last.server_time).unwrap_or(0),
                has_last_msg: true,
                last_msg: Some(Box::new((**last).clone())),
                show_name: profile
                    .map(|p| p.nick_name.clone())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| peer.clone()),
                face_url: profile.map(|p| p.face_url.clone()).unwrap_or_default(),
                ..Conversation::default()
            });
        }
        for group in account.groups.iter().filter_map(|id| self.groups.get(id)) {
            let (Some(last), Some(member)) = (&group.last_msg, group.members.get(user)) else {
                continue;
            };
            list.push(Conversation {
                conv_id: group.id.clone(),
                conv_type: ConvType::Group,
                unread_count: group_unread(group, member, user),
                active_time: u64::try_from(last.server_time).unwrap_or(0),
                has_last_msg: true,
                last_msg: Some(Box::new(as_seen_by(last, user, &group.id))),
                group_type: group.rules.group_type,
                group_at_info_array: group_at_infos(group, member, user),
                show_name: if group.name.is_empty() {
                    group.id.clone()
                } else {
                    group.name.clone()
                },
                face_url: group.face_url.clone(),
                group_read_sequence: member.read_seq,
                ..Conversation::default()
            });
        }
        list.sort_by(|a, b| {
            b.active_time
                .cmp(&a.active_time)
                .then(a.conv_id.cmp(&b.conv_id))
        });
        Ok(list)
    }

    /// Mark a conversation read: unread to 0 and @ indicators cleared; in C2C the peer gets a
    /// read receipt up to now (seed-002-part1 §2.13, L3493–L3536).
    pub(crate) fn mark_read(
        &mut self,
        user: &str,
        conv_type: ConvType,
        conv_id: &str,
        now: Moment,
    ) -> Result<()> {
        match conv_type {
            ConvType::C2C => {
                if let Some(conv) = self
                    .accounts
                    .get_mut(user)
                    .and_then(|a| a.c2c.get_mut(conv_id))
                {
                    conv.unread = 0;
                }
                if let Some(peer) = self.accounts.get(conv_id) {
                    peer.push(&Event::ReadReceipt(ReadReceipt {
                        reader: user.to_owned(),
                        time: now.unix,
                    }));
                }
                Ok(())
            }
            ConvType::Group => {
                let group = self.group_mut(conv_id)?;
                let last_seq = group.last_seq;
                let member = group.members.get_mut(user).ok_or_else(|| {
                    super::groups::denied("mark the conversation read as a non-member")
                })?;
                member.read_seq = last_seq;
                member.at_me.clear();
                Ok(())
            }
            other => Err(Error::im(
                codes::INVALID_CONVERSATION,
                format!("cannot mark a {other:?} conversation read"),
            )),
        }
    }
}
