//! Tests of the Tencent Cloud IM backend against a local fake of the REST API and with the
//! documented callback bodies posted to the receiver. Nothing here talks to Tencent.

mod fake;
mod rest;
mod session;
mod webhook;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use timbot::backend::tencent::{Region, TencentBackend, TencentConfig};
use timbot::core::usersig::{Clock, UserSigSigner};

use fake::FakeRest;

/// The app every test uses.
pub const SDK_APP_ID: u64 = 1_400_000_000;
/// Its secret key.
pub const SECRET: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
/// Its admin.
pub const ADMIN: &str = "administrator";
/// Its callback token.
pub const TOKEN: &str = "xxxyyy";
/// The tests' "now" at start.
pub const START: i64 = 1_669_872_112;

/// A settable clock.
#[derive(Clone)]
pub struct TestClock(Arc<AtomicI64>);

impl Default for TestClock {
    fn default() -> Self {
        TestClock(Arc::new(AtomicI64::new(START)))
    }
}

impl TestClock {
    /// A clock at [`START`].
    pub fn new() -> Self {
        TestClock::default()
    }

    /// Now.
    pub fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    /// Moves the clock forward.
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }

    /// As a `core::usersig` clock.
    pub fn as_clock(&self) -> Arc<dyn Clock> {
        let inner = Arc::clone(&self.0);
        Arc::new(move || inner.load(Ordering::SeqCst))
    }
}

/// A signer of the test app reading `clock`.
pub fn signer(clock: &TestClock) -> UserSigSigner {
    let clock = clock.as_clock();
    UserSigSigner::new(SDK_APP_ID, SECRET).with_clock(move || clock.now_unix_secs())
}

/// The test app's configuration, pointed at `fake`, with a callback token.
pub fn config(fake: &FakeRest) -> TencentConfig {
    config_for_base_url(&fake.base_url())
}

/// The test app's configuration, its REST API at `base_url`, with a callback token.
pub fn config_for_base_url(base_url: &str) -> TencentConfig {
    let mut config = TencentConfig::new(Region::Singapore, SDK_APP_ID, ADMIN);
    config.base_url = Some(base_url.to_owned());
    config.secret_key = Some(SECRET.to_owned());
    config.callback_token = Some(TOKEN.to_owned());
    config.retry_backoff_ms = 1;
    config
}

/// A fake, and a backend using it.
pub async fn setup() -> (FakeRest, TencentBackend, TestClock) {
    let clock = TestClock::new();
    let fake = FakeRest::start(signer(&clock), ADMIN).await;
    let backend = TencentBackend::with_clock(config(&fake), clock.as_clock()).expect("backend");
    (fake, backend, clock)
}
