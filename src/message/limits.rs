//! The documented limits on an outgoing message, and [`validate`], which checks them all before
//! anything is sent.
//!
//! Every limit is a named constant with its source. Where two sources disagree the stricter value
//! is used and both are cited. Sources (digests in `shared/spec/` and `shared/research/`):
//!
//! - **C API 8.6** headers, `TIMMessageManager.h` (`MSG L…`), digested in `c-api-headers.md`.
//! - **004**: the APICloud `tencentCloudChatSDK` reference (V2TIM family), `seed-web-apicloud.md`.
//! - **003**: the Web SDK reference, `seed-web-apicloud.md`.
//! - **REST**: the server API pages, digested in `anchors-tencent-im.md` §2.2–§2.4.
//! - **002**: the native SDK guides, `seed-002-part1.md` / `seed-002-part3.md`.
//!
//! A numeric limit that is exceeded gives [`Error::Limit`] naming the limit, its maximum and what
//! was asked for; a rule that is broken (an @ in a one-to-one chat, online-only in an AVChatRoom)
//! gives [`Error::Invalid`] saying which rule.

use crate::core::types::{ConvType, Elem, ElemType, GroupType, MergeElem, Message, MsgStatus};
use crate::core::{Error, Result};

/// At most this many @ targets per message, @all included.
///
/// 004:L1675-1677 ("by default ≤ 30 @ targets including @all, or the send fails").
pub const MAX_AT_TARGETS: usize = 30;

/// At most this many messages in one merged message.
///
/// C API `kTIMMergerElemMsgArray` (MSG L2222); 002:L2936, L3721; 004:L1572.
pub const MAX_MERGED_MESSAGES: usize = 300;

/// At most this many abstract lines in a merged message.
///
/// 004:L1572-1574 ("abstractList ≤ 5 entries of ≤ 100 characters each"). The C headers and the
/// native guides give no number; 004's is the only (and so the strictest) one.
pub const MAX_ABSTRACT_LINES: usize = 5;

/// At most this many characters (not bytes) in one abstract line of a merged message.
///
/// 004:L1572-1574.
pub const MAX_ABSTRACT_LINE_CHARS: usize = 100;

/// Merged messages nest at most this many levels deep (a merged message holding only ordinary
/// messages is one level).
///
/// C API `kTIMMergerElemLayersOverLimit` (MSG L2224: "nesting exceeds 100 levels", then
/// downloading fails with `ERR_MERGER_MSG_LAYERS_OVER_LIMIT` 8005); 004:L6724.
pub const MAX_MERGE_NESTING: usize = 100;

/// At most this many custom elements per message.
///
/// REST message format, `TIMCustomElem` (L92-L94: "at most one TIMCustomElem per message"); the
/// same constant the REST conversion enforces.
pub const MAX_CUSTOM_ELEMS: usize = crate::core::rest::MAX_CUSTOM_ELEMS_PER_MESSAGE;

/// At most this many sound (voice) elements per message.
///
/// 002 legacy API, `TIMSoundElem` (L18217: adding a second sound element fails); the C API's
/// `SoundElem` is documented as one per message as well.
pub const MAX_SOUND_ELEMS: usize = 1;

/// At most this many bytes of content per message (see [`content_bytes`]).
///
/// The sources disagree: the REST use-limits page says 8,000 bytes per message (L12) and error
/// `80002` says 8 KB (error codes L208), while `sendmsg` puts the JSON packet limit at 12 KB
/// (`93000`) and `send_group_msg` lists `80002` as 12 KB. The stricter, 8,000 bytes, is used.
pub const MAX_MESSAGE_BYTES: usize = 8_000;

/// At most this many bytes in an offline push's description plus its extension.
///
/// REST message format, `OfflinePushInfo` (L595: "keep `Desc` + `Ext` ≤ 3 KB").
pub const MAX_PUSH_DESC_EXT_BYTES: usize = 3 * 1024;

/// At most this many bytes in an image or a voice clip.
///
/// 004:L1374 (image ≤ 28 MB), L1405 (sound ≤ 28 MB).
pub const MAX_IMAGE_OR_SOUND_BYTES: i64 = 28 * 1024 * 1024;

/// At most this many bytes in a file or a video.
///
/// 004:L1437 (video ≤ 100 MB), L1471 (file ≤ 100 MB); 002 update logs (file limit raised to
/// 100 MB in native 4.6.102, L11077; web 2.4.0, L10162). The legacy Android guide's 28 MB for files
/// (002:L18361) predates that raise, so it is not a disagreement but an older value.
pub const MAX_FILE_OR_VIDEO_BYTES: i64 = 100 * 1024 * 1024;

/// Where a message goes, as far as the limits care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// A one-to-one chat.
    C2C,
    /// A group of this type.
    Group(GroupType),
}

impl TargetKind {
    /// The conversation type of this target.
    pub fn conv_type(self) -> ConvType {
        match self {
            TargetKind::C2C => ConvType::C2C,
            TargetKind::Group(_) => ConvType::Group,
        }
    }

    fn is_av_chat_room(self) -> bool {
        self == TargetKind::Group(GroupType::AVChatRoom)
    }
}

/// Check every documented limit of `message` for sending to `target`; the first limit hit is
/// returned as [`Error::Limit`] (numeric limits) or [`Error::Invalid`] (rules).
pub fn validate(message: &Message, target: TargetKind) -> Result<()> {
    if message.elems.is_empty() {
        return Err(Error::invalid(
            "message",
            "a message needs at least one element",
        ));
    }
    if message.conv_type != ConvType::Invalid && message.conv_type != target.conv_type() {
        return Err(Error::invalid(
            "message",
            format!(
                "the message is addressed as {:?} but sent to a {:?} target",
                message.conv_type,
                target.conv_type()
            ),
        ));
    }
    check_mentions(message, target)?;
    check_send_options(message, target)?;
    check_elements(&message.elems)?;
    check_size(message)?;
    for elem in &message.elems {
        if let Elem::Merge(merge) = elem {
            check_merge(merge)?;
        }
    }
    Ok(())
}

/// The bytes of content a message carries, as counted against [`MAX_MESSAGE_BYTES`]: each
/// element's [`Elem::content_bytes`] plus the cloud custom data. This is the embedded engine's
/// accounting plus the cloud custom data, so what passes here is not refused there. A merged
/// message's inner messages are not counted: the service stores that list apart from the
/// message (REST `TIMRelayElem` L308-L378 switches to a download key above 12 KB), and each
/// inner message was within the limit when it was sent.
pub fn content_bytes(message: &Message) -> usize {
    let elems: usize = message.elems.iter().map(Elem::content_bytes).sum();
    elems + message.cloud_custom_str.len()
}

fn check_mentions(message: &Message, target: TargetKind) -> Result<()> {
    let count = message.group_at_user_array.len();
    if count == 0 {
        return Ok(());
    }
    if target == TargetKind::C2C {
        return Err(Error::invalid(
            "message",
            "@ mentions are only allowed in group messages (003:L329)",
        ));
    }
    if target.is_av_chat_room() {
        // 004:L1677 says an AVChatRoom cannot send @ messages at all; the REST send_group_msg
        // page (L203-L234) only says it does not support @all. The stricter rule is applied.
        return Err(Error::invalid(
            "message",
            "an AVChatRoom does not support @ mentions (004:L1677; REST send_group_msg: no @all)",
        ));
    }
    limit(
        "@ targets per message (including @all)",
        MAX_AT_TARGETS,
        count,
    )
}

fn check_send_options(message: &Message, target: TargetKind) -> Result<()> {
    if message.is_online_msg && target.is_av_chat_room() {
        return Err(Error::invalid(
            "message",
            "online-only messages are not supported in an AVChatRoom \
             (REST send_group_msg OnlineOnlyFlag; 003:L940-942; 004:L1728-1729)",
        ));
    }
    if message.is_online_msg
        && (message.excluded_from_unread_count || message.excluded_from_last_message)
    {
        return Err(Error::invalid(
            "message",
            "an online-only message cannot also be excluded from the unread count or the last \
             message (REST send_group_msg: SendMsgControl is not combinable with OnlineOnlyFlag)",
        ));
    }
    if let Some(push) = &message.offline_push_config {
        limit(
            "offline push description + extension bytes",
            MAX_PUSH_DESC_EXT_BYTES,
            push.desc.len() + push.ext.len(),
        )?;
    }
    Ok(())
}

fn check_elements(elems: &[Elem]) -> Result<()> {
    let count = |kind: ElemType| elems.iter().filter(|e| e.elem_type() == kind).count();
    limit(
        "custom elements per message",
        MAX_CUSTOM_ELEMS,
        count(ElemType::Custom),
    )?;
    limit(
        "sound elements per message",
        MAX_SOUND_ELEMS,
        count(ElemType::Sound),
    )?;
    for elem in elems {
        let (what, size, max) = match elem {
            Elem::Image(i) => ("image bytes", i.orig_pic_size, MAX_IMAGE_OR_SOUND_BYTES),
            Elem::Sound(s) => ("sound bytes", s.file_size, MAX_IMAGE_OR_SOUND_BYTES),
            Elem::File(f) => ("file bytes", f.file_size, MAX_FILE_OR_VIDEO_BYTES),
            Elem::Video(v) => (
                "video bytes",
                i64::try_from(v.video_size).unwrap_or(i64::MAX),
                MAX_FILE_OR_VIDEO_BYTES,
            ),
            _ => continue,
        };
        if size > max {
            return Err(Error::Limit {
                limit: what,
                max: max.unsigned_abs(),
                actual: size.unsigned_abs(),
            });
        }
    }
    Ok(())
}

fn check_size(message: &Message) -> Result<()> {
    limit(
        "message content bytes",
        MAX_MESSAGE_BYTES,
        content_bytes(message),
    )
}

/// Check one merged element and, recursively, the merged elements inside it.
fn check_merge(merge: &MergeElem) -> Result<()> {
    let depth = merge_depth(merge, MAX_MERGE_NESTING + 1);
    limit("merged message nesting levels", MAX_MERGE_NESTING, depth)?;
    check_merge_level(merge)
}

fn check_merge_level(merge: &MergeElem) -> Result<()> {
    limit(
        "messages in a merged message",
        MAX_MERGED_MESSAGES,
        merge.messages.len(),
    )?;
    limit(
        "abstract lines in a merged message",
        MAX_ABSTRACT_LINES,
        merge.abstract_list.len(),
    )?;
    for line in &merge.abstract_list {
        limit(
            "characters in a merged message's abstract line",
            MAX_ABSTRACT_LINE_CHARS,
            line.chars().count(),
        )?;
    }
    if merge.compatible_text.trim().is_empty() {
        return Err(Error::invalid(
            "merged message",
            "the compatible text must not be empty (MSG L2220; 004:L1572-1575)",
        ));
    }
    for inner in &merge.messages {
        if inner.status != MsgStatus::Sent {
            return Err(Error::invalid(
                "merged message",
                format!(
                    "every merged message must have been sent successfully, found status {:?} \
                     (MSG L2222; 004:L1572; 003:L824)",
                    inner.status
                ),
            ));
        }
        for elem in &inner.elems {
            match elem {
                Elem::GroupTips(_) | Elem::GroupReport(_) => {
                    return Err(Error::invalid(
                        "merged message",
                        "group tips and group notices cannot be merged (MSG L2222; 002:L3202)",
                    ))
                }
                Elem::Merge(nested) => check_merge_level(nested)?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// How many merged levels `merge` spans (itself included), counting no further than `cap`.
fn merge_depth(merge: &MergeElem, cap: usize) -> usize {
    if cap <= 1 {
        return 1;
    }
    let deepest_inner = merge
        .messages
        .iter()
        .flat_map(|m| m.elems.iter())
        .filter_map(|e| match e {
            Elem::Merge(inner) => Some(merge_depth(inner, cap - 1)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    1 + deepest_inner
}

fn limit(name: &'static str, max: usize, actual: usize) -> Result<()> {
    if actual > max {
        return Err(Error::Limit {
            limit: name,
            max: max as u64,
            actual: actual as u64,
        });
    }
    Ok(())
}
