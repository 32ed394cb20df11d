//! [`Person`]: a simulated user of the test kit, who talks to bots and checks their replies.

use std::sync::Arc;
use std::time::Duration;

use super::{PATIENCE, QUIET};
use crate::backend::local::LocalEngine;
use crate::core::event::{Event, EventStream, SignalingEvent};
use crate::core::types::{ConvType, Elem, Message};
use crate::core::Client;

/// A user logged in to the kit's engine: says things and expects (or not) replies.
///
/// Replies are read from the person's own event stream, in the order they arrived; waiting for
/// a reply from one account skips (and forgets) what other accounts said meanwhile.
#[derive(Debug)]
pub struct Person {
    id: String,
    client: Client,
    events: EventStream,
}

impl Person {
    /// Log the existing account `id` in to `engine` (for a test that drives an engine without
    /// a kit; [`TestKit::person`](super::TestKit::person) also creates the account). Panics
    /// when it cannot log in.
    pub async fn login(engine: &LocalEngine, id: &str) -> Person {
        let client = Client::new(engine.backend());
        let sig = engine
            .user_sig(id)
            .unwrap_or_else(|error| panic!("no UserSig for {id:?}: {error}"));
        let events = client
            .login(id, &sig)
            .await
            .unwrap_or_else(|error| panic!("{id} cannot log in: {error}"));
        Person {
            id: id.to_owned(),
            client,
            events,
        }
    }

    /// The person's account.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The person's client, for anything the helpers do not cover (join a group, recall …).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Send `message`; returns it as sent (with its id, seq and time). Panics when the engine
    /// refuses it.
    pub async fn send(&self, message: Message) -> Message {
        let sent = async { self.client.messages()?.send_message(message).await };
        sent.await
            .unwrap_or_else(|error| panic!("{} could not send a message: {error}", self.id))
    }

    /// Say `text` to `user` one-to-one.
    pub async fn say_to(&self, user: &str, text: &str) -> Message {
        self.send(Message::new(ConvType::C2C, user, vec![Elem::text(text)]))
            .await
    }

    /// Say `text` in `group`.
    pub async fn say_in(&self, group: &str, text: &str) -> Message {
        self.send(Message::new(ConvType::Group, group, vec![Elem::text(text)]))
            .await
    }

    /// Say `text` in `group`, @-mentioning `users` (e.g. the bot).
    pub async fn say_in_at(&self, group: &str, text: &str, users: &[&str]) -> Message {
        let mut message = Message::new(ConvType::Group, group, vec![Elem::text(text)]);
        message.group_at_user_array = users.iter().map(|u| (*u).to_owned()).collect();
        self.send(message).await
    }

    /// The next message from `from` (one-to-one or in any group the person is in), waiting up
    /// to [`PATIENCE`] of virtual time. Panics when none comes.
    pub async fn expect_reply(&mut self, from: &str) -> Message {
        self.expect_reply_within(from, PATIENCE).await
    }

    /// The next message from `from`, waiting up to `patience`. Panics when none comes.
    pub async fn expect_reply_within(&mut self, from: &str, patience: Duration) -> Message {
        let mut others = Vec::new();
        match self.next_from(from, patience, &mut others).await {
            Some(message) => Arc::unwrap_or_clone(message),
            None => panic!(
                "{} expected a reply from {from} within {patience:?} and got none{}",
                self.id,
                heard(&others)
            ),
        }
    }

    /// Assert that `from` says nothing to the person within [`QUIET`] of virtual time (time
    /// moves on by that much). Panics with the message when one comes.
    pub async fn expect_no_reply(&mut self, from: &str) {
        self.expect_no_reply_within(from, QUIET).await;
    }

    /// Assert that `from` says nothing to the person within `window` of virtual time.
    pub async fn expect_no_reply_within(&mut self, from: &str, window: Duration) {
        let mut others = Vec::new();
        if let Some(message) = self.next_from(from, window, &mut others).await {
            panic!(
                "{} expected no reply from {from} within {window:?} but got {:?} (in {:?} {})",
                self.id,
                message.plain_text(),
                message.conv_type,
                message.conv_id
            );
        }
    }

    /// The next signaling event (a call invitation, an answer …) caused by `actor`, waiting up
    /// to [`PATIENCE`]; other events are skipped. Panics when none comes.
    pub async fn expect_signal_from(&mut self, actor: &str) -> SignalingEvent {
        let events = &mut self.events;
        let search = async {
            loop {
                match events.recv().await {
                    Some(Event::Signaling(signal)) if signal.actor == actor => {
                        return Some(*signal);
                    }
                    Some(_) => {}
                    None => return None,
                }
            }
        };
        match tokio::time::timeout(PATIENCE, search).await {
            Ok(Some(signal)) => signal,
            Ok(None) => panic!("{}'s session ended", self.id),
            Err(_) => panic!(
                "{} expected a signaling event from {actor} within {PATIENCE:?} and got none",
                self.id
            ),
        }
    }

    /// The texts of the messages from `from` that have arrived and were not read yet, without
    /// waiting (other events are read and dropped).
    pub fn waiting_from(&mut self, from: &str) -> Vec<String> {
        let mut texts = Vec::new();
        while let Some(event) = self.events.try_recv() {
            match event {
                Event::NewMessage(message) if message.sender == from => {
                    texts.push(message.plain_text());
                }
                _ => {}
            }
        }
        texts
    }

    /// The next message from `from` within `wait`; texts of other senders' messages go to
    /// `others`.
    async fn next_from(
        &mut self,
        from: &str,
        wait: Duration,
        others: &mut Vec<String>,
    ) -> Option<Arc<Message>> {
        let id = &self.id;
        let events = &mut self.events;
        let search = async {
            loop {
                match events.recv().await {
                    Some(Event::NewMessage(message)) if message.sender == from => {
                        return message;
                    }
                    Some(Event::NewMessage(message)) => {
                        others.push(format!("{}: {}", message.sender, message.plain_text()));
                    }
                    Some(_) => {}
                    None => panic!("{id}'s session ended"),
                }
            }
        };
        tokio::time::timeout(wait, search).await.ok()
    }
}

/// What else a person heard, for a failure message.
fn heard(others: &[String]) -> String {
    if others.is_empty() {
        String::new()
    } else {
        format!(" (heard instead: {others:?})")
    }
}
