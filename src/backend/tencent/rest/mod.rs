//! The Tencent Cloud IM REST API, as the app's admin.
//!
//! [`RestClient`] does the transport (signed URL, JSON, status, retries); the files beside it
//! hold the commands a bot needs, one service family per file, each a method on the client
//! with typed request and answer structs shaped as the documentation shows them.

mod accounts;
mod admin_sig;
mod client;
mod groups;
pub mod limits;
mod messages;
mod reply;
mod retry;
mod robots;

pub use accounts::AccountImport;
pub use client::{Partial, RestClient};
pub use groups::{
    AddResult, CreateGroup, GroupHistoryMessage, GroupHistoryPage, GroupSent, InitialMember,
    MemberPage, ModifyGroupBaseInfo, RecallResult, RestMember, SendGroup, MUTE_FOREVER,
};
pub use messages::{
    BatchSent, C2cHistoryPage, C2cHistoryQuery, C2cSent, RoamMessage, SendC2c,
    FORBID_AFTER_SEND_CALLBACK, FORBID_BEFORE_SEND_CALLBACK, NO_LAST_MSG, NO_UNREAD, RECALLED_FLAG,
};
pub use reply::ItemFailure;
pub use retry::{is_transient_code, RetryPolicy};
pub use robots::{is_robot, CreateRobot, ROBOT_PREFIX};
