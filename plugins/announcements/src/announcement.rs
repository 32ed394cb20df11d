//! What an announcement posts: text (optionally to @all), a custom card or a merged digest, to
//! one or more groups. It is the payload of the plugin's scheduler jobs, so it is plain data
//! that survives a restart.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use timbot::core::types::{GroupType, Message};
use timbot::core::{Error, Result};
use timbot::message::{
    BusinessPayload, CustomMessage, Entry, MergedMessage, MessageBuilder, Target,
};

/// One announcement: where it goes and what it says. Exactly one of `text`, `card` and
/// `digest` is given; `at_all` goes with `text`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Announcement {
    /// The groups it is posted to.
    pub groups: Vec<String>,
    /// A text message.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Whether the text @-mentions everyone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub at_all: bool,
    /// A custom card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// A merged (combined-forward) digest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
}

/// A custom card, sent as a custom message with `businessID` `"announcement_card"`; clients that
/// do not know it show the title.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Card {
    /// The card's title.
    pub title: String,
    /// Its body.
    pub text: String,
    /// An optional link the card opens.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub link: String,
}

impl BusinessPayload for Card {
    const BUSINESS_ID: &'static str = "announcement_card";
}

/// A merged digest: a title and one entry per item, sent by the bot.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Digest {
    /// The digest's title.
    pub title: String,
    /// Its items, one entry each.
    pub items: Vec<String>,
}

impl Announcement {
    /// Check that it names its groups and says exactly one thing.
    pub fn check(&self) -> Result<()> {
        let bad = |reason: &str| Err(Error::invalid("announcement", reason));
        if self.groups.iter().all(|g| g.trim().is_empty()) {
            return bad("it names no groups");
        }
        let kinds = [
            !self.text.is_empty(),
            self.card.is_some(),
            self.digest.is_some(),
        ];
        if kinds.iter().filter(|given| **given).count() != 1 {
            return bad("give exactly one of `text`, `card` or `digest`");
        }
        if self.at_all && self.text.is_empty() {
            return bad("`at_all` goes with `text`");
        }
        if let Some(card) = &self.card {
            if card.title.trim().is_empty() {
                return bad("the card has no title");
            }
        }
        if let Some(digest) = &self.digest {
            if digest.title.trim().is_empty() || digest.items.is_empty() {
                return bad("the digest needs a title and at least one item");
            }
        }
        Ok(())
    }

    /// One line saying what it posts, for listings.
    pub fn summary(&self) -> String {
        match (&self.card, &self.digest) {
            (Some(card), _) => format!("card \"{}\"", card.title),
            (_, Some(digest)) => {
                format!("digest \"{}\" ({} items)", digest.title, digest.items.len())
            }
            _ if self.at_all => format!("@all {}", self.text),
            _ => self.text.clone(),
        }
    }

    /// The message for `group` (of type `group_type`), sent by `bot` at `time` (digest entries
    /// carry them), checked against the IM's limits.
    pub fn message(
        &self,
        group: &str,
        group_type: GroupType,
        bot: &str,
        time: DateTime<Utc>,
    ) -> Result<Message> {
        let builder = MessageBuilder::new(Target::group(group, group_type));
        let builder = match (&self.card, &self.digest) {
            (Some(card), _) => {
                builder.custom(CustomMessage::payload(card)?.description(card.title.clone()))
            }
            (_, Some(digest)) => {
                let merged = digest
                    .items
                    .iter()
                    .fold(MergedMessage::new(&digest.title), |merged, item| {
                        merged.entry(Entry::text(bot, time.timestamp(), item))
                    });
                builder.merged(merged)
            }
            _ if self.at_all => builder.at_all().text(&self.text),
            _ => builder.text(&self.text),
        };
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str) -> Announcement {
        Announcement {
            groups: vec!["g".into()],
            text: text.into(),
            ..Announcement::default()
        }
    }

    #[test]
    fn exactly_one_kind_of_content_and_some_group() {
        assert!(text("hi").check().is_ok());
        assert!(text("").check().is_err());
        let mut both = text("hi");
        both.card = Some(Card {
            title: "t".into(),
            ..Card::default()
        });
        assert!(both.check().is_err());
        let mut nowhere = text("hi");
        nowhere.groups.clear();
        assert!(nowhere.check().is_err());
        let card_to_all = Announcement {
            at_all: true,
            text: String::new(),
            ..both
        };
        assert!(card_to_all.check().is_err());
    }
}
