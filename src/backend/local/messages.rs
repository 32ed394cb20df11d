//! Messages: sending (C2C and group) with seq, random, server time and id; delivery to every
//! online session and storage for later; recall within the window; history paging.
//!
//! A group message is one `Arc<Message>` shared by every recipient's event; the sender's other
//! sessions get their own copy marked as theirs. Nothing per member is written when a group
//! message is sent, except the @ marks of the (at most 30) mentioned members.

use std::sync::Arc;

use super::clock::Moment;
use super::engine::State;
use super::limits;
use super::stored::MessageStore;
use crate::core::backend::HistoryQuery;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::event::{Event, RevokedMessage};
use crate::core::types::{ConvType, Message, MsgStatus};

/// The stored messages of one pair of users, oldest first, as the sender sent them.
#[derive(Debug, Default)]
pub(crate) struct C2cHistory {
    /// The messages (`conv_id` is the receiver, as the sender saw it).
    pub messages: MessageStore,
    /// The pair's last seq.
    pub last_seq: u64,
}

/// The key of the conversation between two users.
fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// `message` as `viewer` sees it in conversation `conv_id`.
pub(crate) fn as_seen_by(message: &Message, viewer: &str, conv_id: &str) -> Message {
    let mut copy = message.clone();
    copy.conv_id = conv_id.to_owned();
    copy.is_from_self = copy.sender == viewer;
    copy
}

/// Fails when the message is older than the recall window (`code`: 20016 C2C, 10031 group).
fn check_recall_window(message: &Message, state: &State, now: Moment, code: i32) -> Result<()> {
    let window = i64::try_from(state.config.recall_window.as_secs()).unwrap_or(i64::MAX);
    if now.unix.saturating_sub(message.server_time) > window {
        return Err(Error::im(
            code,
            format!("messages can be recalled for {window} s only"),
        ));
    }
    Ok(())
}

impl State {
    /// Give a sent message its identity: sender, seq, random, server time, id, status Sent.
    fn stamp(&mut self, message: &mut Message, sender: &str, seq: u64, now: Moment) {
        let unique = self.next_id();
        message.sender = sender.to_owned();
        message.seq = seq;
        if message.rand == 0 {
            message.rand = u64::from(rand::random::<u32>());
        }
        message.server_time = now.unix;
        if message.client_time == 0 {
            message.client_time = now.unix;
        }
        message.unique_id = unique;
        message.msg_id = format!("{unique}-{seq}-{}", message.rand);
        message.status = MsgStatus::Sent;
        message.is_from_self = true;
        message.sender_profile = self.accounts.get(sender).map(|a| Arc::clone(&a.profile));
    }

    /// Send `message` from `sender`'s `session`; returns it as stored (the sender's view).
    pub(crate) fn send_message(
        &mut self,
        sender: &str,
        session: u64,
        message: Message,
        now: Moment,
    ) -> Result<Message> {
        limits::check_outgoing(&message, &self.config.sensitive_words)?;
        match message.conv_type {
            ConvType::C2C => self.send_c2c(sender, session, message, now),
            ConvType::Group => self.send_group(sender, session, message, now),
            other => Err(Error::im(
                codes::INVALID_CONVERSATION,
                format!("cannot send to a {other:?} conversation"),
            )),
        }
    }

    fn send_c2c(
        &mut self,
        sender: &str,
        session: u64,
        mut message: Message,
        now: Moment,
    ) -> Result<Message> {
        let receiver = message.conv_id.clone();
        let peer = self.account(&receiver, codes::MESSAGE_INVALID_USER_ID)?;
        let blocked = peer.blocklist.contains(sender);
        if blocked && self.config.blocklist_fails_send {
            return Err(Error::im(
                codes::MESSAGE_IN_PEER_BLACKLIST,
                "the receiver blocked the sender",
            ));
        }
        if self.config.c2c_requires_friendship {
            let mutual = peer.friends.contains_key(sender)
                && self
                    .accounts
                    .get(sender)
                    .is_some_and(|a| a.friends.contains_key(&receiver));
            if !mutual {
                return Err(Error::im(
                    codes::MESSAGE_NOT_FRIENDS,
                    "only friends may send one-to-one messages",
                ));
            }
        }
        let key = pair(sender, &receiver);
        let seq = self.c2c.get(&key).map_or(0, |h| h.last_seq) + 1;
        self.stamp(&mut message, sender, seq, now);
        if blocked {
            // The blocked sender is told it was sent; nothing is stored or delivered (L7732).
            return Ok(message);
        }
        let own = Arc::new(message.clone());
        let theirs = Arc::new(as_seen_by(&message, &receiver, sender));
        let retention = self.retention();
        let history = self.c2c.entry(key).or_default();
        history.last_seq = seq;
        if !message.is_online_msg {
            history.messages.push(Arc::clone(&own), now.unix, retention);
        }
        if let Some(account) = self.accounts.get_mut(sender) {
            if !message.is_online_msg {
                account.record_c2c(&receiver, &own, false);
            }
            account.push_except(session, &Event::NewMessage(Arc::clone(&own)));
        }
        if let Some(account) = self.accounts.get_mut(&receiver) {
            if message.is_online_msg {
                account.push(&Event::NewMessage(theirs));
            } else {
                account.record_c2c(sender, &theirs, true);
                account.deliver_or_queue(Event::NewMessage(theirs));
            }
        }
        Ok(message)
    }

    fn send_group(
        &mut self,
        sender: &str,
        session: u64,
        mut message: Message,
        now: Moment,
    ) -> Result<Message> {
        let limit = self.config.group_messages_per_second;
        let group = self.group(&message.conv_id)?;
        let member = group.members.get(sender).ok_or_else(|| {
            Error::im(
                codes::GROUP_PERMISSION_DENIED,
                "only members may send to the group",
            )
        })?;
        if member.mute_until > now.unix {
            return Err(Error::im(
                codes::GROUP_SENDER_MUTED,
                "the sender is muted in the group",
            ));
        }
        if group.shutup_all && !member.role.is_admin_or_owner() {
            return Err(Error::im(
                codes::GROUP_SENDER_MUTED,
                "everyone but the owner and admins is muted",
            ));
        }
        if !group.rules.mentions && !message.group_at_user_array.is_empty() {
            return Err(Error::Limit {
                limit: "@ targets in an AVChatRoom message",
                max: 0,
                actual: message.group_at_user_array.len() as u64,
            });
        }
        let group_id = message.conv_id.clone();
        let seq = group.last_seq + 1;
        if !self
            .group_mut(&group_id)?
            .rate
            .admit(message.priority, now.instant, limit)
        {
            return Err(Error::im(
                codes::GROUP_SEND_FREQUENCY_LIMIT,
                format!("the group already took {limit} messages of this priority or higher this second"),
            ));
        }
        self.stamp(&mut message, sender, seq, now);
        let own = Arc::new(message.clone());
        let mut shared = message.clone();
        shared.is_from_self = false;
        let shared = Arc::new(shared);

        let retention = self.retention();
        let State {
            accounts, groups, ..
        } = self;
        let Some(group) = groups.get_mut(&group_id) else {
            return Ok(message);
        };
        group.last_seq = seq;
        if !message.is_online_msg {
            if group.rules.history {
                group.history.push(Arc::clone(&shared), now.unix, retention);
            }
            if !message.excluded_from_last_message {
                group.last_msg = Some(Arc::clone(&shared));
            }
            if limits::mentions_all(&message) {
                group.at_all.push((seq, sender.to_owned()));
            }
            for target in message.group_at_user_array.iter().filter(|t| *t != sender) {
                if let Some(member) = group.members.get_mut(target) {
                    member.at_me.push(seq);
                }
            }
        }
        let sender_sessions = accounts.get(sender).map_or(&[][..], |a| &a.sessions[..]);
        group.online.send(&Event::NewMessage(shared), |id| {
            sender_sessions.iter().any(|slot| slot.id == id)
        });
        if let Some(account) = accounts.get(sender) {
            account.push_except(session, &Event::NewMessage(own));
        }
        Ok(message)
    }

    /// Recall a message: C2C by its sender; in a group by its sender or an owner/admin; within
    /// the window; not in AVChatRoom. The others (and the recaller's other sessions) are told.
    pub(crate) fn revoke_message(
        &mut self,
        user: &str,
        session: u64,
        target: &Message,
        now: Moment,
    ) -> Result<()> {
        match target.conv_type {
            ConvType::C2C => self.revoke_c2c(user, session, target, now),
            ConvType::Group => self.revoke_group(user, session, target, now),
            other => Err(Error::im(
                codes::INVALID_CONVERSATION,
                format!("no messages to recall in a {other:?} conversation"),
            )),
        }
    }

    fn revoke_c2c(
        &mut self,
        user: &str,
        session: u64,
        target: &Message,
        now: Moment,
    ) -> Result<()> {
        let peer = target.conv_id.clone();
        let not_found = || {
            Error::im(
                codes::MESSAGE_RECALL_NOT_FOUND,
                "the message to recall does not exist",
            )
        };
        let history = self.c2c.get(&pair(user, &peer)).ok_or_else(not_found)?;
        let (index, stored) = history
            .messages
            .find(&target.msg_id)
            .ok_or_else(not_found)?;
        if stored.sender != user {
            return Err(Error::im(
                codes::INVALID_OPERATION,
                "only the sender may recall a one-to-one message",
            ));
        }
        if stored.status == MsgStatus::Revoked {
            return Err(Error::im(
                codes::MESSAGE_ALREADY_RECALLED,
                "the message was already recalled",
            ));
        }
        check_recall_window(&stored, self, now, codes::MESSAGE_RECALL_TIME_LIMIT)?;
        let revoked = Arc::new(Message {
            status: MsgStatus::Revoked,
            revoker_user_id: user.to_owned(),
            ..(*stored).clone()
        });
        if let Some(history) = self.c2c.get_mut(&pair(user, &peer)) {
            history.messages.replace(index, Arc::clone(&revoked));
        }
        for (viewer, other) in [(user, peer.as_str()), (peer.as_str(), user)] {
            let Some(account) = self.accounts.get_mut(viewer) else {
                continue;
            };
            if let Some(conv) = account.c2c.get_mut(other) {
                conv.replace_last(&revoked, viewer, other);
            }
            let event = Event::MessageRevoked(Box::new(RevokedMessage {
                conv_type: ConvType::C2C,
                conv_id: other.to_owned(),
                msg_id: revoked.msg_id.clone(),
                revoker: user.to_owned(),
            }));
            account.push_except(session, &event);
        }
        Ok(())
    }

    fn revoke_group(
        &mut self,
        user: &str,
        session: u64,
        target: &Message,
        now: Moment,
    ) -> Result<()> {
        let group = self.group(&target.conv_id)?;
        let role = group.role_of(user)?;
        if !group.rules.recall {
            return Err(Error::im(
                codes::GROUP_RECALL_NOT_SUPPORTED,
                "this group type does not support recall",
            ));
        }
        let (index, stored) = group.history.find(&target.msg_id).ok_or_else(|| {
            Error::im(
                codes::GROUP_RECALL_NOT_FOUND,
                "the message to recall does not exist",
            )
        })?;
        if stored.status == MsgStatus::Revoked {
            return Err(Error::im(
                codes::MESSAGE_ALREADY_RECALLED,
                "the message was already recalled",
            ));
        }
        if stored.sender != user && !role.is_admin_or_owner() {
            return Err(super::groups::denied("recall another member's message"));
        }
        check_recall_window(&stored, self, now, codes::GROUP_RECALL_TIME_LIMIT)?;
        let revoked = Arc::new(Message {
            status: MsgStatus::Revoked,
            revoker_user_id: user.to_owned(),
            ..(*stored).clone()
        });
        let State {
            accounts, groups, ..
        } = self;
        let Some(group) = groups.get_mut(&target.conv_id) else {
            return Ok(());
        };
        group.history.replace(index, Arc::clone(&revoked));
        if group
            .last_msg
            .as_ref()
            .is_some_and(|m| m.msg_id == revoked.msg_id)
        {
            group.last_msg = Some(Arc::clone(&revoked));
        }
        let event = Event::MessageRevoked(Box::new(RevokedMessage {
            conv_type: ConvType::Group,
            conv_id: group.id.clone(),
            msg_id: revoked.msg_id.clone(),
            revoker: user.to_owned(),
        }));
        for member in group.members.keys() {
            if let Some(account) = accounts.get(member) {
                account.push_except(session, &event);
            }
        }
        Ok(())
    }

    /// A page of history, newest first: C2C between the pair; group for members, since they
    /// joined (Meeting: from the start), nothing in AVChatRoom.
    pub(crate) fn history(&self, user: &str, query: &HistoryQuery) -> Result<Vec<Message>> {
        let count = query.count as usize;
        match query.conv_type {
            ConvType::C2C => {
                let Some(history) = self.c2c.get(&pair(user, &query.conv_id)) else {
                    return Ok(Vec::new());
                };
                let end = match &query.before {
                    Some(before) => match history.messages.find(&before.msg_id) {
                        Some((index, _)) => index,
                        None => history.messages.partition_point(|m| {
                            (m.server_time, m.seq) < (before.server_time, before.seq)
                        }),
                    },
                    None => history.messages.len(),
                };
                Ok(history
                    .messages
                    .newest_first(0..end)
                    .take(count)
                    .map(|m| as_seen_by(m, user, &query.conv_id))
                    .collect())
            }
            ConvType::Group => {
                let group = self.group(&query.conv_id)?;
                let member = group
                    .members
                    .get(user)
                    .ok_or_else(|| super::groups::denied("read the history as a non-member"))?;
                let floor = if group.rules.history_before_join {
                    0
                } else {
                    member.join_seq
                };
                let start = group.history.partition_point(|m| m.seq <= floor);
                let end = query
                    .before
                    .as_ref()
                    .map_or(group.history.len(), |b| {
                        group.history.partition_point(|m| m.seq < b.seq)
                    })
                    .max(start);
                Ok(group
                    .history
                    .newest_first(start..end)
                    .take(count)
                    .map(|m| as_seen_by(m, user, &group.id))
                    .collect())
            }
            other => Err(Error::im(
                codes::INVALID_CONVERSATION,
                format!("no history in a {other:?} conversation"),
            )),
        }
    }
}
