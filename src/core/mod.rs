//! The client core: the IM SDK's data model, events, errors, UserSig and the `Client`.
//!
//! The core imports nothing from the other layers of timbot.

pub mod backend;
pub mod client;
pub mod codes;
pub mod error;
pub mod event;
mod ops;
pub mod rest;
pub mod types;
pub mod usersig;

pub use backend::{Backend, LoggedIn, LoginRequest, Session};
pub use client::Client;
pub use error::{Error, Result, UserSigError};
pub use event::{Event, EventStream, Verdict};
pub use types::*;
