//! The engine itself: its configuration, its shared state, and [`LocalEngine`], the handle that
//! bots, simulated people, the host and tests hold.
//!
//! All state sits behind one `std::sync::Mutex`. Every operation takes the lock, does its work
//! (checks, storage, fan-out into unbounded event channels, which never blocks) and releases it
//! before returning; no lock is ever held across an `.await`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use rustc_hash::FxHashMap;

use super::accounts::Account;
use super::clock::{EngineClock, Moment};
use super::groups::Group;
use super::limits;
use super::messages::C2cHistory;
use super::session::LocalSession;
use super::signaling::Invitation;
use super::stored::Retention;
use crate::core::backend::{Backend, CreateGroupParams, LoggedIn, LoginRequest};
use crate::core::error::{Error, Result};
use crate::core::usersig::{UserSigSigner, DEFAULT_EXPIRE_SECS};

/// The SDKAppID of [`LocalEngine::default`]: a fixed demo application.
pub const DEMO_SDK_APP_ID: u64 = 1_400_000_000;

/// The secret key of [`LocalEngine::default`]. It only opens the embedded engine.
pub const DEMO_SECRET: &str = "timbot-local-engine-demo-secret";

/// How the engine behaves: its application (SDKAppID + secret) and the console switches the real
/// service has.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The application's SDKAppID; UserSigs must be issued for it.
    pub sdk_app_id: u64,
    /// The application's secret key; UserSigs must be signed with it.
    pub secret: String,
    /// How long after sending a message may be recalled (console "message recall settings";
    /// 2 minutes by default).
    pub recall_window: Duration,
    /// Validity of the UserSigs [`LocalEngine::user_sig`] issues, in seconds (180 days).
    pub user_sig_expire_secs: u64,
    /// Group messages accepted per second per group (40).
    pub group_messages_per_second: u32,
    /// Console "Blocklist Check" with "show sent successfully" turned off: a blocked sender gets
    /// error 20007 instead of a silent success.
    pub blocklist_fails_send: bool,
    /// Console "Check Relationship for One-to-One Chat Messages": only friends may send C2C
    /// messages (error 20009 otherwise).
    pub c2c_requires_friendship: bool,
    /// How long conversations keep messages (7 days, the default of the Trial and Pro editions).
    pub history_retention: Duration,
    /// How many messages one conversation keeps at most (a memory bound of the engine).
    pub max_stored_messages: usize,
    /// Words the content moderation blocks in text elements (error 80001).
    pub sensitive_words: Vec<String>,
    /// The engine's Unix time at creation, in seconds; `None` takes the system's wall clock.
    pub start_unix_time: Option<i64>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            sdk_app_id: DEMO_SDK_APP_ID,
            secret: DEMO_SECRET.to_owned(),
            recall_window: Duration::from_secs(120),
            user_sig_expire_secs: DEFAULT_EXPIRE_SECS,
            group_messages_per_second: limits::GROUP_MESSAGES_PER_SECOND,
            blocklist_fails_send: false,
            c2c_requires_friendship: false,
            history_retention: Duration::from_secs(7 * 86_400),
            max_stored_messages: 100_000,
            sensitive_words: Vec::new(),
            start_unix_time: None,
        }
    }
}

/// Everything the engine knows, behind the one lock.
///
/// The maps that every send looks up by user or group id hash with FxHash, not std's SipHash:
/// the keys are ids of the engine's own clients (no untrusted input to defend against), and
/// SipHash was a tenth of a one-to-one send's instructions.
#[derive(Debug)]
pub(crate) struct State {
    /// The configuration (copied in, read by the rules).
    pub config: EngineConfig,
    /// Accounts by user id.
    pub accounts: FxHashMap<String, Account>,
    /// Groups by group id.
    pub groups: FxHashMap<String, Group>,
    /// One-to-one histories by the ordered pair of user ids.
    pub c2c: FxHashMap<(String, String), C2cHistory>,
    /// Open signaling invitations by invite id.
    pub invitations: HashMap<String, Invitation>,
    next_id: u64,
}

impl State {
    /// What conversations keep, from the configuration.
    pub(crate) fn retention(&self) -> Retention {
        Retention {
            max_age_secs: i64::try_from(self.config.history_retention.as_secs())
                .unwrap_or(i64::MAX),
            max_count: self.config.max_stored_messages,
        }
    }

    /// A fresh number, unique in this engine (ids of sessions, messages, invitations, groups).
    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The account of `user_id`, or the "account does not exist" error given.
    pub(crate) fn account(&self, user_id: &str, missing_code: i32) -> Result<&Account> {
        self.accounts
            .get(user_id)
            .ok_or_else(|| Error::im(missing_code, format!("account {user_id:?} does not exist")))
    }

    /// The account of a logged-in session; fails when the session was logged out or kicked.
    pub(crate) fn session_account(&mut self, user_id: &str, session: u64) -> Result<&mut Account> {
        match self.accounts.get_mut(user_id) {
            Some(account) if account.has_session(session) => Ok(account),
            _ => Err(Error::NotLoggedIn),
        }
    }
}

/// The engine's shared insides: clock, signer and the locked state (with the configuration).
#[derive(Debug)]
pub(crate) struct Inner {
    pub clock: EngineClock,
    pub signer: UserSigSigner,
    state: Mutex<State>,
}

impl Inner {
    /// Lock the state. A panic while holding the lock leaves the state as it was at the panic;
    /// the engine keeps serving rather than failing every later call.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Lock the state and read the clock once.
    pub(crate) fn lock_at(&self) -> (MutexGuard<'_, State>, Moment) {
        let guard = self.lock();
        (guard, self.clock.now())
    }
}

/// The embedded IM engine: an in-process IM service that many accounts log in to.
///
/// Cheap to clone; clones share the same service. It is a [`Backend`], so a
/// [`crate::core::Client`] logs in to it like to Tencent Cloud IM.
///
/// ```
/// # async fn demo() -> timbot::core::Result<()> {
/// use timbot::backend::local::LocalEngine;
/// use timbot::core::Client;
///
/// let engine = LocalEngine::default();
/// let client = Client::new(engine.backend());
/// let _events = client.login("alice", &engine.user_sig("alice")?).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LocalEngine {
    pub(crate) inner: Arc<Inner>,
}

impl Default for LocalEngine {
    /// An engine for the demo application ([`DEMO_SDK_APP_ID`], [`DEMO_SECRET`]).
    fn default() -> Self {
        LocalEngine::new(EngineConfig::default())
    }
}

impl LocalEngine {
    /// An engine with `config`.
    pub fn new(config: EngineConfig) -> Self {
        let clock = EngineClock::new(config.start_unix_time);
        let signer = UserSigSigner::new(config.sdk_app_id, config.secret.clone())
            .with_clock(move || clock.unix_secs());
        LocalEngine {
            inner: Arc::new(Inner {
                clock,
                signer,
                state: Mutex::new(State {
                    config,
                    accounts: FxHashMap::default(),
                    groups: FxHashMap::default(),
                    c2c: FxHashMap::default(),
                    invitations: HashMap::new(),
                    next_id: 0,
                }),
            }),
        }
    }

    /// The engine as a shareable [`Backend`].
    pub fn backend(&self) -> Arc<dyn Backend> {
        Arc::new(self.clone())
    }

    /// The engine's SDKAppID.
    pub fn sdk_app_id(&self) -> u64 {
        self.inner.signer.sdk_app_id()
    }

    /// The engine's current time, Unix seconds (what server times and mute ends are in).
    pub fn now_unix(&self) -> i64 {
        self.inner.clock.unix_secs()
    }

    /// A valid UserSig for `user_id`, signed with the engine's secret, valid for
    /// [`EngineConfig::user_sig_expire_secs`]. Fails when the user id is empty or longer than
    /// 32 bytes.
    pub fn user_sig(&self, user_id: &str) -> Result<String> {
        let expire = self.inner.lock().config.user_sig_expire_secs;
        self.inner.signer.generate(user_id, expire)
    }

    /// A valid UserSig for `user_id` that expires `expire_secs` seconds from now (engine time).
    pub fn user_sig_expiring(&self, user_id: &str, expire_secs: u64) -> Result<String> {
        self.inner.signer.generate(user_id, expire_secs)
    }

    /// Create (import) an account with a nickname, like the REST `account_import`. Importing an
    /// existing account updates its nickname. Logging in also creates the account.
    pub fn create_user(&self, user_id: &str, nick_name: &str) -> Result<()> {
        limits::check_user_id(user_id)?;
        let mut state = self.inner.lock();
        Arc::make_mut(&mut state.ensure_account(user_id).profile).nick_name = nick_name.to_owned();
        Ok(())
    }

    /// Create a group as the app admin would (REST `create_group`): `owner` becomes the owner,
    /// `params.members` are added without invitation. The accounts must exist. Returns the id.
    pub fn admin_create_group(&self, owner: &str, params: CreateGroupParams) -> Result<String> {
        let (mut state, now) = self.inner.lock_at();
        state.create_group(owner, params, now)
    }

    /// Add members to a group as the app admin (REST `add_group_member`): allowed in every type
    /// except AVChatRoom, without anyone's approval. Members already in are skipped.
    pub fn admin_add_members(&self, group_id: &str, user_ids: &[String]) -> Result<()> {
        let (mut state, now) = self.inner.lock_at();
        state.admin_add_members(group_id, user_ids, now)
    }
}

#[async_trait]
impl Backend for LocalEngine {
    fn name(&self) -> &'static str {
        "local"
    }

    async fn login(&self, request: LoginRequest) -> Result<LoggedIn> {
        let (session_id, events) = self.inner.login(&request)?;
        let session = LocalSession::new(Arc::clone(&self.inner), request.user_id, session_id);
        Ok(LoggedIn {
            session: Arc::new(session),
            events,
        })
    }
}
