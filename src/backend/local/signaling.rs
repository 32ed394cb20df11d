//! Signaling: call invitations (one-to-one and in a group) that are cancelled, accepted,
//! rejected or time out, with the events to the inviter and the invitees (seed-002-part2 §3,
//! L7552–L7582; seed-web-apicloud §2.6; header SIG L208–L345).
//!
//! The timeout runs on tokio's clock: a task sleeps until it, then ends the invitation for the
//! invitees who did not answer, telling them and the inviter. A timeout of 0 never fires.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use super::engine::{Inner, State};
use crate::core::backend::InviteParams;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::event::{Event, SignalingEvent};
use crate::core::types::SignalingActionType;

/// An open invitation.
#[derive(Debug, Clone)]
pub(crate) struct Invitation {
    pub id: String,
    /// The group, empty for a one-to-one invitation.
    pub group_id: String,
    pub inviter: String,
    pub invitees: Vec<String>,
    /// Invitees who have not answered yet.
    pub pending: BTreeSet<String>,
    pub timeout_secs: u32,
}

impl Invitation {
    /// Whether `user` was invited and has not answered.
    pub(crate) fn is_pending_for(&self, user: &str) -> bool {
        self.pending.contains(user)
    }

    /// The event of `action` by `actor` with `data`.
    fn event(&self, action: SignalingActionType, actor: &str, data: &str) -> Event {
        Event::Signaling(Box::new(SignalingEvent {
            action,
            invite_id: self.id.clone(),
            group_id: self.group_id.clone(),
            inviter: self.inviter.clone(),
            invitees: self.invitees.clone(),
            actor: actor.to_owned(),
            data: data.to_owned(),
            timeout_secs: self.timeout_secs,
        }))
    }
}

fn unknown_invitation() -> Error {
    Error::im(
        codes::SIGNALING_INVALID_INVITE_ID,
        "the invitation is unknown or has ended",
    )
}

impl State {
    /// Open an invitation from `inviter` and tell the invitees: online ones at once; offline
    /// ones of a one-to-one invitation at their next login, if it is still open and not
    /// online-only (group invitations are not kept, L1098–L1101).
    pub(crate) fn invite(&mut self, inviter: &str, params: &InviteParams) -> Result<Invitation> {
        if params.invitees.is_empty() || params.invitees.iter().any(|u| u == inviter) {
            return Err(Error::im(
                codes::INVALID_PARAMETERS,
                "invite at least one user other than yourself",
            ));
        }
        match &params.group_id {
            None => {
                if params.invitees.len() != 1 {
                    return Err(Error::im(
                        codes::INVALID_PARAMETERS,
                        "a one-to-one invitation has exactly one invitee",
                    ));
                }
                self.account(&params.invitees[0], codes::MESSAGE_INVALID_USER_ID)?;
            }
            Some(group_id) => {
                let group = self.group(group_id)?;
                group.role_of(inviter)?;
                if let Some(outsider) = params
                    .invitees
                    .iter()
                    .find(|u| !group.members.contains_key(*u))
                {
                    return Err(Error::im(
                        codes::GROUP_PERMISSION_DENIED,
                        format!("{outsider} is not a member of {group_id}"),
                    ));
                }
            }
        }
        let id = format!("invite-{}", self.next_id());
        let invitation = Invitation {
            id: id.clone(),
            group_id: params.group_id.clone().unwrap_or_default(),
            inviter: inviter.to_owned(),
            invitees: params.invitees.clone(),
            pending: params.invitees.iter().cloned().collect(),
            timeout_secs: params.timeout_secs,
        };
        let event = invitation.event(SignalingActionType::Invite, inviter, &params.data);
        let keep_for_offline = params.group_id.is_none() && !params.online_user_only;
        for invitee in &invitation.invitees {
            if let Some(account) = self.accounts.get_mut(invitee) {
                if keep_for_offline {
                    account.deliver_or_queue(event.clone());
                } else {
                    account.push(&event);
                }
            }
        }
        self.invitations.insert(id, invitation.clone());
        Ok(invitation)
    }

    /// The inviter cancels: the invitees who have not answered are told; the invitation ends.
    pub(crate) fn cancel_invitation(
        &mut self,
        user: &str,
        invite_id: &str,
        data: &str,
    ) -> Result<()> {
        let invitation = self
            .invitations
            .get(invite_id)
            .ok_or_else(unknown_invitation)?;
        if invitation.inviter != user {
            return Err(Error::im(
                codes::SIGNALING_NO_PERMISSION,
                "only the inviter may cancel",
            ));
        }
        let Some(invitation) = self.invitations.remove(invite_id) else {
            return Err(unknown_invitation());
        };
        let event = invitation.event(SignalingActionType::CancelInvite, user, data);
        self.tell(invitation.pending.iter(), &event);
        Ok(())
    }

    /// An invitee answers (`accept` or reject): the inviter is told, and in a group invitation
    /// the other invitees too. The invitation ends when nobody is left to answer.
    pub(crate) fn answer_invitation(
        &mut self,
        user: &str,
        invite_id: &str,
        data: &str,
        accept: bool,
    ) -> Result<()> {
        let invitation = self
            .invitations
            .get_mut(invite_id)
            .ok_or_else(unknown_invitation)?;
        if !invitation.invitees.iter().any(|u| u == user) {
            return Err(Error::im(
                codes::SIGNALING_NO_PERMISSION,
                "only an invitee may answer",
            ));
        }
        if !invitation.pending.remove(user) {
            return Err(unknown_invitation());
        }
        let action = if accept {
            SignalingActionType::AcceptInvite
        } else {
            SignalingActionType::RejectInvite
        };
        let event = invitation.event(action, user, data);
        let mut told = vec![invitation.inviter.clone()];
        if !invitation.group_id.is_empty() {
            told.extend(invitation.invitees.iter().filter(|u| *u != user).cloned());
        }
        if invitation.pending.is_empty() {
            self.invitations.remove(invite_id);
        }
        self.tell(told.iter(), &event);
        Ok(())
    }

    /// The invitation's time is up: the invitees who did not answer and the inviter are told.
    fn time_out(&mut self, invite_id: &str) {
        let Some(mut invitation) = self.invitations.remove(invite_id) else {
            return;
        };
        let late: Vec<String> = invitation.pending.iter().cloned().collect();
        invitation.invitees = late.clone();
        let event = invitation.event(SignalingActionType::InviteTimeout, "", "");
        self.tell(late.iter().chain([&invitation.inviter]), &event);
    }

    fn tell<'a>(&self, users: impl Iterator<Item = &'a String>, event: &Event) {
        for user in users {
            if let Some(account) = self.accounts.get(user) {
                account.push(event);
            }
        }
    }
}

impl Inner {
    /// Open an invitation and, when it has a timeout, start its timer. Returns the invite id.
    pub(crate) fn invite(
        self: &Arc<Self>,
        inviter: &str,
        session: u64,
        params: &InviteParams,
    ) -> Result<String> {
        let mut state = self.lock();
        state.session_account(inviter, session)?;
        let invitation = state.invite(inviter, params)?;
        drop(state);
        if invitation.timeout_secs > 0 {
            let engine = Arc::downgrade(self);
            let id = invitation.id.clone();
            let timeout = Duration::from_secs(u64::from(invitation.timeout_secs));
            tokio::spawn(async move {
                tokio::time::sleep(timeout).await;
                if let Some(engine) = engine.upgrade() {
                    engine.lock().time_out(&id);
                }
            });
        }
        Ok(invitation.id)
    }
}
