//! The merged (combined-forward) element: a title, abstract lines and the nested messages.

use serde::{Deserialize, Serialize};

use crate::core::types::lenient;
use crate::core::types::message::Message;

/// A merged message (element type 12, `MergerElem`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MergeElem {
    /// Title (`merge_elem_title`).
    #[serde(rename = "merge_elem_title", deserialize_with = "lenient::string")]
    pub title: String,
    /// Abstract lines shown in the card (`merge_elem_abstract_array`).
    #[serde(
        rename = "merge_elem_abstract_array",
        deserialize_with = "lenient::seq"
    )]
    pub abstract_list: Vec<String>,
    /// Text older clients show instead; must not be empty (`merge_elem_compatible_text`).
    #[serde(
        rename = "merge_elem_compatible_text",
        deserialize_with = "lenient::string"
    )]
    pub compatible_text: String,
    /// The merged messages, to send (`merge_elem_message_array`).
    #[serde(rename = "merge_elem_message_array", deserialize_with = "lenient::seq")]
    pub messages: Vec<Message>,
    /// Nesting is deeper than 100 levels: title and abstract are empty and downloading fails
    /// (`merge_elem_layer_over_limit`).
    #[serde(
        rename = "merge_elem_layer_over_limit",
        deserialize_with = "lenient::boolean"
    )]
    pub layer_over_limit: bool,
    /// Download key for native clients (`merge_elem_relay_pb_key`).
    #[serde(
        rename = "merge_elem_relay_pb_key",
        deserialize_with = "lenient::string"
    )]
    pub relay_pb_key: String,
    /// Download key for web clients (`merge_elem_relay_json_key`).
    #[serde(
        rename = "merge_elem_relay_json_key",
        deserialize_with = "lenient::string"
    )]
    pub relay_json_key: String,
    /// Relay buffer (`merge_elem_relay_buffer`).
    #[serde(
        rename = "merge_elem_relay_buffer",
        deserialize_with = "lenient::string"
    )]
    pub relay_buffer: String,
}
