//! Integration tests of the message helpers: building each kind, the documented limits, custom
//! payloads, merged messages, quote-replies, the incoming helpers, and sending through the
//! embedded engine.

mod builder;
mod custom;
mod engine;
mod incoming;
mod limits;
mod merge;
mod reply;

use timbot::core::types::Message;

/// `message` after a trip through the SDK's JSON, the way a receiver decodes it.
pub fn over_the_wire(message: &Message) -> Message {
    let json = serde_json::to_string(message).expect("a built message encodes");
    serde_json::from_str(&json).expect("an encoded message decodes")
}
