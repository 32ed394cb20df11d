//! The receiver of Tencent's third-party callbacks (webhooks): checks that a request is from
//! our app ([`auth`]), decodes it ([`callbacks`]) and answers ([`answer`]).

pub mod answer;
pub mod auth;
pub mod callbacks;
mod seen;
