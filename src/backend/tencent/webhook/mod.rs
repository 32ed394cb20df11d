//! The receiver of Tencent's third-party callbacks (webhooks): an HTTP endpoint that checks a
//! request is from our app ([`auth`]), decodes it ([`callbacks`]), turns it into core events
//! ([`translate`]) for the logged-in bots ([`registry`], routing in [`receiver`]) and answers
//! within Tencent's 2 s, with the bots' verdict for before-send callbacks ([`verdict`]).

pub mod answer;
pub mod auth;
pub mod callbacks;
mod handled;
pub mod receiver;
pub mod registry;
mod seen;
pub mod translate;
pub mod verdict;

pub use receiver::Receiver;
pub use registry::Registry;
