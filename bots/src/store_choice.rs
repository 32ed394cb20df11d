//! Where the bots of a file keep their state (dialogues, strikes, scheduled jobs): the
//! `[store]` section.
//!
//! ```toml
//! [store]
//! kind = "file"            # "memory" (the default without a section): lost at exit
//! path = "support.db"      # the embedded database file, relative to the bot file
//! ```
//!
//! Several replicas share one Redis server:
//!
//! ```toml
//! [store]
//! kind = "redis"
//! url_env = "TIMBOT_REDIS_URL"   # or url = "redis://host:6379/0" (no password in the file)
//! namespace = "support:"         # put before every key; "timbot:" when left out
//! ```
//!
//! Choosing reads no environment variable and opens nothing (so `timbot check` can run
//! anywhere); [`open`] reads the URL's variable and connects.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use timbot::core::{Error, Result};
use timbot::store::{FileStore, MemoryStore, RedisStore, Store, DEFAULT_NAMESPACE};

/// The store a bot file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreChoice {
    /// In memory, for this process only.
    Memory,
    /// The embedded database in this file (one machine; survives restarts).
    File(PathBuf),
    /// A Redis server shared by several replicas.
    Redis {
        /// Where its URL comes from.
        url: RedisUrl,
        /// Put before every key.
        namespace: String,
    },
}

impl StoreChoice {
    /// Whether several replicas may share this store (so that state kept per process elsewhere,
    /// such as the webhook receiver's window of handled callbacks, should be kept in it).
    pub fn is_shared(&self) -> bool {
        matches!(self, StoreChoice::Redis { .. })
    }
}

/// Where a Redis URL is written. `Debug` never shows a URL, which may hold a password.
#[derive(Clone, PartialEq, Eq)]
pub enum RedisUrl {
    /// In the bot file.
    Written(String),
    /// In this environment variable, read when the store is opened.
    FromEnv(String),
}

impl std::fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RedisUrl::Written(_) => f.write_str("Written(..)"),
            RedisUrl::FromEnv(name) => f.debug_tuple("FromEnv").field(name).finish(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Written {
    Memory {},
    File {
        path: PathBuf,
    },
    Redis {
        url: Option<String>,
        url_env: Option<String>,
        namespace: Option<String>,
    },
}

/// Read the `[store]` section (`None` when the file has none); a relative `path` is taken from
/// the directory of `bot_file`.
pub fn choose(section: Option<&toml::Value>, bot_file: &Path) -> Result<StoreChoice> {
    let Some(section) = section else {
        return Ok(StoreChoice::Memory);
    };
    let written: Written = section
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| Error::invalid("[store]", e.message()))?;
    match written {
        Written::Memory {} => Ok(StoreChoice::Memory),
        Written::File { path } => {
            let path = match bot_file.parent() {
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path,
            };
            Ok(StoreChoice::File(path))
        }
        Written::Redis {
            url,
            url_env,
            namespace,
        } => {
            let url = match (url, url_env) {
                (Some(url), None) => {
                    if let Err(error) = RedisStore::check_url(&url) {
                        let problem = match error {
                            Error::Store(problem) => problem,
                            other => other.to_string(),
                        };
                        return Err(Error::invalid("[store]", problem));
                    }
                    RedisUrl::Written(url)
                }
                (None, Some(name)) => RedisUrl::FromEnv(name),
                _ => {
                    return Err(Error::invalid(
                        "[store]",
                        "a Redis store needs exactly one of `url` and `url_env`",
                    ))
                }
            };
            let namespace = namespace.unwrap_or_else(|| DEFAULT_NAMESPACE.to_owned());
            Ok(StoreChoice::Redis { url, namespace })
        }
    }
}

/// Open the store chosen (for Redis: read the URL's variable and connect).
pub async fn open(choice: &StoreChoice) -> Result<Arc<dyn Store>> {
    Ok(match choice {
        StoreChoice::Memory => Arc::new(MemoryStore::new()),
        StoreChoice::File(path) => Arc::new(FileStore::open(path)?),
        StoreChoice::Redis { url, namespace } => {
            let url = match url {
                RedisUrl::Written(url) => url.clone(),
                RedisUrl::FromEnv(name) => std::env::var(name).map_err(|_| {
                    Error::invalid(
                        "[store]",
                        format!("the environment variable {name} (url_env) is not set"),
                    )
                })?,
            };
            Arc::new(RedisStore::connect(&url, namespace).await?)
        }
    })
}
