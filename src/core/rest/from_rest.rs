//! REST → core: a REST `MsgBody` (with `CloudCustomData` and `GroupAtInfo`) as a core
//! [`Message`] / [`Elem`].
//!
//! This direction always succeeds: the REST JSON was already checked when it was decoded, every
//! REST element has a core counterpart, and a `MsgType` this version does not know becomes an
//! [`Elem::Unknown`] whose `raw` keeps `MsgType` and `MsgContent` (so it converts back
//! unchanged).

use serde_json::json;

use super::elem::{
    RestImageElem, RestMsgElem, RestRelayElem, RestRelayMsg, RestVideoFileElem, IMAGE_LARGE,
    IMAGE_ORIGINAL, IMAGE_THUMBNAIL,
};
use super::message::{RestGroupAt, RestMessage};
use crate::core::types::{
    ConvType, CustomElem, Elem, ElemType, FaceElem, FileElem, ImageElem, LocationElem, MergeElem,
    Message, SoundElem, TextElem, VideoElem, AT_ALL,
};

impl RestMessage {
    /// The core message these REST fields describe: the elements, `cloud_custom_str` and
    /// `group_at_user_array` (@all as [`AT_ALL`]). The envelope (sender, receiver, seq, time)
    /// lives outside these fields; the caller fills it in.
    pub fn to_message(&self) -> Message {
        Message {
            elems: self.msg_body.iter().map(Elem::from).collect(),
            cloud_custom_str: self.cloud_custom_data.clone(),
            group_at_user_array: self
                .group_at_info
                .iter()
                .map(|at| match at {
                    RestGroupAt::All => AT_ALL.to_owned(),
                    RestGroupAt::Member(user) => user.clone(),
                })
                .collect(),
            ..Message::default()
        }
    }
}

impl From<&RestMsgElem> for Elem {
    fn from(elem: &RestMsgElem) -> Self {
        match elem {
            RestMsgElem::Text(e) => Elem::Text(TextElem {
                content: e.text.clone(),
            }),
            RestMsgElem::Face(e) => Elem::Face(FaceElem {
                index: e.index,
                buf: e.data.clone(),
            }),
            RestMsgElem::Location(e) => Elem::Location(LocationElem {
                desc: e.desc.clone(),
                longitude: e.longitude,
                latitude: e.latitude,
            }),
            RestMsgElem::Custom(e) => Elem::Custom(CustomElem {
                data: e.data.clone(),
                desc: e.desc.clone(),
                ext: e.ext.clone(),
                sound: e.sound.clone(),
            }),
            RestMsgElem::Sound(e) => Elem::Sound(SoundElem {
                url: e.url.clone(),
                file_id: e.uuid.clone(),
                file_size: e.size,
                file_time: e.second,
                ..SoundElem::default()
            }),
            RestMsgElem::Image(e) => Elem::Image(image(e)),
            RestMsgElem::File(e) => Elem::File(FileElem {
                url: e.url.clone(),
                file_id: e.uuid.clone(),
                file_size: e.file_size,
                file_name: e.file_name.clone(),
                ..FileElem::default()
            }),
            RestMsgElem::VideoFile(e) => Elem::Video(video(e)),
            RestMsgElem::Relay(e) => Elem::Merge(merge(e)),
            RestMsgElem::Unknown { msg_type, content } => Elem::Unknown {
                elem_type: ElemType::Invalid,
                raw: json!({ "MsgType": msg_type, "MsgContent": content }),
            },
        }
    }
}

fn image(e: &RestImageElem) -> ImageElem {
    let mut image = ImageElem {
        orig_id: e.uuid.clone(),
        format: e.image_format,
        ..ImageElem::default()
    };
    // Versions of an unknown `Type` are ignored: the core has no place for them.
    for info in &e.image_info_array {
        let url = info.url.clone();
        match info.kind {
            IMAGE_ORIGINAL => {
                image.orig_url = url;
                image.orig_pic_size = info.size;
                image.orig_pic_width = info.width;
                image.orig_pic_height = info.height;
            }
            IMAGE_LARGE => {
                image.large_url = url;
                image.large_pic_size = info.size;
                image.large_pic_width = info.width;
                image.large_pic_height = info.height;
            }
            IMAGE_THUMBNAIL => {
                image.thumb_url = url;
                image.thumb_pic_size = info.size;
                image.thumb_pic_width = info.width;
                image.thumb_pic_height = info.height;
            }
            _ => {}
        }
    }
    image
}

fn video(e: &RestVideoFileElem) -> VideoElem {
    VideoElem {
        video_url: e.video_url.clone(),
        video_id: e.video_uuid.clone(),
        video_size: e.video_size,
        video_duration: e.video_second,
        video_type: e.video_format.clone(),
        image_url: e.thumb_url.clone(),
        image_id: e.thumb_uuid.clone(),
        image_size: e.thumb_size,
        image_width: e.thumb_width,
        image_height: e.thumb_height,
        image_type: e.thumb_format.clone(),
        ..VideoElem::default()
    }
}

fn merge(e: &RestRelayElem) -> MergeElem {
    MergeElem {
        title: e.title.clone(),
        abstract_list: e.abstract_list.clone(),
        compatible_text: e.compatible_text.clone(),
        messages: e.msg_list.iter().map(Message::from).collect(),
        relay_json_key: e.json_msg_key.clone(),
        ..MergeElem::default()
    }
}

impl From<&RestRelayMsg> for Message {
    /// A merged message's entry as a core message: a group message when it names a `GroupId`,
    /// otherwise a one-to-one message to `To_Account`.
    fn from(msg: &RestRelayMsg) -> Self {
        let (conv_type, conv_id) = if !msg.group_id.is_empty() {
            (ConvType::Group, msg.group_id.clone())
        } else {
            (ConvType::C2C, msg.to_account.clone())
        };
        Message {
            elems: msg.msg_body.iter().map(Elem::from).collect(),
            conv_type,
            conv_id,
            sender: msg.from_account.clone(),
            seq: msg.msg_seq,
            rand: msg.msg_random,
            server_time: msg.msg_time_stamp,
            cloud_custom_str: msg.cloud_custom_data.clone(),
            ..Message::default()
        }
    }
}
