//! The group-type rule matrix, as data: one [`GroupRules`] row per group type.
//!
//! Sources: seed-002-part2 §2.2 (feature matrix, L5881–L5902 / L6249–L6271) and §2.4–§2.14,
//! seed-002-part3 §3.1–§3.5, seed-web-apicloud §2.8 (type caps, 004:L5415–L5423) and §2.3
//! (invitations never allowed in AVChatRoom and Community, 004:L905–L944). Where the documents
//! leave a cell empty (Meeting kick and mute, L5892–L5893) the engine follows the Public group
//! and says so in the row.

use crate::core::types::{GroupAddOption, GroupType, MemberRole};

/// Who may perform an action in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Nobody through the client (the app admin may, through the server API).
    Nobody,
    /// The owner only.
    Owner,
    /// The owner and the admins.
    OwnerAndAdmins,
    /// Any member.
    AnyMember,
}

impl Who {
    /// Whether a member with `role` may act.
    pub fn allows(self, role: MemberRole) -> bool {
        match self {
            Who::Nobody => false,
            Who::Owner => role == MemberRole::Owner,
            Who::OwnerAndAdmins => role.is_admin_or_owner(),
            Who::AnyMember => true,
        }
    }
}

/// How users get into a group of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinRule {
    /// Only by a member's invitation (Work); applying fails.
    InviteOnly,
    /// By applying, as the group's join option says (forbidden, approval or free).
    ByOption,
}

/// The rules of one group type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupRules {
    /// The type.
    pub group_type: GroupType,
    /// The member cap when the creator sets none (004:L5418–L5422); `u32::MAX` = unlimited.
    pub default_max_members: u32,
    /// How users join (L5960–L5961).
    pub join: JoinRule,
    /// The join option a new group gets (Public: approval, L5978; Meeting/AVChatRoom/Community:
    /// free, L5963, 004:L5421; Work: forbidden, since it is invite-only).
    pub default_add_option: GroupAddOption,
    /// Whether admins exist (Work and AVChatRoom: owner and ordinary members only, L5882).
    pub has_admins: bool,
    /// Who may invite users in (Work: any member, L5889; nobody elsewhere, L7193–L7197).
    pub invite: Who,
    /// Whether the owner may quit (Work only, L5890, L6004).
    pub owner_may_quit: bool,
    /// Who may change the group's profile (L5891, L6031–L6035).
    pub edit_profile: Who,
    /// Who may remove members; admins only ordinary members (L5892, L6200).
    pub kick: Who,
    /// Who may mute one member; admins only ordinary members (L5893, L7294–L7303).
    pub mute_member: Who,
    /// Who may mute everyone (owner/admin in every type, seed-002-part3 §3.5 L15011).
    pub mute_all: Who,
    /// Who may grant and revoke admin (owner, Public and Meeting, L6206, L6539).
    pub set_roles: Who,
    /// Who may transfer ownership (owner; not AVChatRoom, L6983, L16533).
    pub transfer: Who,
    /// Who may dismiss the group (owner; Work needs the server API, L6010–L6013).
    pub dismiss: Who,
    /// Whether unread counts exist (Work/Public yes, Meeting/AVChatRoom no, L5894, L6232–L6234).
    pub unread: bool,
    /// Whether messages are stored (history, offline catch-up, recall); not AVChatRoom (L6265,
    /// L3595).
    pub history: bool,
    /// Whether members see messages from before they joined (Meeting only, L5895, L3594).
    pub history_before_join: bool,
    /// Whether join/quit/kick tips are sent (not Meeting, L6229; AVChatRoom yes, L6230).
    pub member_change_tips: bool,
    /// Whether member-info tips (mutes) are sent (Meeting/AVChatRoom only when enabled in the
    /// console, 004:L5760–L5774: off here).
    pub member_info_tips: bool,
    /// Whether the group is in the joined-group list (not AVChatRoom, L6017–L6019).
    pub in_joined_list: bool,
    /// Whether group attributes exist (AVChatRoom only, L6086).
    pub attributes: bool,
    /// Whether messages may be recalled (not AVChatRoom, seed-002-part3 §4.7 L19439).
    pub recall: bool,
    /// Whether @ mentions are allowed (none in AVChatRoom, 004:L1675–L1677).
    pub mentions: bool,
    /// Whether members can be added at creation (not AVChatRoom, L15866).
    pub members_at_creation: bool,
}

const WORK: GroupRules = GroupRules {
    group_type: GroupType::Work,
    default_max_members: 200,
    join: JoinRule::InviteOnly,
    default_add_option: GroupAddOption::Forbid,
    has_admins: false,
    invite: Who::AnyMember,
    owner_may_quit: true,
    edit_profile: Who::AnyMember,
    kick: Who::Owner,
    mute_member: Who::Nobody,
    mute_all: Who::OwnerAndAdmins,
    set_roles: Who::Nobody,
    transfer: Who::Owner,
    dismiss: Who::Nobody,
    unread: true,
    history: true,
    history_before_join: false,
    member_change_tips: true,
    member_info_tips: true,
    in_joined_list: true,
    attributes: false,
    recall: true,
    mentions: true,
    members_at_creation: true,
};

const PUBLIC: GroupRules = GroupRules {
    group_type: GroupType::Public,
    default_max_members: 2_000,
    join: JoinRule::ByOption,
    default_add_option: GroupAddOption::Auth,
    has_admins: true,
    invite: Who::Nobody,
    owner_may_quit: false,
    edit_profile: Who::OwnerAndAdmins,
    kick: Who::OwnerAndAdmins,
    mute_member: Who::OwnerAndAdmins,
    mute_all: Who::OwnerAndAdmins,
    set_roles: Who::Owner,
    transfer: Who::Owner,
    dismiss: Who::Owner,
    unread: true,
    history: true,
    history_before_join: false,
    member_change_tips: true,
    member_info_tips: true,
    in_joined_list: true,
    attributes: false,
    recall: true,
    mentions: true,
    members_at_creation: true,
};

/// Meeting: kick and mute cells are empty in the source tables; the engine follows Public.
const MEETING: GroupRules = GroupRules {
    group_type: GroupType::Meeting,
    default_max_members: 6_000,
    default_add_option: GroupAddOption::Any,
    unread: false,
    history_before_join: true,
    member_change_tips: false,
    member_info_tips: false,
    ..PUBLIC
};

const AV_CHAT_ROOM: GroupRules = GroupRules {
    group_type: GroupType::AVChatRoom,
    default_max_members: u32::MAX,
    join: JoinRule::ByOption,
    default_add_option: GroupAddOption::Any,
    has_admins: false,
    invite: Who::Nobody,
    owner_may_quit: false,
    edit_profile: Who::Owner,
    kick: Who::Nobody,
    mute_member: Who::Owner,
    mute_all: Who::OwnerAndAdmins,
    set_roles: Who::Nobody,
    transfer: Who::Nobody,
    dismiss: Who::Owner,
    unread: false,
    history: false,
    history_before_join: false,
    member_change_tips: true,
    member_info_tips: false,
    in_joined_list: false,
    attributes: true,
    recall: false,
    mentions: false,
    members_at_creation: false,
};

/// Community: free join, up to 100,000 members, no invitations (004:L905–L944, L5421); the
/// rest as Public (topics and permission groups are not modelled).
const COMMUNITY: GroupRules = GroupRules {
    group_type: GroupType::Community,
    default_max_members: 100_000,
    default_add_option: GroupAddOption::Any,
    ..PUBLIC
};

/// The rules of every type the engine serves.
pub const ALL_RULES: [GroupRules; 5] = [WORK, PUBLIC, MEETING, AV_CHAT_ROOM, COMMUNITY];

/// The rules of `group_type`, or `None` for a type the engine does not serve (BChatRoom, unknown).
pub fn rules_for(group_type: GroupType) -> Option<&'static GroupRules> {
    ALL_RULES.iter().find(|r| r.group_type == group_type)
}
