//! Helpers for reading a received message: its readable text with fallbacks, @ mentions, the
//! command it carries and its arguments, a custom payload, a merged message opened, and the
//! message a reply quotes.
//!
//! They are methods of the [`Incoming`] trait, implemented for [`Message`]. The raw text of the
//! text elements is the core's [`Message::plain_text`]; [`Incoming::display_text`] also renders
//! the other elements, falling back to what plain clients show (a custom element's description,
//! a merged message's compatible text).

use std::borrow::Cow;

use crate::core::types::{is_at_all, CustomElem, Elem, Message};
use crate::core::Result;

use super::custom::{parse_payload, BusinessPayload};
use super::merge::{open_message, Opened};
use super::reply::{quote_of, QuoteRef};

/// A command found at the start of a message's text, e.g. `/mute @Bob 10m`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The prefix that introduced it, e.g. `"/"`.
    pub prefix: String,
    /// The command's name without the prefix, e.g. `"mute"`.
    pub name: String,
    /// The text after the name, with leading whitespace removed, e.g. `"@Bob 10m"`.
    pub rest: String,
    /// `rest` split on whitespace, e.g. `["@Bob", "10m"]`.
    pub args: Vec<String>,
    /// The user ids the message @-mentions, in order, without @all (the `@name` tokens in `rest`
    /// name them for people; these are the ids).
    pub mentions: Vec<String>,
}

/// Reading a received message.
pub trait Incoming {
    /// The message as readable text: text elements as they are, the other elements as short
    /// labels (`[Image]`, a location's description …), a custom element as its description and a
    /// merged message as its compatible text.
    fn display_text(&self) -> String;

    /// Whether the message @-mentions `user_id` by id.
    fn mentions_user(&self, user_id: &str) -> bool;

    /// Whether the message @-mentions everyone.
    fn mentions_all(&self) -> bool;

    /// Whether `user_id` is addressed: mentioned by id or through @all.
    fn is_mentioned(&self, user_id: &str) -> bool {
        self.mentions_user(user_id) || self.mentions_all()
    }

    /// The @-mentioned user ids, in order, without @all.
    fn mentioned_users(&self) -> Vec<String>;

    /// The command at the start of the text, introduced by one of `prefixes` (tried in order).
    /// Leading `@name` tokens are skipped when the message has mentions (`@Bot /help`).
    fn command(&self, prefixes: &[&str]) -> Option<Command>;

    /// The arguments after `command` (matched whole, prefix included, e.g. `"/mute"`), or `None`
    /// when the text does not start with it.
    fn command_args(&self, command: &str) -> Option<Vec<String>> {
        let found = self.command(&[""])?;
        (found.name == command).then_some(found.args)
    }

    /// The first custom element.
    fn custom_elem(&self) -> Option<&CustomElem>;

    /// The first custom element's payload decoded as `T`: `Ok(None)` when there is no custom
    /// element or its payload is not a `T` (see [`parse_payload`]).
    fn custom_payload<T: BusinessPayload>(&self) -> Result<Option<T>> {
        match self.custom_elem() {
            Some(elem) => parse_payload(elem),
            None => Ok(None),
        }
    }

    /// The first merged element, opened into its entries recursively.
    fn open_merged(&self) -> Option<Opened>;

    /// The reference to the message this one quotes, when it is a quote-reply.
    fn quote(&self) -> Option<QuoteRef>;
}

impl Incoming for Message {
    fn display_text(&self) -> String {
        self.elems
            .iter()
            .map(|e| match e {
                Elem::Merge(m) if !m.compatible_text.is_empty() => {
                    Cow::Borrowed(m.compatible_text.as_str())
                }
                other => elem_summary(other),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn mentions_user(&self, user_id: &str) -> bool {
        self.group_at_user_array.iter().any(|u| u == user_id)
    }

    fn mentions_all(&self) -> bool {
        self.group_at_user_array.iter().any(|u| is_at_all(u))
    }

    fn mentioned_users(&self) -> Vec<String> {
        self.group_at_user_array
            .iter()
            .filter(|u| !is_at_all(u))
            .cloned()
            .collect()
    }

    fn command(&self, prefixes: &[&str]) -> Option<Command> {
        let text = self.plain_text();
        let mut body = text.trim_start();
        if !self.group_at_user_array.is_empty() {
            while let Some(after_at) = body.strip_prefix('@') {
                let token_end = after_at.find(char::is_whitespace)?;
                body = after_at[token_end..].trim_start();
            }
        }
        let (prefix, after) = prefixes
            .iter()
            .find_map(|p| body.strip_prefix(p).map(|after| (*p, after)))?;
        let name_end = after.find(char::is_whitespace).unwrap_or(after.len());
        let name = &after[..name_end];
        if name.is_empty() {
            return None;
        }
        let rest = after[name_end..].trim();
        Some(Command {
            prefix: prefix.to_owned(),
            name: name.to_owned(),
            rest: rest.to_owned(),
            args: rest.split_whitespace().map(str::to_owned).collect(),
            mentions: self.mentioned_users(),
        })
    }

    fn custom_elem(&self) -> Option<&CustomElem> {
        self.elems.iter().find_map(|e| match e {
            Elem::Custom(c) => Some(c),
            _ => None,
        })
    }

    fn open_merged(&self) -> Option<Opened> {
        open_message(self)
    }

    fn quote(&self) -> Option<QuoteRef> {
        quote_of(self)
    }
}

/// A short text for a message, as chat lists and abstracts show it: each element's
/// [`elem_summary`], joined by spaces.
pub fn summary(message: &Message) -> String {
    message
        .elems
        .iter()
        .map(elem_summary)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short text for one element: the text itself, a custom element's description, a location's
/// description, else a label such as `[Image]` (the push texts of REST message format L51-L89).
pub fn elem_summary(elem: &Elem) -> Cow<'_, str> {
    let label = match elem {
        Elem::Text(t) => return Cow::Borrowed(&t.content),
        Elem::Custom(c) if !c.desc.is_empty() => return Cow::Borrowed(&c.desc),
        Elem::Location(l) if !l.desc.is_empty() => return Cow::Borrowed(&l.desc),
        Elem::File(f) if !f.file_name.is_empty() => {
            return Cow::Owned(format!("[File] {}", f.file_name))
        }
        Elem::Merge(m) => return Cow::Owned(format!("[Chat History] {}", m.title)),
        Elem::Custom(_) => "[Custom Message]",
        Elem::Location(_) => "[Location]",
        Elem::File(_) => "[File]",
        Elem::Image(_) => "[Image]",
        Elem::Sound(_) => "[Voice]",
        Elem::Video(_) => "[Video]",
        Elem::Face(_) => "[Face]",
        Elem::GroupTips(_) => "[Group Tip]",
        Elem::GroupReport(_) => "[Group Notice]",
        _ => "[Unsupported Message]",
    };
    Cow::Borrowed(label)
}
