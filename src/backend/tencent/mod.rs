//! The Tencent Cloud IM backend: the REST API for actions, third-party callbacks (webhooks)
//! for events, robot accounts (`@RBT#…`) as bots.
//!
//! - [`config`]: the bot file's `[backend]` section with `kind = "tencent"`.
//! - [`rest`]: the REST client (signed URLs, admin UserSig cache, status parsing, retries) and
//!   the commands a bot needs.
//! - [`webhook`]: the HTTP receiver for callbacks: authentication, decoding, routing to the
//!   logged-in bots, and before-send verdicts.
//! - [`backend`] / [`session`]: the core's `Backend` / `Session` on top of both.
//!
//! # How events reach a bot
//!
//! The host builds one [`TencentBackend`] per app and serves its callback receiver
//! ([`TencentBackend::serve_webhooks`], or [`TencentBackend::webhook_router`] to mount it in
//! another server). Each bot logs in through the backend; the receiver then routes the app's
//! callbacks to the logged-in bots' event streams (rules in [`webhook::receiver`]) and answers
//! before-send callbacks with their verdict.
//!
//! # What is verified only against the documentation
//!
//! No test here talks to Tencent. The REST request and answer shapes, the callback bodies, the
//! callback `Sign` algorithm and the robot commands are implemented and tested as Tencent's
//! documentation describes them (research note `anchors-tencent-im.md` §2–§4), against a local
//! fake that checks what the pages require. In particular: the callback `Sign` follows the
//! overview's stated formula, whose own worked example does not reproduce; `delete_robot` and
//! `get_all_robots` shapes come from the product pages 1047/55280 and 55282 only; the C2C
//! before-send answer 2 (drop silently) is documented for groups and in the research note, not
//! on the English C2C page; and whether a group before-send body carries `GroupAtInfo` is not
//! documented (timbot reads it when present).

pub mod backend;
pub mod config;
pub mod rest;
pub mod session;
pub mod webhook;

pub use backend::{TencentBackend, BACKEND_NAME};
pub use config::{DefaultVerdict, Region, TencentConfig};
pub use rest::RestClient;
pub use session::TencentSession;
