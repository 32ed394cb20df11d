//! Core → REST: a core [`Message`] / [`Elem`] in the REST `MsgBody` format.
//!
//! This direction can fail, always with an error that names the cause: the kinds the REST format
//! has no element for (group tips, group report, friend change, profile change, an unknown
//! kind), media whose content the service could not download (no URL), a merged element with
//! nothing to forward, and more than one custom element in one message (the documented limit).

use super::elem::{
    RestCustomElem, RestFaceElem, RestFileElem, RestImageElem, RestImageInfo, RestLocationElem,
    RestMsgElem, RestRelayElem, RestRelayMsg, RestSoundElem, RestTextElem, RestVideoFileElem,
    DOWNLOAD_FROM_URL, IMAGE_LARGE, IMAGE_ORIGINAL, IMAGE_THUMBNAIL,
};
use super::message::{RestGroupAt, RestMessage};
use crate::core::error::{Error, Result};
use crate::core::types::{
    is_at_all, ConvType, Elem, FileElem, ImageElem, MergeElem, Message, SoundElem, VideoElem,
};

/// The most `TIMCustomElem` elements one message may carry (research note §2.4).
pub const MAX_CUSTOM_ELEMS_PER_MESSAGE: usize = 1;

/// What the errors of this direction say was invalid.
const WHAT: &str = "message for the REST API";

impl RestMessage {
    /// The REST form of `msg`: its elements as `MsgBody`, its `cloud_custom_str` as
    /// `CloudCustomData` and its `group_at_user_array` as `GroupAtInfo` (an @all marker becomes
    /// `{"GroupAtAllFlag": 1}`).
    pub fn from_message(msg: &Message) -> Result<Self> {
        Ok(RestMessage {
            msg_body: msg_body(&msg.elems)?,
            cloud_custom_data: msg.cloud_custom_str.clone(),
            group_at_info: msg
                .group_at_user_array
                .iter()
                .map(|user| {
                    if is_at_all(user) {
                        RestGroupAt::All
                    } else {
                        RestGroupAt::Member(user.clone())
                    }
                })
                .collect(),
        })
    }
}

/// The `MsgBody` of a message's elements, checking the one-custom-element limit.
fn msg_body(elems: &[Elem]) -> Result<Vec<RestMsgElem>> {
    let customs = elems
        .iter()
        .filter(|e| matches!(e, Elem::Custom(_)))
        .count();
    if customs > MAX_CUSTOM_ELEMS_PER_MESSAGE {
        return Err(Error::Limit {
            limit: "TIMCustomElem elements per message",
            max: MAX_CUSTOM_ELEMS_PER_MESSAGE as u64,
            actual: customs as u64,
        });
    }
    elems.iter().map(RestMsgElem::try_from).collect()
}

impl TryFrom<&Elem> for RestMsgElem {
    type Error = Error;

    fn try_from(elem: &Elem) -> Result<Self> {
        Ok(match elem {
            Elem::Text(e) => RestMsgElem::Text(RestTextElem {
                text: e.content.clone(),
            }),
            Elem::Face(e) => RestMsgElem::Face(RestFaceElem {
                index: e.index,
                data: e.buf.clone(),
            }),
            Elem::Location(e) => RestMsgElem::Location(RestLocationElem {
                desc: e.desc.clone(),
                latitude: e.latitude,
                longitude: e.longitude,
            }),
            Elem::Custom(e) => RestMsgElem::Custom(RestCustomElem {
                data: e.data.clone(),
                desc: e.desc.clone(),
                ext: e.ext.clone(),
                sound: e.sound.clone(),
            }),
            Elem::Sound(e) => RestMsgElem::Sound(sound(e)?),
            Elem::Image(e) => RestMsgElem::Image(image(e)?),
            Elem::File(e) => RestMsgElem::File(file(e)?),
            Elem::Video(e) => RestMsgElem::VideoFile(video(e)?),
            Elem::Merge(e) => RestMsgElem::Relay(relay(e)?),
            Elem::Unknown { raw, .. } => match raw.get("MsgType").and_then(|t| t.as_str()) {
                // An element that came from REST with a MsgType this version does not know.
                Some(msg_type) => RestMsgElem::Unknown {
                    msg_type: msg_type.to_owned(),
                    content: raw.get("MsgContent").cloned().unwrap_or_default(),
                },
                None => return Err(no_rest_form(elem)),
            },
            Elem::GroupTips(_)
            | Elem::GroupReport(_)
            | Elem::FriendChange(_)
            | Elem::ProfileChange(_) => return Err(no_rest_form(elem)),
        })
    }
}

/// The error for an element kind the REST `MsgBody` cannot carry.
fn no_rest_form(elem: &Elem) -> Error {
    let kind = match elem {
        Elem::GroupTips(_) => "a group tips element".to_owned(),
        Elem::GroupReport(_) => "a group report (system notice) element".to_owned(),
        Elem::FriendChange(_) => "a friend change element".to_owned(),
        Elem::ProfileChange(_) => "a profile change element".to_owned(),
        other => format!("an element of unknown type {}", other.elem_type().value()),
    };
    Error::invalid(
        WHAT,
        format!(
            "{kind} has no REST form (MsgBody carries text, face, location, custom, sound, \
             image, file, video and merged elements)"
        ),
    )
}

/// The error for a media element whose content the service could not download.
fn no_url(kind: &str, key: &str) -> Error {
    Error::invalid(
        WHAT,
        format!(
            "the {kind} element has no URL; the REST API sends media by a downloadable {key}, \
             not by a local path"
        ),
    )
}

/// The download flag to write next to a URL: 2 when there is a URL to download from.
fn download_flag(url: &str) -> Option<i32> {
    (!url.is_empty()).then_some(DOWNLOAD_FROM_URL)
}

fn sound(e: &SoundElem) -> Result<RestSoundElem> {
    if e.url.is_empty() {
        return Err(no_url("sound", "Url"));
    }
    Ok(RestSoundElem {
        url: e.url.clone(),
        uuid: e.file_id.clone(),
        size: e.file_size,
        second: e.file_time,
        download_flag: download_flag(&e.url),
    })
}

fn file(e: &FileElem) -> Result<RestFileElem> {
    if e.url.is_empty() {
        return Err(no_url("file", "Url"));
    }
    Ok(RestFileElem {
        url: e.url.clone(),
        uuid: e.file_id.clone(),
        file_size: e.file_size,
        file_name: e.file_name.clone(),
        download_flag: download_flag(&e.url),
    })
}

fn image(e: &ImageElem) -> Result<RestImageElem> {
    let versions = [
        (
            IMAGE_ORIGINAL,
            &e.orig_url,
            e.orig_pic_size,
            e.orig_pic_width,
            e.orig_pic_height,
        ),
        (
            IMAGE_LARGE,
            &e.large_url,
            e.large_pic_size,
            e.large_pic_width,
            e.large_pic_height,
        ),
        (
            IMAGE_THUMBNAIL,
            &e.thumb_url,
            e.thumb_pic_size,
            e.thumb_pic_width,
            e.thumb_pic_height,
        ),
    ];
    let image_info_array: Vec<RestImageInfo> = versions
        .into_iter()
        .filter(|(_, url, ..)| !url.is_empty())
        .map(|(kind, url, size, width, height)| RestImageInfo {
            kind,
            size,
            width,
            height,
            url: url.clone(),
        })
        .collect();
    if image_info_array.is_empty() {
        return Err(no_url("image", "URL"));
    }
    Ok(RestImageElem {
        uuid: e.orig_id.clone(),
        image_format: e.format,
        image_info_array,
    })
}

fn video(e: &VideoElem) -> Result<RestVideoFileElem> {
    if e.video_url.is_empty() {
        return Err(no_url("video", "VideoUrl"));
    }
    Ok(RestVideoFileElem {
        video_url: e.video_url.clone(),
        video_uuid: e.video_id.clone(),
        video_size: e.video_size,
        video_second: e.video_duration,
        video_format: e.video_type.clone(),
        video_download_flag: download_flag(&e.video_url),
        thumb_url: e.image_url.clone(),
        thumb_uuid: e.image_id.clone(),
        thumb_size: e.image_size,
        thumb_width: e.image_width,
        thumb_height: e.image_height,
        thumb_format: e.image_type.clone(),
        thumb_download_flag: download_flag(&e.image_url),
    })
}

/// `MsgNum` is the number of messages carried; a merged element that only has a download key
/// (the core keeps no count for it) is written with `MsgNum` 0.
fn relay(e: &MergeElem) -> Result<RestRelayElem> {
    if e.messages.is_empty() && e.relay_json_key.is_empty() {
        return Err(Error::invalid(
            WHAT,
            "the merged element has neither messages nor a download key (JsonMsgKey) to forward",
        ));
    }
    Ok(RestRelayElem {
        title: e.title.clone(),
        msg_num: e.messages.len() as u64,
        compatible_text: e.compatible_text.clone(),
        abstract_list: e.abstract_list.clone(),
        msg_list: e
            .messages
            .iter()
            .map(RestRelayMsg::try_from)
            .collect::<Result<_>>()?,
        json_msg_key: e.relay_json_key.clone(),
    })
}

impl TryFrom<&Message> for RestRelayMsg {
    type Error = Error;

    /// A merged message's entry: sender, where it was sent (group id for a group message,
    /// receiver for a one-to-one message), seq, random, time and body.
    fn try_from(msg: &Message) -> Result<Self> {
        let (group_id, to_account) = match msg.conv_type {
            ConvType::Group => (msg.conv_id.clone(), String::new()),
            _ => (String::new(), msg.conv_id.clone()),
        };
        Ok(RestRelayMsg {
            from_account: msg.sender.clone(),
            to_account,
            group_id,
            msg_seq: msg.seq,
            msg_random: msg.rand,
            msg_time_stamp: if msg.server_time != 0 {
                msg.server_time
            } else {
                msg.client_time
            },
            msg_body: msg_body(&msg.elems)?,
            cloud_custom_data: msg.cloud_custom_str.clone(),
        })
    }
}
