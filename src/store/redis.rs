//! [`RedisStore`]: the Store kept in a Redis server, shared by several timbot replicas.
//!
//! Each operation is one Redis command or one Lua script, so it is atomic on the server whatever
//! the number of replicas: `GET`, `SET … PX`, `DEL`, `SCAN MATCH`, and scripts for
//! compare-and-set, counters (the TTL applies only when the increment creates the key) and the
//! three lease operations (only the owner may extend or release). Expiry is Redis's own, in
//! milliseconds: a TTL is rounded up to the next whole millisecond.
//!
//! Every key is written under a namespace (by default `timbot:`), so several applications can
//! share one database; [`Store::keys`] lists and returns the keys without it.
//!
//! The connection is multiplexed and re-established by itself after the server restarts or the
//! network drops: an operation attempted while the server cannot be reached fails with an
//! [`Error::Store`] (at the latest after a 5 s timeout) and the next one connects again.

use std::collections::BTreeSet;
use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::sync::LazyLock;

use redis::{AsyncCommands, Client, RedisError, Script};

use super::Store;
use crate::core::{Error, Result};

/// The namespace put before every key when none is configured.
pub const DEFAULT_NAMESPACE: &str = "timbot:";

/// How long one command may take before it fails, and one connection attempt.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Keys asked of the server per `SCAN` step.
const SCAN_BATCH: usize = 1_000;

/// `KEYS[1]` = the key; `ARGV` = expected present ("1"/"0"), expected value, new value, TTL in
/// ms ("" for none). Writes only when the current value is the expected one.
static COMPARE_AND_SET: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
end
return 1
",
    )
});

/// `KEYS[1]` = the counter; `ARGV` = amount, TTL in ms ("" for none). Returns the new value as
/// text (Lua numbers are doubles: returning the integer would round large counters).
static INCREMENT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local existed = redis.call('EXISTS', KEYS[1])
redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and ARGV[2] ~= '' then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return redis.call('GET', KEYS[1])
",
    )
});

/// `KEYS[1]` = the lease; `ARGV` = owner, TTL in ms. Free or already the owner's: take it.
static ACQUIRE_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
",
    )
});

/// `KEYS[1]` = the lease; `ARGV` = owner, TTL in ms. Only the owner extends it.
static RENEW_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
",
    )
});

/// `KEYS[1]` = the lease; `ARGV[1]` = owner. Only the owner releases it.
static RELEASE_LEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
",
    )
});

/// The Redis [`Store`]. Cloning is cheap and shares the connection.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    namespace: String,
    /// Where the server is, without any password, for error messages.
    server: String,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("server", &self.server)
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects to the server at `url` (`redis://[:password@]host[:port][/db]`,
    /// `rediss://…` is not supported by this build, `redis+unix:///path/to/socket`) and keeps
    /// every key under `namespace` (e.g. [`DEFAULT_NAMESPACE`]).
    ///
    /// A malformed URL or a server that cannot be reached is an [`Error::Store`] naming the
    /// server's address (never the password).
    pub async fn connect(url: &str, namespace: &str) -> Result<Self> {
        let client = client_for(url)?;
        let server = client.get_connection_info().addr.to_string();
        // No retry loop inside the connection manager (its back-off grows by whole seconds):
        // a connection attempt that fails fails the operation at once, with an error, and the
        // next operation tries again.
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(0)
            .set_connection_timeout(TIMEOUT)
            .set_response_timeout(TIMEOUT);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| Error::Store(format!("cannot connect to Redis at {server}: {e}")))?;
        Ok(Self {
            connection,
            namespace: namespace.to_owned(),
            server,
        })
    }

    /// Checks that `url` is a Redis URL this build can connect to, without connecting; returns
    /// the server's address (never the password).
    pub fn check_url(url: &str) -> Result<String> {
        Ok(client_for(url)?.get_connection_info().addr.to_string())
    }

    /// The namespace every key is kept under.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    fn full_key(&self, key: &str) -> String {
        format!("{}{key}", self.namespace)
    }

    fn failed(&self, operation: &str, key: &str) -> impl FnOnce(RedisError) -> Error + '_ {
        let operation = operation.to_owned();
        let key = key.to_owned();
        move |e| {
            Error::Store(format!(
                "Redis {operation} of {key:?} at {} failed: {e}",
                self.server
            ))
        }
    }

    /// Runs `script` on `key` (under the namespace) with `args`; the server keeps the script
    /// by its hash after the first call.
    async fn run_script<T: redis::FromRedisValue>(
        &self,
        script: &Script,
        operation: &str,
        key: &str,
        args: &[&[u8]],
    ) -> Result<T> {
        let mut invocation = script.key(self.full_key(key));
        for arg in args {
            invocation.arg(*arg);
        }
        let mut connection = self.connection.clone();
        invocation
            .invoke_async(&mut connection)
            .await
            .map_err(self.failed(operation, key))
    }
}

fn client_for(url: &str) -> Result<Client> {
    Client::open(url).map_err(|e| {
        Error::Store(format!(
            "the Redis URL is not valid ({}): {e}",
            redacted_kind(url)
        ))
    })
}

/// The URL's scheme only, for an error about a URL that may hold a password.
fn redacted_kind(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, _)) => format!("a {scheme}:// URL"),
        None => "no scheme".to_owned(),
    }
}

/// A TTL in whole milliseconds, rounded up (Redis refuses 0).
fn millis(ttl: Duration) -> u64 {
    let rounded_up = ttl.as_nanos().div_ceil(1_000_000).max(1);
    u64::try_from(rounded_up).unwrap_or(u64::MAX)
}

fn millis_arg(ttl: Option<Duration>) -> Vec<u8> {
    ttl.map(|ttl| millis(ttl).to_string().into_bytes())
        .unwrap_or_default()
}

/// `text` with the glob characters of `SCAN MATCH` escaped.
fn glob_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[async_trait]
impl Store for RedisStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let mut connection = self.connection.clone();
        connection
            .get(self.full_key(key))
            .await
            .map_err(self.failed("GET", key))
    }

    async fn set(&self, key: &str, value: Vec<u8>, ttl: Option<Duration>) -> Result<()> {
        let mut connection = self.connection.clone();
        let full_key = self.full_key(key);
        let written: redis::RedisResult<()> = match ttl {
            Some(ttl) => connection.pset_ex(full_key, value, millis(ttl)).await,
            None => connection.set(full_key, value).await,
        };
        written.map_err(self.failed("SET", key))
    }

    async fn delete(&self, key: &str) -> Result<bool> {
        let mut connection = self.connection.clone();
        let removed: u64 = connection
            .del(self.full_key(key))
            .await
            .map_err(self.failed("DEL", key))?;
        Ok(removed > 0)
    }

    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<Vec<u8>>,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> Result<bool> {
        let (present, expected) = match &expected {
            Some(bytes) => (&b"1"[..], bytes.as_slice()),
            None => (&b"0"[..], &b""[..]),
        };
        let ttl = millis_arg(ttl);
        let written: i64 = self
            .run_script(
                &COMPARE_AND_SET,
                "compare-and-set",
                key,
                &[present, expected, &value, &ttl],
            )
            .await?;
        Ok(written == 1)
    }

    async fn increment(&self, key: &str, by: i64, ttl: Option<Duration>) -> Result<i64> {
        let by = by.to_string();
        let ttl = millis_arg(ttl);
        let text: String = self
            .run_script(&INCREMENT, "INCRBY", key, &[by.as_bytes(), &ttl])
            .await?;
        text.parse().map_err(|e| {
            Error::Store(format!(
                "the counter {key:?} at {} reads {text:?}, not an integer: {e}",
                self.server
            ))
        })
    }

    async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        let pattern = format!("{}*", glob_literal(&self.full_key(prefix)));
        let mut connection = self.connection.clone();
        // SCAN may return a key more than once; the set keeps one and sorts them. The cursor is
        // driven here (not by redis' iterator, which ends quietly on an error) so that a failure
        // midway is an error, never a short list.
        let mut found = BTreeSet::new();
        let mut cursor = 0_u64;
        loop {
            let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(&pattern)
                .arg("COUNT")
                .arg(SCAN_BATCH)
                .query_async(&mut connection)
                .await
                .map_err(self.failed("SCAN", prefix))?;
            found.extend(
                batch
                    .iter()
                    .filter_map(|key| key.strip_prefix(&self.namespace))
                    .map(str::to_owned),
            );
            if next == 0 {
                return Ok(found.into_iter().collect());
            }
            cursor = next;
        }
    }

    async fn acquire_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let ttl = millis(ttl).to_string();
        let taken: i64 = self
            .run_script(
                &ACQUIRE_LEASE,
                "lease acquisition",
                key,
                &[owner.as_bytes(), ttl.as_bytes()],
            )
            .await?;
        Ok(taken == 1)
    }

    async fn renew_lease(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let ttl = millis(ttl).to_string();
        let renewed: i64 = self
            .run_script(
                &RENEW_LEASE,
                "lease renewal",
                key,
                &[owner.as_bytes(), ttl.as_bytes()],
            )
            .await?;
        Ok(renewed == 1)
    }

    async fn release_lease(&self, key: &str, owner: &str) -> Result<bool> {
        let released: i64 = self
            .run_script(&RELEASE_LEASE, "lease release", key, &[owner.as_bytes()])
            .await?;
        Ok(released == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls_are_rounded_up_to_whole_milliseconds() {
        assert_eq!(millis(Duration::from_secs(60)), 60_000);
        assert_eq!(millis(Duration::from_micros(1_500)), 2);
        assert_eq!(millis(Duration::ZERO), 1, "Redis refuses a zero TTL");
        assert_eq!(millis(Duration::MAX), u64::MAX);
    }

    #[test]
    fn scan_patterns_match_the_prefix_literally() {
        assert_eq!(glob_literal("timbot:job/"), "timbot:job/");
        assert_eq!(glob_literal("a*b?[c]\\"), "a\\*b\\?\\[c\\]\\\\");
    }

    #[test]
    fn a_bad_url_error_never_shows_the_password() {
        assert_eq!(redacted_kind("redis://:secret@host"), "a redis:// URL");
        assert_eq!(redacted_kind(":secret@host"), "no scheme");
    }
}
