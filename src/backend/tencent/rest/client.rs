//! The REST client: builds the signed URL, posts JSON, reads the status, retries what is
//! transient.
//!
//! Every call is `POST <base>/v4/<service>/<command>?sdkappid=…&identifier=<admin>&usersig=…
//! &random=<u32>&contenttype=json` with a JSON body (`{}` when empty), as the REST API overview
//! requires (research note §2.1). The admin UserSig comes from [`AdminSig`]; the base is
//! `https://<region host>` or the configured override. The client waits longer than Tencent's
//! 3 s server timeout, and keeps connections alive (reqwest pools them).

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tracing::{debug, warn};

use super::admin_sig::AdminSig;
use super::reply::{self, ItemFailure, Status};
use super::retry::{self, RetryPolicy};
use crate::backend::tencent::config::TencentConfig;
use crate::core::usersig::{Clock, UserSigSigner};
use crate::core::{Error, Result};

/// A client of the Tencent Cloud IM REST API, acting as the app's admin.
///
/// Cheap to clone (clones share the connection pool and the cached UserSig).
#[derive(Debug, Clone)]
pub struct RestClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    sdk_app_id: u64,
    sig: AdminSig,
    retry: RetryPolicy,
}

/// A batch command's answer: the value and the accounts it failed for (`SomeError`).
#[derive(Debug, Clone, PartialEq)]
pub struct Partial<T> {
    /// The answer's fields.
    pub value: T,
    /// The accounts the command failed for; empty when everything succeeded.
    pub failures: Vec<ItemFailure>,
}

impl RestClient {
    /// A client for the app of `config`, signing with `secret_key`, reading "now" from `clock`.
    pub fn new(config: &TencentConfig, secret_key: &str, clock: Arc<dyn Clock>) -> Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout())
            .build()
            .map_err(|e| Error::Http(format!("cannot build the HTTP client: {e}")))?;
        let for_signer = Arc::clone(&clock);
        let signer = UserSigSigner::new(config.sdk_app_id, secret_key)
            .with_clock(move || for_signer.now_unix_secs());
        Ok(RestClient {
            inner: Arc::new(Inner {
                http,
                base_url: config.rest_base_url(),
                sdk_app_id: config.sdk_app_id,
                sig: AdminSig::new(
                    signer,
                    clock,
                    config.admin.clone(),
                    config.admin_sig_ttl_secs,
                ),
                retry: RetryPolicy {
                    max_retries: config.max_retries,
                    base_delay: std::time::Duration::from_millis(config.retry_backoff_ms),
                },
            }),
        })
    }

    /// The admin account the calls are made as.
    pub fn admin(&self) -> &str {
        self.inner.sig.admin()
    }

    /// The app's SDKAppID.
    pub fn sdk_app_id(&self) -> u64 {
        self.inner.sdk_app_id
    }

    /// Calls `v4/<service>/<command>` with `body`; a FAIL or a partial failure is an error.
    pub async fn call<B, T>(&self, service: &str, command: &str, body: &B) -> Result<T>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let (value, status) = self.send(service, command, body).await?;
        match status {
            Status::Ok => decode(command, value),
            Status::Partial(failures) => {
                let code = failures.first().map_or(0, |failure| failure.code);
                Err(Error::im(code, reply::describe(&failures)))
            }
        }
    }

    /// Calls a batch command: a partial failure (`SomeError`) is a value listing what failed.
    pub async fn call_partial<B, T>(
        &self,
        service: &str,
        command: &str,
        body: &B,
    ) -> Result<Partial<T>>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let (value, status) = self.send(service, command, body).await?;
        let failures = match status {
            Status::Ok => Vec::new(),
            Status::Partial(failures) => failures,
        };
        Ok(Partial {
            value: decode(command, value)?,
            failures,
        })
    }

    async fn send<B>(&self, service: &str, command: &str, body: &B) -> Result<(Value, Status)>
    where
        B: Serialize + ?Sized,
    {
        let body = serde_json::to_vec(body)
            .map_err(|e| Error::invalid("REST request", format!("cannot encode JSON: {e}")))?;
        let mut retries = 0;
        loop {
            let outcome = self.attempt(service, command, &body).await;
            let transient = match &outcome {
                Ok(_) => false,
                Err(Attempt::Transport(_)) => true,
                Err(Attempt::Status(status, _)) => retry::is_transient_status(*status),
                Err(Attempt::Final(error)) => error.code().is_some_and(retry::is_transient_code),
            };
            if !transient || retries >= self.inner.retry.max_retries {
                return outcome.map_err(Attempt::into_error);
            }
            let delay = self.inner.retry.delay(retries);
            retries += 1;
            warn!(
                service,
                command,
                retry = retries,
                ?delay,
                "transient REST failure, retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        service: &str,
        command: &str,
        body: &[u8],
    ) -> std::result::Result<(Value, Status), Attempt> {
        let usersig = self.inner.sig.current().map_err(Attempt::Final)?;
        let url = format!("{}/v4/{service}/{command}", self.inner.base_url);
        let random = rand::random::<u32>().to_string();
        let sdk_app_id = self.inner.sdk_app_id.to_string();
        debug!(service, command, "REST call");
        let response = self
            .inner
            .http
            .post(url)
            .query(&[
                ("sdkappid", sdk_app_id.as_str()),
                ("identifier", self.admin()),
                ("usersig", usersig.as_str()),
                ("random", random.as_str()),
                ("contenttype", "json"),
            ])
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| transport_failure(service, command, e))?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_failure(service, command, e))?;
        if status != 200 {
            return Err(Attempt::Status(status, format!("{service}/{command}")));
        }
        reply::parse(&bytes).map_err(Attempt::Final)
    }
}

/// Why one attempt failed.
enum Attempt {
    /// The request did not complete (connection, timeout).
    Transport(String),
    /// A non-200 HTTP status.
    Status(u16, String),
    /// The answer was read: an IM error or an undecodable answer.
    Final(Error),
}

impl Attempt {
    fn into_error(self) -> Error {
        match self {
            Attempt::Transport(reason) => Error::Http(reason),
            Attempt::Status(status, call) => Error::Http(format!("{call}: HTTP status {status}")),
            Attempt::Final(error) => error,
        }
    }
}

fn decode<T: DeserializeOwned>(command: &str, value: Value) -> Result<T> {
    serde_json::from_value(value)
        .map_err(|e| Error::decode("REST answer", format!("{command}: {e}")))
}

/// A transport failure of `service/command`, described without the request's URL: its query
/// carries the admin's UserSig, which must not reach logs or error messages.
fn transport_failure(service: &str, command: &str, error: reqwest::Error) -> Attempt {
    Attempt::Transport(format!("{service}/{command}: {}", error.without_url()))
}
