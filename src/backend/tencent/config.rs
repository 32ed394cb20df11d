//! The `[backend]` section of a bot file when `kind = "tencent"`.
//!
//! ```toml
//! [backend]
//! kind = "tencent"
//! region = "singapore"              # which data center hosts the app (see `Region`)
//! sdk_app_id = 1400000000
//! admin = "administrator"           # an App admin account, made in the console
//! secret_key_env = "TIMBOT_SECRET_KEY"        # or: secret_key = "…" (not recommended)
//! callback_token_env = "TIMBOT_CALLBACK_TOKEN" # optional; or callback_token = "…"
//! listen = "0.0.0.0:8080"           # where the callback (webhook) receiver listens
//! callback_path = "/tencent/callback"
//! ```
//!
//! Every other field has a default (see [`TencentConfig`]). The host reads `[backend]` as an
//! enum tagged by `kind`; this struct is the `tencent` variant, so `kind` itself is not one of
//! its fields, and an unknown field is an error (a typo must not be ignored silently).

use std::net::SocketAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::core::{Error, Result};

/// Tencent's own deadline for an answer to a callback: two seconds.
pub const CALLBACK_DEADLINE: Duration = Duration::from_secs(2);

/// Tencent's REST server-side timeout: three seconds. The client must wait longer.
pub const REST_SERVER_TIMEOUT: Duration = Duration::from_secs(3);

/// The data center an app lives in, which decides the REST host.
///
/// Hosts from the REST API overview (research note §2.1): China `console.tim.qq.com`,
/// Singapore `adminapisgp`, Seoul `adminapikr`, Frankfurt `adminapiger`, Mumbai `adminapiind`,
/// Silicon Valley `adminapiusa`, Tokyo `adminapijpn`, Jakarta `adminapiidn` (`.im.qcloud.com`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Mainland China.
    China,
    /// Singapore.
    Singapore,
    /// Seoul.
    Seoul,
    /// Frankfurt.
    Frankfurt,
    /// Mumbai.
    Mumbai,
    /// Silicon Valley.
    SiliconValley,
    /// Tokyo.
    Tokyo,
    /// Jakarta.
    Jakarta,
}

impl Region {
    /// The REST API host of this region.
    pub fn host(self) -> &'static str {
        match self {
            Region::China => "console.tim.qq.com",
            Region::Singapore => "adminapisgp.im.qcloud.com",
            Region::Seoul => "adminapikr.im.qcloud.com",
            Region::Frankfurt => "adminapiger.im.qcloud.com",
            Region::Mumbai => "adminapiind.im.qcloud.com",
            Region::SiliconValley => "adminapiusa.im.qcloud.com",
            Region::Tokyo => "adminapijpn.im.qcloud.com",
            Region::Jakarta => "adminapiidn.im.qcloud.com",
        }
    }
}

/// What to answer a before-send callback when no verdict arrives in time.
///
/// Tencent's own default on a callback timeout is to deliver the message; answering ourselves
/// just before the deadline keeps the choice with the bot file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultVerdict {
    /// Deliver the message.
    #[default]
    Allow,
    /// Refuse it (the sender gets 20006 in C2C, 10016 in a group).
    Block,
    /// Drop it; the sender believes it was delivered.
    Drop,
}

/// The Tencent Cloud IM backend's settings (the `[backend]` section with `kind = "tencent"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TencentConfig {
    /// The app's data center; decides the REST host.
    pub region: Region,
    /// Replaces `https://<region host>` (e.g. a proxy, or a local fake in tests).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The app's SDKAppID.
    pub sdk_app_id: u64,
    /// An App admin account (console → Account Management); REST calls are made as it.
    pub admin: String,
    /// The app's secret key, written in the file (prefer `secret_key_env`).
    #[serde(default)]
    pub secret_key: Option<String>,
    /// The name of the environment variable holding the secret key.
    #[serde(default)]
    pub secret_key_env: Option<String>,
    /// The callback authentication token, written in the file (prefer `callback_token_env`).
    /// Without a token, callbacks are accepted unsigned (only the SDKAppID is checked).
    #[serde(default)]
    pub callback_token: Option<String>,
    /// The name of the environment variable holding the callback token.
    #[serde(default)]
    pub callback_token_env: Option<String>,
    /// The address the callback receiver listens on.
    #[serde(default = "defaults::listen")]
    pub listen: SocketAddr,
    /// The URL path the callbacks are posted to (the console's callback URL ends with it).
    #[serde(default = "defaults::callback_path")]
    pub callback_path: String,
    /// How long a REST call may take before the client gives up (must exceed Tencent's 3 s).
    #[serde(default = "defaults::request_timeout_ms")]
    pub request_timeout_ms: u64,
    /// How many times a rate-limited or transiently failed REST call is retried.
    #[serde(default = "defaults::max_retries")]
    pub max_retries: u32,
    /// The first retry's delay; each further retry doubles it.
    #[serde(default = "defaults::retry_backoff_ms")]
    pub retry_backoff_ms: u64,
    /// How long the plugins may think about a before-send callback (must leave room inside
    /// Tencent's 2 s).
    #[serde(default = "defaults::verdict_timeout_ms")]
    pub verdict_timeout_ms: u64,
    /// What to answer when the plugins do not decide in time.
    #[serde(default)]
    pub verdict_default: DefaultVerdict,
    /// How far a signed callback's `RequestTime` may be from now, in seconds.
    #[serde(default = "defaults::request_time_window_secs")]
    pub request_time_window_secs: u64,
    /// How long the admin's UserSig is valid; a new one is made shortly before it expires.
    #[serde(default = "defaults::admin_sig_ttl_secs")]
    pub admin_sig_ttl_secs: u64,
}

mod defaults {
    use std::net::{Ipv4Addr, SocketAddr};

    pub fn listen() -> SocketAddr {
        SocketAddr::from((Ipv4Addr::UNSPECIFIED, 8080))
    }
    pub fn callback_path() -> String {
        "/tencent/callback".to_owned()
    }
    pub fn request_timeout_ms() -> u64 {
        6_000
    }
    pub fn max_retries() -> u32 {
        3
    }
    pub fn retry_backoff_ms() -> u64 {
        200
    }
    pub fn verdict_timeout_ms() -> u64 {
        1_500
    }
    pub fn request_time_window_secs() -> u64 {
        300
    }
    pub fn admin_sig_ttl_secs() -> u64 {
        86_400
    }
}

impl TencentConfig {
    /// A configuration with every optional field at its default.
    pub fn new(region: Region, sdk_app_id: u64, admin: impl Into<String>) -> Self {
        TencentConfig {
            region,
            base_url: None,
            sdk_app_id,
            admin: admin.into(),
            secret_key: None,
            secret_key_env: None,
            callback_token: None,
            callback_token_env: None,
            listen: defaults::listen(),
            callback_path: defaults::callback_path(),
            request_timeout_ms: defaults::request_timeout_ms(),
            max_retries: defaults::max_retries(),
            retry_backoff_ms: defaults::retry_backoff_ms(),
            verdict_timeout_ms: defaults::verdict_timeout_ms(),
            verdict_default: DefaultVerdict::Allow,
            request_time_window_secs: defaults::request_time_window_secs(),
            admin_sig_ttl_secs: defaults::admin_sig_ttl_secs(),
        }
    }

    /// Reads the bot file's `[backend]` table: it must say `kind = "tencent"`; the other keys
    /// are this struct's. The result is validated.
    pub fn from_backend_section(section: &toml::Value) -> Result<Self> {
        let mut table = section
            .as_table()
            .cloned()
            .ok_or_else(|| invalid("[backend] must be a table"))?;
        match table.remove("kind") {
            Some(toml::Value::String(kind)) if kind == "tencent" => {}
            other => {
                return Err(invalid(format!(
                    "kind must be \"tencent\" for this backend, found {other:?}"
                )))
            }
        }
        let config: TencentConfig = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| invalid(e.message()))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks the settings without reading the environment (what `timbot check` runs).
    pub fn validate(&self) -> Result<()> {
        if self.sdk_app_id == 0 {
            return Err(invalid("sdk_app_id must be the app's SDKAppID, not 0"));
        }
        if self.admin.trim().is_empty() {
            return Err(invalid("admin must name an App admin account"));
        }
        exactly_one("secret_key", &self.secret_key, &self.secret_key_env)?;
        if self.callback_token.is_some() && self.callback_token_env.is_some() {
            return Err(invalid(
                "give callback_token or callback_token_env, not both",
            ));
        }
        if !self.callback_path.starts_with('/') {
            return Err(invalid("callback_path must start with '/'"));
        }
        if let Some(base) = &self.base_url {
            if !(base.starts_with("http://") || base.starts_with("https://")) {
                return Err(invalid("base_url must start with http:// or https://"));
            }
        }
        if self.request_timeout() <= REST_SERVER_TIMEOUT {
            return Err(invalid(format!(
                "request_timeout_ms must exceed Tencent's {} ms server timeout",
                REST_SERVER_TIMEOUT.as_millis()
            )));
        }
        if self.verdict_timeout() >= CALLBACK_DEADLINE {
            return Err(invalid(format!(
                "verdict_timeout_ms must be below Tencent's {} ms callback deadline",
                CALLBACK_DEADLINE.as_millis()
            )));
        }
        if self.admin_sig_ttl_secs < 600 {
            return Err(invalid("admin_sig_ttl_secs must be at least 600"));
        }
        Ok(())
    }

    /// The REST base URL: `base_url`, or `https://<region host>`.
    pub fn rest_base_url(&self) -> String {
        match &self.base_url {
            Some(base) => base.trim_end_matches('/').to_owned(),
            None => format!("https://{}", self.region.host()),
        }
    }

    /// The secret key, from the file or from the environment variable it names.
    pub fn resolve_secret_key(&self) -> Result<String> {
        resolve("secret_key", &self.secret_key, &self.secret_key_env)?
            .ok_or_else(|| invalid("secret_key or secret_key_env is required"))
    }

    /// The callback token, if one is configured (from the file or the environment).
    pub fn resolve_callback_token(&self) -> Result<Option<String>> {
        resolve(
            "callback_token",
            &self.callback_token,
            &self.callback_token_env,
        )
    }

    /// The REST client timeout.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// The time the plugins get to answer a before-send callback.
    pub fn verdict_timeout(&self) -> Duration {
        Duration::from_millis(self.verdict_timeout_ms)
    }
}

fn invalid(reason: impl std::fmt::Display) -> Error {
    Error::invalid("[backend] (tencent)", reason)
}

fn exactly_one(name: &str, inline: &Option<String>, env: &Option<String>) -> Result<()> {
    match (inline, env) {
        (Some(_), Some(_)) => Err(invalid(format!("give {name} or {name}_env, not both"))),
        (None, None) => Err(invalid(format!("{name} or {name}_env is required"))),
        _ => Ok(()),
    }
}

fn resolve(name: &str, inline: &Option<String>, env: &Option<String>) -> Result<Option<String>> {
    match (inline, env) {
        (Some(value), None) => Ok(Some(value.clone())),
        (None, Some(var)) => match std::env::var(var) {
            Ok(value) if !value.is_empty() => Ok(Some(value)),
            _ => Err(invalid(format!(
                "{name}_env names {var}, which is not set (or empty)"
            ))),
        },
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(invalid(format!("give {name} or {name}_env, not both"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How the host reads `[backend]`: an enum tagged by `kind`.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "lowercase")]
    enum Backend {
        Tencent(TencentConfig),
    }

    #[derive(Debug, Deserialize)]
    struct BotFile {
        backend: Backend,
    }

    fn parse(toml_text: &str) -> std::result::Result<TencentConfig, toml::de::Error> {
        toml::from_str::<BotFile>(toml_text).map(|file| match file.backend {
            Backend::Tencent(config) => config,
        })
    }

    const MINIMAL: &str = r#"
        [backend]
        kind = "tencent"
        region = "singapore"
        sdk_app_id = 1400000000
        admin = "administrator"
        secret_key_env = "TIMBOT_TEST_SECRET"
    "#;

    #[test]
    fn a_minimal_section_parses_with_defaults_and_validates() {
        let config = parse(MINIMAL).expect("parses");
        assert_eq!(config.region, Region::Singapore);
        assert_eq!(config.rest_base_url(), "https://adminapisgp.im.qcloud.com");
        assert_eq!(config.callback_path, "/tencent/callback");
        assert_eq!(config.verdict_default, DefaultVerdict::Allow);
        assert!(config.request_timeout() > REST_SERVER_TIMEOUT);
        assert!(config.verdict_timeout() < CALLBACK_DEADLINE);
        config.validate().expect("valid");
    }

    #[test]
    fn the_raw_backend_section_is_read_and_validated() {
        let file: toml::Value = toml::from_str(MINIMAL).expect("toml");
        let config = TencentConfig::from_backend_section(&file["backend"]).expect("reads");
        assert_eq!(config.admin, "administrator");

        let local: toml::Value =
            toml::from_str(&MINIMAL.replace("\"tencent\"", "\"local\"")).expect("toml");
        let message = TencentConfig::from_backend_section(&local["backend"])
            .expect_err("kind")
            .to_string();
        assert!(message.contains("kind"), "{message}");
        let typo: toml::Value =
            toml::from_str(&MINIMAL.replace("admin =", "admn =")).expect("toml");
        let message = TencentConfig::from_backend_section(&typo["backend"])
            .expect_err("typo")
            .to_string();
        assert!(message.contains("admn"), "{message}");
        let zero: toml::Value = toml::from_str(&MINIMAL.replace("1400000000", "0")).expect("toml");
        assert!(
            TencentConfig::from_backend_section(&zero["backend"]).is_err(),
            "validated"
        );
    }

    #[test]
    fn a_misspelled_field_is_an_error() {
        let text = MINIMAL.replace("admin =", "admn =");
        assert!(parse(&text).is_err());
    }

    #[test]
    fn every_region_has_its_documented_host() {
        let hosts = [
            (Region::China, "console.tim.qq.com"),
            (Region::Singapore, "adminapisgp.im.qcloud.com"),
            (Region::Seoul, "adminapikr.im.qcloud.com"),
            (Region::Frankfurt, "adminapiger.im.qcloud.com"),
            (Region::Mumbai, "adminapiind.im.qcloud.com"),
            (Region::SiliconValley, "adminapiusa.im.qcloud.com"),
            (Region::Tokyo, "adminapijpn.im.qcloud.com"),
            (Region::Jakarta, "adminapiidn.im.qcloud.com"),
        ];
        for (region, host) in hosts {
            assert_eq!(region.host(), host);
        }
        let config = parse(&MINIMAL.replace("singapore", "silicon_valley")).expect("parses");
        assert_eq!(config.region, Region::SiliconValley);
    }

    #[test]
    fn validation_names_what_is_wrong() {
        let base = parse(MINIMAL).expect("parses");
        let cases: Vec<(TencentConfig, &str)> = vec![
            (
                TencentConfig {
                    sdk_app_id: 0,
                    ..base.clone()
                },
                "sdk_app_id",
            ),
            (
                TencentConfig {
                    admin: " ".into(),
                    ..base.clone()
                },
                "admin",
            ),
            (
                TencentConfig {
                    secret_key_env: None,
                    ..base.clone()
                },
                "secret_key",
            ),
            (
                TencentConfig {
                    secret_key: Some("k".into()),
                    ..base.clone()
                },
                "not both",
            ),
            (
                TencentConfig {
                    callback_path: "cb".into(),
                    ..base.clone()
                },
                "callback_path",
            ),
            (
                TencentConfig {
                    request_timeout_ms: 3_000,
                    ..base.clone()
                },
                "request_timeout_ms",
            ),
            (
                TencentConfig {
                    verdict_timeout_ms: 2_000,
                    ..base.clone()
                },
                "verdict_timeout_ms",
            ),
            (
                TencentConfig {
                    base_url: Some("ftp://x".into()),
                    ..base.clone()
                },
                "base_url",
            ),
        ];
        for (config, needle) in cases {
            let message = config.validate().expect_err(needle).to_string();
            assert!(
                message.contains(needle),
                "{message:?} should mention {needle}"
            );
        }
    }

    #[test]
    fn secrets_come_from_the_file_or_the_named_variable() {
        let mut config = TencentConfig::new(Region::China, 1, "admin");
        config.secret_key = Some("inline".into());
        assert_eq!(config.resolve_secret_key().expect("inline"), "inline");
        assert_eq!(config.resolve_callback_token().expect("none"), None);

        config.secret_key = None;
        config.secret_key_env = Some("TIMBOT_TEST_SURELY_UNSET_VARIABLE".into());
        let message = config.resolve_secret_key().expect_err("unset").to_string();
        assert!(message.contains("TIMBOT_TEST_SURELY_UNSET_VARIABLE"));
    }

    #[test]
    fn a_base_url_override_replaces_the_region_host() {
        let mut config = TencentConfig::new(Region::China, 1, "admin");
        config.base_url = Some("http://127.0.0.1:9/".into());
        assert_eq!(config.rest_base_url(), "http://127.0.0.1:9");
    }
}
