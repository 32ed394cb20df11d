//! Profiles, friends and the blocklist, as far as a bot needs them (seed-002-part2 §4:
//! L7743–L7799, L8151–L8156).
//!
//! Friend requests follow the target's add permission: allow any (both become friends, the
//! engine's default), need confirmation (30539: the request waits; accepting requests is not
//! modelled yet), deny any (30516). Blocking ends a friendship both ways; while either side
//! blocks the other, no friend request passes (30515 / 30525).

use std::sync::Arc;

use super::clock::Moment;
use super::engine::State;
use crate::core::backend::ProfileUpdate;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{AddPermission, FriendProfile, UserProfile};

/// One friend in an account's friend list.
#[derive(Debug, Clone, Default)]
pub(crate) struct FriendEntry {
    /// When the friendship began, Unix seconds.
    pub add_time: i64,
    /// The greeting of the request.
    pub wording: String,
}

impl State {
    /// Profiles of the known users among `user_ids` (unknown ones are left out).
    pub(crate) fn profiles(&self, user_ids: &[String]) -> Vec<UserProfile> {
        user_ids
            .iter()
            .filter_map(|id| self.accounts.get(id))
            .map(|a| UserProfile::clone(&a.profile))
            .collect()
    }

    /// Change `user`'s own profile.
    pub(crate) fn set_profile(&mut self, user: &str, update: ProfileUpdate) -> Result<()> {
        let account = self
            .accounts
            .get_mut(user)
            .ok_or_else(|| Error::im(codes::PROFILE_ACCOUNT_NOT_FOUND, "no such account"))?;
        let profile = Arc::make_mut(&mut account.profile);
        if let Some(nick) = update.nick_name {
            profile.nick_name = nick;
        }
        if let Some(url) = update.face_url {
            profile.face_url = url;
        }
        if let Some(signature) = update.self_signature {
            profile.self_signature = signature;
        }
        if let Some(gender) = update.gender {
            profile.gender = gender;
        }
        Ok(())
    }

    /// `user` asks `target` to be friends.
    pub(crate) fn add_friend(
        &mut self,
        user: &str,
        target: &str,
        wording: &str,
        now: Moment,
    ) -> Result<()> {
        let me = self.account(user, codes::FRIENDSHIP_ACCOUNT_NOT_FOUND)?;
        let them = self.account(target, codes::FRIENDSHIP_ACCOUNT_NOT_FOUND)?;
        if user == target {
            return Err(Error::im(
                codes::FRIENDSHIP_INVALID_PARAMETERS,
                "cannot befriend yourself",
            ));
        }
        if me.blocklist.contains(target) {
            return Err(Error::im(
                codes::FRIENDSHIP_IN_SELF_BLACKLIST,
                "you blocked this user",
            ));
        }
        if them.blocklist.contains(user) {
            return Err(Error::im(
                codes::FRIENDSHIP_IN_PEER_BLACKLIST,
                "this user blocked you",
            ));
        }
        if me.friends.contains_key(target) {
            return Err(Error::im(
                codes::FRIENDSHIP_ALREADY_FRIENDS,
                "already friends",
            ));
        }
        match them.profile.add_permission {
            AddPermission::DenyAny => Err(Error::im(
                codes::FRIENDSHIP_PEER_DENIES_ALL,
                "the user accepts no friend requests",
            )),
            AddPermission::NeedConfirm => Err(Error::im(
                codes::FRIENDSHIP_PENDING_APPROVAL,
                "the request waits for the user's approval",
            )),
            _ => {
                let entry = |wording: &str| FriendEntry {
                    add_time: now.unix,
                    wording: wording.to_owned(),
                };
                if let Some(me) = self.accounts.get_mut(user) {
                    me.friends.insert(target.to_owned(), entry(wording));
                }
                if let Some(them) = self.accounts.get_mut(target) {
                    them.friends.insert(user.to_owned(), entry(""));
                }
                Ok(())
            }
        }
    }

    /// End the friendship between `user` and `target`, both ways.
    pub(crate) fn delete_friend(&mut self, user: &str, target: &str) -> Result<()> {
        let removed = self
            .accounts
            .get_mut(user)
            .and_then(|a| a.friends.remove(target));
        if removed.is_none() {
            return Err(Error::im(
                codes::FRIENDSHIP_DELETE_NON_FRIEND,
                "not a friend",
            ));
        }
        if let Some(them) = self.accounts.get_mut(target) {
            them.friends.remove(user);
        }
        Ok(())
    }

    /// `user`'s friends with their profiles.
    pub(crate) fn friends(&self, user: &str) -> Result<Vec<FriendProfile>> {
        let account = self.account(user, codes::FRIENDSHIP_ACCOUNT_NOT_FOUND)?;
        Ok(account
            .friends
            .iter()
            .map(|(id, entry)| FriendProfile {
                identifier: id.clone(),
                add_wording: entry.wording.clone(),
                add_time: u64::try_from(entry.add_time).unwrap_or(0),
                user_profile: self
                    .accounts
                    .get(id)
                    .map(|a| UserProfile::clone(&a.profile)),
                ..FriendProfile::default()
            })
            .collect())
    }

    /// Block users: friendships with them end both ways; their C2C messages stop reaching `user`.
    pub(crate) fn block(&mut self, user: &str, user_ids: &[String]) -> Result<()> {
        self.account(user, codes::FRIENDSHIP_ACCOUNT_NOT_FOUND)?;
        for blocked in user_ids {
            if let Some(account) = self.accounts.get_mut(user) {
                account.blocklist.insert(blocked.clone());
                account.friends.remove(blocked);
            }
            if let Some(them) = self.accounts.get_mut(blocked) {
                them.friends.remove(user);
            }
        }
        Ok(())
    }

    /// Unblock users.
    pub(crate) fn unblock(&mut self, user: &str, user_ids: &[String]) -> Result<()> {
        let account = self
            .accounts
            .get_mut(user)
            .ok_or_else(|| Error::im(codes::FRIENDSHIP_ACCOUNT_NOT_FOUND, "no such account"))?;
        for id in user_ids {
            account.blocklist.remove(id);
        }
        Ok(())
    }

    /// The users `user` blocked.
    pub(crate) fn blocklist(&self, user: &str) -> Result<Vec<String>> {
        let account = self.account(user, codes::FRIENDSHIP_ACCOUNT_NOT_FOUND)?;
        Ok(account.blocklist.iter().cloned().collect())
    }
}
