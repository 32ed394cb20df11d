//! The crate's one error type.
//!
//! Every fallible operation in timbot returns [`Result<T>`]. A failed IM call keeps the IM's own
//! numeric code and description ([`Error::Im`]); the named codes live in [`crate::core::codes`].

use std::fmt;

/// The result type used throughout timbot.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in timbot.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The IM service (engine or Tencent Cloud) refused a call; `code` is the IM's error code.
    #[error("IM error {code}: {desc}")]
    Im {
        /// The IM's numeric error code (see [`crate::core::codes`]).
        code: i32,
        /// The IM's description of the failure.
        desc: String,
    },
    /// The backend cannot do this operation at all.
    #[error("the {backend} backend does not support {operation}")]
    Unsupported {
        /// Name of the backend, e.g. `"local"` or `"tencent"`.
        backend: &'static str,
        /// Name of the operation, e.g. `"signaling.invite"`.
        operation: &'static str,
    },
    /// A documented limit was hit before anything was sent.
    #[error("limit exceeded: {limit} allows at most {max}, got {actual}")]
    Limit {
        /// Which limit, e.g. `"@ targets per message"`.
        limit: &'static str,
        /// The documented maximum.
        max: u64,
        /// What was asked for.
        actual: u64,
    },
    /// Input was invalid (a message, an argument, a parameter), with an explanation.
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// What was invalid, e.g. `"message"`.
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// JSON (from an SDK, a webhook, a REST answer) could not be decoded.
    #[error("could not decode {what}: {reason}")]
    Decode {
        /// What was being decoded.
        what: &'static str,
        /// The decoder's explanation.
        reason: String,
    },
    /// A UserSig could not be generated or did not verify.
    #[error("UserSig: {0}")]
    UserSig(#[from] UserSigError),
    /// A configuration file (bot file, knowledge file) is wrong.
    #[error("{file}:{line}: {message}")]
    Config {
        /// The file's path as given.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The store (memory, file database, Redis) failed.
    #[error("store: {0}")]
    Store(String),
    /// An HTTP transport failure (REST client, webhook receiver).
    #[error("HTTP: {0}")]
    Http(String),
    /// An operation did not finish in time.
    #[error("timed out: {0}")]
    Timeout(&'static str),
    /// The client is not logged in (or was logged out / kicked).
    #[error("not logged in")]
    NotLoggedIn,
    /// The component was shut down.
    #[error("closed: {0}")]
    Closed(&'static str),
}

impl Error {
    /// An IM error with the given code and description.
    pub fn im(code: i32, desc: impl Into<String>) -> Self {
        Error::Im {
            code,
            desc: desc.into(),
        }
    }

    /// The IM error code, when this is an IM error.
    pub fn code(&self) -> Option<i32> {
        match self {
            Error::Im { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// An invalid-input error.
    pub fn invalid(what: &'static str, reason: impl fmt::Display) -> Self {
        Error::Invalid {
            what,
            reason: reason.to_string(),
        }
    }

    /// A decoding error.
    pub fn decode(what: &'static str, reason: impl fmt::Display) -> Self {
        Error::Decode {
            what,
            reason: reason.to_string(),
        }
    }
}

/// Why a UserSig could not be generated or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserSigError {
    /// The string is not valid UserSig encoding (base64 / zlib / JSON).
    #[error("malformed UserSig: {0}")]
    Malformed(String),
    /// The UserSig was issued for another SDKAppID.
    #[error("UserSig is for SDKAppID {found}, expected {expected}")]
    WrongApp {
        /// The app id expected.
        expected: u64,
        /// The app id in the UserSig.
        found: u64,
    },
    /// The UserSig was issued for another user.
    #[error("UserSig is for user {found:?}, expected {expected:?}")]
    WrongUser {
        /// The user expected.
        expected: String,
        /// The user in the UserSig.
        found: String,
    },
    /// The UserSig has expired.
    #[error("UserSig expired at {expired_at} (now {now})")]
    Expired {
        /// Unix seconds at which it expired.
        expired_at: i64,
        /// Unix seconds now.
        now: i64,
    },
    /// The HMAC does not match.
    #[error("UserSig signature does not match")]
    BadSignature,
    /// The userbuf carried does not match the one expected.
    #[error("UserSig userbuf does not match")]
    UserBufMismatch,
}

impl UserSigError {
    /// The IM error code the service answers a login with when its UserSig fails this way.
    pub fn im_code(&self) -> i32 {
        use crate::core::codes;
        match self {
            UserSigError::Expired { .. } => codes::USER_SIG_EXPIRED_SERVER,
            UserSigError::WrongUser { .. } => codes::USER_SIG_WRONG_USER,
            UserSigError::WrongApp { .. } => codes::USER_SIG_WRONG_SDK_APP_ID,
            UserSigError::BadSignature => codes::USER_SIG_WRONG_KEY,
            UserSigError::Malformed(_) | UserSigError::UserBufMismatch => {
                codes::USER_SIG_CHECK_FAILED
            }
        }
    }
}
