//! Groups: the group and member records with the checks shared by the group operations, and
//! creating and reading groups. Membership changes are in `membership`, profile and member
//! changes in `group_changes`; all follow the type's rules ([`super::group_rules`]).

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tokio::time::Instant;

use super::clock::Moment;
use super::engine::State;
use super::group_rules::{rules_for, GroupRules, JoinRule, Who};
use super::limits;
use super::notices::notify;
use super::online::OnlineSessions;
use super::pendency::JoinRequest;
use super::rate::SendRate;
use super::stored::MessageStore;
use crate::core::backend::CreateGroupParams;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{
    GroupAddOption, GroupInfo, GroupMemberInfo, GroupReportType, MemberRole, Message,
};

/// One member of a group.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// Owner, admin or ordinary member.
    pub role: MemberRole,
    /// When it joined, Unix seconds.
    pub join_time: i64,
    /// The group's last seq when it joined: it sees later messages only (except in Meeting).
    pub join_seq: u64,
    /// Muted until this Unix time (0 = not muted).
    pub mute_until: i64,
    /// Its name card in the group.
    pub name_card: String,
    /// Engine-wide order of joining (members list oldest first).
    pub order: u64,
    /// It has read up to this seq.
    pub read_seq: u64,
    /// Seqs of unread messages that @-mention it.
    pub at_me: Vec<u64>,
}

/// A group.
#[derive(Debug)]
pub(crate) struct Group {
    pub id: String,
    pub rules: &'static GroupRules,
    pub name: String,
    pub notification: String,
    pub introduction: String,
    pub face_url: String,
    pub add_option: GroupAddOption,
    pub max_members: u32,
    /// The owner; a Work group whose owner quit has none.
    pub owner: Option<String>,
    pub create_time: i64,
    pub info_time: i64,
    pub shutup_all: bool,
    pub members: FxHashMap<String, Member>,
    /// The members' online sessions: a message fans out to these only.
    pub online: OnlineSessions,
    /// Stored messages in seq order (types with history only).
    pub history: MessageStore,
    /// The seq of the latest message (stored or not).
    pub last_seq: u64,
    /// The latest message that counts as a conversation's last message.
    pub last_msg: Option<Arc<Message>>,
    /// Seqs of @all messages, with their senders.
    pub at_all: Vec<(u64, String)>,
    pub attributes: BTreeMap<String, String>,
    /// When the recent attribute writes happened (for the 10-per-5-s limit).
    pub attribute_writes: VecDeque<Instant>,
    pub rate: SendRate,
    pub requests: Vec<JoinRequest>,
}

/// The "no permission" error for `action` in a group.
pub(crate) fn denied(action: &str) -> Error {
    Error::im(
        codes::GROUP_PERMISSION_DENIED,
        format!("no permission to {action} in this group"),
    )
}

/// Whether an actor with `actor` role may act on a member with `target` role (kick, mute): the
/// owner on anyone else, admins on ordinary members only (L6200, L7296–L7303).
pub(crate) fn outranks(actor: MemberRole, target: MemberRole) -> bool {
    match actor {
        MemberRole::Owner => target != MemberRole::Owner,
        MemberRole::Admin => target == MemberRole::Normal,
        _ => false,
    }
}

impl Group {
    /// The member's role, or 10007 when `user` is not a member.
    pub(crate) fn role_of(&self, user: &str) -> Result<MemberRole> {
        self.members
            .get(user)
            .map(|m| m.role)
            .ok_or_else(|| denied("act as a non-member"))
    }

    /// Fails with 10007 unless `user` is a member whose role `who` allows.
    pub(crate) fn require(&self, user: &str, who: Who, action: &str) -> Result<MemberRole> {
        let role = self.role_of(user)?;
        if who.allows(role) {
            Ok(role)
        } else {
            Err(denied(action))
        }
    }

    /// Stored messages with a seq above `seq`, oldest first.
    pub(crate) fn messages_after(&self, seq: u64) -> impl Iterator<Item = &Arc<Message>> {
        self.history.after_seq(seq)
    }

    /// The group's profile as the SDK describes it.
    pub(crate) fn info(&self) -> GroupInfo {
        let to_u64 = |t: i64| u64::try_from(t).unwrap_or(0);
        GroupInfo {
            group_id: self.id.clone(),
            group_type: self.rules.group_type,
            group_name: self.name.clone(),
            notification: self.notification.clone(),
            introduction: self.introduction.clone(),
            face_url: self.face_url.clone(),
            create_time: to_u64(self.create_time),
            last_info_time: to_u64(self.info_time),
            next_msg_seq: self.last_seq + 1,
            last_msg_time: self.last_msg.as_ref().map_or(0, |m| to_u64(m.server_time)),
            member_num: u32::try_from(self.members.len()).unwrap_or(u32::MAX),
            max_member_num: self.max_members,
            add_option: self.add_option,
            is_shutup_all: self.shutup_all,
            owner_identifier: self.owner.clone().unwrap_or_default(),
            ..GroupInfo::default()
        }
    }

    /// A member's record as the SDK describes it.
    pub(crate) fn member_info(
        &self,
        user: &str,
        member: &Member,
        nick_name: &str,
    ) -> GroupMemberInfo {
        GroupMemberInfo {
            identifier: user.to_owned(),
            group_id: self.id.clone(),
            join_time: u64::try_from(member.join_time).unwrap_or(0),
            member_role: member.role,
            shutup_time: u64::try_from(member.mute_until).unwrap_or(0),
            name_card: member.name_card.clone(),
            nick_name: nick_name.to_owned(),
            ..GroupMemberInfo::default()
        }
    }

    pub(crate) fn is_full(&self) -> bool {
        u32::try_from(self.members.len()).unwrap_or(u32::MAX) >= self.max_members
    }
}

/// `users` without repetitions, in their first order.
pub(crate) fn unique(users: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    users
        .iter()
        .filter(|u| seen.insert(u.as_str()))
        .cloned()
        .collect()
}

/// Fails with 10014 when the group is full.
pub(crate) fn check_room(group: &Group) -> Result<()> {
    if group.is_full() {
        return Err(Error::im(
            codes::GROUP_FULL,
            format!("group {} is full", group.id),
        ));
    }
    Ok(())
}

/// Checks a custom group id (printable ASCII, at most 48 bytes, not `@TGS#…`; 10015).
fn check_group_id(id: &str) -> Result<()> {
    let printable = id.bytes().all(|b| (0x20..=0x7e).contains(&b));
    if id.is_empty()
        || !printable
        || id.len() > limits::MAX_GROUP_ID_BYTES
        || id.starts_with(limits::ASSIGNED_GROUP_ID_PREFIX)
    {
        return Err(Error::im(
            codes::GROUP_INVALID_GROUP_ID,
            format!(
                "group id {id:?} must be 1 to 48 printable ASCII bytes, not starting with @TGS#"
            ),
        ));
    }
    Ok(())
}

/// Checks the profile texts against their byte limits (8502–8505); the name must not be empty.
pub(crate) fn check_profile(
    name: Option<&str>,
    introduction: Option<&str>,
    notification: Option<&str>,
    face_url: Option<&str>,
) -> Result<()> {
    if let Some(name) = name {
        if name.is_empty() {
            return Err(Error::im(
                codes::SDK_GROUP_INVALID_NAME,
                "the group name is empty",
            ));
        }
        limits::check_bytes(
            "group name",
            name,
            limits::MAX_GROUP_NAME_BYTES,
            codes::SDK_GROUP_INVALID_NAME,
        )?;
    }
    if let Some(text) = introduction {
        limits::check_bytes(
            "group introduction",
            text,
            limits::MAX_GROUP_INTRODUCTION_BYTES,
            codes::SDK_GROUP_INVALID_INTRODUCTION,
        )?;
    }
    if let Some(text) = notification {
        limits::check_bytes(
            "group notification",
            text,
            limits::MAX_GROUP_NOTIFICATION_BYTES,
            codes::SDK_GROUP_INVALID_NOTIFICATION,
        )?;
    }
    if let Some(url) = face_url {
        limits::check_bytes(
            "group face URL",
            url,
            limits::MAX_GROUP_FACE_URL_BYTES,
            codes::SDK_GROUP_INVALID_FACE_URL,
        )?;
    }
    Ok(())
}

impl State {
    /// The group `group_id`, or 10010.
    pub(crate) fn group(&self, group_id: &str) -> Result<&Group> {
        self.groups.get(group_id).ok_or_else(|| {
            Error::im(
                codes::GROUP_NOT_FOUND,
                format!("group {group_id:?} does not exist"),
            )
        })
    }

    /// The group `group_id` for changing, or 10010.
    pub(crate) fn group_mut(&mut self, group_id: &str) -> Result<&mut Group> {
        self.groups.get_mut(group_id).ok_or_else(|| {
            Error::im(
                codes::GROUP_NOT_FOUND,
                format!("group {group_id:?} does not exist"),
            )
        })
    }

    /// Create a group owned by `owner` with `params`; the initial members join without being
    /// asked and get an invitation notice; the owner gets the "created" notice.
    pub(crate) fn create_group(
        &mut self,
        owner: &str,
        params: CreateGroupParams,
        now: Moment,
    ) -> Result<String> {
        let rules = rules_for(params.group_type).ok_or_else(|| {
            Error::im(
                codes::GROUP_INVALID_PARAMETERS,
                format!(
                    "the engine does not serve groups of type {:?}",
                    params.group_type
                ),
            )
        })?;
        check_profile(
            Some(&params.name),
            Some(&params.introduction),
            Some(&params.notification),
            Some(&params.face_url),
        )?;
        self.account(owner, codes::GROUP_ACCOUNT_NOT_FOUND)?;
        let max_members = params.max_member_num.unwrap_or(rules.default_max_members);
        if max_members == 0 || max_members > rules.default_max_members {
            return Err(Error::im(
                codes::GROUP_INVALID_PARAMETERS,
                format!(
                    "a {:?} group holds 1 to {} members",
                    rules.group_type, rules.default_max_members
                ),
            ));
        }
        let members: Vec<String> = unique(&params.members)
            .into_iter()
            .filter(|m| m != owner)
            .collect();
        if !members.is_empty() && !rules.members_at_creation {
            return Err(denied("add members at creation"));
        }
        if members.len() + 1 > max_members as usize {
            return Err(Error::im(
                codes::GROUP_FULL,
                "more initial members than the group holds",
            ));
        }
        for member in &members {
            self.account(member, codes::GROUP_ACCOUNT_NOT_FOUND)?;
        }
        let group_id = match &params.group_id {
            Some(id) => {
                check_group_id(id)?;
                if self.groups.contains_key(id) {
                    return Err(Error::im(
                        codes::GROUP_ID_IN_USE,
                        format!("group id {id:?} is taken"),
                    ));
                }
                id.clone()
            }
            None => format!("{}{}", limits::ASSIGNED_GROUP_ID_PREFIX, self.next_id()),
        };
        let add_option = match params.add_option {
            None | Some(GroupAddOption::Unset) => rules.default_add_option,
            Some(option) => option,
        };
        self.groups.insert(
            group_id.clone(),
            Group {
                id: group_id.clone(),
                rules,
                name: params.name,
                notification: params.notification,
                introduction: params.introduction,
                face_url: params.face_url,
                add_option,
                max_members,
                owner: Some(owner.to_owned()),
                create_time: now.unix,
                info_time: now.unix,
                shutup_all: false,
                members: FxHashMap::default(),
                online: OnlineSessions::default(),
                history: MessageStore::default(),
                last_seq: 0,
                last_msg: None,
                at_all: Vec::new(),
                attributes: BTreeMap::new(),
                attribute_writes: VecDeque::new(),
                rate: SendRate::default(),
                requests: Vec::new(),
            },
        );
        self.add_member(&group_id, owner, MemberRole::Owner, now);
        for member in &members {
            self.add_member(&group_id, member, MemberRole::Normal, now);
        }
        let State {
            accounts, groups, ..
        } = self;
        if let Some(group) = groups.get(&group_id) {
            notify(
                accounts,
                owner,
                group.report(GroupReportType::Create, owner, ""),
            );
            for member in &members {
                notify(
                    accounts,
                    member,
                    group.report(GroupReportType::Invite, owner, ""),
                );
            }
        }
        Ok(group_id)
    }

    /// Put `user` into the group with `role` (no checks, no tips).
    pub(crate) fn add_member(&mut self, group_id: &str, user: &str, role: MemberRole, now: Moment) {
        let order = self.next_id();
        let Some(group) = self.groups.get_mut(group_id) else {
            return;
        };
        group.members.insert(
            user.to_owned(),
            Member {
                role,
                join_time: now.unix,
                join_seq: group.last_seq,
                mute_until: 0,
                name_card: String::new(),
                order,
                read_seq: group.last_seq,
                at_me: Vec::new(),
            },
        );
        if let Some(account) = self.accounts.get_mut(user) {
            account.groups.insert(group_id.to_owned());
            for slot in &account.sessions {
                group.online.insert(slot.id, &slot.events);
            }
        }
    }

    /// Take `user` out of the group (no checks, no tips).
    pub(crate) fn remove_member(&mut self, group_id: &str, user: &str) {
        let State {
            accounts, groups, ..
        } = self;
        let account = accounts.get_mut(user);
        if let Some(group) = groups.get_mut(group_id) {
            group.members.remove(user);
            for slot in account.iter().flat_map(|a| &a.sessions) {
                group.online.remove(slot.id);
            }
            if group.owner.as_deref() == Some(user) {
                group.owner = None;
            }
        }
        if let Some(account) = account {
            account.groups.remove(group_id);
            account.group_sync.remove(group_id);
        }
    }

    /// Profiles of groups; a Work group's profile only for its members (L14611).
    pub(crate) fn group_infos(&self, user: &str, group_ids: &[String]) -> Result<Vec<GroupInfo>> {
        group_ids
            .iter()
            .map(|id| {
                let group = self.group(id)?;
                if group.rules.join == JoinRule::InviteOnly && !group.members.contains_key(user) {
                    return Err(denied("read a Work group's profile as a non-member"));
                }
                Ok(group.info())
            })
            .collect()
    }

    /// The groups `user` is in that the joined-group list shows (not AVChatRoom).
    pub(crate) fn joined_groups(&self, user: &str) -> Result<Vec<GroupInfo>> {
        let account = self.account(user, codes::GROUP_ACCOUNT_NOT_FOUND)?;
        Ok(account
            .groups
            .iter()
            .filter_map(|id| self.groups.get(id))
            .filter(|g| g.rules.in_joined_list)
            .map(Group::info)
            .collect())
    }

    /// Members of a group, oldest first; `only` limits them to some users. Members only.
    pub(crate) fn group_members(
        &self,
        user: &str,
        group_id: &str,
        only: Option<&[String]>,
    ) -> Result<Vec<GroupMemberInfo>> {
        let group = self.group(group_id)?;
        group.role_of(user)?;
        let mut members: Vec<(&String, &Member)> = group
            .members
            .iter()
            .filter(|(id, _)| only.is_none_or(|ids| ids.contains(id)))
            .collect();
        members.sort_by_key(|(_, member)| member.order);
        Ok(members
            .into_iter()
            .map(|(id, member)| {
                let nick = self
                    .accounts
                    .get(id)
                    .map_or("", |a| a.profile.nick_name.as_str());
                group.member_info(id, member, nick)
            })
            .collect())
    }
}
