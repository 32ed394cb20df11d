//! The operations a session offers, one trait per group as the SDK groups them.
//!
//! Each method has a default that returns `Unsupported`; backends override what they serve.

mod conversations;
mod friendship;
mod groups;
mod messages;
mod signaling;

pub use conversations::ConversationOps;
pub use friendship::{FriendshipOps, ProfileUpdate};
pub use groups::{
    CreateGroupParams, GroupOps, InviteOutcome, ModifyGroupParams, ModifyMemberParams,
};
pub use messages::{HistoryQuery, MessageOps};
pub use signaling::{InviteParams, SignalingOps};
