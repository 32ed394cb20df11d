//! UserSig (TLSSigAPIv2, HMAC-SHA256): generating and verifying the "password" an IM account logs
//! in with.
//!
//! The algorithm is the one all official generators share (research note §1.2):
//!
//! 1. sign the lines `TLS.identifier:…\nTLS.sdkappid:…\nTLS.time:…\nTLS.expire:…\n` (plus
//!    `TLS.userbuf:<base64>\n` when a userbuf is carried) with HMAC-SHA256, the console secret's
//!    UTF-8 bytes being the key, and encode the digest in standard base64 (`TLS.sig`);
//! 2. put `TLS.ver` `"2.0"`, `TLS.identifier`, `TLS.sdkappid`, `TLS.expire`, `TLS.time`,
//!    (`TLS.userbuf`) and `TLS.sig` in a JSON document;
//! 3. compress it with zlib and encode it in base64 with `+` → `*`, `/` → `-`, `=` → `_`.
//!
//! Verification (§1.3) reverses the encoding and checks, in this order: the SDKAppID, the user,
//! the expiry (expired when `now > TLS.time + TLS.expire`), that the userbuf is the expected one,
//! and finally the HMAC recomputed from the decoded fields.
//!
//! Time is injectable: a [`UserSigSigner`] reads "now" from a [`Clock`], the system clock by
//! default; tests and the embedded engine pass their own (any `Fn() -> i64` is a clock).

use std::fmt;
use std::io::Read;
use std::ops::Deref;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::core::error::{Error, Result, UserSigError};

/// The validity the official generators use by default: 180 days, in seconds.
pub const DEFAULT_EXPIRE_SECS: u64 = 180 * 86_400;

/// The longest UserID the IM accepts, in bytes.
pub const MAX_USER_ID_BYTES: usize = 32;

/// The version string every TLSSigAPIv2 UserSig carries in `TLS.ver`.
const VERSION: &str = "2.0";

/// The most bytes a UserSig may inflate to; a real one is a few hundred bytes, so anything larger
/// is refused instead of being decompressed without bound.
const MAX_INFLATED_BYTES: u64 = 64 * 1024;

type HmacSha256 = Hmac<Sha256>;

/// A source of the current time, in Unix seconds.
///
/// Any `Fn() -> i64` closure is a clock, e.g. `|| 1_600_000_000` in a test.
pub trait Clock: Send + Sync {
    /// The current time in seconds since the Unix epoch.
    fn now_unix_secs(&self) -> i64;
}

impl<F> Clock for F
where
    F: Fn() -> i64 + Send + Sync,
{
    fn now_unix_secs(&self) -> i64 {
        self()
    }
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix_secs(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(elapsed) => i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
            Err(before_epoch) => -i64::try_from(before_epoch.duration().as_secs()).unwrap_or(0),
        }
    }
}

/// Generates and verifies UserSigs for one application (SDKAppID + console secret).
#[derive(Clone)]
pub struct UserSigSigner {
    sdk_app_id: u64,
    secret: String,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for UserSigSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret is the key to every account of the app: never print it.
        f.debug_struct("UserSigSigner")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl UserSigSigner {
    /// A signer for `sdk_app_id` with the console's secret key, reading the system clock.
    ///
    /// The secret is used as text (its UTF-8 bytes are the HMAC key), never hex-decoded.
    pub fn new(sdk_app_id: u64, secret: impl Into<String>) -> Self {
        UserSigSigner {
            sdk_app_id,
            secret: secret.into(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same signer reading "now" from `clock` instead of the system clock.
    pub fn with_clock(self, clock: impl Clock + 'static) -> Self {
        UserSigSigner {
            clock: Arc::new(clock),
            ..self
        }
    }

    /// The SDKAppID this signer signs for.
    pub fn sdk_app_id(&self) -> u64 {
        self.sdk_app_id
    }

    /// A UserSig for `user_id`, valid for `expire_secs` seconds from now (the IM's case: no
    /// userbuf).
    ///
    /// Fails when `user_id` is empty or longer than [`MAX_USER_ID_BYTES`].
    pub fn generate(&self, user_id: &str, expire_secs: u64) -> Result<String> {
        self.generate_inner(user_id, expire_secs, None)
    }

    /// A UserSig carrying `userbuf` (TRTC's PrivateMapKey use), valid for `expire_secs` seconds.
    pub fn generate_with_userbuf(
        &self,
        user_id: &str,
        expire_secs: u64,
        userbuf: &[u8],
    ) -> Result<String> {
        self.generate_inner(user_id, expire_secs, Some(userbuf))
    }

    /// Checks that `sig` is a valid, unexpired UserSig of this app for `user_id`, without a
    /// userbuf.
    pub fn verify(&self, user_id: &str, sig: &str) -> Result<VerifiedUserSig, UserSigError> {
        self.verify_inner(user_id, sig, None)
    }

    /// Checks that `sig` is a valid, unexpired UserSig of this app for `user_id` carrying exactly
    /// `userbuf`.
    pub fn verify_with_userbuf(
        &self,
        user_id: &str,
        sig: &str,
        userbuf: &[u8],
    ) -> Result<VerifiedUserSig, UserSigError> {
        self.verify_inner(user_id, sig, Some(userbuf))
    }

    fn generate_inner(
        &self,
        user_id: &str,
        expire_secs: u64,
        userbuf: Option<&[u8]>,
    ) -> Result<String> {
        if user_id.is_empty() {
            return Err(Error::invalid("UserID", "it is empty"));
        }
        if user_id.len() > MAX_USER_ID_BYTES {
            return Err(Error::Limit {
                limit: "UserID bytes",
                max: MAX_USER_ID_BYTES as u64,
                actual: user_id.len() as u64,
            });
        }
        let time = self.clock.now_unix_secs();
        let userbuf = userbuf.map(|bytes| STANDARD.encode(bytes));
        let fields = SignedFields {
            user_id,
            sdk_app_id: self.sdk_app_id,
            time,
            expire_secs,
            userbuf: userbuf.as_deref(),
        };
        let document = Document {
            version: VERSION.to_owned(),
            user_id: user_id.to_owned(),
            sdk_app_id: self.sdk_app_id,
            expire_secs,
            time,
            userbuf: userbuf.clone(),
            signature: STANDARD.encode(fields.hmac(&self.secret).finalize().into_bytes()),
        };
        let json = serde_json::to_vec(&document)
            .map_err(|e| Error::invalid("UserSig", format!("cannot encode JSON: {e}")))?;
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        std::io::Write::write_all(&mut encoder, &json)
            .and_then(|()| encoder.finish())
            .map(|compressed| to_url_alphabet(&STANDARD.encode(compressed)))
            .map_err(|e| Error::invalid("UserSig", format!("cannot compress: {e}")))
    }

    fn verify_inner(
        &self,
        user_id: &str,
        sig: &str,
        expected_userbuf: Option<&[u8]>,
    ) -> Result<VerifiedUserSig, UserSigError> {
        let decoded = DecodedUserSig::decode(sig)?;
        if decoded.sdk_app_id != self.sdk_app_id {
            return Err(UserSigError::WrongApp {
                expected: self.sdk_app_id,
                found: decoded.sdk_app_id,
            });
        }
        if decoded.user_id != user_id {
            return Err(UserSigError::WrongUser {
                expected: user_id.to_owned(),
                found: decoded.user_id,
            });
        }
        let now = self.clock.now_unix_secs();
        if decoded.is_expired_at(now) {
            return Err(UserSigError::Expired {
                expired_at: decoded.expires_at(),
                now,
            });
        }
        if decoded.userbuf.as_deref() != expected_userbuf {
            return Err(UserSigError::UserBufMismatch);
        }
        let signature = STANDARD
            .decode(&decoded.signature)
            .map_err(|_| UserSigError::BadSignature)?;
        let userbuf = decoded
            .userbuf
            .as_deref()
            .map(|bytes| STANDARD.encode(bytes));
        let fields = SignedFields {
            user_id: &decoded.user_id,
            sdk_app_id: decoded.sdk_app_id,
            time: decoded.issued_at,
            expire_secs: decoded.expire_secs,
            userbuf: userbuf.as_deref(),
        };
        fields
            .hmac(&self.secret)
            .verify_slice(&signature)
            .map_err(|_| UserSigError::BadSignature)?;
        Ok(VerifiedUserSig(decoded))
    }
}

/// The fields of a UserSig, read without checking its signature.
///
/// Useful to learn who a UserSig is for and when it expires (e.g. to log in again in time);
/// only [`UserSigSigner::verify`] says whether it can be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedUserSig {
    /// The UserID it was issued for (`TLS.identifier`).
    pub user_id: String,
    /// The SDKAppID it was issued for (`TLS.sdkappid`).
    pub sdk_app_id: u64,
    /// When it was issued, Unix seconds (`TLS.time`).
    pub issued_at: i64,
    /// How long it is valid after `issued_at`, in seconds (`TLS.expire`).
    pub expire_secs: u64,
    /// The userbuf it carries, if any (`TLS.userbuf`, base64-decoded).
    pub userbuf: Option<Vec<u8>>,
    /// The HMAC-SHA256 in standard base64, as carried (`TLS.sig`).
    pub signature: String,
}

impl DecodedUserSig {
    /// Reads the fields of a UserSig string (base64url → zlib → JSON).
    pub fn decode(sig: &str) -> Result<Self, UserSigError> {
        let compressed = STANDARD
            .decode(from_url_alphabet(sig.trim()))
            .map_err(|e| UserSigError::Malformed(format!("not UserSig base64: {e}")))?;
        let mut json = Vec::new();
        ZlibDecoder::new(compressed.as_slice())
            .take(MAX_INFLATED_BYTES + 1)
            .read_to_end(&mut json)
            .map_err(|e| UserSigError::Malformed(format!("not zlib data: {e}")))?;
        if json.len() as u64 > MAX_INFLATED_BYTES {
            return Err(UserSigError::Malformed(format!(
                "inflates to more than {MAX_INFLATED_BYTES} bytes"
            )));
        }
        let document: Document = serde_json::from_slice(&json)
            .map_err(|e| UserSigError::Malformed(format!("bad JSON: {e}")))?;
        let userbuf = document
            .userbuf
            .map(|text| STANDARD.decode(text))
            .transpose()
            .map_err(|e| UserSigError::Malformed(format!("TLS.userbuf is not base64: {e}")))?;
        Ok(DecodedUserSig {
            user_id: document.user_id,
            sdk_app_id: document.sdk_app_id,
            issued_at: document.time,
            expire_secs: document.expire_secs,
            userbuf,
            signature: document.signature,
        })
    }

    /// The last second at which it is still valid, Unix seconds (`TLS.time + TLS.expire`).
    pub fn expires_at(&self) -> i64 {
        let expire = i64::try_from(self.expire_secs).unwrap_or(i64::MAX);
        self.issued_at.saturating_add(expire)
    }

    /// Whether it has expired at `now` (Unix seconds): strictly after [`Self::expires_at`].
    pub fn is_expired_at(&self, now: i64) -> bool {
        now > self.expires_at()
    }
}

/// A UserSig whose app, user, expiry, userbuf and signature all checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedUserSig(DecodedUserSig);

impl VerifiedUserSig {
    /// The verified fields.
    pub fn into_inner(self) -> DecodedUserSig {
        self.0
    }
}

impl Deref for VerifiedUserSig {
    type Target = DecodedUserSig;

    fn deref(&self) -> &DecodedUserSig {
        &self.0
    }
}

/// The values the HMAC covers, in the order they are signed.
struct SignedFields<'a> {
    user_id: &'a str,
    sdk_app_id: u64,
    time: i64,
    expire_secs: u64,
    /// Already in standard base64, as it appears in the signed line.
    userbuf: Option<&'a str>,
}

impl SignedFields<'_> {
    /// The HMAC-SHA256 state over the signed lines, keyed with the secret's UTF-8 bytes.
    fn hmac(&self, secret: &str) -> HmacSha256 {
        let mut content = format!(
            "TLS.identifier:{}\nTLS.sdkappid:{}\nTLS.time:{}\nTLS.expire:{}\n",
            self.user_id, self.sdk_app_id, self.time, self.expire_secs
        );
        if let Some(userbuf) = self.userbuf {
            content.push_str(&format!("TLS.userbuf:{userbuf}\n"));
        }
        // HMAC accepts keys of any length, so this cannot fail; an empty key is still a key.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC-SHA256 takes keys of any length"));
        mac.update(content.as_bytes());
        mac
    }
}

/// The JSON document inside a UserSig.
#[derive(Serialize, Deserialize)]
struct Document {
    #[serde(rename = "TLS.ver")]
    version: String,
    #[serde(rename = "TLS.identifier")]
    user_id: String,
    #[serde(rename = "TLS.sdkappid")]
    sdk_app_id: u64,
    #[serde(rename = "TLS.expire")]
    expire_secs: u64,
    #[serde(rename = "TLS.time")]
    time: i64,
    #[serde(
        rename = "TLS.userbuf",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    userbuf: Option<String>,
    #[serde(rename = "TLS.sig")]
    signature: String,
}

/// Standard base64 → the UserSig alphabet (`+` → `*`, `/` → `-`, `=` → `_`).
fn to_url_alphabet(standard: &str) -> String {
    standard
        .chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            other => other,
        })
        .collect()
}

/// The UserSig alphabet → standard base64 (`*` → `+`, `-` → `/`, `_` → `=`).
fn from_url_alphabet(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            other => other,
        })
        .collect()
}
