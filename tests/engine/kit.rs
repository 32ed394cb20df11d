//! Helpers shared by the engine tests: an engine, logged-in users, event collection.

use std::sync::Arc;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::{CreateGroupParams, LoginRequest, Session};
use timbot::core::event::{Event, EventStream};
use timbot::core::types::{ConvType, Elem, GroupType, Message, Platform};
use timbot::core::{Backend, Error};

/// A logged-in user: the session and its events.
pub struct User {
    pub session: Arc<dyn Session>,
    pub events: EventStream,
}

impl User {
    /// Every event waiting now.
    pub fn drain(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        while let Some(event) = self.events.try_recv() {
            events.push(event);
        }
        events
    }

    /// The new messages waiting now.
    pub fn messages(&mut self) -> Vec<Arc<Message>> {
        self.drain()
            .into_iter()
            .filter_map(|e| match e {
                Event::NewMessage(m) => Some(m),
                _ => None,
            })
            .collect()
    }
}

/// Log `id` in on `platform` with a fresh UserSig.
pub async fn login_on(engine: &LocalEngine, id: &str, platform: Platform) -> User {
    let sig = engine.user_sig(id).expect("sig");
    let logged = engine
        .login(LoginRequest {
            user_id: id.to_owned(),
            user_sig: sig,
            platform,
        })
        .await
        .expect("login");
    User {
        session: logged.session,
        events: logged.events,
    }
}

/// Log `id` in (platform "other").
pub async fn login(engine: &LocalEngine, id: &str) -> User {
    login_on(engine, id, Platform::Other).await
}

/// A text message to a user.
pub fn text_to(user: &str, text: &str) -> Message {
    Message::new(ConvType::C2C, user, vec![Elem::text(text)])
}

/// A text message to a group.
pub fn text_in(group: &str, text: &str) -> Message {
    Message::new(ConvType::Group, group, vec![Elem::text(text)])
}

/// The IM code of a failed call.
pub fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> i32 {
    match result {
        Err(e) => e.code().unwrap_or_else(|| panic!("not an IM error: {e}")),
        Ok(v) => panic!("expected an IM error, got {v:?}"),
    }
}

/// A group of `group_type` owned by `owner` with `members` (created by the app admin).
pub fn group(engine: &LocalEngine, group_type: GroupType, owner: &str, members: &[&str]) -> String {
    for user in std::iter::once(&owner).chain(members) {
        engine.create_user(user, user).expect("user");
    }
    let mut params = CreateGroupParams::new(group_type, "g");
    params.members = members.iter().map(|m| m.to_string()).collect();
    engine.admin_create_group(owner, params).expect("group")
}

/// Strings from string slices.
pub fn ids(users: &[&str]) -> Vec<String> {
    users.iter().map(|u| u.to_string()).collect()
}
