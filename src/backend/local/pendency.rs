//! Join requests to groups that need approval: filed as system notices to the owner and the
//! admins, listed as pendencies, and decided once (seed-002-part2 §2.4 L5985–L5996, §2.17
//! L7025; seed-002-part3 §3.8 L15341–L15463).

use super::clock::Moment;
use super::engine::State;
use super::groups::denied;
use super::notices::notify;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{
    GroupJoinType, GroupPendency, GroupPendencyHandle, GroupPendencyHandleResult,
    GroupPendencyType, GroupReportType, GroupTipType, MemberRole,
};

/// A request to join a group.
#[derive(Debug, Clone)]
pub(crate) struct JoinRequest {
    /// Engine-wide id (the pendency's `key`).
    pub id: u64,
    /// Who asked.
    pub applicant: String,
    /// What they wrote.
    pub message: String,
    /// When, Unix seconds.
    pub time: i64,
    /// Who decided, whether they accepted, and their reply; `None` while open.
    pub decision: Option<(String, bool, String)>,
}

impl State {
    /// File `user`'s request to join (one open request per applicant; asking again replaces the
    /// text) and send the request notice to the owner and every admin.
    pub(crate) fn file_join_request(
        &mut self,
        user: &str,
        group_id: &str,
        hello: &str,
        now: Moment,
    ) {
        let id = self.next_id();
        let State {
            accounts, groups, ..
        } = self;
        let Some(group) = groups.get_mut(group_id) else {
            return;
        };
        match group
            .requests
            .iter_mut()
            .find(|r| r.applicant == user && r.decision.is_none())
        {
            Some(open) => open.message = hello.to_owned(),
            None => group.requests.push(JoinRequest {
                id,
                applicant: user.to_owned(),
                message: hello.to_owned(),
                time: now.unix,
                decision: None,
            }),
        }
        let approvers: Vec<String> = group
            .members
            .iter()
            .filter(|(_, m)| m.role.is_admin_or_owner())
            .map(|(id, _)| id.clone())
            .collect();
        for approver in approvers {
            notify(
                accounts,
                &approver,
                group.report(GroupReportType::AddRequest, user, hello),
            );
        }
    }

    /// The join requests of the groups where `user` is owner or admin, handled ones included.
    pub(crate) fn pendencies(&self, user: &str) -> Result<Vec<GroupPendency>> {
        let account = self.account(user, codes::GROUP_ACCOUNT_NOT_FOUND)?;
        let mut pendencies = Vec::new();
        for group in account.groups.iter().filter_map(|id| self.groups.get(id)) {
            if !group.role_of(user).is_ok_and(MemberRole::is_admin_or_owner) {
                continue;
            }
            for request in &group.requests {
                let (handled, result, reply) = match &request.decision {
                    None => (
                        GroupPendencyHandle::NotHandled,
                        GroupPendencyHandleResult::Refuse,
                        "",
                    ),
                    Some((decider, accepted, reply)) => (
                        if decider == user {
                            GroupPendencyHandle::OperatorHandled
                        } else {
                            GroupPendencyHandle::OtherHandled
                        },
                        if *accepted {
                            GroupPendencyHandleResult::Accept
                        } else {
                            GroupPendencyHandleResult::Refuse
                        },
                        reply.as_str(),
                    ),
                };
                let nick = self
                    .accounts
                    .get(&request.applicant)
                    .map(|a| a.profile.nick_name.clone())
                    .unwrap_or_default();
                pendencies.push(GroupPendency {
                    group_id: group.id.clone(),
                    from_identifier: request.applicant.clone(),
                    from_nick_name: nick,
                    to_identifier: user.to_owned(),
                    add_time: u64::try_from(request.time).unwrap_or(0),
                    pendency_type: GroupPendencyType::JoinNeedApprovedByAdmin,
                    handled,
                    handle_result: result,
                    apply_invite_msg: request.message.clone(),
                    approval_msg: reply.to_owned(),
                    key: request.id.to_string(),
                    self_identifier: user.to_owned(),
                    ..GroupPendency::default()
                });
            }
        }
        Ok(pendencies)
    }

    /// Accept or refuse a join request, once (10024 afterwards). The owner and admins decide;
    /// the applicant gets the accepted/refused notice, and on acceptance the members a join tip.
    pub(crate) fn handle_pendency(
        &mut self,
        user: &str,
        pendency: &GroupPendency,
        accept: bool,
        reason: &str,
        now: Moment,
    ) -> Result<()> {
        let group = self.group(&pendency.group_id)?;
        let role = group.role_of(user)?;
        if !role.is_admin_or_owner() {
            return Err(denied("decide join requests"));
        }
        let request = group
            .requests
            .iter()
            .find(|r| r.id.to_string() == pendency.key)
            .or_else(|| {
                group
                    .requests
                    .iter()
                    .find(|r| r.applicant == pendency.from_identifier && r.decision.is_none())
            })
            .ok_or_else(|| Error::im(codes::GROUP_INVALID_PARAMETERS, "no such join request"))?;
        if request.decision.is_some() {
            return Err(Error::im(
                codes::GROUP_REQUEST_ALREADY_HANDLED,
                "the join request was already handled",
            ));
        }
        let (request_id, applicant) = (request.id, request.applicant.clone());
        let joins = accept && !group.members.contains_key(&applicant);
        if joins && group.members.len() >= group.max_members as usize {
            return Err(Error::im(
                codes::GROUP_FULL,
                format!("group {} is full", group.id),
            ));
        }
        let group_id = pendency.group_id.clone();
        if let Ok(group) = self.group_mut(&group_id) {
            if let Some(request) = group.requests.iter_mut().find(|r| r.id == request_id) {
                request.decision = Some((user.to_owned(), accept, reason.to_owned()));
            }
        }
        if joins {
            self.add_member(&group_id, &applicant, MemberRole::Normal, now);
        }
        let State {
            accounts, groups, ..
        } = self;
        if let Some(group) = groups.get(&group_id) {
            let report_type = if accept {
                GroupReportType::AddAccept
            } else {
                GroupReportType::AddRefuse
            };
            notify(
                accounts,
                &applicant,
                group.report(report_type, user, reason),
            );
            if joins && group.rules.member_change_tips {
                let mut tip = group.tip(GroupTipType::Invite, user, vec![applicant], now.unix);
                tip.join_type = GroupJoinType::Apply;
                group.broadcast_tip(accounts, tip, &[]);
            }
        }
        Ok(())
    }
}
