//! The documented limits the engine enforces, each with its source and its error.
//!
//! Where the documents give an error code, the limit fails with [`Error::Im`] and that code;
//! where they give a number but no code, it fails with [`Error::Limit`].

use crate::core::codes;
use crate::core::error::{Error, Result};
use crate::core::types::{is_at_all, Elem, Message};

/// Longest user id, bytes (seed-002-part1 §7, L2609).
pub const MAX_USER_ID_BYTES: usize = 32;
/// Message content, bytes (research anchors §2.2: the use-limits page says 8,000 bytes; 80002).
pub const MAX_MESSAGE_BYTES: usize = 8_000;
/// @ targets per message, @all included (seed-web-apicloud §2.11, 004:L1675).
pub const MAX_AT_TARGETS: usize = 30;
/// Messages in one merged message (seed-002-part1 §7, L2936).
pub const MAX_MERGED_MESSAGES: usize = 300;
/// Abstract lines of a merged message (seed-web-apicloud §2.11, 004:L1572).
pub const MAX_MERGE_ABSTRACTS: usize = 5;
/// Characters per abstract line (seed-web-apicloud §2.11, 004:L1573).
pub const MAX_MERGE_ABSTRACT_CHARS: usize = 100;
/// Nesting depth of merged messages (seed-web-apicloud §2.9, 004:L6724; error 8005).
pub const MAX_MERGE_DEPTH: usize = 100;
/// Group messages per second per group (research anchors §2.2, use-limits L16; error 10023).
pub const GROUP_MESSAGES_PER_SECOND: u32 = 40;
/// Group name, bytes (seed-002-part2 §2.3, L5954; error 8502).
pub const MAX_GROUP_NAME_BYTES: usize = 30;
/// Group introduction, bytes (seed-002-part3 §3.1, L16819; error 8503).
pub const MAX_GROUP_INTRODUCTION_BYTES: usize = 120;
/// Group announcement, bytes (seed-002-part3 §3.1, L16856; error 8504).
pub const MAX_GROUP_NOTIFICATION_BYTES: usize = 150;
/// Group avatar URL, bytes (seed-002-part3 §3.1, L16902; error 8505).
pub const MAX_GROUP_FACE_URL_BYTES: usize = 100;
/// Custom group id, bytes (seed-web-apicloud §2.11, 004:L924; error 10015).
pub const MAX_GROUP_ID_BYTES: usize = 48;
/// The prefix of service-assigned group ids, refused in custom ids (004:L924).
pub const ASSIGNED_GROUP_ID_PREFIX: &str = "@TGS#";
/// Group attributes per group (seed-002-part2 §2.11, L6085).
pub const MAX_GROUP_ATTRIBUTES: usize = 16;
/// Group attribute key, bytes (seed-web-apicloud §2.11, 004:L2777).
pub const MAX_GROUP_ATTRIBUTE_KEY_BYTES: usize = 32;
/// Group attribute value, bytes (seed-002-part2 §2.11, L6085).
pub const MAX_GROUP_ATTRIBUTE_VALUE_BYTES: usize = 4 * 1024;
/// All attributes of a group together, bytes (seed-002-part2 §2.11, L6085).
pub const MAX_GROUP_ATTRIBUTES_BYTES: usize = 16 * 1024;
/// Attribute writes per window (seed-002-part2 §2.11, L6087; error 8511).
pub const GROUP_ATTRIBUTE_WRITES: usize = 10;
/// The attribute write window, seconds (seed-002-part2 §2.11, L6087).
pub const GROUP_ATTRIBUTE_WINDOW_SECS: u64 = 5;

/// Checks a user id: not empty, at most [`MAX_USER_ID_BYTES`] (7003 otherwise).
pub fn check_user_id(user_id: &str) -> Result<()> {
    if user_id.is_empty() || user_id.len() > MAX_USER_ID_BYTES {
        return Err(Error::im(
            codes::INVALID_IDENTIFIER,
            format!("user id {user_id:?} must be 1 to {MAX_USER_ID_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// Fails with `code` when `value` is longer than `max` bytes.
pub fn check_bytes(what: &str, value: &str, max: usize, code: i32) -> Result<()> {
    if value.len() > max {
        return Err(Error::im(
            code,
            format!("{what} is {} bytes, at most {max} allowed", value.len()),
        ));
    }
    Ok(())
}

/// Checks a message a user sends: it has elements, none of them a kind only the service
/// creates (6016), its content fits (80002), its @ targets (at most 30) and its merged messages
/// (at most 300, 5 abstracts of 100 characters, 100 levels: 8005) are within the limits, and its
/// text has no blocked word (80001).
pub fn check_outgoing(message: &Message, sensitive_words: &[String]) -> Result<()> {
    if message.elems.is_empty() {
        return Err(Error::im(
            codes::INVALID_MESSAGE_ELEM,
            "a message needs at least one element",
        ));
    }
    let mut bytes = 0;
    for elem in &message.elems {
        bytes += content_bytes(elem)?;
    }
    if bytes > MAX_MESSAGE_BYTES {
        return Err(Error::im(
            codes::BODY_SIZE_LIMIT,
            format!("the message is {bytes} bytes, at most {MAX_MESSAGE_BYTES} allowed"),
        ));
    }
    if message.group_at_user_array.len() > MAX_AT_TARGETS {
        return Err(Error::Limit {
            limit: "@ targets per message",
            max: MAX_AT_TARGETS as u64,
            actual: message.group_at_user_array.len() as u64,
        });
    }
    for elem in &message.elems {
        if let Elem::Merge(merge) = elem {
            check_merge_depth(&merge.messages, 1)?;
        }
    }
    if let Some(word) = sensitive_words
        .iter()
        .find(|w| !w.is_empty() && text_contains(message, w))
    {
        return Err(Error::im(
            codes::SENSITIVE_TEXT,
            format!("the text contains the blocked word {word:?}"),
        ));
    }
    Ok(())
}

/// Whether any @ target of `message` is the @all marker.
pub fn mentions_all(message: &Message) -> bool {
    message.group_at_user_array.iter().any(|u| is_at_all(u))
}

fn text_contains(message: &Message, word: &str) -> bool {
    message.elems.iter().any(|e| match e {
        Elem::Text(text) => text.content.contains(word),
        _ => false,
    })
}

/// The bytes an element's content counts for; refuses the kinds only the service creates.
fn content_bytes(elem: &Elem) -> Result<usize> {
    match elem {
        Elem::GroupTips(_)
        | Elem::GroupReport(_)
        | Elem::FriendChange(_)
        | Elem::ProfileChange(_)
        | Elem::Unknown { .. } => {
            return Err(Error::im(
                codes::INVALID_MESSAGE_ELEM,
                format!("a user cannot send a {:?} element", elem.elem_type()),
            ))
        }
        Elem::Merge(merge) => check_merge_shape(merge.messages.len(), &merge.abstract_list)?,
        _ => {}
    }
    Ok(elem.content_bytes())
}

fn check_merge_shape(messages: usize, abstracts: &[String]) -> Result<()> {
    if messages > MAX_MERGED_MESSAGES {
        return Err(Error::Limit {
            limit: "messages in a merged message",
            max: MAX_MERGED_MESSAGES as u64,
            actual: messages as u64,
        });
    }
    if abstracts.len() > MAX_MERGE_ABSTRACTS {
        return Err(Error::Limit {
            limit: "abstract lines of a merged message",
            max: MAX_MERGE_ABSTRACTS as u64,
            actual: abstracts.len() as u64,
        });
    }
    if let Some(line) = abstracts
        .iter()
        .find(|a| a.chars().count() > MAX_MERGE_ABSTRACT_CHARS)
    {
        return Err(Error::Limit {
            limit: "characters per abstract line of a merged message",
            max: MAX_MERGE_ABSTRACT_CHARS as u64,
            actual: line.chars().count() as u64,
        });
    }
    Ok(())
}

fn check_merge_depth(messages: &[Message], depth: usize) -> Result<()> {
    for message in messages {
        for elem in &message.elems {
            match elem {
                Elem::GroupTips(_) => {
                    return Err(Error::im(
                        codes::INVALID_MESSAGE_ELEM,
                        "a merged message may not contain group tips",
                    ))
                }
                Elem::Merge(inner) => {
                    if depth + 1 > MAX_MERGE_DEPTH {
                        return Err(Error::im(
                            codes::MERGED_MESSAGE_TOO_DEEP,
                            format!("merged messages nest deeper than {MAX_MERGE_DEPTH} levels"),
                        ));
                    }
                    check_merge_shape(inner.messages.len(), &inner.abstract_list)?;
                    check_merge_depth(&inner.messages, depth + 1)?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}
