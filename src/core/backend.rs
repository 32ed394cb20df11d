//! The contract between the client core and an IM service.
//!
//! A [`Backend`] is an IM service (the embedded engine, Tencent Cloud). Logging an account in
//! gives a [`Session`]: the account's handle for every operation, grouped as the SDK groups them
//! ([`MessageOps`], [`ConversationOps`], [`GroupOps`], [`SignalingOps`], [`FriendshipOps`]), and an
//! [`EventStream`] of what happens to the account. Every operation has a default that returns
//! [`Error::Unsupported`] naming the backend and the operation, so a backend implements what
//! its service can do and says clearly what it cannot.

use std::sync::Arc;

use async_trait::async_trait;

use super::error::{Error, Result};
use super::event::EventStream;
use super::types::Platform;

pub use super::ops::{
    ConversationOps, CreateGroupParams, FriendshipOps, GroupOps, HistoryQuery, InviteOutcome,
    InviteParams, MessageOps, ModifyGroupParams, ModifyMemberParams, ProfileUpdate, SignalingOps,
};

/// An IM service that accounts log in to.
#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// A short name for logs and errors, e.g. `"local"` or `"tencent"`.
    fn name(&self) -> &'static str;

    /// Log an account in. Fails with the IM's code when the UserSig does not verify.
    async fn login(&self, request: LoginRequest) -> Result<LoggedIn>;
}

/// What a login needs.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginRequest {
    /// The account's user id.
    pub user_id: String,
    /// The account's UserSig.
    pub user_sig: String,
    /// The platform the session claims; one session per platform per account.
    pub platform: Platform,
}

impl LoginRequest {
    /// A login request for `user_id` with `user_sig`, as a Linux-like "other" platform.
    pub fn new(user_id: impl Into<String>, user_sig: impl Into<String>) -> Self {
        LoginRequest {
            user_id: user_id.into(),
            user_sig: user_sig.into(),
            platform: Platform::Other,
        }
    }
}

/// A successful login: the session and its events.
pub struct LoggedIn {
    /// The session, for operations.
    pub session: Arc<dyn Session>,
    /// The events of this session.
    pub events: EventStream,
}

impl std::fmt::Debug for LoggedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoggedIn")
            .field("user_id", &self.session.user_id())
            .finish_non_exhaustive()
    }
}

/// What every operation group knows: which backend serves it (for `Unsupported` errors).
pub trait Served: Send + Sync {
    /// The name of the backend that serves this session.
    fn backend_name(&self) -> &'static str;

    /// The `Unsupported` error for `operation` on this backend.
    fn unsupported(&self, operation: &'static str) -> Error {
        Error::Unsupported {
            backend: self.backend_name(),
            operation,
        }
    }
}

/// One logged-in account on a backend.
#[async_trait]
pub trait Session:
    MessageOps + ConversationOps + GroupOps + SignalingOps + FriendshipOps + Served
{
    /// The account's user id.
    fn user_id(&self) -> &str;

    /// End the session; its event stream ends.
    async fn logout(&self) -> Result<()>;
}
