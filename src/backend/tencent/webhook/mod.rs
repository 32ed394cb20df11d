//! The receiver of Tencent's third-party callbacks (webhooks).

pub mod auth;
mod seen;
