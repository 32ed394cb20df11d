//! [`Client`]: one account on one backend, the way the SDK presents it.
//!
//! A client logs in (getting the account's [`EventStream`]), offers the operations grouped as the
//! SDK groups them, and logs out. It is cheap to clone: clones share the same session, so a bot's
//! handlers can each hold one. After a re-login (a fresh UserSig, a kick) every clone uses the new
//! session.

use std::sync::{Arc, RwLock};

use super::backend::{
    Backend, ConversationOps, FriendshipOps, GroupOps, LoginRequest, MessageOps, Session,
    SignalingOps,
};
use super::error::{Error, Result};
use super::event::EventStream;
use super::types::Platform;

/// One account on one backend.
#[derive(Clone)]
pub struct Client {
    backend: Arc<dyn Backend>,
    session: Arc<RwLock<Option<Arc<dyn Session>>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("backend", &self.backend.name())
            .field("user_id", &self.user_id())
            .finish()
    }
}

impl Client {
    /// A client on `backend`, not yet logged in.
    pub fn new(backend: Arc<dyn Backend>) -> Self {
        Client {
            backend,
            session: Arc::new(RwLock::new(None)),
        }
    }

    /// The backend's name.
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    /// Log in as `user_id` with `user_sig` (platform "other"); returns the account's events.
    /// A previous session of this client is replaced (not logged out).
    pub async fn login(&self, user_id: &str, user_sig: &str) -> Result<EventStream> {
        self.login_with(LoginRequest::new(user_id, user_sig)).await
    }

    /// Log in with a full request (e.g. to choose the platform).
    pub async fn login_on(
        &self,
        user_id: &str,
        user_sig: &str,
        platform: Platform,
    ) -> Result<EventStream> {
        self.login_with(LoginRequest {
            user_id: user_id.to_owned(),
            user_sig: user_sig.to_owned(),
            platform,
        })
        .await
    }

    async fn login_with(&self, request: LoginRequest) -> Result<EventStream> {
        let logged_in = self.backend.login(request).await?;
        *self.write_slot() = Some(logged_in.session);
        Ok(logged_in.events)
    }

    /// Log out; the event stream ends. Logging out when not logged in is not an error.
    pub async fn logout(&self) -> Result<()> {
        let session = self.write_slot().take();
        match session {
            Some(session) => session.logout().await,
            None => Ok(()),
        }
    }

    /// Whether a session is active.
    pub fn is_logged_in(&self) -> bool {
        self.read_slot().is_some()
    }

    /// The logged-in account's user id, if any.
    pub fn user_id(&self) -> Option<String> {
        self.read_slot().as_ref().map(|s| s.user_id().to_owned())
    }

    /// The active session, or [`Error::NotLoggedIn`].
    pub fn session(&self) -> Result<Arc<dyn Session>> {
        self.read_slot().clone().ok_or(Error::NotLoggedIn)
    }

    /// Message operations: send, recall, history.
    pub fn messages(&self) -> Result<Arc<dyn MessageOps>> {
        Ok(self.session()?)
    }

    /// Conversation operations: list, mark read.
    pub fn conversations(&self) -> Result<Arc<dyn ConversationOps>> {
        Ok(self.session()?)
    }

    /// Group operations: create, join, invite, kick, mute, roles, pendencies, attributes.
    pub fn groups(&self) -> Result<Arc<dyn GroupOps>> {
        Ok(self.session()?)
    }

    /// Signaling operations: call invitations.
    pub fn signaling(&self) -> Result<Arc<dyn SignalingOps>> {
        Ok(self.session()?)
    }

    /// Profile, friend and blacklist operations.
    pub fn friendship(&self) -> Result<Arc<dyn FriendshipOps>> {
        Ok(self.session()?)
    }

    fn read_slot(&self) -> std::sync::RwLockReadGuard<'_, Option<Arc<dyn Session>>> {
        self.session.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write_slot(&self) -> std::sync::RwLockWriteGuard<'_, Option<Arc<dyn Session>>> {
        self.session.write().unwrap_or_else(|p| p.into_inner())
    }
}
