//! Merged (combined-forward) messages: building one from sent messages or from synthetic entries,
//! and opening a received one into its entries, recursively.
//!
//! A merged message shows a card with a title and a few abstract lines; the receiver opens it to
//! see the messages inside, which may themselves be merged messages (002:L3202-L3203, nesting
//! allowed). Its compatible text is what a receiver or backend that cannot show merged messages
//! gets instead (MSG L2220, 004:L1572-1575); [`MergedMessage`] fills in a readable one (title and
//! abstract lines) when none is given, and [`Opened::fallback_text`] gives it back when the list
//! is not available. Limits are checked by [`super::limits::validate`] before sending.

use std::sync::Arc;

use crate::core::types::{Elem, MergeElem, Message, MsgStatus, UserProfile};

use super::incoming::summary;
use super::limits::{MAX_ABSTRACT_LINES, MAX_ABSTRACT_LINE_CHARS, MAX_MERGE_NESTING};

/// One entry of a merged message made up by the bot: who said what, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    sender: String,
    nick: String,
    time: i64,
    elems: Vec<Elem>,
}

impl Entry {
    /// `sender` said `text` at `time` (Unix seconds).
    pub fn text(sender: impl Into<String>, time: i64, text: impl Into<String>) -> Self {
        Entry::elems(sender, time, vec![Elem::text(text)])
    }

    /// `sender` sent `elems` at `time` (Unix seconds).
    pub fn elems(sender: impl Into<String>, time: i64, elems: Vec<Elem>) -> Self {
        Entry {
            sender: sender.into(),
            nick: String::new(),
            time,
            elems,
        }
    }

    /// `sender` forwarded the merged message `inner` at `time`: one more level of nesting.
    pub fn merged(sender: impl Into<String>, time: i64, inner: MergedMessage) -> Self {
        Entry::elems(sender, time, vec![inner.into_elem()])
    }

    /// The sender's nickname, shown instead of the user id.
    pub fn nick(mut self, nick: impl Into<String>) -> Self {
        self.nick = nick.into();
        self
    }

    fn into_message(self) -> Message {
        let sender_profile = (!self.nick.is_empty()).then(|| {
            Arc::new(UserProfile {
                identifier: self.sender.clone(),
                nick_name: self.nick,
                ..UserProfile::default()
            })
        });
        Message {
            sender: self.sender,
            sender_profile,
            client_time: self.time,
            server_time: self.time,
            status: MsgStatus::Sent,
            elems: self.elems,
            ..Message::default()
        }
    }
}

/// A merged message being built.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MergedMessage {
    title: String,
    abstract_list: Vec<String>,
    compatible_text: Option<String>,
    messages: Vec<Message>,
}

impl MergedMessage {
    /// An empty merged message with `title`.
    pub fn new(title: impl Into<String>) -> Self {
        MergedMessage {
            title: title.into(),
            ..MergedMessage::default()
        }
    }

    /// Add an abstract line. Without any, the first lines are made from the entries
    /// (`sender: text`, the style 004:L1566-1598 suggests).
    pub fn abstract_line(mut self, line: impl Into<String>) -> Self {
        self.abstract_list.push(line.into());
        self
    }

    /// The text shown by receivers that cannot show merged messages. Without one, the title and
    /// the abstract lines are used.
    pub fn compatible_text(mut self, text: impl Into<String>) -> Self {
        self.compatible_text = Some(text.into());
        self
    }

    /// Add a message that was sent (as the service returned it, or as it was received).
    pub fn message(mut self, sent: Message) -> Self {
        self.messages.push(sent);
        self
    }

    /// Add an entry made up by the bot.
    pub fn entry(mut self, entry: Entry) -> Self {
        self.messages.push(entry.into_message());
        self
    }

    /// The merged element.
    pub fn into_merge_elem(self) -> MergeElem {
        let abstract_list = if self.abstract_list.is_empty() {
            self.messages
                .iter()
                .take(MAX_ABSTRACT_LINES)
                .map(|m| {
                    format!("{}: {}", m.sender_display_name(), summary(m))
                        .chars()
                        .take(MAX_ABSTRACT_LINE_CHARS)
                        .collect()
                })
                .collect()
        } else {
            self.abstract_list
        };
        let compatible_text = self.compatible_text.unwrap_or_else(|| {
            std::iter::once(self.title.as_str())
                .chain(abstract_list.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("\n")
        });
        MergeElem {
            title: self.title,
            abstract_list,
            compatible_text,
            messages: self.messages,
            ..MergeElem::default()
        }
    }

    /// The message element.
    pub fn into_elem(self) -> Elem {
        Elem::Merge(self.into_merge_elem())
    }
}

/// A received merged message, opened.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The title.
    pub title: String,
    /// The abstract lines.
    pub abstract_list: Vec<String>,
    /// The text for receivers that cannot show merged messages.
    pub compatible_text: String,
    /// The entries, in order; empty when the list is not available (see [`Opened::complete`]).
    pub entries: Vec<OpenedEntry>,
    /// Whether the entries are all here: false when nesting is over the limit, or when the
    /// service sent only a download key instead of the list.
    pub complete: bool,
}

/// One entry of an opened merged message.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedEntry {
    /// The message as it was merged (sender, time, elements).
    pub message: Message,
    /// The entry's own merged message, opened, when it is one.
    pub nested: Option<Opened>,
}

impl OpenedEntry {
    /// The entry's sender as shown: group name card, else nickname, else user id.
    pub fn sender_name(&self) -> &str {
        self.message.sender_display_name()
    }
}

impl Opened {
    /// What to show when the entries cannot be: the compatible text, else the title.
    pub fn fallback_text(&self) -> &str {
        if self.compatible_text.is_empty() {
            &self.title
        } else {
            &self.compatible_text
        }
    }
}

/// Open a merged element into its entries, recursively (at most [`MAX_MERGE_NESTING`] levels; a
/// deeper level is returned with no entries and `complete == false`).
pub fn open(merge: &MergeElem) -> Opened {
    open_level(merge, MAX_MERGE_NESTING)
}

/// Open the first merged element of `message`, if it has one.
pub fn open_message(message: &Message) -> Option<Opened> {
    message.elems.iter().find_map(|e| match e {
        Elem::Merge(merge) => Some(open(merge)),
        _ => None,
    })
}

fn open_level(merge: &MergeElem, levels_left: usize) -> Opened {
    let downloadable_only = merge.messages.is_empty()
        && !(merge.relay_json_key.is_empty() && merge.relay_pb_key.is_empty());
    let within_limit = levels_left > 0 && !merge.layer_over_limit;
    let entries = if within_limit {
        merge
            .messages
            .iter()
            .map(|m| OpenedEntry {
                message: m.clone(),
                nested: m.elems.iter().find_map(|e| match e {
                    Elem::Merge(inner) => Some(open_level(inner, levels_left - 1)),
                    _ => None,
                }),
            })
            .collect()
    } else {
        Vec::new()
    };
    Opened {
        title: merge.title.clone(),
        abstract_list: merge.abstract_list.clone(),
        compatible_text: merge.compatible_text.clone(),
        entries,
        complete: within_limit && !downloadable_only,
    }
}
