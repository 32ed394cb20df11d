//! The small content elements: text, face (emoji), location and custom data.

use serde::{Deserialize, Serialize};

use crate::core::types::lenient;

/// Text (element type 0, `TextElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TextElem {
    /// The text (`text_elem_content`).
    #[serde(rename = "text_elem_content", deserialize_with = "lenient::string")]
    pub content: String,
}

/// An emoji from an app-defined set (element type 6, `FaceElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FaceElem {
    /// Index into the app's emoji set (`face_elem_index`).
    #[serde(rename = "face_elem_index", deserialize_with = "lenient::number")]
    pub index: i32,
    /// Free-form extra data (`face_elem_buf`).
    #[serde(rename = "face_elem_buf", deserialize_with = "lenient::string")]
    pub buf: String,
}

/// A location (element type 7, `LocationElem`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LocationElem {
    /// Description (`location_elem_desc`).
    #[serde(rename = "location_elem_desc", deserialize_with = "lenient::string")]
    pub desc: String,
    /// Longitude (`location_elem_longitude`).
    #[serde(
        rename = "location_elem_longitude",
        deserialize_with = "lenient::number"
    )]
    pub longitude: f64,
    /// Latitude (`location_elem_latitude`).
    #[serde(
        rename = "location_elem_latitude",
        deserialize_with = "lenient::number"
    )]
    pub latitude: f64,
}

/// App-defined data (element type 3, `CustomElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomElem {
    /// The payload, often JSON text (`custom_elem_data`).
    #[serde(rename = "custom_elem_data", deserialize_with = "lenient::string")]
    pub data: String,
    /// Description, shown in pushes (`custom_elem_desc`).
    #[serde(rename = "custom_elem_desc", deserialize_with = "lenient::string")]
    pub desc: String,
    /// Extension, the push "ext" (`custom_elem_ext`).
    #[serde(rename = "custom_elem_ext", deserialize_with = "lenient::string")]
    pub ext: String,
    /// Push sound (`custom_elem_sound`).
    #[serde(rename = "custom_elem_sound", deserialize_with = "lenient::string")]
    pub sound: String,
}
