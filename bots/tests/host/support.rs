//! Helpers of the host tests: the bots of a bot file's text started on the embedded engine
//! by `timbot run`'s own [`run::start`] behind a test kit [`Tap`] (for signaling injected into
//! the bot's stream), and captured logs. People are the test kit's [`timbot::testing::Person`].

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use timbot::backend::local::LocalEngine;
use timbot::core::backend::CreateGroupParams;
use timbot::core::event::{Event, SignalingEvent};
use timbot::core::types::{GroupType, SignalingActionType};
use timbot::runtime::{BotFile, BotHandle, Signer};
use timbot::store::MemoryStore;
use timbot::testing::Tap;
use timbot_host::run::{self, Running};
use tracing_subscriber::fmt::MakeWriter;

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
        self.tap.inject(Event::Signaling(Box::new(SignalingEvent {
            action,
            invite_id: invite_id.to_owned(),
            group_id: String::new(),
            inviter: inviter.to_owned(),
            invitees: invitees.iter().map(|i| i.to_string()).collect(),
            actor: inviter.to_owned(),
            data: String::new(),
            timeout_secs: 30,
        })));
    }

    /// Wait until the bot has handled everything it received.
    pub async fn settled(&self) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.bot().wait_for_metrics(|m| m.in_flight() == 0).await;
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
