//! Changes to a group and its members: profile, join option, cap, mute-all, ownership
//! transfer; member roles, mutes and name cards, each as the type allows, followed by the tips
//! and notices the documents name (seed-002-part2 §2.8, §2.12, §2.14).

use super::clock::Moment;
use super::engine::State;
use super::group_rules::{JoinRule, Who};
use super::groups::{check_profile, denied, outranks};
use super::notices::notify;
use crate::core::backend::{ModifyGroupParams, ModifyMemberParams};
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{
    GroupReportType, GroupTipGroupChangeFlag, GroupTipGroupChangeInfo, GroupTipMemberChangeInfo,
    GroupTipType, MemberRole,
};

impl State {
    /// Change the group's profile, join option, cap, mute-all switch or owner, each as the type
    /// allows; all members get one info-change tip listing the changes.
    pub(crate) fn modify_group(
        &mut self,
        actor: &str,
        params: ModifyGroupParams,
        now: Moment,
    ) -> Result<()> {
        let group = self.group(&params.group_id)?;
        let rules = group.rules;
        let profile_change = params.name.is_some()
            || params.notification.is_some()
            || params.introduction.is_some()
            || params.face_url.is_some();
        if profile_change {
            group.require(actor, rules.edit_profile, "change the group's profile")?;
            check_profile(
                params.name.as_deref(),
                params.introduction.as_deref(),
                params.notification.as_deref(),
                params.face_url.as_deref(),
            )?;
        }
        if params.add_option.is_some() {
            group.require(actor, Who::OwnerAndAdmins, "change the join option")?;
            if rules.join == JoinRule::InviteOnly {
                return Err(denied(
                    "change the join option (a Work group is invite-only)",
                ));
            }
        }
        if let Some(max) = params.max_member_num {
            group.require(actor, Who::OwnerAndAdmins, "change the member cap")?;
            if max == 0 || max > rules.default_max_members || (max as usize) < group.members.len() {
                return Err(Error::im(
                    codes::GROUP_INVALID_PARAMETERS,
                    format!("member cap {max} is out of range"),
                ));
            }
        }
        if params.shutup_all.is_some() {
            group.require(actor, rules.mute_all, "mute everyone")?;
        }
        if let Some(new_owner) = &params.new_owner {
            group.require(actor, rules.transfer, "transfer the ownership")?;
            if !group.members.contains_key(new_owner) || new_owner == actor {
                return Err(Error::im(
                    codes::GROUP_INVALID_PARAMETERS,
                    format!("the new owner {new_owner} must be another member"),
                ));
            }
        }

        let group = self.group_mut(&params.group_id)?;
        let mut changes = Vec::new();
        let mut change = |flag, value: &str| {
            changes.push(GroupTipGroupChangeInfo {
                flag,
                value: value.to_owned(),
                ..GroupTipGroupChangeInfo::default()
            })
        };
        if let Some(name) = params.name {
            change(GroupTipGroupChangeFlag::Name, &name);
            group.name = name;
        }
        if let Some(text) = params.introduction {
            change(GroupTipGroupChangeFlag::Introduction, &text);
            group.introduction = text;
        }
        if let Some(text) = params.notification {
            change(GroupTipGroupChangeFlag::Notification, &text);
            group.notification = text;
        }
        if let Some(url) = params.face_url {
            change(GroupTipGroupChangeFlag::FaceUrl, &url);
            group.face_url = url;
        }
        if let Some(option) = params.add_option {
            change(GroupTipGroupChangeFlag::GroupAddOpt, "");
            group.add_option = option;
        }
        if let Some(max) = params.max_member_num {
            group.max_members = max;
        }
        if let Some(new_owner) = &params.new_owner {
            change(GroupTipGroupChangeFlag::Owner, new_owner);
            if let Some(old) = group.members.get_mut(actor) {
                old.role = MemberRole::Normal;
            }
            if let Some(new) = group.members.get_mut(new_owner) {
                new.role = MemberRole::Owner;
            }
            group.owner = Some(new_owner.clone());
        }
        if let Some(all) = params.shutup_all {
            change(GroupTipGroupChangeFlag::ShutupAll, "");
            group.shutup_all = all;
        }
        for info in &mut changes {
            match info.flag {
                GroupTipGroupChangeFlag::ShutupAll => info.bool_value = group.shutup_all,
                GroupTipGroupChangeFlag::GroupAddOpt => info.int_value = group.add_option.value(),
                _ => {}
            }
        }
        group.info_time = now.unix;
        if !changes.is_empty() {
            let mut tip = group.tip(GroupTipType::GroupInfoChange, actor, Vec::new(), now.unix);
            tip.group_change_info_array = changes;
            let State {
                accounts, groups, ..
            } = self;
            if let Some(group) = groups.get(&params.group_id) {
                group.broadcast_tip(accounts, tip, &[]);
            }
        }
        Ok(())
    }

    /// Change a member's role (owner; Public/Meeting/Community), mute (the type's muters;
    /// admins only ordinary members; 0 unmutes) or name card (self, or as the role allows).
    pub(crate) fn modify_member(
        &mut self,
        actor: &str,
        params: ModifyMemberParams,
        now: Moment,
    ) -> Result<()> {
        let group = self.group(&params.group_id)?;
        let rules = group.rules;
        let actor_role = group.role_of(actor)?;
        let target = group.members.get(&params.user_id).ok_or_else(|| {
            Error::im(
                codes::GROUP_INVALID_PARAMETERS,
                format!("{} is not a member of {}", params.user_id, params.group_id),
            )
        })?;
        let target_role = target.role;
        let is_self = actor == params.user_id;
        if let Some(role) = params.role {
            group.require(actor, rules.set_roles, "grant or revoke admin")?;
            if !matches!(role, MemberRole::Admin | MemberRole::Normal) {
                return Err(Error::im(
                    codes::GROUP_INVALID_PARAMETERS,
                    "a role changes only between admin and member",
                ));
            }
            if target_role == MemberRole::Owner {
                return Err(denied("change the owner's role"));
            }
        }
        if params.shutup_secs.is_some() {
            group.require(actor, rules.mute_member, "mute members")?;
            if is_self || !outranks(actor_role, target_role) {
                return Err(denied(&format!("mute {}", params.user_id)));
            }
        }
        if params.name_card.is_some() && !is_self && !outranks(actor_role, target_role) {
            return Err(denied(&format!(
                "change the name card of {}",
                params.user_id
            )));
        }

        let group = self.group_mut(&params.group_id)?;
        let mut role_tip = None;
        let mut mute_tip = None;
        if let Some(member) = group.members.get_mut(&params.user_id) {
            if let Some(role) = params.role.filter(|r| *r != member.role) {
                member.role = role;
                role_tip = Some(role);
            }
            if let Some(secs) = params.shutup_secs {
                member.mute_until = if secs == 0 {
                    0
                } else {
                    now.unix + i64::from(secs)
                };
                mute_tip = Some(secs);
            }
            if let Some(card) = params.name_card {
                member.name_card = card;
            }
        }
        let user = params.user_id;
        let State {
            accounts, groups, ..
        } = self;
        let Some(group) = groups.get(&params.group_id) else {
            return Ok(());
        };
        if let Some(role) = role_tip {
            let (tip_type, report_type) = if role == MemberRole::Admin {
                (GroupTipType::SetAdmin, GroupReportType::GrantAdmin)
            } else {
                (GroupTipType::CancelAdmin, GroupReportType::CancelAdmin)
            };
            notify(accounts, &user, group.report(report_type, actor, ""));
            group.broadcast_tip(
                accounts,
                group.tip(tip_type, actor, vec![user.clone()], now.unix),
                &[],
            );
        }
        if let Some(secs) = mute_tip.filter(|_| group.rules.member_info_tips) {
            let mut tip = group.tip(
                GroupTipType::MemberInfoChange,
                actor,
                vec![user.clone()],
                now.unix,
            );
            tip.member_change_info_array = vec![GroupTipMemberChangeInfo {
                identifier: user.clone(),
                shutup_time: u64::from(secs),
            }];
            group.broadcast_tip(accounts, tip, &[]);
        }
        Ok(())
    }
}
