//! IM services behind one trait ([`crate::core::Backend`]):
//!
//! - [`local`]: the embedded IM engine, in process, the default: no account, no network.
//! - [`tencent`]: Tencent Cloud IM, through its REST API and third-party callbacks (webhooks).

pub mod local;
pub mod tencent;
