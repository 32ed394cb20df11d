//! The client core's data model against the SDK 8.6 headers: the seed documents' JSON examples
//! (round trips), the header's enum values and key strings, lenient decoding of older SDKs'
//! JSON, and the conversation-id and message helpers.

mod fixtures;
mod header_values;
mod helpers;
mod lenient_decoding;
