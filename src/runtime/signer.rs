//! Where a bot gets a UserSig: at its first login and each time the old one expires.
//!
//! A [`Signer`] is asked for a fresh UserSig whenever the bot logs in. Ready-made signers: an
//! application key ([`UserSigSigner`], generating locally with a validity period) via
//! [`KeySigner`], or any closure `Fn(&str) -> Result<String>` (e.g. the embedded engine's
//! `user_sig`, or a call to your own signing service).

use async_trait::async_trait;

use crate::core::usersig::UserSigSigner;
use crate::core::Result;

/// Gives UserSigs for an account.
#[async_trait]
pub trait Signer: Send + Sync + 'static {
    /// A fresh UserSig for `user_id`.
    async fn user_sig(&self, user_id: &str) -> Result<String>;
}

#[async_trait]
impl<F> Signer for F
where
    F: Fn(&str) -> Result<String> + Send + Sync + 'static,
{
    async fn user_sig(&self, user_id: &str) -> Result<String> {
        self(user_id)
    }
}

/// Signs locally with the application's secret key; each UserSig is valid for `expire_secs`.
#[derive(Debug, Clone)]
pub struct KeySigner {
    signer: UserSigSigner,
    expire_secs: u64,
}

impl KeySigner {
    /// Sign with `signer`, each UserSig valid for `expire_secs` seconds.
    pub fn new(signer: UserSigSigner, expire_secs: u64) -> Self {
        KeySigner {
            signer,
            expire_secs,
        }
    }
}

#[async_trait]
impl Signer for KeySigner {
    async fn user_sig(&self, user_id: &str) -> Result<String> {
        self.signer.generate(user_id, self.expire_secs)
    }
}
