//! [`TencentBackend`]: the Tencent Cloud IM service behind the core's `Backend` trait.
//!
//! One backend serves one app: it owns the REST client (acting as the app's admin) and the
//! callback receiver. Logging a bot account in checks its UserSig with the app's key (as the
//! service would), makes sure the account exists (a normal account is imported, which is
//! harmless when it exists; a robot `@RBT#…` must have been created), and registers the
//! account with the receiver, which from then on routes the callbacks that concern it to the
//! session's event stream.
//!
//! The host starts the receiver once per app:
//!
//! ```no_run
//! # async fn run(config: timbot::backend::tencent::TencentConfig) -> timbot::core::Result<()> {
//! use timbot::backend::tencent::TencentBackend;
//! let backend = TencentBackend::new(config.clone())?;
//! let listener = tokio::net::TcpListener::bind(config.listen).await
//!     .map_err(|e| timbot::core::Error::Http(e.to_string()))?;
//! tokio::spawn(backend.serve_webhooks(listener));
//! # Ok(()) }
//! ```

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use axum::Router;
use tokio::net::TcpListener;

use super::config::TencentConfig;
use super::rest::{is_robot, AccountImport, RestClient};
use super::session::TencentSession;
use super::webhook::auth::Authenticator;
use super::webhook::verdict::VerdictPolicy;
use super::webhook::{Receiver, Registry};
use crate::core::backend::{Backend, LoggedIn, LoginRequest};
use crate::core::codes;
use crate::core::event::event_channel;
use crate::core::usersig::{Clock, SystemClock, UserSigSigner};
use crate::core::{Error, Result, UserSigError};
use crate::store::Store;

/// The name this backend gives itself in logs and `Unsupported` errors.
pub const BACKEND_NAME: &str = "tencent";

/// The Tencent Cloud IM backend of one app. Cheap to clone.
#[derive(Debug, Clone)]
pub struct TencentBackend {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: TencentConfig,
    rest: RestClient,
    signer: UserSigSigner,
    registry: Arc<Registry>,
    receiver: Arc<Receiver>,
}

impl TencentBackend {
    /// A backend for the app `config` describes, reading the system clock. Reads the secret
    /// key (and callback token) from the file or the environment.
    pub fn new(config: TencentConfig) -> Result<Self> {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// The same, reading "now" (UserSig times, callback freshness) from `clock`.
    pub fn with_clock(config: TencentConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        config.validate()?;
        let secret = config.resolve_secret_key()?;
        let token = config.resolve_callback_token()?;
        let rest = RestClient::new(&config, &secret, Arc::clone(&clock))?;
        let for_signer = Arc::clone(&clock);
        let signer = UserSigSigner::new(config.sdk_app_id, secret)
            .with_clock(move || for_signer.now_unix_secs());
        let registry = Arc::new(Registry::default());
        let auth = Authenticator::new(config.sdk_app_id, token, config.request_time_window_secs);
        let policy = VerdictPolicy {
            timeout: config.verdict_timeout(),
            default: config.verdict_default,
        };
        let receiver = Arc::new(Receiver::new(auth, Arc::clone(&registry), clock, policy));
        Ok(TencentBackend {
            inner: Arc::new(Inner {
                config,
                rest,
                signer,
                registry,
                receiver,
            }),
        })
    }

    /// Keeps the webhook receiver's window of handled callbacks in `store`, shared with the
    /// other replicas of a scaled-out deployment, so that a callback Tencent delivers twice is
    /// handled once even when the load balancer sends the two deliveries to different replicas.
    /// Call it before serving webhooks, once; a second call is an [`Error::Invalid`].
    pub fn share_handled_callbacks(&self, store: Arc<dyn Store>) -> Result<()> {
        self.inner.receiver.share_handled_window(store)
    }

    /// The REST client (for commands the core's operations do not cover, e.g. robots).
    pub fn rest(&self) -> &RestClient {
        &self.inner.rest
    }

    /// The settings this backend runs with.
    pub fn config(&self) -> &TencentConfig {
        &self.inner.config
    }

    /// The callback receiver as an axum router, serving `callback_path` (to mount in a larger
    /// server).
    pub fn webhook_router(&self) -> Router {
        Arc::clone(&self.inner.receiver).router(&self.inner.config.callback_path)
    }

    /// Serves the callback receiver on `listener` until the server fails. The future owns what
    /// it needs, so it can be spawned.
    pub fn serve_webhooks(
        &self,
        listener: TcpListener,
    ) -> impl Future<Output = Result<()>> + Send + 'static {
        let router = self.webhook_router();
        async move {
            axum::serve(listener, router)
                .await
                .map_err(|e| Error::Http(format!("callback receiver: {e}")))
        }
    }

    /// A UserSig for a bot account `user_id`, made with the app's key and valid for
    /// `expire_secs` (what the host passes to `login`).
    pub fn user_sig_for(&self, user_id: &str, expire_secs: u64) -> Result<String> {
        self.inner.signer.generate(user_id, expire_secs)
    }

    /// Checks the UserSig and that the account exists at Tencent.
    async fn admit(&self, request: &LoginRequest) -> Result<()> {
        self.inner
            .signer
            .verify(&request.user_id, &request.user_sig)
            .map_err(login_error)?;
        if is_robot(&request.user_id) {
            let robots = self.inner.rest.robots().await?;
            if !robots.contains(&request.user_id) {
                return Err(Error::im(
                    codes::ACCOUNT_NOT_FOUND,
                    format!(
                        "robot {} does not exist: create it (create_robot or the console) first",
                        request.user_id
                    ),
                ));
            }
        } else {
            let import = AccountImport {
                user_id: request.user_id.clone(),
                nick: None,
                face_url: None,
            };
            self.inner.rest.import_account(&import).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl Backend for TencentBackend {
    fn name(&self) -> &'static str {
        BACKEND_NAME
    }

    async fn login(&self, request: LoginRequest) -> Result<LoggedIn> {
        self.admit(&request).await?;
        let (sender, events) = event_channel();
        let registration = self.inner.registry.register(&request.user_id, sender);
        let session = TencentSession::new(
            request.user_id,
            self.inner.rest.clone(),
            Arc::clone(&self.inner.registry),
            registration,
        );
        Ok(LoggedIn {
            session: Arc::new(session),
            events,
        })
    }
}

/// The service's login error for a UserSig that does not verify.
fn login_error(error: UserSigError) -> Error {
    Error::im(error.im_code(), error.to_string())
}
