//! [`LocalSession`]: one logged-in account on the engine, implementing every operation group
//! of [`Session`] by taking the engine's lock, checking the session is still live (logged out or
//! kicked sessions get [`crate::core::Error::NotLoggedIn`]) and calling the area's rules.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;

use super::clock::Moment;
use super::engine::{Inner, State};
use crate::core::backend::{
    ConversationOps, CreateGroupParams, FriendshipOps, GroupOps, HistoryQuery, InviteOutcome,
    InviteParams, MessageOps, ModifyGroupParams, ModifyMemberParams, ProfileUpdate, Served,
    Session, SignalingOps,
};
use crate::core::error::Result;
use crate::core::types::{
    ConvType, Conversation, FriendProfile, GroupInfo, GroupMemberInfo, GroupPendency, Message,
    UserProfile,
};

/// One account's session on the embedded engine.
#[derive(Debug)]
pub(crate) struct LocalSession {
    engine: Arc<Inner>,
    user_id: String,
    session: u64,
}

impl LocalSession {
    pub(crate) fn new(engine: Arc<Inner>, user_id: String, session: u64) -> Self {
        LocalSession {
            engine,
            user_id,
            session,
        }
    }

    /// Run `op` on the state at one moment, once the session is known to be live.
    fn with<T>(&self, op: impl FnOnce(&mut State, &str, Moment) -> Result<T>) -> Result<T> {
        let (mut state, now) = self.engine.lock_at();
        state.session_account(&self.user_id, self.session)?;
        op(&mut state, &self.user_id, now)
    }
}

impl Served for LocalSession {
    fn backend_name(&self) -> &'static str {
        "local"
    }
}

#[async_trait]
impl Session for LocalSession {
    fn user_id(&self) -> &str {
        &self.user_id
    }

    async fn logout(&self) -> Result<()> {
        self.engine.lock().logout(&self.user_id, self.session)
    }
}

#[async_trait]
impl MessageOps for LocalSession {
    async fn send_message(&self, message: Message) -> Result<Message> {
        self.with(|s, me, now| s.send_message(me, self.session, message, now))
    }

    async fn revoke_message(&self, message: &Message) -> Result<()> {
        self.with(|s, me, now| s.revoke_message(me, self.session, message, now))
    }

    async fn history(&self, query: HistoryQuery) -> Result<Vec<Message>> {
        self.with(|s, me, _| s.history(me, &query))
    }
}

#[async_trait]
impl ConversationOps for LocalSession {
    async fn conversations(&self) -> Result<Vec<Conversation>> {
        self.with(|s, me, _| s.conversations(me))
    }

    async fn mark_read(&self, conv_type: ConvType, conv_id: &str) -> Result<()> {
        self.with(|s, me, now| s.mark_read(me, conv_type, conv_id, now))
    }
}

#[async_trait]
impl GroupOps for LocalSession {
    async fn create_group(&self, params: CreateGroupParams) -> Result<String> {
        self.with(|s, me, now| s.create_group(me, params, now))
    }

    async fn dismiss_group(&self, group_id: &str) -> Result<()> {
        self.with(|s, me, _| s.dismiss_group(me, group_id))
    }

    async fn join_group(&self, group_id: &str, hello: &str) -> Result<()> {
        self.with(|s, me, now| s.join_group(me, group_id, hello, now))
    }

    async fn quit_group(&self, group_id: &str) -> Result<()> {
        self.with(|s, me, now| s.quit_group(me, group_id, now))
    }

    async fn invite_members(
        &self,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<(String, InviteOutcome)>> {
        self.with(|s, me, now| s.invite_members(me, group_id, user_ids, now))
    }

    async fn kick_members(&self, group_id: &str, user_ids: &[String], reason: &str) -> Result<()> {
        self.with(|s, me, now| s.kick_members(me, group_id, user_ids, reason, now))
    }

    async fn group_info(&self, group_ids: &[String]) -> Result<Vec<GroupInfo>> {
        self.with(|s, me, _| s.group_infos(me, group_ids))
    }

    async fn joined_groups(&self) -> Result<Vec<GroupInfo>> {
        self.with(|s, me, _| s.joined_groups(me))
    }

    async fn modify_group(&self, params: ModifyGroupParams) -> Result<()> {
        self.with(|s, me, now| s.modify_group(me, params, now))
    }

    async fn members(&self, group_id: &str) -> Result<Vec<GroupMemberInfo>> {
        self.with(|s, me, _| s.group_members(me, group_id, None))
    }

    async fn member_info(
        &self,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<GroupMemberInfo>> {
        self.with(|s, me, _| s.group_members(me, group_id, Some(user_ids)))
    }

    async fn modify_member(&self, params: ModifyMemberParams) -> Result<()> {
        self.with(|s, me, now| s.modify_member(me, params, now))
    }

    async fn pendencies(&self) -> Result<Vec<GroupPendency>> {
        self.with(|s, me, _| s.pendencies(me))
    }

    async fn handle_pendency(
        &self,
        pendency: &GroupPendency,
        accept: bool,
        reason: &str,
    ) -> Result<()> {
        self.with(|s, me, now| s.handle_pendency(me, pendency, accept, reason, now))
    }

    async fn set_group_attributes(
        &self,
        group_id: &str,
        attributes: HashMap<String, String>,
    ) -> Result<()> {
        self.with(|s, me, now| s.set_group_attributes(me, group_id, attributes, now))
    }

    async fn delete_group_attributes(&self, group_id: &str, keys: &[String]) -> Result<()> {
        self.with(|s, me, now| s.delete_group_attributes(me, group_id, keys, now))
    }

    async fn group_attributes(&self, group_id: &str) -> Result<HashMap<String, String>> {
        self.with(|s, me, _| s.group_attributes(me, group_id))
    }
}

#[async_trait]
impl SignalingOps for LocalSession {
    async fn invite(&self, params: InviteParams) -> Result<String> {
        self.engine.invite(&self.user_id, self.session, &params)
    }

    async fn cancel_invitation(&self, invite_id: &str, data: &str) -> Result<()> {
        self.with(|s, me, _| s.cancel_invitation(me, invite_id, data))
    }

    async fn accept_invitation(&self, invite_id: &str, data: &str) -> Result<()> {
        self.with(|s, me, _| s.answer_invitation(me, invite_id, data, true))
    }

    async fn reject_invitation(&self, invite_id: &str, data: &str) -> Result<()> {
        self.with(|s, me, _| s.answer_invitation(me, invite_id, data, false))
    }
}

#[async_trait]
impl FriendshipOps for LocalSession {
    async fn profiles(&self, user_ids: &[String]) -> Result<Vec<UserProfile>> {
        self.with(|s, _, _| Ok(s.profiles(user_ids)))
    }

    async fn set_profile(&self, update: ProfileUpdate) -> Result<()> {
        self.with(|s, me, _| s.set_profile(me, update))
    }

    async fn add_friend(&self, user_id: &str, wording: &str) -> Result<()> {
        self.with(|s, me, now| s.add_friend(me, user_id, wording, now))
    }

    async fn delete_friend(&self, user_id: &str) -> Result<()> {
        self.with(|s, me, _| s.delete_friend(me, user_id))
    }

    async fn friends(&self) -> Result<Vec<FriendProfile>> {
        self.with(|s, me, _| s.friends(me))
    }

    async fn add_to_blacklist(&self, user_ids: &[String]) -> Result<()> {
        self.with(|s, me, _| s.block(me, user_ids))
    }

    async fn remove_from_blacklist(&self, user_ids: &[String]) -> Result<()> {
        self.with(|s, me, _| s.unblock(me, user_ids))
    }

    async fn blacklist(&self) -> Result<Vec<String>> {
        self.with(|s, me, _| s.blocklist(me))
    }
}
