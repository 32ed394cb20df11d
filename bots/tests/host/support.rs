//! Helpers of the host tests: the bots of a bot file's text started on the embedded engine
//! by `timbot run`'s own [`run::start`], simulated people, event injection and captured logs.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::CreateGroupParams;
use timbot::core::event::{Event, EventStream, SignalingEvent};
use timbot::core::types::{ConvType, Elem, GroupType, Message, SignalingActionType};
use timbot::core::Client;
use timbot::runtime::{BotFile, BotHandle, Signer};
use timbot::store::MemoryStore;
use timbot::testing::Tap;
use timbot_host::run::{self, Running};
use tracing_subscriber::fmt::MakeWriter;

/// How long a test waits for something that should happen (virtual time).
pub const PATIENCE: Duration = Duration::from_secs(600);

/// The bots of one bot file, running on an engine.
pub struct Scene {
    pub engine: LocalEngine,
    pub running: Running,
    pub tap: Arc<Tap>,
}

impl Scene {
    /// Start the bots `text` defines (as file `test.toml`), with the accounts `people`.
    pub async fn start(text: &str, people: &[&str]) -> Scene {
        let engine = LocalEngine::default();
        let file = BotFile::parse("test.toml", text).expect("a good bot file");
        for config in file.bot_configs() {
            engine.create_user(&config.user_id, &config.name).unwrap();
        }
        for person in people {
            engine.create_user(person, person).unwrap();
        }
        let tap = Tap::new(engine.backend());
        let signing = engine.clone();
        let signer: Arc<dyn Signer> = Arc::new(move |user: &str| signing.user_sig(user));
        let store = Arc::new(MemoryStore::new());
        let running = run::start(&file, tap.clone(), signer, store)
            .await
            .expect("the bots start");
        Scene {
            engine,
            running,
            tap,
        }
    }

    /// The first bot.
    pub fn bot(&self) -> BotHandle {
        self.running.bots().remove(0)
    }

    /// A Work group `id` owned by `owner`, with `members`.
    pub fn group(&self, id: &str, owner: &str, members: &[&str]) {
        let mut params = CreateGroupParams::new(GroupType::Work, id);
        params.group_id = Some(id.to_owned());
        params.members = members.iter().map(|m| m.to_string()).collect();
        self.engine.admin_create_group(owner, params).unwrap();
    }

    /// Push a signaling event about invitation `invite_id` from `inviter` to `invitees` into the
    /// bot's stream.
    pub fn inject_signal(
        &self,
        action: SignalingActionType,
        invite_id: &str,
        inviter: &str,
        invitees: &[&str],
    ) {
        self.tap.inject(Event::Signaling(SignalingEvent {
            action,
            invite_id: invite_id.to_owned(),
            group_id: String::new(),
            inviter: inviter.to_owned(),
            invitees: invitees.iter().map(|i| i.to_string()).collect(),
            actor: inviter.to_owned(),
            data: String::new(),
            timeout_secs: 30,
        }));
    }

    /// Wait until the bot has handled everything it received.
    pub async fn settled(&self) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.bot().wait_for_metrics(|m| m.in_flight() == 0).await;
    }
}

/// A simulated person: a logged-in client and its events.
pub struct Person {
    pub id: String,
    pub client: Client,
    pub events: EventStream,
}

impl Person {
    /// Log `id` in to the engine.
    pub async fn login(engine: &LocalEngine, id: &str) -> Person {
        let client = Client::new(engine.backend());
        let events = client
            .login(id, &engine.user_sig(id).unwrap())
            .await
            .unwrap();
        Person {
            id: id.to_owned(),
            client,
            events,
        }
    }

    /// Say `text` in a conversation.
    pub async fn say(&self, conv_type: ConvType, to: &str, text: &str) {
        let message = Message::new(conv_type, to, vec![Elem::text(text)]);
        self.client
            .messages()
            .unwrap()
            .send_message(message)
            .await
            .unwrap();
    }

    /// The next event that satisfies `wanted` (others are skipped); panics after [`PATIENCE`].
    pub async fn next<T>(&mut self, mut wanted: impl FnMut(&Event) -> Option<T>) -> T {
        let wait = async {
            loop {
                match self.events.recv().await {
                    Some(event) => {
                        if let Some(found) = wanted(&event) {
                            return found;
                        }
                    }
                    None => panic!("{}'s session ended", self.id),
                }
            }
        };
        tokio::time::timeout(PATIENCE, wait)
            .await
            .unwrap_or_else(|_| panic!("{} waited in vain", self.id))
    }

    /// The next message from `sender`.
    pub async fn message_from(&mut self, sender: &str) -> Arc<Message> {
        self.next(|event| match event {
            Event::NewMessage(m) if m.sender == sender => Some(m.clone()),
            _ => None,
        })
        .await
    }

    /// The next signaling event caused by `actor`.
    pub async fn signal_from(&mut self, actor: &str) -> SignalingEvent {
        self.next(|event| match event {
            Event::Signaling(s) if s.actor == actor => Some(s.clone()),
            _ => None,
        })
        .await
    }

    /// The texts of the messages from `sender` waiting now.
    pub fn waiting_from(&mut self, sender: &str) -> Vec<String> {
        let mut texts = Vec::new();
        while let Some(event) = self.events.try_recv() {
            if let Event::NewMessage(m) = event {
                if m.sender == sender {
                    texts.push(m.plain_text());
                }
            }
        }
        texts
    }
}

/// Log lines written while a test runs on one thread (the tests' default runtime).
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    /// Capture the logs of this thread until the guard is dropped.
    pub fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(logs.clone())
            .with_ansi(false)
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        (logs, guard)
    }

    /// The lines captured so far that contain `needle`.
    pub fn lines_with(&self, needle: &str) -> Vec<String> {
        let bytes = self.0.lock().unwrap().clone();
        String::from_utf8_lossy(&bytes)
            .lines()
            .filter(|line| line.contains(needle))
            .map(str::to_owned)
            .collect()
    }
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}
