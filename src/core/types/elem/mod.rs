//! Message elements: the `elem_type` tag ([`ElemType`]) and the [`Elem`] enum of all 13 kinds.
//!
//! An element is a JSON object with `"elem_type"` and the kind's own keys. [`Elem`] decodes the
//! tag leniently (a number or a numeric string); a tag this version does not know becomes
//! [`Elem::Unknown`], which keeps the number and the whole object so it encodes back unchanged.

mod content;
mod media;
mod merge;

pub use content::{CustomElem, FaceElem, LocationElem, TextElem};
pub use media::{FileElem, ImageElem, ImageLevel, SoundElem, VideoElem};
pub use merge::MergeElem;

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::friend::FriendChangeElem;
use super::group_report::GroupReportElem;
use super::group_tips::GroupTipsElem;
use super::lenient::im_enum;
use super::profile::ProfileChangeElem;

/// The JSON key of an element's tag.
pub const ELEM_TYPE_KEY: &str = "elem_type";

im_enum! {
    /// The kind of a message element (`TIMElemType`, 8.6 values).
    pub enum ElemType {
        /// Text (0).
        Text = 0,
        /// Image (1).
        Image = 1,
        /// Voice (2).
        Sound = 2,
        /// Custom data (3).
        Custom = 3,
        /// File (4).
        File = 4,
        /// Group tip, seen by all members (5).
        GroupTips = 5,
        /// Emoji / face (6).
        Face = 6,
        /// Location (7).
        Location = 7,
        /// Group system notice, seen by one user (8).
        GroupReport = 8,
        /// Video (9).
        Video = 9,
        /// Relationship change (10).
        FriendChange = 10,
        /// Profile change (11).
        ProfileChange = 11,
        /// Merged (combined-forward) message (12).
        Merge = 12,
        /// Invalid (-1).
        Invalid = -1,
    }
    default = Invalid;
}

/// One element of a message, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Elem {
    /// Text (0).
    Text(TextElem),
    /// Image (1).
    Image(ImageElem),
    /// Voice (2).
    Sound(SoundElem),
    /// Custom data (3).
    Custom(CustomElem),
    /// File (4).
    File(FileElem),
    /// Group tip (5).
    GroupTips(GroupTipsElem),
    /// Emoji / face (6).
    Face(FaceElem),
    /// Location (7).
    Location(LocationElem),
    /// Group system notice (8).
    GroupReport(GroupReportElem),
    /// Video (9).
    Video(VideoElem),
    /// Relationship change (10).
    FriendChange(FriendChangeElem),
    /// Profile change (11).
    ProfileChange(ProfileChangeElem),
    /// Merged message (12).
    Merge(MergeElem),
    /// A kind this version does not know (or `Invalid`): the tag and the whole JSON object, kept
    /// so that it encodes back unchanged.
    Unknown {
        /// The element's `elem_type` as it came.
        elem_type: ElemType,
        /// The whole element object.
        raw: Value,
    },
}

impl Elem {
    /// The element's kind.
    pub fn elem_type(&self) -> ElemType {
        match self {
            Elem::Text(_) => ElemType::Text,
            Elem::Image(_) => ElemType::Image,
            Elem::Sound(_) => ElemType::Sound,
            Elem::Custom(_) => ElemType::Custom,
            Elem::File(_) => ElemType::File,
            Elem::GroupTips(_) => ElemType::GroupTips,
            Elem::Face(_) => ElemType::Face,
            Elem::Location(_) => ElemType::Location,
            Elem::GroupReport(_) => ElemType::GroupReport,
            Elem::Video(_) => ElemType::Video,
            Elem::FriendChange(_) => ElemType::FriendChange,
            Elem::ProfileChange(_) => ElemType::ProfileChange,
            Elem::Merge(_) => ElemType::Merge,
            Elem::Unknown { elem_type, .. } => *elem_type,
        }
    }

    /// The bytes this element counts for against a message's size limit: the text of text,
    /// custom (data, description, extension, sound) and location (description) elements, a
    /// face's data plus 4 bytes for its index, 16 bytes for a location's coordinates, a media
    /// element's encoded reference (URL, name, sizes: the media itself is stored apart), and a
    /// merged message's title, abstract lines and compatible text (its inner messages are
    /// stored apart too). Kinds only the service creates count nothing.
    pub fn content_bytes(&self) -> usize {
        match self {
            Elem::Text(text) => text.content.len(),
            Elem::Custom(custom) => {
                custom.data.len() + custom.desc.len() + custom.ext.len() + custom.sound.len()
            }
            Elem::Face(face) => face.buf.len() + 4,
            Elem::Location(location) => location.desc.len() + 16,
            Elem::Image(_) | Elem::Sound(_) | Elem::File(_) | Elem::Video(_) => {
                serde_json::to_vec(self).map_or(0, |json| json.len())
            }
            Elem::Merge(merge) => {
                merge.title.len()
                    + merge.compatible_text.len()
                    + merge.abstract_list.iter().map(String::len).sum::<usize>()
            }
            Elem::GroupTips(_)
            | Elem::GroupReport(_)
            | Elem::FriendChange(_)
            | Elem::ProfileChange(_)
            | Elem::Unknown { .. } => 0,
        }
    }

    /// A text element.
    pub fn text(content: impl Into<String>) -> Self {
        Elem::Text(TextElem {
            content: content.into(),
        })
    }
}

/// Serialises `body` (a struct) as an object with `elem_type` first, then the body's keys.
fn serialize_tagged<S: Serializer, T: Serialize>(
    s: S,
    elem_type: ElemType,
    body: &T,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Tagged<'a, T> {
        elem_type: ElemType,
        #[serde(flatten)]
        body: &'a T,
    }
    Tagged { elem_type, body }.serialize(s)
}

impl Serialize for Elem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.elem_type();
        match self {
            Elem::Text(e) => serialize_tagged(s, t, e),
            Elem::Image(e) => serialize_tagged(s, t, e),
            Elem::Sound(e) => serialize_tagged(s, t, e),
            Elem::Custom(e) => serialize_tagged(s, t, e),
            Elem::File(e) => serialize_tagged(s, t, e),
            Elem::GroupTips(e) => serialize_tagged(s, t, e),
            Elem::Face(e) => serialize_tagged(s, t, e),
            Elem::Location(e) => serialize_tagged(s, t, e),
            Elem::GroupReport(e) => serialize_tagged(s, t, e),
            Elem::Video(e) => serialize_tagged(s, t, e),
            Elem::FriendChange(e) => serialize_tagged(s, t, e),
            Elem::ProfileChange(e) => serialize_tagged(s, t, e),
            Elem::Merge(e) => serialize_tagged(s, t, e),
            Elem::Unknown { elem_type, raw } => {
                let mut obj = match raw {
                    Value::Object(m) => m.clone(),
                    _ => Map::new(),
                };
                obj.insert(ELEM_TYPE_KEY.to_owned(), Value::from(elem_type.value()));
                obj.serialize(s)
            }
        }
    }
}

/// The key prefix of each known kind's own keys.
const KEY_PREFIXES: [(ElemType, &str); 13] = [
    (ElemType::Text, "text_elem_"),
    (ElemType::Image, "image_elem_"),
    (ElemType::Sound, "sound_elem_"),
    (ElemType::Custom, "custom_elem_"),
    (ElemType::File, "file_elem_"),
    (ElemType::GroupTips, "group_tips_elem_"),
    (ElemType::Face, "face_elem_"),
    (ElemType::Location, "location_elem_"),
    (ElemType::GroupReport, "group_report_elem_"),
    (ElemType::Video, "video_elem_"),
    (ElemType::FriendChange, "friend_change_elem_"),
    (ElemType::ProfileChange, "profile_change_elem_"),
    (ElemType::Merge, "merge_elem_"),
];

/// The kind an element really is. The tag decides, except when it names a known kind whose
/// keys the object does not carry while it does carry another kind's keys: then the keys decide.
///
/// This repairs JSON from SDK 4.8.10, whose enum started with `Invalid = 0` and so shifted every
/// tag by one (a group report tagged 9, a group tip tagged 6); the 8.6 headers' own examples still
/// show those numbers. An unknown tag is never reinterpreted: it stays `Unknown` with its number.
fn kind_from_keys(obj: &Value, tagged: ElemType) -> ElemType {
    let Some(map) = obj.as_object() else {
        return tagged;
    };
    let Some(&(_, tag_prefix)) = KEY_PREFIXES.iter().find(|(t, _)| *t == tagged) else {
        return tagged;
    };
    if map.keys().any(|k| k.starts_with(tag_prefix)) {
        return tagged;
    }
    map.keys()
        .find_map(|k| {
            KEY_PREFIXES
                .iter()
                .find(|(_, prefix)| k.starts_with(prefix))
                .map(|(t, _)| *t)
        })
        .unwrap_or(tagged)
}

/// Decodes an element body of a known kind from the element object.
fn body<T: DeserializeOwned, E: de::Error>(obj: Value, kind: &str) -> Result<T, E> {
    T::deserialize(obj).map_err(|e| E::custom(format!("{kind} element: {e}")))
}

impl<'de> Deserialize<'de> for Elem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let obj = Value::deserialize(d)?;
        if !obj.is_object() {
            return Err(de::Error::custom("a message element must be a JSON object"));
        }
        let tagged = match obj.get(ELEM_TYPE_KEY) {
            Some(tag) => ElemType::deserialize(tag).map_err(de::Error::custom)?,
            None => return Err(de::Error::missing_field(ELEM_TYPE_KEY)),
        };
        let elem_type = kind_from_keys(&obj, tagged);
        Ok(match elem_type {
            ElemType::Text => Elem::Text(body(obj, "text")?),
            ElemType::Image => Elem::Image(body(obj, "image")?),
            ElemType::Sound => Elem::Sound(body(obj, "sound")?),
            ElemType::Custom => Elem::Custom(body(obj, "custom")?),
            ElemType::File => Elem::File(body(obj, "file")?),
            ElemType::GroupTips => Elem::GroupTips(body(obj, "group tips")?),
            ElemType::Face => Elem::Face(body(obj, "face")?),
            ElemType::Location => Elem::Location(body(obj, "location")?),
            ElemType::GroupReport => Elem::GroupReport(body(obj, "group report")?),
            ElemType::Video => Elem::Video(body(obj, "video")?),
            ElemType::FriendChange => Elem::FriendChange(body(obj, "friend change")?),
            ElemType::ProfileChange => Elem::ProfileChange(body(obj, "profile change")?),
            ElemType::Merge => Elem::Merge(body(obj, "merge")?),
            ElemType::Invalid | ElemType::Unknown(_) => {
                // Store the tag as the number it means, so that encoding is canonical.
                let mut raw = obj;
                if let Value::Object(m) = &mut raw {
                    m.insert(ELEM_TYPE_KEY.to_owned(), Value::from(elem_type.value()));
                }
                Elem::Unknown { elem_type, raw }
            }
        })
    }
}
