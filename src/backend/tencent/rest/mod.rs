//! The Tencent Cloud IM REST API, as the app's admin.
//!
//! [`RestClient`] does the transport (signed URL, JSON, status, retries); the files beside it
//! hold the commands a bot needs, one service family per file, each a method on the client
//! with typed request and answer structs shaped as the documentation shows them.

mod admin_sig;
mod client;
mod reply;
mod retry;

pub use client::{Partial, RestClient};
pub use reply::ItemFailure;
pub use retry::{is_transient_code, RetryPolicy};
