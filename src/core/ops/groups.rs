//! Group operations (`TIMGroup*`): create, join, invite, kick, mute, roles, pendencies,
//! attributes.

use std::collections::HashMap;

use async_trait::async_trait;

use crate::core::backend::Served;
use crate::core::error::Result;
use crate::core::types::{
    GroupAddOption, GroupInfo, GroupMemberInfo, GroupPendency, GroupType, MemberRole,
};

/// What a new group looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateGroupParams {
    /// A chosen group id, or `None` to let the service pick one.
    pub group_id: Option<String>,
    /// The group type (Work, Public, Meeting, AVChatRoom, Community).
    pub group_type: GroupType,
    /// The group's name.
    pub name: String,
    /// Members to add at creation (not allowed for AVChatRoom).
    pub members: Vec<String>,
    /// How others may join; `None` takes the type's default.
    pub add_option: Option<GroupAddOption>,
    /// The announcement.
    pub notification: String,
    /// The introduction.
    pub introduction: String,
    /// The avatar URL.
    pub face_url: String,
    /// The member cap; `None` takes the type's default.
    pub max_member_num: Option<u32>,
}

impl CreateGroupParams {
    /// A group of `group_type` named `name`, with every other field defaulted.
    pub fn new(group_type: GroupType, name: impl Into<String>) -> Self {
        CreateGroupParams {
            group_id: None,
            group_type,
            name: name.into(),
            members: Vec::new(),
            add_option: None,
            notification: String::new(),
            introduction: String::new(),
            face_url: String::new(),
            max_member_num: None,
        }
    }
}

/// Changes to a group's profile; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModifyGroupParams {
    /// The group to change.
    pub group_id: String,
    /// New name.
    pub name: Option<String>,
    /// New announcement.
    pub notification: Option<String>,
    /// New introduction.
    pub introduction: Option<String>,
    /// New avatar URL.
    pub face_url: Option<String>,
    /// New join option.
    pub add_option: Option<GroupAddOption>,
    /// New member cap.
    pub max_member_num: Option<u32>,
    /// Mute (`true`) or unmute (`false`) everyone but the owner and admins.
    pub shutup_all: Option<bool>,
    /// Transfer ownership to this member.
    pub new_owner: Option<String>,
}

/// Changes to one member; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModifyMemberParams {
    /// The group.
    pub group_id: String,
    /// The member.
    pub user_id: String,
    /// New role (grant or revoke admin).
    pub role: Option<MemberRole>,
    /// Mute for this many seconds; `Some(0)` unmutes.
    pub shutup_secs: Option<u32>,
    /// New group name card.
    pub name_card: Option<String>,
}

/// What happened to one user of an invitation (`HandleGroupMemberResult`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteOutcome {
    /// Added to the group.
    Added,
    /// Was already a member.
    AlreadyMember,
    /// Invited; the invitee (or an admin) must approve.
    Invited,
    /// Could not be added; the IM's error code says why.
    Failed(i32),
}

/// Group management.
#[async_trait]
pub trait GroupOps: Served {
    /// Create a group; returns its id.
    async fn create_group(&self, params: CreateGroupParams) -> Result<String> {
        let _ = params;
        Err(self.unsupported("groups.create"))
    }

    /// Dismiss a group (owner only; not for Work groups on the client side).
    async fn dismiss_group(&self, group_id: &str) -> Result<()> {
        let _ = group_id;
        Err(self.unsupported("groups.dismiss"))
    }

    /// Ask to join a group (joins at once, or files a request, as the group's option says).
    async fn join_group(&self, group_id: &str, hello: &str) -> Result<()> {
        let _ = (group_id, hello);
        Err(self.unsupported("groups.join"))
    }

    /// Leave a group.
    async fn quit_group(&self, group_id: &str) -> Result<()> {
        let _ = group_id;
        Err(self.unsupported("groups.quit"))
    }

    /// Invite users; one outcome per user, in the order given.
    async fn invite_members(
        &self,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<(String, InviteOutcome)>> {
        let _ = (group_id, user_ids);
        Err(self.unsupported("groups.invite"))
    }

    /// Remove members.
    async fn kick_members(&self, group_id: &str, user_ids: &[String], reason: &str) -> Result<()> {
        let _ = (group_id, user_ids, reason);
        Err(self.unsupported("groups.kick"))
    }

    /// Profiles of groups.
    async fn group_info(&self, group_ids: &[String]) -> Result<Vec<GroupInfo>> {
        let _ = group_ids;
        Err(self.unsupported("groups.info"))
    }

    /// Groups this account is a member of.
    async fn joined_groups(&self) -> Result<Vec<GroupInfo>> {
        Err(self.unsupported("groups.joined"))
    }

    /// Change a group's profile, mute-all switch or owner.
    async fn modify_group(&self, params: ModifyGroupParams) -> Result<()> {
        let _ = params;
        Err(self.unsupported("groups.modify"))
    }

    /// Every member of a group.
    async fn members(&self, group_id: &str) -> Result<Vec<GroupMemberInfo>> {
        let _ = group_id;
        Err(self.unsupported("groups.members"))
    }

    /// Some members of a group.
    async fn member_info(
        &self,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<GroupMemberInfo>> {
        let _ = (group_id, user_ids);
        Err(self.unsupported("groups.member_info"))
    }

    /// Change a member's role, mute or name card.
    async fn modify_member(&self, params: ModifyMemberParams) -> Result<()> {
        let _ = params;
        Err(self.unsupported("groups.modify_member"))
    }

    /// Join requests and invitations waiting for this account.
    async fn pendencies(&self) -> Result<Vec<GroupPendency>> {
        Err(self.unsupported("groups.pendencies"))
    }

    /// Accept or refuse a pending request; a request is decided once.
    async fn handle_pendency(
        &self,
        pendency: &GroupPendency,
        accept: bool,
        reason: &str,
    ) -> Result<()> {
        let _ = (pendency, accept, reason);
        Err(self.unsupported("groups.handle_pendency"))
    }

    /// Set (add or overwrite) group attributes.
    async fn set_group_attributes(
        &self,
        group_id: &str,
        attributes: HashMap<String, String>,
    ) -> Result<()> {
        let _ = (group_id, attributes);
        Err(self.unsupported("groups.set_attributes"))
    }

    /// Delete group attributes by key.
    async fn delete_group_attributes(&self, group_id: &str, keys: &[String]) -> Result<()> {
        let _ = (group_id, keys);
        Err(self.unsupported("groups.delete_attributes"))
    }

    /// All attributes of a group.
    async fn group_attributes(&self, group_id: &str) -> Result<HashMap<String, String>> {
        let _ = group_id;
        Err(self.unsupported("groups.attributes"))
    }
}
