//! The elements of a REST / webhook `MsgBody`: `{"MsgType": "TIM…Elem", "MsgContent": {…}}`.
//!
//! Each `MsgType` has a typed content struct whose JSON keys are the REST ones (`Text`, `Index`,
//! `Data`, `Desc`, `Latitude`, `Download_Flag`, …; research note §2.4). Decoding is lenient
//! (numbers may come as numeric strings, absent fields take their defaults, unknown keys are
//! ignored) and a `MsgType` this version does not know decodes to [`RestMsgElem::Unknown`],
//! which keeps the type and the content so that it encodes back unchanged. Encoding writes the
//! documented shape.

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::types::lenient;

/// `MsgType` of a text element.
pub const TEXT: &str = "TIMTextElem";
/// `MsgType` of an emoji element.
pub const FACE: &str = "TIMFaceElem";
/// `MsgType` of a location element.
pub const LOCATION: &str = "TIMLocationElem";
/// `MsgType` of a custom-data element.
pub const CUSTOM: &str = "TIMCustomElem";
/// `MsgType` of a voice element.
pub const SOUND: &str = "TIMSoundElem";
/// `MsgType` of an image element.
pub const IMAGE: &str = "TIMImageElem";
/// `MsgType` of a file element.
pub const FILE: &str = "TIMFileElem";
/// `MsgType` of a video element.
pub const VIDEO_FILE: &str = "TIMVideoFileElem";
/// `MsgType` of a merged (combined-forward) element.
pub const RELAY: &str = "TIMRelayElem";

/// The value of `Download_Flag`, `VideoDownloadFlag` and `ThumbDownloadFlag` that REST requires:
/// the content is downloaded from the URL given.
pub const DOWNLOAD_FROM_URL: i32 = 2;

/// One element of a REST `MsgBody`, by `MsgType`.
#[derive(Debug, Clone, PartialEq)]
pub enum RestMsgElem {
    /// `TIMTextElem`.
    Text(RestTextElem),
    /// `TIMFaceElem`.
    Face(RestFaceElem),
    /// `TIMLocationElem`.
    Location(RestLocationElem),
    /// `TIMCustomElem`.
    Custom(RestCustomElem),
    /// `TIMSoundElem`.
    Sound(RestSoundElem),
    /// `TIMImageElem`.
    Image(RestImageElem),
    /// `TIMFileElem`.
    File(RestFileElem),
    /// `TIMVideoFileElem`.
    VideoFile(RestVideoFileElem),
    /// `TIMRelayElem`.
    Relay(RestRelayElem),
    /// A `MsgType` this version does not know, kept as it came.
    Unknown {
        /// The `MsgType` string.
        msg_type: String,
        /// The `MsgContent` value.
        content: Value,
    },
}

impl RestMsgElem {
    /// The element's `MsgType` string.
    pub fn msg_type(&self) -> &str {
        match self {
            RestMsgElem::Text(_) => TEXT,
            RestMsgElem::Face(_) => FACE,
            RestMsgElem::Location(_) => LOCATION,
            RestMsgElem::Custom(_) => CUSTOM,
            RestMsgElem::Sound(_) => SOUND,
            RestMsgElem::Image(_) => IMAGE,
            RestMsgElem::File(_) => FILE,
            RestMsgElem::VideoFile(_) => VIDEO_FILE,
            RestMsgElem::Relay(_) => RELAY,
            RestMsgElem::Unknown { msg_type, .. } => msg_type,
        }
    }
}

/// The wire shape shared by every element, as decoded before the content is typed.
#[derive(Deserialize)]
struct Untyped {
    #[serde(rename = "MsgType")]
    msg_type: String,
    #[serde(rename = "MsgContent", default)]
    content: Value,
}

fn serialize_tagged<S: Serializer, C: Serialize>(
    s: S,
    msg_type: &str,
    content: &C,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct TaggedRef<'a, C> {
        #[serde(rename = "MsgType")]
        msg_type: &'a str,
        #[serde(rename = "MsgContent")]
        content: &'a C,
    }
    TaggedRef { msg_type, content }.serialize(s)
}

impl Serialize for RestMsgElem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let msg_type = self.msg_type();
        match self {
            RestMsgElem::Text(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Face(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Location(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Custom(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Sound(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Image(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::File(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::VideoFile(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Relay(c) => serialize_tagged(s, msg_type, c),
            RestMsgElem::Unknown { content, .. } => serialize_tagged(s, msg_type, content),
        }
    }
}

/// Decodes the content of a known `MsgType`, naming the type when it is malformed.
fn content<C: for<'de> Deserialize<'de>, E: de::Error>(
    msg_type: &str,
    value: Value,
) -> Result<C, E> {
    // An absent content (`null`) is an element with every field at its default.
    let value = if value.is_null() {
        Value::Object(Default::default())
    } else {
        value
    };
    C::deserialize(value).map_err(|e| E::custom(format!("{msg_type} MsgContent: {e}")))
}

impl<'de> Deserialize<'de> for RestMsgElem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Untyped {
            msg_type,
            content: c,
        } = Untyped::deserialize(d)?;
        Ok(match msg_type.as_str() {
            TEXT => RestMsgElem::Text(content(&msg_type, c)?),
            FACE => RestMsgElem::Face(content(&msg_type, c)?),
            LOCATION => RestMsgElem::Location(content(&msg_type, c)?),
            CUSTOM => RestMsgElem::Custom(content(&msg_type, c)?),
            SOUND => RestMsgElem::Sound(content(&msg_type, c)?),
            IMAGE => RestMsgElem::Image(content(&msg_type, c)?),
            FILE => RestMsgElem::File(content(&msg_type, c)?),
            VIDEO_FILE => RestMsgElem::VideoFile(content(&msg_type, c)?),
            RELAY => RestMsgElem::Relay(content(&msg_type, c)?),
            _ => RestMsgElem::Unknown {
                msg_type,
                content: c,
            },
        })
    }
}

/// Content of `TIMTextElem`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestTextElem {
    /// The text; also the offline push text (`Text`).
    #[serde(rename = "Text", deserialize_with = "lenient::string")]
    pub text: String,
}

/// Content of `TIMFaceElem`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestFaceElem {
    /// The app-defined emoji index (`Index`).
    #[serde(rename = "Index", deserialize_with = "lenient::number")]
    pub index: i32,
    /// Extra data (`Data`).
    #[serde(rename = "Data", deserialize_with = "lenient::string")]
    pub data: String,
}

/// Content of `TIMLocationElem`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestLocationElem {
    /// Description of the place (`Desc`).
    #[serde(rename = "Desc", deserialize_with = "lenient::string")]
    pub desc: String,
    /// Latitude (`Latitude`).
    #[serde(rename = "Latitude", deserialize_with = "lenient::number")]
    pub latitude: f64,
    /// Longitude (`Longitude`).
    #[serde(rename = "Longitude", deserialize_with = "lenient::number")]
    pub longitude: f64,
}

/// Content of `TIMCustomElem` (at most one per message).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestCustomElem {
    /// The payload; never pushed (`Data`).
    #[serde(rename = "Data", deserialize_with = "lenient::string")]
    pub data: String,
    /// The offline push text (`Desc`).
    #[serde(
        rename = "Desc",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub desc: String,
    /// Passed through in the APNs payload as `ext` (`Ext`).
    #[serde(
        rename = "Ext",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub ext: String,
    /// Custom APNs sound (`Sound`).
    #[serde(
        rename = "Sound",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub sound: String,
}

/// Content of `TIMSoundElem`. REST senders give `Url`, `UUID` and `Download_Flag` = 2; SDKs
/// before 4.x sent only `UUID`, `Size` and `Second`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestSoundElem {
    /// Download URL (`Url`).
    #[serde(
        rename = "Url",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub url: String,
    /// Unique id of the voice file (`UUID`).
    #[serde(
        rename = "UUID",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub uuid: String,
    /// Size in bytes (`Size`).
    #[serde(rename = "Size", deserialize_with = "lenient::number")]
    pub size: i64,
    /// Duration in seconds (`Second`).
    #[serde(rename = "Second", deserialize_with = "lenient::number")]
    pub second: i64,
    /// How to download it; 2 = from `Url` (`Download_Flag`).
    #[serde(
        rename = "Download_Flag",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub download_flag: Option<i32>,
}

/// Content of `TIMImageElem`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestImageElem {
    /// Unique id of the image, usually its MD5 (`UUID`).
    #[serde(rename = "UUID", deserialize_with = "lenient::string")]
    pub uuid: String,
    /// JPG = 1, GIF = 2, PNG = 3, BMP = 4, other = 255 (`ImageFormat`).
    #[serde(rename = "ImageFormat", deserialize_with = "lenient::number")]
    pub image_format: i32,
    /// The original, large and thumbnail versions (`ImageInfoArray`).
    #[serde(rename = "ImageInfoArray", deserialize_with = "lenient::seq")]
    pub image_info_array: Vec<RestImageInfo>,
}

/// `Type` of the original image in `ImageInfoArray`.
pub const IMAGE_ORIGINAL: i32 = 1;
/// `Type` of the large image in `ImageInfoArray`.
pub const IMAGE_LARGE: i32 = 2;
/// `Type` of the thumbnail in `ImageInfoArray`.
pub const IMAGE_THUMBNAIL: i32 = 3;

/// One version of an image in `ImageInfoArray`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestImageInfo {
    /// 1 original, 2 large, 3 thumbnail (`Type`).
    #[serde(rename = "Type", deserialize_with = "lenient::number")]
    pub kind: i32,
    /// Size in bytes (`Size`).
    #[serde(rename = "Size", deserialize_with = "lenient::number")]
    pub size: i64,
    /// Width in pixels (`Width`).
    #[serde(rename = "Width", deserialize_with = "lenient::number")]
    pub width: i32,
    /// Height in pixels (`Height`).
    #[serde(rename = "Height", deserialize_with = "lenient::number")]
    pub height: i32,
    /// Download URL (`URL`).
    #[serde(rename = "URL", deserialize_with = "lenient::string")]
    pub url: String,
}

/// Content of `TIMFileElem`. REST senders give `Url`, `UUID` and `Download_Flag` = 2.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestFileElem {
    /// Download URL (`Url`).
    #[serde(
        rename = "Url",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub url: String,
    /// Unique id of the file (`UUID`).
    #[serde(
        rename = "UUID",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub uuid: String,
    /// Size in bytes (`FileSize`).
    #[serde(rename = "FileSize", deserialize_with = "lenient::number")]
    pub file_size: i64,
    /// File name (`FileName`).
    #[serde(rename = "FileName", deserialize_with = "lenient::string")]
    pub file_name: String,
    /// How to download it; 2 = from `Url` (`Download_Flag`).
    #[serde(
        rename = "Download_Flag",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub download_flag: Option<i32>,
}

/// Content of `TIMVideoFileElem`: the video and its cover image (thumbnail).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestVideoFileElem {
    /// Video download URL (`VideoUrl`).
    #[serde(
        rename = "VideoUrl",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub video_url: String,
    /// Unique id of the video (`VideoUUID`).
    #[serde(
        rename = "VideoUUID",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub video_uuid: String,
    /// Video size in bytes (`VideoSize`).
    #[serde(rename = "VideoSize", deserialize_with = "lenient::number")]
    pub video_size: u64,
    /// Duration in seconds (`VideoSecond`).
    #[serde(rename = "VideoSecond", deserialize_with = "lenient::number")]
    pub video_second: u64,
    /// Video format, e.g. `"mp4"` (`VideoFormat`).
    #[serde(rename = "VideoFormat", deserialize_with = "lenient::string")]
    pub video_format: String,
    /// 2 = download from `VideoUrl` (`VideoDownloadFlag`).
    #[serde(
        rename = "VideoDownloadFlag",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub video_download_flag: Option<i32>,
    /// Cover download URL (`ThumbUrl`).
    #[serde(
        rename = "ThumbUrl",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub thumb_url: String,
    /// Unique id of the cover (`ThumbUUID`).
    #[serde(
        rename = "ThumbUUID",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub thumb_uuid: String,
    /// Cover size in bytes (`ThumbSize`).
    #[serde(rename = "ThumbSize", deserialize_with = "lenient::number")]
    pub thumb_size: u64,
    /// Cover width in pixels (`ThumbWidth`).
    #[serde(rename = "ThumbWidth", deserialize_with = "lenient::number")]
    pub thumb_width: u64,
    /// Cover height in pixels (`ThumbHeight`).
    #[serde(rename = "ThumbHeight", deserialize_with = "lenient::number")]
    pub thumb_height: u64,
    /// Cover format, e.g. `"JPG"` (`ThumbFormat`).
    #[serde(rename = "ThumbFormat", deserialize_with = "lenient::string")]
    pub thumb_format: String,
    /// 2 = download from `ThumbUrl` (`ThumbDownloadFlag`).
    #[serde(
        rename = "ThumbDownloadFlag",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub thumb_download_flag: Option<i32>,
}

/// Content of `TIMRelayElem`: a merged (combined-forward) message.
///
/// The forwarded messages come inline in `MsgList` when they total at most 12 KB, otherwise
/// only a `JsonMsgKey` to download them with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestRelayElem {
    /// Title (`Title`).
    #[serde(rename = "Title", deserialize_with = "lenient::string")]
    pub title: String,
    /// How many messages were merged (`MsgNum`).
    #[serde(rename = "MsgNum", deserialize_with = "lenient::number")]
    pub msg_num: u64,
    /// What clients without merged-message support show (`CompatibleText`).
    #[serde(rename = "CompatibleText", deserialize_with = "lenient::string")]
    pub compatible_text: String,
    /// The abstract lines (`AbstractList`).
    #[serde(rename = "AbstractList", deserialize_with = "lenient::seq")]
    pub abstract_list: Vec<String>,
    /// The merged messages, when they fit in 12 KB (`MsgList`).
    #[serde(
        rename = "MsgList",
        deserialize_with = "lenient::seq",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub msg_list: Vec<RestRelayMsg>,
    /// The key to download the merged messages with, when they exceed 12 KB (`JsonMsgKey`).
    #[serde(
        rename = "JsonMsgKey",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub json_msg_key: String,
}

/// One message inside a `TIMRelayElem`'s `MsgList`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestRelayMsg {
    /// The sender (`From_Account`).
    #[serde(rename = "From_Account", deserialize_with = "lenient::string")]
    pub from_account: String,
    /// The receiver, for a one-to-one message (`To_Account`).
    #[serde(
        rename = "To_Account",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub to_account: String,
    /// The group, for a group message (`GroupId`).
    #[serde(
        rename = "GroupId",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub group_id: String,
    /// Sequence number (`MsgSeq`).
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// Random number (`MsgRandom`).
    #[serde(rename = "MsgRandom", deserialize_with = "lenient::number")]
    pub msg_random: u64,
    /// Unix seconds (`MsgTimeStamp`).
    #[serde(rename = "MsgTimeStamp", deserialize_with = "lenient::number")]
    pub msg_time_stamp: i64,
    /// The elements (`MsgBody`).
    #[serde(rename = "MsgBody", deserialize_with = "lenient::seq")]
    pub msg_body: Vec<RestMsgElem>,
    /// App data delivered with the message (`CloudCustomData`).
    #[serde(
        rename = "CloudCustomData",
        deserialize_with = "lenient::string",
        skip_serializing_if = "String::is_empty"
    )]
    pub cloud_custom_data: String,
}
