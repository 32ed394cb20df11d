//! Custom messages: raw data with a description and an extension, and typed JSON payloads in
//! the UI kits' convention.
//!
//! A custom element carries app-defined `data`; its `description` is what plain clients and
//! offline pushes show (a custom message with neither a description nor a push description gets
//! no offline push: REST message format L92-L94, 002:L5064), and its `extension` is the push
//! "ext".
//!
//! Tencent's UI kits (TUIKit) put a JSON object into `data` with a string `businessID` that says
//! what the payload is and a `version` (002:L1314-L1321, sample
//! `{"businessID":"text_link","link":"…","text":"Welcome to IM","version":4}`; 002 §5.3 for the
//! web kit). A type implementing [`BusinessPayload`] is written in that shape with
//! [`CustomMessage::payload`] and read back with [`parse_payload`]. Data that is not JSON, or whose
//! `businessID` is another one, is "not mine" (`Ok(None)`), never an error (002 §5, framework
//! takeaway); only a payload that claims to be `T` and does not decode as `T` is an error.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::core::types::{CustomElem, Elem};
use crate::core::{Error, Result};

/// The JSON key of the payload's kind in the UI kits' convention.
pub const BUSINESS_ID_KEY: &str = "businessID";

/// The JSON key of the payload's version in the UI kits' convention.
pub const VERSION_KEY: &str = "version";

/// A typed custom payload: a serde type with its `businessID` and version.
///
/// Its fields are written next to `businessID` and `version` in one JSON object, so the type must
/// serialize as a JSON object (a struct or a map) and must not use those two names itself.
pub trait BusinessPayload: Serialize + DeserializeOwned {
    /// The `businessID` that marks this payload, e.g. `"order_card"`.
    const BUSINESS_ID: &'static str;
    /// The payload's version, written as `version`.
    const VERSION: u32 = 1;
}

/// The kind and version of a payload, read without decoding the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The payload's `businessID`.
    pub business_id: String,
    /// The payload's `version` (0 when absent).
    pub version: u64,
}

/// A custom message being built: data, description and extension.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomMessage {
    data: String,
    description: String,
    extension: String,
}

impl CustomMessage {
    /// A custom message carrying `data`.
    pub fn new(data: impl Into<String>) -> Self {
        CustomMessage {
            data: data.into(),
            ..CustomMessage::default()
        }
    }

    /// A custom message carrying `payload` as JSON with its `businessID` and `version`.
    pub fn payload<T: BusinessPayload>(payload: &T) -> Result<Self> {
        Ok(CustomMessage::new(encode_payload(payload)?))
    }

    /// The description: what plain clients show and the offline push text.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// The extension: the offline push's "ext".
    pub fn extension(mut self, extension: impl Into<String>) -> Self {
        self.extension = extension.into();
        self
    }

    /// The custom element.
    pub fn into_custom_elem(self) -> CustomElem {
        CustomElem {
            data: self.data,
            desc: self.description,
            ext: self.extension,
            ..CustomElem::default()
        }
    }

    /// The message element.
    pub fn into_elem(self) -> Elem {
        Elem::Custom(self.into_custom_elem())
    }
}

/// `payload` as the UI kits' JSON: its fields plus `businessID` and `version`.
pub fn encode_payload<T: BusinessPayload>(payload: &T) -> Result<String> {
    let value = serde_json::to_value(payload).map_err(|e| Error::invalid("custom payload", e))?;
    let Value::Object(mut fields) = value else {
        return Err(Error::invalid(
            "custom payload",
            format!("{} must serialize as a JSON object", T::BUSINESS_ID),
        ));
    };
    for key in [BUSINESS_ID_KEY, VERSION_KEY] {
        if fields.contains_key(key) {
            return Err(Error::invalid(
                "custom payload",
                format!("the payload's own fields must not use the key {key:?}"),
            ));
        }
    }
    fields.insert(BUSINESS_ID_KEY.into(), Value::from(T::BUSINESS_ID));
    fields.insert(VERSION_KEY.into(), Value::from(T::VERSION));
    serde_json::to_string(&fields).map_err(|e| Error::invalid("custom payload", e))
}

/// The `businessID` and `version` of a custom element's data, if it is a UI-kit payload.
pub fn envelope(elem: &CustomElem) -> Option<Envelope> {
    let fields = json_object(&elem.data)?;
    let business_id = scalar_text(fields.get(BUSINESS_ID_KEY)?)?;
    let version = fields.get(VERSION_KEY).and_then(scalar_u64).unwrap_or(0);
    Some(Envelope {
        business_id,
        version,
    })
}

/// Decode a custom element's data as `T`: `Ok(None)` when the data is not a UI-kit payload or has
/// another `businessID`; an error when it claims to be `T` but does not decode as `T`.
pub fn parse_payload<T: BusinessPayload>(elem: &CustomElem) -> Result<Option<T>> {
    let Some(mut fields) = json_object(&elem.data) else {
        return Ok(None);
    };
    let is_mine = fields
        .get(BUSINESS_ID_KEY)
        .and_then(scalar_text)
        .is_some_and(|id| id == T::BUSINESS_ID);
    if !is_mine {
        return Ok(None);
    }
    fields.remove(BUSINESS_ID_KEY);
    fields.remove(VERSION_KEY);
    serde_json::from_value(Value::Object(fields))
        .map(Some)
        .map_err(|e| Error::decode("custom payload", format!("{}: {e}", T::BUSINESS_ID)))
}

fn json_object(data: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(data) {
        Ok(Value::Object(fields)) => Some(fields),
        _ => None,
    }
}

/// A string, or a number written where a string was meant.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A non-negative integer, or one written as a string.
fn scalar_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
