//! Group tips (to the members) and group system notices (to one user): building them and
//! delivering them to the right people.
//!
//! Tips go to the online sessions of the members (one shared `Arc` for all of them) and are not
//! stored. System notices go to one user: to the online sessions, or kept for the next login.
//! Recipients per seed-002-part2 §2.17 (L7520–L7532) and seed-002-part3 §3.9–§3.10.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::accounts::Account;
use super::groups::Group;
use crate::core::event::Event;
use crate::core::types::{GroupReportElem, GroupReportType, GroupTipType, GroupTipsElem};

impl Group {
    /// A tip of `tip_type` by `op_user` about `users`, with the group's id, name and size.
    pub(crate) fn tip(
        &self,
        tip_type: GroupTipType,
        op_user: &str,
        users: Vec<String>,
        now: i64,
    ) -> GroupTipsElem {
        GroupTipsElem {
            tip_type,
            op_user: op_user.to_owned(),
            group_id: self.id.clone(),
            group_name: self.name.clone(),
            user_array: users,
            member_num: u32::try_from(self.members.len()).unwrap_or(u32::MAX),
            time: u64::try_from(now).unwrap_or(0),
            ..GroupTipsElem::default()
        }
    }

    /// A system notice of `report_type` by `op_user` with the reason `msg`.
    pub(crate) fn report(
        &self,
        report_type: GroupReportType,
        op_user: &str,
        msg: &str,
    ) -> GroupReportElem {
        GroupReportElem {
            report_type,
            group_id: self.id.clone(),
            group_name: self.name.clone(),
            op_user: op_user.to_owned(),
            msg: msg.to_owned(),
            ..GroupReportElem::default()
        }
    }

    /// Send `tip` to the members' online sessions, and to `also` (users no longer members, such
    /// as the kicked ones).
    pub(crate) fn broadcast_tip(
        &self,
        accounts: &FxHashMap<String, Account>,
        tip: GroupTipsElem,
        also: &[String],
    ) {
        let event = Event::GroupTips(Arc::new(tip));
        self.online.send(&event, |_| false);
        for user in also.iter().filter(|u| !self.members.contains_key(*u)) {
            if let Some(account) = accounts.get(user) {
                account.push(&event);
            }
        }
    }
}

/// Send the system notice `report` to `user` (online sessions, or at the next login).
pub(crate) fn notify(
    accounts: &mut FxHashMap<String, Account>,
    user: &str,
    report: GroupReportElem,
) {
    if let Some(account) = accounts.get_mut(user) {
        account.deliver_or_queue(Event::GroupSystemNotice(Arc::new(report)));
    }
}
