//! Which conversation an event belongs to: the unit of ordering in the dispatcher.

use std::fmt;

use crate::core::event::{Event, SignalingEvent};
use crate::core::types::{ConvType, Message};

/// A conversation: a one-to-one chat with a user, or a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConvKey {
    /// One-to-one or group.
    pub conv_type: ConvType,
    /// The peer's user id or the group id.
    pub id: String,
}

impl ConvKey {
    /// The conversation of a group.
    pub fn group(id: impl Into<String>) -> Self {
        ConvKey {
            conv_type: ConvType::Group,
            id: id.into(),
        }
    }

    /// The one-to-one conversation with a user.
    pub fn direct(id: impl Into<String>) -> Self {
        ConvKey {
            conv_type: ConvType::C2C,
            id: id.into(),
        }
    }

    /// The conversation a message belongs to.
    pub fn of_message(message: &Message) -> Self {
        ConvKey {
            conv_type: message.conv_type,
            id: message.conv_id.clone(),
        }
    }

    /// The conversation of a signaling event: its group, or the inviter.
    pub fn of_signaling(event: &SignalingEvent) -> Self {
        if event.group_id.is_empty() {
            ConvKey::direct(event.inviter.clone())
        } else {
            ConvKey::group(event.group_id.clone())
        }
    }

    /// The conversation of an event plugins handle, or `None` for events that are not
    /// dispatched to plugins (session state, conversation list changes …).
    pub fn of_event(event: &Event) -> Option<Self> {
        match event {
            Event::NewMessage(message) => Some(ConvKey::of_message(message)),
            Event::GroupTips(tips) => Some(ConvKey::group(tips.group_id.clone())),
            Event::GroupSystemNotice(notice) => Some(ConvKey::group(notice.group_id.clone())),
            Event::Signaling(signaling) => Some(ConvKey::of_signaling(signaling)),
            Event::BeforeSend(question) => Some(ConvKey::of_message(&question.message)),
            _ => None,
        }
    }

    /// The group id, for a group conversation.
    pub fn group_id(&self) -> Option<&str> {
        (self.conv_type == ConvType::Group).then_some(self.id.as_str())
    }
}

impl fmt::Display for ConvKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.conv_type {
            ConvType::Group => write!(f, "group_{}", self.id),
            _ => write!(f, "c2c_{}", self.id),
        }
    }
}
