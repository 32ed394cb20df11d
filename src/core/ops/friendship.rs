//! Friendship and profile operations (`TIMProfile*`, `TIMFriendship*`).

use async_trait::async_trait;

use crate::core::backend::Served;
use crate::core::error::Result;
use crate::core::types::{FriendProfile, Gender, UserProfile};

/// Changes to the account's own profile; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileUpdate {
    /// New nickname.
    pub nick_name: Option<String>,
    /// New avatar URL.
    pub face_url: Option<String>,
    /// New signature line.
    pub self_signature: Option<String>,
    /// New gender.
    pub gender: Option<Gender>,
}

/// Profiles, friends and the blacklist.
#[async_trait]
pub trait FriendshipOps: Served {
    /// Profiles of users.
    async fn profiles(&self, user_ids: &[String]) -> Result<Vec<UserProfile>> {
        let _ = user_ids;
        Err(self.unsupported("profile.get"))
    }

    /// Change the account's own profile.
    async fn set_profile(&self, update: ProfileUpdate) -> Result<()> {
        let _ = update;
        Err(self.unsupported("profile.set"))
    }

    /// Add a friend (with a greeting).
    async fn add_friend(&self, user_id: &str, wording: &str) -> Result<()> {
        let _ = (user_id, wording);
        Err(self.unsupported("friendship.add"))
    }

    /// Remove a friend.
    async fn delete_friend(&self, user_id: &str) -> Result<()> {
        let _ = user_id;
        Err(self.unsupported("friendship.delete"))
    }

    /// The account's friends.
    async fn friends(&self) -> Result<Vec<FriendProfile>> {
        Err(self.unsupported("friendship.list"))
    }

    /// Block users: their C2C messages to this account are refused.
    async fn add_to_blacklist(&self, user_ids: &[String]) -> Result<()> {
        let _ = user_ids;
        Err(self.unsupported("blacklist.add"))
    }

    /// Unblock users.
    async fn remove_from_blacklist(&self, user_ids: &[String]) -> Result<()> {
        let _ = user_ids;
        Err(self.unsupported("blacklist.remove"))
    }

    /// The blocked users.
    async fn blacklist(&self) -> Result<Vec<String>> {
        Err(self.unsupported("blacklist.list"))
    }
}
