//! Group membership: joining (free or by request), quitting, inviting, kicking and
//! dismissing, each checked against the type's rules and followed by the tips and notices the
//! documents name (seed-002-part2 §2.4–§2.6, §2.13, §2.17).

use super::clock::Moment;
use super::engine::State;
use super::group_rules::JoinRule;
use super::groups::{check_room, denied, outranks, unique};
use super::notices::notify;
use crate::core::backend::InviteOutcome;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{
    GroupAddOption, GroupJoinType, GroupReportType, GroupTipType, MemberRole,
};

impl State {
    /// Add users as the app admin: any type but AVChatRoom, no approval; a join tip follows.
    pub(crate) fn admin_add_members(
        &mut self,
        group_id: &str,
        users: &[String],
        now: Moment,
    ) -> Result<()> {
        let group = self.group(group_id)?;
        if !group.rules.members_at_creation {
            return Err(denied(
                "add members (nobody may add members to an AVChatRoom)",
            ));
        }
        let new: Vec<String> = unique(users)
            .into_iter()
            .filter(|u| !group.members.contains_key(u))
            .collect();
        if group.members.len() + new.len() > group.max_members as usize {
            return Err(Error::im(
                codes::GROUP_FULL,
                format!("group {group_id} is full"),
            ));
        }
        for user in &new {
            self.account(user, codes::GROUP_ACCOUNT_NOT_FOUND)?;
        }
        for user in &new {
            self.add_member(group_id, user, MemberRole::Normal, now);
        }
        self.announce_joined(group_id, "", new, GroupJoinType::Invite, now);
        Ok(())
    }

    /// Tell the group that `users` joined (tip, where the type sends member tips) and tell each
    /// of them, when `op_user` pulled them in, with an invitation notice.
    fn announce_joined(
        &mut self,
        group_id: &str,
        op_user: &str,
        users: Vec<String>,
        how: GroupJoinType,
        now: Moment,
    ) {
        if users.is_empty() {
            return;
        }
        let State {
            accounts, groups, ..
        } = self;
        let Some(group) = groups.get(group_id) else {
            return;
        };
        if how == GroupJoinType::Invite {
            for user in &users {
                notify(
                    accounts,
                    user,
                    group.report(GroupReportType::Invite, op_user, ""),
                );
            }
        }
        if group.rules.member_change_tips {
            let mut tip = group.tip(GroupTipType::Invite, op_user, users, now.unix);
            tip.join_type = how;
            group.broadcast_tip(accounts, tip, &[]);
        }
    }

    /// Ask to join: joins at once when the option is free, files a request to the owner and
    /// admins when it needs approval.
    pub(crate) fn join_group(
        &mut self,
        user: &str,
        group_id: &str,
        hello: &str,
        now: Moment,
    ) -> Result<()> {
        let group = self.group(group_id)?;
        if group.members.contains_key(user) {
            return Err(Error::im(
                codes::GROUP_ALREADY_MEMBER,
                format!("already a member of {group_id}"),
            ));
        }
        if group.rules.join == JoinRule::InviteOnly {
            return Err(Error::im(
                codes::SDK_GROUP_JOIN_PRIVATE_DENIED,
                "a Work group is joined only by a member's invitation",
            ));
        }
        match group.add_option {
            GroupAddOption::Forbid => Err(denied("join (the group accepts no join requests)")),
            GroupAddOption::Auth => {
                check_room(group)?;
                self.file_join_request(user, group_id, hello, now);
                Ok(())
            }
            _ => {
                check_room(group)?;
                self.add_member(group_id, user, MemberRole::Normal, now);
                self.announce_joined(
                    group_id,
                    user,
                    vec![user.to_owned()],
                    GroupJoinType::Apply,
                    now,
                );
                Ok(())
            }
        }
    }

    /// Leave a group. The owner may leave only a Work group (10009 elsewhere), which then has no
    /// owner. The leaver gets the "quit" notice, the others a tip.
    pub(crate) fn quit_group(&mut self, user: &str, group_id: &str, now: Moment) -> Result<()> {
        let group = self.group(group_id)?;
        let role = group.role_of(user)?;
        if role == MemberRole::Owner && !group.rules.owner_may_quit {
            return Err(Error::im(
                codes::GROUP_OWNER_CANNOT_QUIT,
                "the owner cannot quit this group: transfer it or dismiss it",
            ));
        }
        self.remove_member(group_id, user);
        let State {
            accounts, groups, ..
        } = self;
        if let Some(group) = groups.get(group_id) {
            notify(
                accounts,
                user,
                group.report(GroupReportType::Quit, user, ""),
            );
            if group.rules.member_change_tips {
                let tip = group.tip(GroupTipType::Quit, user, vec![user.to_owned()], now.unix);
                group.broadcast_tip(accounts, tip, &[]);
            }
        }
        Ok(())
    }

    /// Invite users (members pull them in where the type allows it: Work only).
    pub(crate) fn invite_members(
        &mut self,
        inviter: &str,
        group_id: &str,
        users: &[String],
        now: Moment,
    ) -> Result<Vec<(String, InviteOutcome)>> {
        let group = self.group(group_id)?;
        group.require(inviter, group.rules.invite, "invite members")?;
        if users.is_empty() {
            return Err(Error::im(
                codes::SDK_GROUP_INVITE_NO_MEMBER,
                "nobody to invite",
            ));
        }
        let mut outcomes = Vec::with_capacity(users.len());
        let mut added = Vec::new();
        for user in users {
            let group = self.group(group_id)?;
            let outcome = if group.members.contains_key(user) {
                InviteOutcome::AlreadyMember
            } else if !self.accounts.contains_key(user) {
                InviteOutcome::Failed(codes::GROUP_ACCOUNT_NOT_FOUND)
            } else if group.is_full() {
                InviteOutcome::Failed(codes::GROUP_FULL)
            } else {
                self.add_member(group_id, user, MemberRole::Normal, now);
                added.push(user.clone());
                InviteOutcome::Added
            };
            outcomes.push((user.clone(), outcome));
        }
        self.announce_joined(group_id, inviter, added, GroupJoinType::Invite, now);
        Ok(outcomes)
    }

    /// Remove members: the type's kickers only, admins only ordinary members. The kicked get
    /// the "kicked" notice; members and kicked the tip.
    pub(crate) fn kick_members(
        &mut self,
        actor: &str,
        group_id: &str,
        users: &[String],
        reason: &str,
        now: Moment,
    ) -> Result<()> {
        let users = &unique(users)[..];
        let group = self.group(group_id)?;
        let actor_role = group.require(actor, group.rules.kick, "remove members")?;
        for user in users {
            let target = group.members.get(user).ok_or_else(|| {
                Error::im(
                    codes::GROUP_INVALID_PARAMETERS,
                    format!("{user} is not a member of {group_id}"),
                )
            })?;
            if user == actor || !outranks(actor_role, target.role) {
                return Err(denied(&format!("remove {user}")));
            }
        }
        for user in users {
            self.remove_member(group_id, user);
        }
        let State {
            accounts, groups, ..
        } = self;
        if let Some(group) = groups.get(group_id) {
            for user in users {
                notify(
                    accounts,
                    user,
                    group.report(GroupReportType::BeKicked, actor, reason),
                );
            }
            if group.rules.member_change_tips {
                let tip = group.tip(GroupTipType::Kick, actor, users.to_vec(), now.unix);
                group.broadcast_tip(accounts, tip, users);
            }
        }
        Ok(())
    }

    /// Dismiss a group (owner; not Work, which needs the server API). Every member gets the
    /// "dismissed" notice.
    pub(crate) fn dismiss_group(&mut self, actor: &str, group_id: &str) -> Result<()> {
        let group = self.group(group_id)?;
        group.require(actor, group.rules.dismiss, "dismiss the group")?;
        let Some(group) = self.groups.remove(group_id) else {
            return Ok(());
        };
        for user in group.members.keys() {
            if let Some(account) = self.accounts.get_mut(user) {
                account.groups.remove(group_id);
                account.group_sync.remove(group_id);
            }
            notify(
                &mut self.accounts,
                user,
                group.report(GroupReportType::Delete, actor, ""),
            );
        }
        Ok(())
    }
}
