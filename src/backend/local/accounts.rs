//! Accounts and their sessions: login with UserSig verification, one session per platform
//! (a second login on the same platform kicks the first), UserSig expiry while online, logout,
//! and the catch-up a login gets after being offline (queued events and group history).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::conversations::C2cConversation;
use super::engine::{Inner, State};
use super::friends::FriendEntry;
use super::limits;
use crate::core::backend::LoginRequest;
use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::event::{event_channel, Event, EventSender, EventStream};
use crate::core::types::{Message, Platform, SignalingActionType, UserProfile};

/// One logged-in session of an account.
#[derive(Debug)]
pub(crate) struct SessionSlot {
    /// The session's engine-wide id.
    pub id: u64,
    /// The platform it claimed; one session per platform.
    pub platform: Platform,
    /// Where its events go.
    pub events: EventSender,
}

/// An account: profile, relationships, sessions and per-conversation state.
#[derive(Debug, Default)]
pub(crate) struct Account {
    /// The profile (`identifier` is the user id), shared with the messages it stamps.
    pub profile: Arc<UserProfile>,
    /// Friends by user id.
    pub friends: BTreeMap<String, FriendEntry>,
    /// Users this account blocked.
    pub blocklist: BTreeSet<String>,
    /// Online sessions, oldest first.
    pub sessions: Vec<SessionSlot>,
    /// Events kept for the next login (C2C messages, system notices, invitations).
    pub offline: Vec<Event>,
    /// One-to-one conversations by peer.
    pub c2c: FxHashMap<String, C2cConversation>,
    /// Groups the account is a member of.
    pub groups: BTreeSet<String>,
    /// Per group, the last seq delivered before the account went offline.
    pub group_sync: HashMap<String, u64>,
}

impl Account {
    /// Whether `session` is one of the account's live sessions.
    pub(crate) fn has_session(&self, session: u64) -> bool {
        self.sessions.iter().any(|s| s.id == session)
    }

    /// Whether any session is online (a session whose event stream was dropped is not).
    pub(crate) fn is_online(&self) -> bool {
        self.sessions.iter().any(|s| !s.events.is_closed())
    }

    /// Send `event` to every online session.
    pub(crate) fn push(&self, event: &Event) {
        for slot in &self.sessions {
            slot.events.send(event.clone());
        }
    }

    /// Send `event` to every online session except `skip`.
    pub(crate) fn push_except(&self, skip: u64, event: &Event) {
        for slot in self.sessions.iter().filter(|s| s.id != skip) {
            slot.events.send(event.clone());
        }
    }

    /// Account for a stored C2C message in the conversation with `peer` (created on its first
    /// message; the peer's id is only copied then).
    pub(crate) fn record_c2c(&mut self, peer: &str, message: &Arc<Message>, incoming: bool) {
        match self.c2c.get_mut(peer) {
            Some(conv) => conv.record(message, incoming),
            None => self
                .c2c
                .entry(peer.to_owned())
                .or_default()
                .record(message, incoming),
        }
    }

    /// Send `event` to the online sessions, or keep it for the next login.
    pub(crate) fn deliver_or_queue(&mut self, event: Event) {
        if self.is_online() {
            self.push(&event);
        } else {
            self.offline.push(event);
        }
    }
}

impl Inner {
    /// Verify the request's UserSig, open a session (kicking the same platform's session) and
    /// return its id and event stream. A session opened while the account was offline first
    /// receives what it missed.
    pub(crate) fn login(self: &Arc<Self>, request: &LoginRequest) -> Result<(u64, EventStream)> {
        limits::check_user_id(&request.user_id)?;
        if request.user_sig.trim().is_empty() {
            return Err(Error::im(codes::USER_SIG_EMPTY, "the UserSig is empty"));
        }
        let verified = self
            .signer
            .verify(&request.user_id, &request.user_sig)
            .map_err(|e| Error::im(e.im_code(), e.to_string()))?;
        let expires = self
            .clock
            .instant_at(verified.expires_at().saturating_add(1));

        let mut state = self.lock();
        let session = state.next_id();
        let (events, stream) = event_channel();
        state.kick_platform(&request.user_id, request.platform);
        state.remove_sessions(&request.user_id, |slot| slot.events.is_closed());
        if !state.ensure_account(&request.user_id).is_online() {
            state.catch_up(&request.user_id, &events);
        }
        state.go_online(&request.user_id, session, request.platform, events);
        drop(state);

        let engine = Arc::downgrade(self);
        let user = request.user_id.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(expires).await;
            if let Some(engine) = engine.upgrade() {
                engine.lock().expire_session(&user, session);
            }
        });
        Ok((session, stream))
    }
}

impl State {
    /// The account of `user_id`, created (imported) if it does not exist.
    pub(crate) fn ensure_account(&mut self, user_id: &str) -> &mut Account {
        self.accounts
            .entry(user_id.to_owned())
            .or_insert_with(|| Account {
                profile: Arc::new(UserProfile {
                    identifier: user_id.to_owned(),
                    ..UserProfile::default()
                }),
                ..Account::default()
            })
    }

    /// End `session` of `user_id` (logout); its event stream ends.
    pub(crate) fn logout(&mut self, user_id: &str, session: u64) -> Result<()> {
        self.session_account(user_id, session)?;
        self.remove_sessions(user_id, |slot| slot.id == session);
        Ok(())
    }

    /// Tell the session with `platform` it was kicked offline, and end it.
    fn kick_platform(&mut self, user_id: &str, platform: Platform) {
        self.remove_sessions(user_id, |slot| {
            let kicked = slot.platform == platform;
            if kicked {
                slot.events.send(Event::KickedOffline);
            }
            kicked
        });
    }

    /// Tell `session` its UserSig expired, and end it (if it is still online).
    fn expire_session(&mut self, user_id: &str, session: u64) {
        self.remove_sessions(user_id, |slot| {
            let expired = slot.id == session;
            if expired {
                slot.events.send(Event::UserSigExpired);
            }
            expired
        });
    }

    /// Remove the sessions `remove` picks, from the account and from its groups' online
    /// sessions; when none is left, remember how far each group's messages were delivered, for
    /// the catch-up at the next login.
    fn remove_sessions(&mut self, user_id: &str, mut remove: impl FnMut(&SessionSlot) -> bool) {
        let State {
            accounts, groups, ..
        } = self;
        let Some(account) = accounts.get_mut(user_id) else {
            return;
        };
        let mut removed = Vec::new();
        account.sessions.retain(|slot| {
            let gone = remove(slot);
            if gone {
                removed.push(slot.id);
            }
            !gone
        });
        if removed.is_empty() {
            return;
        }
        let offline = account.sessions.is_empty();
        for group_id in &account.groups {
            if let Some(group) = groups.get_mut(group_id) {
                for session in &removed {
                    group.online.remove(*session);
                }
                if offline {
                    account.group_sync.insert(group_id.clone(), group.last_seq);
                }
            }
        }
    }

    /// Add a session to the account and to its groups' online sessions.
    fn go_online(&mut self, user_id: &str, session: u64, platform: Platform, events: EventSender) {
        let State {
            accounts, groups, ..
        } = self;
        let Some(account) = accounts.get_mut(user_id) else {
            return;
        };
        for group_id in &account.groups {
            if let Some(group) = groups.get_mut(group_id) {
                group.online.insert(session, &events);
            }
        }
        account.sessions.push(SessionSlot {
            id: session,
            platform,
            events,
        });
    }

    /// Send a login what the account missed while offline: the queued events (invitations only
    /// while they are still open), then each group's messages since it went offline (in the group
    /// types that keep history).
    fn catch_up(&mut self, user_id: &str, events: &EventSender) {
        let State {
            accounts,
            groups,
            invitations,
            ..
        } = self;
        let Some(account) = accounts.get_mut(user_id) else {
            return;
        };
        for event in account.offline.drain(..) {
            if let Event::Signaling(signal) = &event {
                let open = signal.action != SignalingActionType::Invite
                    || invitations
                        .get(&signal.invite_id)
                        .is_some_and(|inv| inv.is_pending_for(user_id));
                if !open {
                    continue;
                }
            }
            events.send(event);
        }
        for group_id in &account.groups {
            let Some(group) = groups.get(group_id) else {
                continue;
            };
            let Some(member) = group.members.get(user_id) else {
                continue;
            };
            let synced = account.group_sync.get(group_id).copied().unwrap_or(0);
            for message in group.messages_after(synced.max(member.join_seq)) {
                events.send(Event::NewMessage(Arc::clone(message)));
            }
        }
    }
}
