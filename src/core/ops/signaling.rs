//! Signaling operations (`TIMSignaling*`): call invitations.

use async_trait::async_trait;

use crate::core::backend::Served;
use crate::core::error::Result;

/// An invitation to send.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InviteParams {
    /// The group the invitation is in; `None` for a one-to-one invitation.
    pub group_id: Option<String>,
    /// Who is invited (exactly one for a one-to-one invitation).
    pub invitees: Vec<String>,
    /// Custom data for the invitees.
    pub data: String,
    /// Only deliver to invitees who are online.
    pub online_user_only: bool,
    /// Seconds until the invitation times out; 0 = never.
    pub timeout_secs: u32,
}

/// Call invitations.
#[async_trait]
pub trait SignalingOps: Served {
    /// Send an invitation; returns its id.
    async fn invite(&self, params: InviteParams) -> Result<String> {
        let _ = params;
        Err(self.unsupported("signaling.invite"))
    }

    /// Cancel an invitation this account sent.
    async fn cancel_invitation(&self, invite_id: &str, data: &str) -> Result<()> {
        let _ = (invite_id, data);
        Err(self.unsupported("signaling.cancel"))
    }

    /// Accept an invitation this account received.
    async fn accept_invitation(&self, invite_id: &str, data: &str) -> Result<()> {
        let _ = (invite_id, data);
        Err(self.unsupported("signaling.accept"))
    }

    /// Reject an invitation this account received.
    async fn reject_invitation(&self, invite_id: &str, data: &str) -> Result<()> {
        let _ = (invite_id, data);
        Err(self.unsupported("signaling.reject"))
    }
}
