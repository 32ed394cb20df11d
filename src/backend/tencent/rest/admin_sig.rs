//! The App admin's UserSig, made once and reused until shortly before it expires.
//!
//! Every REST URL carries `identifier=<admin>&usersig=<sig>`; Tencent says a long-lived admin
//! UserSig may be reused (research note §2.1). Making one costs an HMAC and a zlib pass, so it
//! is cached; a fresh one is made when a tenth of its life (at least a minute) remains.

use std::sync::{Arc, Mutex};

use crate::core::usersig::{Clock, UserSigSigner};
use crate::core::Result;

/// The cached admin UserSig.
pub struct AdminSig {
    signer: UserSigSigner,
    clock: Arc<dyn Clock>,
    admin: String,
    ttl_secs: u64,
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    sig: String,
    renew_at: i64,
}

impl std::fmt::Debug for AdminSig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminSig")
            .field("admin", &self.admin)
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

impl AdminSig {
    /// A cache for `admin`'s UserSig made by `signer`, each valid for `ttl_secs`; `clock` must
    /// be the clock `signer` reads.
    pub fn new(signer: UserSigSigner, clock: Arc<dyn Clock>, admin: String, ttl_secs: u64) -> Self {
        AdminSig {
            signer,
            clock,
            admin,
            ttl_secs,
            cached: Mutex::new(None),
        }
    }

    /// The admin account.
    pub fn admin(&self) -> &str {
        &self.admin
    }

    /// A valid UserSig for the admin: the cached one, or a fresh one near expiry.
    pub fn current(&self) -> Result<String> {
        let now = self.clock.now_unix_secs();
        let mut cached = match self.cached.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(entry) = cached.as_ref().filter(|entry| now < entry.renew_at) {
            return Ok(entry.sig.clone());
        }
        let sig = self.signer.generate(&self.admin, self.ttl_secs)?;
        let ttl = i64::try_from(self.ttl_secs).unwrap_or(i64::MAX);
        let margin = (ttl / 10).max(60);
        *cached = Some(Cached {
            sig: sig.clone(),
            renew_at: now.saturating_add(ttl.saturating_sub(margin)),
        });
        Ok(sig)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;

    #[test]
    fn the_sig_is_reused_until_near_expiry() {
        let now = Arc::new(AtomicI64::new(1_600_000_000));
        let reader = Arc::clone(&now);
        let clock: Arc<dyn Clock> = Arc::new(move || reader.load(Ordering::SeqCst));
        let for_signer = Arc::clone(&clock);
        let signer =
            UserSigSigner::new(1400000000, "key").with_clock(move || for_signer.now_unix_secs());
        let cache = AdminSig::new(signer.clone(), clock, "admin".into(), 86_400);

        let first = cache.current().expect("sig");
        signer.verify("admin", &first).expect("valid admin sig");
        now.fetch_add(86_400 - 8_641, Ordering::SeqCst);
        assert_eq!(
            cache.current().expect("sig"),
            first,
            "still far from expiry"
        );
        now.fetch_add(2, Ordering::SeqCst);
        let renewed = cache.current().expect("sig");
        assert_ne!(renewed, first, "renewed in the last tenth of its life");
        signer.verify("admin", &renewed).expect("valid renewed sig");
    }
}
