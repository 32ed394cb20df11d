//! [`TencentSession`]: one logged-in bot account, its operations made through the REST API as
//! the app's admin on the account's behalf (`From_Account` / `Owner_Account` / `Operator_Account`
//! set to the account).
//!
//! What REST offers: sending (C2C and group, with @ mentions, priority, online-only, targeted
//! members, unread / last-message exclusion, callback suppression), recalling, history, group
//! creation, joining and leaving (the admin adds or removes the account), invitations (added
//! directly), kicking, profile changes with the whole-group mute, members and their info, and
//! muting one member. Everything else answers `Unsupported` naming the operation:
//! conversations, signaling, friendship and profiles, group info lists, pendencies, group
//! attributes, dismissing a group, transferring ownership and changing a member's role or name
//! card.

use std::sync::Arc;

use async_trait::async_trait;

use super::backend::BACKEND_NAME;
use super::rest::{
    limits, C2cHistoryQuery, CreateGroup, GroupHistoryMessage, InitialMember, ModifyGroupBaseInfo,
    RestClient, RestMember, RoamMessage, SendC2c, SendGroup, FORBID_AFTER_SEND_CALLBACK,
    FORBID_BEFORE_SEND_CALLBACK, NO_LAST_MSG, NO_UNREAD, RECALLED_FLAG,
};
use super::webhook::translate::{group_msg_id, parse_group_msg_id};
use super::webhook::Registry;
use crate::core::backend::{
    ConversationOps, CreateGroupParams, FriendshipOps, GroupOps, HistoryQuery, InviteOutcome,
    MessageOps, ModifyGroupParams, ModifyMemberParams, Served, Session, SignalingOps,
};
use crate::core::codes;
use crate::core::rest::RestMessage;
use crate::core::types::{
    ConvType, GroupAddOption, GroupMemberInfo, GroupType, MemberRole, Message, MsgPriority,
    MsgStatus,
};
use crate::core::{Error, Result};

/// Members read per `get_group_member_info` page.
const MEMBER_PAGE: u32 = 100;

/// One bot account logged in to Tencent Cloud IM.
#[derive(Debug)]
pub struct TencentSession {
    user_id: String,
    rest: RestClient,
    registry: Arc<Registry>,
    registration: u64,
}

impl TencentSession {
    /// The session of `user_id`, registered with `registry` as `registration`.
    pub fn new(
        user_id: String,
        rest: RestClient,
        registry: Arc<Registry>,
        registration: u64,
    ) -> Self {
        TencentSession {
            user_id,
            rest,
            registry,
            registration,
        }
    }

    async fn send_c2c(&self, message: Message) -> Result<Message> {
        let random = random_of(&message);
        let send = SendC2c {
            sync_other_machine: None,
            from_account: Some(self.user_id.clone()),
            msg_life_time: message.is_online_msg.then_some(0),
            msg_random: random,
            forbid_callback_control: forbidden_callbacks(&message),
            send_msg_control: send_controls(&message),
            is_need_read_receipt: u8::from(message.need_read_receipt),
            message: RestMessage::from_message(&message)?,
        };
        let sent = self.rest.send_c2c(&message.conv_id, &send).await?;
        Ok(Message {
            msg_id: sent.msg_key,
            server_time: sent.msg_time,
            rand: u64::from(random),
            ..self.as_sent(message)
        })
    }

    async fn send_group(&self, message: Message) -> Result<Message> {
        let random = random_of(&message);
        let send = SendGroup {
            group_id: message.conv_id.clone(),
            random,
            msg_priority: priority_name(message.priority),
            from_account: Some(self.user_id.clone()),
            online_only_flag: u8::from(message.is_online_msg),
            // The page forbids combining SendMsgControl with OnlineOnlyFlag.
            send_msg_control: if message.is_online_msg {
                Vec::new()
            } else {
                send_controls(&message)
            },
            forbid_callback_control: forbidden_callbacks(&message),
            to_account: message.target_group_member_array.clone(),
            topic_id: None,
            message: RestMessage::from_message(&message)?,
        };
        let sent = self.rest.send_group(&send).await?;
        if !sent.msg_drop_reason.is_empty() {
            return Err(Error::im(
                codes::GROUP_SEND_FREQUENCY_LIMIT,
                format!("the service dropped the message: {}", sent.msg_drop_reason),
            ));
        }
        Ok(Message {
            msg_id: group_msg_id(&message.conv_id, sent.msg_seq),
            seq: sent.msg_seq,
            server_time: sent.msg_time,
            rand: u64::from(random),
            ..self.as_sent(message)
        })
    }

    fn as_sent(&self, message: Message) -> Message {
        Message {
            sender: self.user_id.clone(),
            is_from_self: true,
            status: MsgStatus::Sent,
            ..message
        }
    }

    async fn c2c_history(&self, query: HistoryQuery) -> Result<Vec<Message>> {
        let (max_time, skip_key) = match &query.before {
            Some(before) => (before.server_time, Some(before.msg_id.clone())),
            None => (i64::from(u32::MAX), None),
        };
        let page = self
            .rest
            .c2c_history(&C2cHistoryQuery {
                operator_account: self.user_id.clone(),
                peer_account: query.conv_id.clone(),
                max_cnt: query.count.saturating_add(u32::from(skip_key.is_some())),
                min_time: 0,
                max_time,
                last_msg_key: None,
            })
            .await?;
        let mut messages: Vec<Message> = page
            .messages
            .iter()
            .filter(|roam| Some(&roam.msg_key) != skip_key.as_ref())
            .map(|roam| self.roam_message(&query.conv_id, roam))
            .collect();
        messages.sort_by_key(|m| std::cmp::Reverse((m.server_time, m.seq)));
        messages.truncate(query.count as usize);
        Ok(messages)
    }

    fn roam_message(&self, peer: &str, roam: &RoamMessage) -> Message {
        Message {
            conv_type: ConvType::C2C,
            conv_id: peer.to_owned(),
            sender: roam.from_account.clone(),
            is_from_self: roam.from_account == self.user_id,
            server_time: roam.msg_time_stamp,
            client_time: roam.msg_time_stamp,
            seq: roam.msg_seq,
            rand: roam.msg_random,
            msg_id: roam.msg_key.clone(),
            status: if roam.msg_flag_bits & RECALLED_FLAG != 0 {
                MsgStatus::Revoked
            } else {
                MsgStatus::Sent
            },
            ..roam.message.to_message()
        }
    }

    async fn group_history(&self, query: HistoryQuery) -> Result<Vec<Message>> {
        let mut next = query
            .before
            .as_ref()
            .map(|before| before.seq.saturating_sub(1));
        let mut messages = Vec::new();
        while messages.len() < query.count as usize && next != Some(0) {
            let wanted =
                (query.count as usize - messages.len()).min(limits::GROUP_HISTORY_PAGE as usize);
            let page = self
                .rest
                .group_history(&query.conv_id, wanted as u32, next)
                .await?;
            let oldest = page.messages.iter().map(|m| m.msg_seq).min();
            messages.extend(
                page.messages
                    .iter()
                    .map(|m| self.group_history_message(&query.conv_id, m)),
            );
            match oldest {
                Some(seq) if page.is_finished == 0 => next = Some(seq.saturating_sub(1)),
                _ => break,
            }
        }
        messages.sort_by_key(|m| std::cmp::Reverse(m.seq));
        messages.truncate(query.count as usize);
        Ok(messages)
    }

    fn group_history_message(&self, group_id: &str, item: &GroupHistoryMessage) -> Message {
        Message {
            conv_type: ConvType::Group,
            conv_id: group_id.to_owned(),
            sender: item.from_account.clone(),
            is_from_self: item.from_account == self.user_id,
            server_time: item.msg_time_stamp,
            client_time: item.msg_time_stamp,
            seq: item.msg_seq,
            rand: item.msg_random,
            msg_id: group_msg_id(group_id, item.msg_seq),
            status: match item.is_place_msg {
                2 => MsgStatus::Revoked,
                1 => MsgStatus::Deleted,
                _ => MsgStatus::Sent,
            },
            ..item.message.to_message()
        }
    }

    async fn all_members(&self, group_id: &str) -> Result<Vec<RestMember>> {
        let mut members = Vec::new();
        loop {
            let offset = u32::try_from(members.len()).unwrap_or(u32::MAX);
            let page = self
                .rest
                .group_members(group_id, MEMBER_PAGE, offset)
                .await?;
            let got = page.members.len();
            members.extend(page.members);
            if got == 0 || members.len() >= page.member_num as usize {
                return Ok(members);
            }
        }
    }
}

impl Served for TencentSession {
    fn backend_name(&self) -> &'static str {
        BACKEND_NAME
    }
}

#[async_trait]
impl Session for TencentSession {
    fn user_id(&self) -> &str {
        &self.user_id
    }

    async fn logout(&self) -> Result<()> {
        self.registry.unregister(&self.user_id, self.registration);
        Ok(())
    }
}

#[async_trait]
impl MessageOps for TencentSession {
    async fn send_message(&self, message: Message) -> Result<Message> {
        match message.conv_type {
            ConvType::C2C => self.send_c2c(message).await,
            ConvType::Group => self.send_group(message).await,
            other => Err(Error::invalid(
                "message",
                format!("cannot send to a {other:?} conversation"),
            )),
        }
    }

    async fn revoke_message(&self, message: &Message) -> Result<()> {
        match message.conv_type {
            ConvType::C2C => {
                let (from, to) = if message.sender == self.user_id || message.sender.is_empty() {
                    (self.user_id.as_str(), message.conv_id.as_str())
                } else {
                    (message.sender.as_str(), self.user_id.as_str())
                };
                self.rest.withdraw_c2c(from, to, &message.msg_id).await
            }
            ConvType::Group => {
                let seq = match message.seq {
                    0 => parse_group_msg_id(&message.msg_id).map(|(_, seq)| seq),
                    seq => Some(seq),
                }
                .ok_or_else(|| {
                    Error::invalid("message", "a group message to recall needs its seq")
                })?;
                let results = self
                    .rest
                    .recall_group_messages(&message.conv_id, &[seq])
                    .await?;
                match results.iter().find(|result| result.ret_code != 0) {
                    Some(failed) => Err(codes::im_error(failed.ret_code)),
                    None => Ok(()),
                }
            }
            other => Err(Error::invalid(
                "message",
                format!("cannot recall in a {other:?} conversation"),
            )),
        }
    }

    async fn history(&self, query: HistoryQuery) -> Result<Vec<Message>> {
        match query.conv_type {
            ConvType::C2C => self.c2c_history(query).await,
            ConvType::Group => self.group_history(query).await,
            other => Err(Error::invalid(
                "history query",
                format!("no history for a {other:?} conversation"),
            )),
        }
    }
}

#[async_trait]
impl GroupOps for TencentSession {
    async fn create_group(&self, params: CreateGroupParams) -> Result<String> {
        let request = CreateGroup {
            owner_account: Some(self.user_id.clone()),
            group_type: group_type_name(params.group_type)?,
            group_id: params.group_id,
            name: params.name,
            introduction: non_empty(params.introduction),
            notification: non_empty(params.notification),
            face_url: non_empty(params.face_url),
            max_member_count: params.max_member_num,
            apply_join_option: params.add_option.and_then(add_option_name),
            member_list: params
                .members
                .into_iter()
                .map(|account| InitialMember {
                    account,
                    role: None,
                })
                .collect(),
        };
        self.rest.create_group(&request).await
    }

    async fn join_group(&self, group_id: &str, hello: &str) -> Result<()> {
        let _ = hello;
        let outcomes = self
            .invite_members(group_id, std::slice::from_ref(&self.user_id))
            .await?;
        match outcomes.first() {
            Some((_, InviteOutcome::Failed(code))) => Err(codes::im_error(*code)),
            _ => Ok(()),
        }
    }

    async fn quit_group(&self, group_id: &str) -> Result<()> {
        self.rest
            .delete_group_members(group_id, std::slice::from_ref(&self.user_id), false, "")
            .await
    }

    async fn invite_members(
        &self,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<(String, InviteOutcome)>> {
        let results = self
            .rest
            .add_group_members(group_id, user_ids, false)
            .await?;
        Ok(results
            .into_iter()
            .map(|result| {
                let outcome = match result.result {
                    1 => InviteOutcome::Added,
                    2 => InviteOutcome::AlreadyMember,
                    3 => InviteOutcome::Invited,
                    // The answer says only "failed"; an unknown account is the documented cause.
                    _ => InviteOutcome::Failed(codes::GROUP_ACCOUNT_NOT_FOUND),
                };
                (result.account, outcome)
            })
            .collect())
    }

    async fn kick_members(&self, group_id: &str, user_ids: &[String], reason: &str) -> Result<()> {
        self.rest
            .delete_group_members(group_id, user_ids, false, reason)
            .await
    }

    async fn modify_group(&self, params: ModifyGroupParams) -> Result<()> {
        if params.new_owner.is_some() {
            return Err(self.unsupported("groups.transfer_owner"));
        }
        let request = ModifyGroupBaseInfo {
            group_id: params.group_id,
            name: params.name,
            introduction: params.introduction,
            notification: params.notification,
            face_url: params.face_url,
            max_member_num: params.max_member_num,
            apply_join_option: params.add_option.and_then(add_option_name),
            mute_all_member: params.shutup_all.map(|on| if on { "On" } else { "Off" }),
        };
        self.rest.modify_group_base_info(&request).await
    }

    async fn members(&self, group_id: &str) -> Result<Vec<GroupMemberInfo>> {
        let members = self.all_members(group_id).await?;
        Ok(members.iter().map(|m| member_info(group_id, m)).collect())
    }

    async fn member_info(
        &self,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<GroupMemberInfo>> {
        let members = self.all_members(group_id).await?;
        Ok(members
            .iter()
            .filter(|m| user_ids.contains(&m.account))
            .map(|m| member_info(group_id, m))
            .collect())
    }

    async fn modify_member(&self, params: ModifyMemberParams) -> Result<()> {
        if params.role.is_some() || params.name_card.is_some() {
            return Err(self.unsupported("groups.modify_member (role, name card)"));
        }
        match params.shutup_secs {
            Some(seconds) => {
                self.rest
                    .mute_members(
                        &params.group_id,
                        std::slice::from_ref(&params.user_id),
                        seconds,
                    )
                    .await
            }
            None => Ok(()),
        }
    }
}

#[async_trait]
impl ConversationOps for TencentSession {}

#[async_trait]
impl SignalingOps for TencentSession {}

#[async_trait]
impl FriendshipOps for TencentSession {}

/// The `ForbidCallbackControl` entries for a message that opts out of the before- or
/// after-send callback.
fn forbidden_callbacks(message: &Message) -> Vec<String> {
    let pre = message
        .disable_cloud_message_pre_hook
        .then_some(FORBID_BEFORE_SEND_CALLBACK);
    let post = message
        .disable_cloud_message_post_hook
        .then_some(FORBID_AFTER_SEND_CALLBACK);
    [pre, post]
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .collect()
}

/// The message's own random number, or a fresh one.
fn random_of(message: &Message) -> u32 {
    match u32::try_from(message.rand) {
        Ok(random) if random != 0 => random,
        _ => rand::random(),
    }
}

fn send_controls(message: &Message) -> Vec<String> {
    let mut controls = Vec::new();
    if message.excluded_from_unread_count {
        controls.push(NO_UNREAD.to_owned());
    }
    if message.excluded_from_last_message {
        controls.push(NO_LAST_MSG.to_owned());
    }
    controls
}

/// `MsgPriority` as `send_group_msg` spells it (it has no "Lowest"; that is sent as "Low").
fn priority_name(priority: MsgPriority) -> Option<&'static str> {
    match priority {
        MsgPriority::High => Some("High"),
        MsgPriority::Normal => None,
        MsgPriority::Low | MsgPriority::Lowest => Some("Low"),
        MsgPriority::Unknown(_) => None,
    }
}

fn group_type_name(group_type: GroupType) -> Result<&'static str> {
    Ok(match group_type {
        GroupType::Work => "Work",
        GroupType::Public => "Public",
        GroupType::Meeting => "Meeting",
        GroupType::AVChatRoom => "AVChatRoom",
        GroupType::Community => "Community",
        other => {
            return Err(Error::invalid(
                "group type",
                format!("{other:?} cannot be created through the REST API"),
            ))
        }
    })
}

fn add_option_name(option: GroupAddOption) -> Option<&'static str> {
    match option {
        GroupAddOption::Forbid => Some("DisableApply"),
        GroupAddOption::Auth => Some("NeedPermission"),
        GroupAddOption::Any => Some("FreeAccess"),
        _ => None,
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn member_info(group_id: &str, member: &RestMember) -> GroupMemberInfo {
    GroupMemberInfo {
        identifier: member.account.clone(),
        group_id: group_id.to_owned(),
        join_time: member.join_time,
        member_role: match member.role.trim() {
            "Owner" => MemberRole::Owner,
            "Admin" => MemberRole::Admin,
            "Member" => MemberRole::Normal,
            _ => MemberRole::None,
        },
        msg_seq: member.msg_seq,
        shutup_time: member.shut_up_until,
        name_card: member.name_card.clone(),
        ..GroupMemberInfo::default()
    }
}
