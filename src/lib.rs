//! # timbot
//!
//! Bots and automation for Tencent Cloud IM (Chat). See `README.md` and `DESIGN` notes in the
//! module docs below.
//!
//! The layers, top to bottom:
//! - [`core`]: the client core, i.e. the IM SDK modelled in Rust (data model, events, errors,
//!   UserSig, `Client`).
//! - [`backend`]: IM services behind one trait: the embedded engine and Tencent Cloud.
//! - [`runtime`], [`scheduler`], [`message`], [`store`]: the bot framework.
//! - [`testing`]: a test kit for bot authors.

pub mod backend;
pub mod core;
pub mod message;
pub mod runtime;
pub mod scheduler;
pub mod store;
pub mod testing;
