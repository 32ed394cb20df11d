//! [`MessageBuilder`]: builds an outgoing core [`Message`] for a target, checks the documented
//! limits, and sends it.
//!
//! Text and @ mentions are written in order, into one text element: [`MessageBuilder::at`] adds
//! the member's id to the @ list *and* an `@name` token to the text, so the tokens appear in the
//! same order as the @ list, which is what the REST API's `GroupAtInfo` requires (REST
//! send_group_msg L203-L234: entries correspond, in order, to the @ tokens in the text, e.g.
//! `"red @all @tommy @brennanli packet"`).
//!
//! ```
//! use timbot::core::types::{GroupType, MsgPriority};
//! use timbot::message::{MessageBuilder, Target};
//!
//! let message = MessageBuilder::new(Target::group("@TGS#1", GroupType::Public))
//!     .at_all()
//!     .text("stand-up in 5 minutes,")
//!     .at("alice", "Alice")
//!     .text("you present first")
//!     .priority(MsgPriority::High)
//!     .build()
//!     .unwrap();
//! assert_eq!(message.plain_text(), "@all stand-up in 5 minutes, @Alice you present first");
//! ```

use serde_json::{Map, Value};

use crate::core::types::{
    ConvType, Elem, FaceElem, FileElem, GroupType, ImageElem, LocationElem, Message, MsgPriority,
    OfflinePushConfig, SoundElem, TextElem, VideoElem, AT_ALL,
};
use crate::core::{Client, Error, Result};

use super::custom::CustomMessage;
use super::limits::{validate, TargetKind};
use super::merge::MergedMessage;
use super::reply::QuoteRef;

/// The text token that stands for @all in a message's text (as in the REST API's example).
pub const AT_ALL_TOKEN: &str = crate::core::rest::REST_AT_ALL;

/// Where a message goes: a user, or a group of a known type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    conv_id: String,
    kind: TargetKind,
}

impl Target {
    /// The one-to-one chat with `user_id`.
    pub fn user(user_id: impl Into<String>) -> Self {
        Target {
            conv_id: user_id.into(),
            kind: TargetKind::C2C,
        }
    }

    /// The group `group_id` of type `group_type` (the type decides which limits apply).
    pub fn group(group_id: impl Into<String>, group_type: GroupType) -> Self {
        Target {
            conv_id: group_id.into(),
            kind: TargetKind::Group(group_type),
        }
    }

    /// The user id or group id.
    pub fn conv_id(&self) -> &str {
        &self.conv_id
    }

    /// The kind of target, for [`validate`].
    pub fn kind(&self) -> TargetKind {
        self.kind
    }

    /// The conversation type.
    pub fn conv_type(&self) -> ConvType {
        self.kind.conv_type()
    }
}

/// Builds an outgoing message: its elements, @ mentions, cloud custom data and send options.
#[derive(Debug, Clone)]
pub struct MessageBuilder {
    target: Target,
    elems: Vec<Elem>,
    at: Vec<String>,
    cloud_custom: Map<String, Value>,
    priority: MsgPriority,
    online_only: bool,
    excluded_from_unread_count: bool,
    excluded_from_last_message: bool,
    need_read_receipt: bool,
    offline_push: Option<OfflinePushConfig>,
    /// Text (and @ tokens) not yet closed into a text element.
    pending_text: String,
}

impl MessageBuilder {
    /// An empty message to `target`.
    pub fn new(target: Target) -> Self {
        MessageBuilder {
            target,
            elems: Vec::new(),
            at: Vec::new(),
            cloud_custom: Map::new(),
            priority: MsgPriority::Normal,
            online_only: false,
            excluded_from_unread_count: false,
            excluded_from_last_message: false,
            need_read_receipt: false,
            offline_push: None,
            pending_text: String::new(),
        }
    }

    /// Append text, as it is (consecutive text and @ tokens form one text element).
    pub fn text(mut self, text: impl AsRef<str>) -> Self {
        self.pending_text.push_str(text.as_ref());
        self
    }

    /// @-mention the group member `user_id`, shown in the text as `@display_name` (set apart
    /// from the text around it by spaces).
    pub fn at(self, user_id: impl Into<String>, display_name: impl AsRef<str>) -> Self {
        let token = format!("@{}", display_name.as_ref());
        self.mention(user_id.into(), &token)
    }

    /// @-mention everyone in the group, shown in the text as [`AT_ALL_TOKEN`].
    pub fn at_all(self) -> Self {
        self.mention(AT_ALL.to_owned(), AT_ALL_TOKEN)
    }

    fn mention(mut self, user_id: String, token: &str) -> Self {
        self.at.push(user_id);
        if !self.pending_text.is_empty() && !self.pending_text.ends_with(char::is_whitespace) {
            self.pending_text.push(' ');
        }
        self.pending_text.push_str(token);
        self.pending_text.push(' ');
        self
    }

    /// An emoji from the app's set: `index`, with free-form `data`.
    pub fn face(self, index: i32, data: impl Into<String>) -> Self {
        self.elem(Elem::Face(FaceElem {
            index,
            buf: data.into(),
        }))
    }

    /// A location.
    pub fn location(self, description: impl Into<String>, longitude: f64, latitude: f64) -> Self {
        self.elem(Elem::Location(LocationElem {
            desc: description.into(),
            longitude,
            latitude,
        }))
    }

    /// An image by URL (used for the original, large and thumbnail sizes).
    pub fn image_url(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.elem(Elem::Image(ImageElem {
            orig_url: url.clone(),
            large_url: url.clone(),
            thumb_url: url,
            ..ImageElem::default()
        }))
    }

    /// A file by URL, with its name and size in bytes.
    pub fn file_url(self, url: impl Into<String>, name: impl Into<String>, size: i64) -> Self {
        self.elem(Elem::File(FileElem {
            url: url.into(),
            file_name: name.into(),
            file_size: size,
            ..FileElem::default()
        }))
    }

    /// A voice clip by URL, with its duration in seconds and size in bytes.
    pub fn sound_url(self, url: impl Into<String>, seconds: i64, size: i64) -> Self {
        self.elem(Elem::Sound(SoundElem {
            url: url.into(),
            file_time: seconds,
            file_size: size,
            ..SoundElem::default()
        }))
    }

    /// A video by URL, with its duration in seconds and a cover image URL.
    pub fn video_url(
        self,
        url: impl Into<String>,
        seconds: u64,
        cover_url: impl Into<String>,
    ) -> Self {
        self.elem(Elem::Video(VideoElem {
            video_url: url.into(),
            video_duration: seconds,
            image_url: cover_url.into(),
            ..VideoElem::default()
        }))
    }

    /// A custom element (see [`CustomMessage`]).
    pub fn custom(self, custom: CustomMessage) -> Self {
        self.elem(custom.into_elem())
    }

    /// A merged (combined-forward) message (see [`MergedMessage`]).
    pub fn merged(self, merged: MergedMessage) -> Self {
        self.elem(merged.into_elem())
    }

    /// Any element, as it is.
    pub fn elem(mut self, elem: Elem) -> Self {
        self.close_text();
        self.elems.push(elem);
        self
    }

    /// Make this a quote-reply to the message `quote` refers to (see [`QuoteRef::of`]); other
    /// cloud custom data is kept.
    pub fn reply_to(mut self, quote: &QuoteRef) -> Self {
        quote.write_into(&mut self.cloud_custom);
        self
    }

    /// Set one key of the cloud custom data (a JSON object delivered with the message).
    pub fn cloud_custom(mut self, key: impl Into<String>, value: Value) -> Self {
        self.cloud_custom.insert(key.into(), value);
        self
    }

    /// The priority (in a group over its rate limit, lower priorities are dropped first).
    pub fn priority(mut self, priority: MsgPriority) -> Self {
        self.priority = priority;
        self
    }

    /// Deliver only to recipients who are online: not stored, not counted as unread.
    pub fn online_only(mut self) -> Self {
        self.online_only = true;
        self
    }

    /// Do not count this message as unread.
    pub fn excluded_from_unread_count(mut self) -> Self {
        self.excluded_from_unread_count = true;
        self
    }

    /// Do not make this message the conversation's last message.
    pub fn excluded_from_last_message(mut self) -> Self {
        self.excluded_from_last_message = true;
        self
    }

    /// Offline push notification title and description.
    pub fn offline_push(
        mut self,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        let push = self
            .offline_push
            .get_or_insert_with(OfflinePushConfig::default);
        push.title = title.into();
        push.desc = description.into();
        self
    }

    /// Ask recipients for read receipts.
    pub fn need_read_receipt(mut self) -> Self {
        self.need_read_receipt = true;
        self
    }

    /// The message, after checking every documented limit for the target
    /// ([`validate`]); the error names the limit hit.
    pub fn build(mut self) -> Result<Message> {
        let trimmed = self.pending_text.trim_end().len();
        self.pending_text.truncate(trimmed);
        self.close_text();
        let cloud_custom_str = if self.cloud_custom.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&self.cloud_custom)
                .map_err(|e| Error::invalid("cloud custom data", e))?
        };
        let message = Message {
            elems: self.elems,
            conv_type: self.target.conv_type(),
            conv_id: self.target.conv_id,
            group_at_user_array: self.at,
            cloud_custom_str,
            priority: self.priority,
            is_online_msg: self.online_only,
            excluded_from_unread_count: self.excluded_from_unread_count,
            excluded_from_last_message: self.excluded_from_last_message,
            need_read_receipt: self.need_read_receipt,
            offline_push_config: self.offline_push.map(Box::new),
            ..Message::default()
        };
        validate(&message, self.target.kind)?;
        Ok(message)
    }

    /// Build the message ([`MessageBuilder::build`], which checks the limits) and send it as
    /// `client`; returns the message as the service stored it (id, seq, time, status Sent).
    pub async fn send(self, client: &Client) -> Result<Message> {
        let message = self.build()?;
        client.messages()?.send_message(message).await
    }

    /// Turn the pending text into a text element.
    fn close_text(&mut self) {
        if !self.pending_text.is_empty() {
            let content = std::mem::take(&mut self.pending_text);
            self.elems.push(Elem::Text(TextElem { content }));
        }
    }
}
