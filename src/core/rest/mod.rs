//! The REST API's and the webhooks' message format, and its conversion to and from the core
//! [`Message`](crate::core::types::Message).
//!
//! Tencent Cloud's server-side interfaces write a message as a `MsgBody` array of
//! `{"MsgType": "TIM…Elem", "MsgContent": {…}}` elements, next to `CloudCustomData` and, for
//! group @ mentions, `GroupAtInfo` (research note `anchors-tencent-im.md` §2.3–§2.4). The client
//! SDK writes the same message with other keys (`message_elem_array`, numeric `elem_type`).
//! This module holds the REST shapes as typed serde structs ([`RestMsgElem`], [`RestMessage`])
//! and converts both ways:
//!
//! - core → REST ([`RestMessage::from_message`], `RestMsgElem::try_from(&Elem)`) can fail: a
//!   kind with no REST form (group tips, group report, friend change, profile change), media
//!   without a URL the service could download, or more than one custom element gives an
//!   [`Error`](crate::core::Error) that says which;
//! - REST → core ([`RestMessage::to_message`], `Elem::from(&RestMsgElem)`) always succeeds; a
//!   `MsgType` this version does not know becomes an explicit unknown element that keeps it.

mod elem;
mod from_rest;
mod message;
mod to_rest;

pub use elem::{
    RestCustomElem, RestFaceElem, RestFileElem, RestImageElem, RestImageInfo, RestLocationElem,
    RestMsgElem, RestRelayElem, RestRelayMsg, RestSoundElem, RestTextElem, RestVideoFileElem,
    CUSTOM, DOWNLOAD_FROM_URL, FACE, FILE, IMAGE, IMAGE_LARGE, IMAGE_ORIGINAL, IMAGE_THUMBNAIL,
    LOCATION, RELAY, SOUND, TEXT, VIDEO_FILE,
};
pub use message::{RestGroupAt, RestMessage, REST_AT_ALL};
pub use to_rest::MAX_CUSTOM_ELEMS_PER_MESSAGE;
