//! The client core: the IM SDK's data model, events, errors, UserSig and the `Client`.
//!
//! The core imports nothing from the other layers of timbot.

pub mod codes;
pub mod error;
pub mod rest;
pub mod types;
pub mod usersig;

pub use error::{Error, Result, UserSigError};
pub use types::*;
