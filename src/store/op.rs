//! The meaning of each mutating Store operation, written once as a pure step from the key's
//! current live value to a result and a write. Each local store runs a step atomically (under
//! its lock or inside one database transaction) and applies the write; so the memory and file
//! stores cannot drift apart in semantics.

use std::time::Duration;

use crate::core::{Error, Result};

/// How the expiry of a written value is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// The value never expires.
    Never,
    /// The value expires this long after the write.
    After(Duration),
    /// The value keeps the expiry the key already had.
    Unchanged,
}

impl From<Option<Duration>> for Expiry {
    fn from(ttl: Option<Duration>) -> Self {
        ttl.map_or(Expiry::Never, Expiry::After)
    }
}

/// What a step does to the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Write {
    /// Leave the key as it is.
    Keep,
    /// Store this value with this expiry.
    Put(Vec<u8>, Expiry),
    /// Remove the key.
    Remove,
}

/// A step: from the key's current live value (`None` if absent or expired) to a result and a
/// write.
pub(crate) type Step<R> = Box<dyn FnOnce(Option<&[u8]>) -> Result<(R, Write)> + Send>;

/// `set`.
pub(crate) fn set(value: Vec<u8>, ttl: Option<Duration>) -> Step<()> {
    Box::new(move |_| Ok(((), Write::Put(value, ttl.into()))))
}

/// `delete`: reports whether a live value was there.
pub(crate) fn delete() -> Step<bool> {
    Box::new(|current| Ok((current.is_some(), Write::Remove)))
}

/// `compare_and_set`.
pub(crate) fn compare_and_set(
    expected: Option<Vec<u8>>,
    value: Vec<u8>,
    ttl: Option<Duration>,
) -> Step<bool> {
    Box::new(move |current| {
        if current == expected.as_deref() {
            Ok((true, Write::Put(value, ttl.into())))
        } else {
            Ok((false, Write::Keep))
        }
    })
}

/// `increment`: counters are decimal text; a new key gets `ttl`, an existing one keeps its own.
pub(crate) fn increment(key: &str, by: i64, ttl: Option<Duration>) -> Step<i64> {
    let key = key.to_owned();
    Box::new(move |current| {
        let (old, expiry) = match current {
            None => (0, Expiry::from(ttl)),
            Some(bytes) => (parse_counter(&key, bytes)?, Expiry::Unchanged),
        };
        let new = old
            .checked_add(by)
            .ok_or_else(|| Error::Store(format!("counter {key:?} overflows at {old} + {by}")))?;
        Ok((new, Write::Put(new.to_string().into_bytes(), expiry)))
    })
}

/// `acquire_lease`: free, expired or already ours → ours for `ttl`.
pub(crate) fn acquire_lease(owner: &str, ttl: Duration) -> Step<bool> {
    let owner = owner.as_bytes().to_vec();
    Box::new(move |current| match current {
        Some(holder) if holder != owner.as_slice() => Ok((false, Write::Keep)),
        _ => Ok((true, Write::Put(owner, Expiry::After(ttl)))),
    })
}

/// `renew_lease`: only the holder may extend it.
pub(crate) fn renew_lease(owner: &str, ttl: Duration) -> Step<bool> {
    let owner = owner.as_bytes().to_vec();
    Box::new(move |current| {
        if current == Some(owner.as_slice()) {
            Ok((true, Write::Put(owner, Expiry::After(ttl))))
        } else {
            Ok((false, Write::Keep))
        }
    })
}

/// `release_lease`: only the holder may release it.
pub(crate) fn release_lease(owner: &str) -> Step<bool> {
    let owner = owner.as_bytes().to_vec();
    Box::new(move |current| {
        if current == Some(owner.as_slice()) {
            Ok((true, Write::Remove))
        } else {
            Ok((false, Write::Keep))
        }
    })
}

/// Reads a counter's decimal text.
fn parse_counter(key: &str, bytes: &[u8]) -> Result<i64> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| Error::Store(format!("value of {key:?} is not an integer counter")))
}
