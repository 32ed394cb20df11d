//! The terminal chat: a person talks to the bots on the embedded engine, line by line.
//!
//! - `/as <user>`: speak as `<user>` from now on (the account is created and logged in);
//! - `/c2c <user>`: speak one-to-one with `<user>` (a bot's account, usually);
//! - `/group <id>`: speak in group `<id>`; it is created with the bots as members if it does not
//!   exist, and the current person joins it;
//! - `/call`: invite the current one-to-one peer to a call (signaling);
//! - any other line (including bot commands such as `/help`) is sent as the current person.
//!
//! Every message a person receives is printed: `[c2c → alice] support_bot: text` or
//! `[group demo → alice] support_bot: text` (a card or a transcript shows its description or
//! title, see [`summary`]); call answers as `[call → alice] …`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::{CreateGroupParams, InviteParams};
use timbot::core::event::Event;
use timbot::core::types::{ConvType, Elem, GroupType, Message};
use timbot::core::{codes, Client, Result};
use timbot::message::incoming::summary;
use timbot::runtime::ConvKey;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::sync::watch;

/// The usage lines printed at start when stdin is a terminal.
pub const USAGE: &str = "\
Type a message and press Enter to send it.
  /as <user>     speak as <user>
  /c2c <user>    speak one-to-one with <user>
  /group <id>    speak in group <id> (created with the bots if new)
  /call          invite the one-to-one peer to a call
Other lines starting with / (e.g. /help) go to the bots. Ctrl-C or Ctrl-D stops.";

/// Counts what the chat printed, so that the host can wait for the last replies.
pub type Activity = watch::Receiver<u64>;

/// The chat's state: who speaks, where, and the logged-in people.
pub struct Chat {
    engine: LocalEngine,
    bots: Vec<String>,
    people: HashMap<String, Client>,
    speaker: String,
    target: ConvKey,
    printed: Arc<watch::Sender<u64>>,
}

impl Chat {
    /// A chat on `engine` with the bots logged in as `bots`; speaking as `alice` to the first bot.
    pub fn new(engine: LocalEngine, bots: Vec<String>) -> Chat {
        let first = bots.first().cloned().unwrap_or_default();
        Chat {
            engine,
            bots,
            people: HashMap::new(),
            speaker: "alice".to_owned(),
            target: ConvKey::direct(first),
            printed: Arc::new(watch::Sender::new(0)),
        }
    }

    /// Follows how many lines the chat printed for the people (replies, call answers).
    pub fn activity(&self) -> Activity {
        self.printed.subscribe()
    }

    /// Where lines go now, e.g. `alice → c2c support_bot`.
    pub fn prompt(&self) -> String {
        let place = match self.target.conv_type {
            ConvType::Group => format!("group {}", self.target.id),
            _ => format!("c2c {}", self.target.id),
        };
        format!("{} → {place}", self.speaker)
    }

    /// Act on one line typed by the person.
    pub async fn handle_line(&mut self, line: &str) -> Result<()> {
        let line = line.trim();
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = rest.trim();
        match word {
            "" => {}
            "/as" if !rest.is_empty() => {
                self.speaker = rest.to_owned();
                self.client().await?;
                println!("(now {})", self.prompt());
            }
            "/c2c" if !rest.is_empty() => {
                self.target = ConvKey::direct(rest);
                println!("(now {})", self.prompt());
            }
            "/group" if !rest.is_empty() => {
                self.enter_group(rest)?;
                self.target = ConvKey::group(rest);
                println!("(now {})", self.prompt());
            }
            "/call" => self.call().await?,
            _ => self.say(line).await?,
        }
        Ok(())
    }

    async fn say(&mut self, text: &str) -> Result<()> {
        let target = self.target.clone();
        let client = self.client().await?;
        let message = Message::new(target.conv_type, target.id, vec![Elem::text(text)]);
        client.messages()?.send_message(message).await?;
        Ok(())
    }

    async fn call(&mut self) -> Result<()> {
        if self.target.conv_type != ConvType::C2C {
            println!("(/call works in a one-to-one chat: use /c2c <user> first)");
            return Ok(());
        }
        let invitee = self.target.id.clone();
        let client = self.client().await?;
        let invite_id = client
            .signaling()?
            .invite(InviteParams {
                invitees: vec![invitee.clone()],
                data: "call".to_owned(),
                timeout_secs: 30,
                ..InviteParams::default()
            })
            .await?;
        println!("(calling {invitee}, invitation {invite_id})");
        Ok(())
    }

    /// Create group `id` with the bots (and the speaker) if needed, and make the speaker a member.
    fn enter_group(&self, id: &str) -> Result<()> {
        self.engine.create_user(&self.speaker, &self.speaker)?;
        let mut params = CreateGroupParams::new(GroupType::Work, id);
        params.group_id = Some(id.to_owned());
        params.members = self.bots.clone();
        params.members.retain(|m| m != &self.speaker);
        match self.engine.admin_create_group(&self.speaker, params) {
            Ok(_) => Ok(()),
            Err(error)
                if matches!(
                    error.code(),
                    Some(codes::GROUP_ID_IN_USE | codes::GROUP_ID_IN_USE_BY_OWNER)
                ) =>
            {
                let joining = std::slice::from_ref(&self.speaker);
                if let Err(error) = self.engine.admin_add_members(id, joining) {
                    tracing::debug!(group = id, %error, "joining the group");
                }
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// The speaker's client, logged in on first use (its messages are printed from then on).
    async fn client(&mut self) -> Result<Client> {
        if let Some(client) = self.people.get(&self.speaker) {
            return Ok(client.clone());
        }
        let user = self.speaker.clone();
        self.engine.create_user(&user, &user)?;
        let client = Client::new(self.engine.backend());
        let mut events = client.login(&user, &self.engine.user_sig(&user)?).await?;
        let me = user.clone();
        let printed = self.printed.clone();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let Some(line) = describe(&me, &event) {
                    println!("{line}");
                    printed.send_modify(|n| *n += 1);
                }
            }
        });
        self.people.insert(user, client.clone());
        Ok(client)
    }
}

/// How an event `person` received is printed (`None`: not shown).
pub fn describe(person: &str, event: &Event) -> Option<String> {
    match event {
        Event::NewMessage(message) if message.sender != person => {
            let place = match message.conv_type {
                ConvType::Group => format!("group {}", message.conv_id),
                _ => "c2c".to_owned(),
            };
            let shown = summary(message);
            Some(format!("[{place} → {person}] {}: {shown}", message.sender))
        }
        Event::Signaling(signal) if signal.actor != person => Some(format!(
            "[call → {person}] {} {:?}: {}",
            if signal.actor.is_empty() {
                "invitation"
            } else {
                &signal.actor
            },
            signal.action,
            signal.data
        )),
        _ => None,
    }
}

/// Read lines from `input` until it ends, acting on each; errors are printed, not fatal.
pub async fn run(mut chat: Chat, input: impl AsyncBufRead + Unpin) {
    let mut lines = input.lines();
    loop {
        match lines.next_line().await {
            Ok(Some(line)) => {
                if let Err(error) = chat.handle_line(&line).await {
                    println!("(error: {error})");
                }
            }
            Ok(None) => break,
            Err(error) => {
                tracing::warn!(%error, "reading stdin");
                break;
            }
        }
    }
}

/// Wait until nothing was printed for `quiet` (the bots have answered), at most `bound` in all.
pub async fn wait_until_quiet(activity: &Activity, quiet: Duration, bound: Duration) {
    let mut activity = activity.clone();
    let settle =
        async { while let Ok(Ok(())) = tokio::time::timeout(quiet, activity.changed()).await {} };
    let _ = tokio::time::timeout(bound, settle).await;
}
