//! Where the bots of a file keep their state (dialogues, strikes, scheduled jobs): the
//! `[store]` section.
//!
//! ```toml
//! [store]
//! kind = "file"            # "memory" (the default without a section): lost at exit
//! path = "support.db"      # the embedded database file, relative to the bot file
//! ```
//!
//! `kind = "redis"` (several replicas) is recognised but this build has no Redis store yet: it
//! is reported as an error rather than silently replaced by another store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use timbot::core::{Error, Result};
use timbot::store::{FileStore, MemoryStore, Store};

/// The store a bot file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreChoice {
    /// In memory, for this process only.
    Memory,
    /// The embedded database in this file (one machine; survives restarts).
    File(PathBuf),
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Written {
    Memory {},
    File { path: PathBuf },
}

/// Read the `[store]` section (`None` when the file has none); a relative `path` is taken from
/// the directory of `bot_file`.
pub fn choose(section: Option<&toml::Value>, bot_file: &Path) -> Result<StoreChoice> {
    let Some(section) = section else {
        return Ok(StoreChoice::Memory);
    };
    if section.get("kind").and_then(toml::Value::as_str) == Some("redis") {
        return Err(Error::invalid(
            "[store]",
            "kind = \"redis\" is not available in this build yet; use kind = \"file\" (one \
             machine) or \"memory\"",
        ));
    }
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
    }
}

/// Open the store chosen.
pub fn open(choice: &StoreChoice) -> Result<Arc<dyn Store>> {
    Ok(match choice {
        StoreChoice::Memory => Arc::new(MemoryStore::new()),
        StoreChoice::File(path) => Arc::new(FileStore::open(path)?),
    })
}
