//! Group commands (`group_open_http_svc`): send, system notice, mute, mute all, kick, add,
//! recall, create, member info, history.
//!
//! Shapes from each command's page (research note §2.3). Note that `modify_group_base_info`'s
//! whole-group mute is `MuteAllMember` in the current page (the group-info answer calls the same
//! switch `ShutUpAllMember`), and that `MaxMemberCount` (create) and `MaxMemberNum` (modify)
//! name the same cap.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::client::RestClient;
use super::limits::{
    self, ADD_MEMBERS, CREATE_MEMBERS, GROUP_HISTORY_PAGE, KICK_MEMBERS, MUTE_MEMBERS,
    NOTIFICATION_RECIPIENTS, RECALL_MESSAGES, TARGETED_MEMBERS,
};
use crate::core::rest::RestMessage;
use crate::core::types::lenient;
use crate::core::Result;

/// The `MuteTime` that mutes for ever.
pub const MUTE_FOREVER: u32 = u32::MAX;

/// `send_group_msg`: a message to a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SendGroup {
    /// The group.
    #[serde(rename = "GroupId")]
    pub group_id: String,
    /// Random number (required); the same content and random within 5 minutes is dropped.
    #[serde(rename = "Random")]
    pub random: u32,
    /// `"High"`, `"Normal"` (default) or `"Low"`.
    #[serde(rename = "MsgPriority", skip_serializing_if = "Option::is_none")]
    pub msg_priority: Option<&'static str>,
    /// The sender (must exist; the admin when absent).
    #[serde(rename = "From_Account", skip_serializing_if = "Option::is_none")]
    pub from_account: Option<String>,
    /// 1: online members only, not stored (not for AVChatRoom).
    #[serde(rename = "OnlineOnlyFlag", skip_serializing_if = "is_zero")]
    pub online_only_flag: u8,
    /// `NoLastMsg`, `NoUnread` (not together with `OnlineOnlyFlag`).
    #[serde(rename = "SendMsgControl", skip_serializing_if = "Vec::is_empty")]
    pub send_msg_control: Vec<String>,
    /// Callbacks to skip.
    #[serde(
        rename = "ForbidCallbackControl",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub forbid_callback_control: Vec<String>,
    /// Only these members receive it (at most 50).
    #[serde(rename = "To_Account", skip_serializing_if = "Vec::is_empty")]
    pub to_account: Vec<String>,
    /// The topic, in topic-enabled communities.
    #[serde(rename = "TopicId", skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
    /// The message, with `GroupAtInfo` for @ mentions.
    #[serde(flatten)]
    pub message: RestMessage,
}

fn is_zero(value: &u8) -> bool {
    *value == 0
}

fn is_empty_list(list: &&[String]) -> bool {
    list.is_empty()
}

fn is_empty_str(text: &&str) -> bool {
    text.is_empty()
}

/// What `send_group_msg` answers.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct GroupSent {
    /// Server time, Unix seconds.
    #[serde(rename = "MsgTime", deserialize_with = "lenient::number")]
    pub msg_time: i64,
    /// The message's sequence number (needed to recall it).
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// Why the service dropped it (e.g. `"MsgFreqCtrl"`), empty when delivered.
    #[serde(rename = "MsgDropReason", deserialize_with = "lenient::string")]
    pub msg_drop_reason: String,
}

#[derive(Serialize)]
struct SystemNotification<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "ToMembers_Account", skip_serializing_if = "is_empty_list")]
    to_members: &'a [String],
    #[serde(rename = "Content")]
    content: &'a str,
}

#[derive(Serialize)]
struct ForbidSendMsg<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "Members_Account")]
    members: &'a [String],
    #[serde(rename = "MuteTime")]
    mute_time: u32,
}

/// `modify_group_base_info`: changes to a group's profile; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ModifyGroupBaseInfo {
    /// The group.
    #[serde(rename = "GroupId")]
    pub group_id: String,
    /// Name (≤ 30 bytes).
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Introduction (≤ 240 bytes).
    #[serde(rename = "Introduction", skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// Announcement (≤ 300 bytes).
    #[serde(rename = "Notification", skip_serializing_if = "Option::is_none")]
    pub notification: Option<String>,
    /// Avatar URL (≤ 100 bytes).
    #[serde(rename = "FaceUrl", skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
    /// Member cap.
    #[serde(rename = "MaxMemberNum", skip_serializing_if = "Option::is_none")]
    pub max_member_num: Option<u32>,
    /// `FreeAccess`, `NeedPermission` or `DisableApply`.
    #[serde(rename = "ApplyJoinOption", skip_serializing_if = "Option::is_none")]
    pub apply_join_option: Option<&'static str>,
    /// Whole-group mute: `"On"` or `"Off"`.
    #[serde(rename = "MuteAllMember", skip_serializing_if = "Option::is_none")]
    pub mute_all_member: Option<&'static str>,
}

#[derive(Serialize)]
struct DeleteGroupMember<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "MemberToDel_Account")]
    members: &'a [String],
    #[serde(rename = "Silence", skip_serializing_if = "is_zero")]
    silence: u8,
    #[serde(rename = "Reason", skip_serializing_if = "is_empty_str")]
    reason: &'a str,
}

#[derive(Serialize)]
struct AddGroupMember<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "Silence", skip_serializing_if = "is_zero")]
    silence: u8,
    #[serde(rename = "MemberList")]
    members: Vec<MemberAccount<'a>>,
}

#[derive(Serialize)]
struct MemberAccount<'a> {
    #[serde(rename = "Member_Account")]
    account: &'a str,
}

/// What `add_group_member` did for one user.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct AddResult {
    /// The user.
    #[serde(rename = "Member_Account", deserialize_with = "lenient::string")]
    pub account: String,
    /// 0 failed, 1 added, 2 already a member, 3 waiting for the invitee's approval.
    #[serde(rename = "Result", deserialize_with = "lenient::number")]
    pub result: u8,
}

#[derive(Deserialize)]
struct AddAnswer {
    #[serde(rename = "MemberList", default, deserialize_with = "lenient::seq")]
    members: Vec<AddResult>,
}

#[derive(Serialize)]
struct Recall<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "MsgSeqList")]
    seqs: Vec<SeqItem>,
}

#[derive(Serialize)]
struct SeqItem {
    #[serde(rename = "MsgSeq")]
    msg_seq: u64,
}

/// What `group_msg_recall` did for one message.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct RecallResult {
    /// The message's sequence number.
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// 0 recalled; otherwise why not (10030 not found, 10031 too old, 10032 cannot).
    #[serde(rename = "RetCode", deserialize_with = "lenient::number")]
    pub ret_code: i32,
}

#[derive(Deserialize)]
struct RecallAnswer {
    #[serde(rename = "RecallRetList", default, deserialize_with = "lenient::seq")]
    results: Vec<RecallResult>,
}

/// `create_group`: a new group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateGroup {
    /// The owner (none: the admin creates an ownerless group).
    #[serde(rename = "Owner_Account", skip_serializing_if = "Option::is_none")]
    pub owner_account: Option<String>,
    /// `Work` (`Private`), `Public`, `Meeting` (`ChatRoom`), `AVChatRoom`, `Community`.
    #[serde(rename = "Type")]
    pub group_type: &'static str,
    /// A chosen id (printable ASCII, ≤ 48 bytes, not starting with `@TGS#`).
    #[serde(rename = "GroupId", skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Name (required, ≤ 30 bytes).
    #[serde(rename = "Name")]
    pub name: String,
    /// Introduction.
    #[serde(rename = "Introduction", skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// Announcement.
    #[serde(rename = "Notification", skip_serializing_if = "Option::is_none")]
    pub notification: Option<String>,
    /// Avatar URL.
    #[serde(rename = "FaceUrl", skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
    /// Member cap.
    #[serde(rename = "MaxMemberCount", skip_serializing_if = "Option::is_none")]
    pub max_member_count: Option<u32>,
    /// `FreeAccess`, `NeedPermission` or `DisableApply`.
    #[serde(rename = "ApplyJoinOption", skip_serializing_if = "Option::is_none")]
    pub apply_join_option: Option<&'static str>,
    /// Initial members (≤ 100; none for AVChatRoom).
    #[serde(rename = "MemberList", skip_serializing_if = "Vec::is_empty")]
    pub member_list: Vec<InitialMember>,
}

/// An initial member of a new group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitialMember {
    /// The user.
    #[serde(rename = "Member_Account")]
    pub account: String,
    /// `"Admin"` to make them an admin.
    #[serde(rename = "Role", skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
}

#[derive(Deserialize)]
struct Created {
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    group_id: String,
}

#[derive(Serialize)]
struct MemberInfoQuery<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "Limit")]
    limit: u32,
    #[serde(rename = "Offset")]
    offset: u32,
}

/// One page of `get_group_member_info`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct MemberPage {
    /// How many members the group has.
    #[serde(rename = "MemberNum", deserialize_with = "lenient::number")]
    pub member_num: u32,
    /// This page's members.
    #[serde(rename = "MemberList", deserialize_with = "lenient::seq")]
    pub members: Vec<RestMember>,
}

/// A group member as `get_group_member_info` describes it.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct RestMember {
    /// The user.
    #[serde(rename = "Member_Account", deserialize_with = "lenient::string")]
    pub account: String,
    /// `Owner`, `Admin` or `Member` (the sample has a trailing space: trim before use).
    #[serde(rename = "Role", deserialize_with = "lenient::string")]
    pub role: String,
    /// Join time, Unix seconds.
    #[serde(rename = "JoinTime", deserialize_with = "lenient::number")]
    pub join_time: u64,
    /// The member's read sequence.
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// `AcceptAndNotify`, `Discard`, `AcceptNotNotify`.
    #[serde(rename = "MsgFlag", deserialize_with = "lenient::string")]
    pub msg_flag: String,
    /// Last message time, Unix seconds.
    #[serde(rename = "LastSendMsgTime", deserialize_with = "lenient::number")]
    pub last_send_msg_time: u64,
    /// Muted until (Unix seconds; 0 when not muted).
    #[serde(rename = "ShutUpUntil", deserialize_with = "lenient::number")]
    pub shut_up_until: u64,
    /// Name card.
    #[serde(rename = "NameCard", deserialize_with = "lenient::string")]
    pub name_card: String,
}

#[derive(Serialize)]
struct GroupHistoryQuery<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "ReqMsgNumber")]
    req_msg_number: u32,
    #[serde(rename = "ReqMsgSeq", skip_serializing_if = "Option::is_none")]
    req_msg_seq: Option<u64>,
}

/// One page of `group_msg_get_simple`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct GroupHistoryPage {
    /// 1 when there is nothing older.
    #[serde(rename = "IsFinished", deserialize_with = "lenient::number")]
    pub is_finished: u8,
    /// The messages (the page's sample calls the list `RspMsgList`, its table `MsgList`).
    #[serde(
        rename = "RspMsgList",
        alias = "MsgList",
        deserialize_with = "lenient::seq"
    )]
    pub messages: Vec<GroupHistoryMessage>,
}

/// One message of a group history page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GroupHistoryMessage {
    /// Sender.
    #[serde(rename = "From_Account", default, deserialize_with = "lenient::string")]
    pub from_account: String,
    /// 1 deleted or expired, 2 recalled.
    #[serde(rename = "IsPlaceMsg", default, deserialize_with = "lenient::number")]
    pub is_place_msg: u8,
    /// Random number.
    #[serde(rename = "MsgRandom", default, deserialize_with = "lenient::number")]
    pub msg_random: u64,
    /// Sequence number.
    #[serde(rename = "MsgSeq", default, deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// Time, Unix seconds.
    #[serde(rename = "MsgTimeStamp", default, deserialize_with = "lenient::number")]
    pub msg_time_stamp: i64,
    /// The message.
    #[serde(flatten)]
    pub message: RestMessage,
}

const SERVICE: &str = "group_open_http_svc";

impl RestClient {
    /// Sends a message to a group.
    pub async fn send_group(&self, send: &SendGroup) -> Result<GroupSent> {
        limits::at_most(
            "targeted group message members",
            TARGETED_MEMBERS,
            send.to_account.len(),
        )?;
        self.call(SERVICE, "send_group_msg", send).await
    }

    /// Sends a system notice to some members (`to` empty: everyone).
    pub async fn send_group_system_notification(
        &self,
        group_id: &str,
        to: &[String],
        content: &str,
    ) -> Result<()> {
        limits::at_most(
            "system notice recipients",
            NOTIFICATION_RECIPIENTS,
            to.len(),
        )?;
        let request = SystemNotification {
            group_id,
            to_members: to,
            content,
        };
        self.call::<_, IgnoredAny>(SERVICE, "send_group_system_notification", &request)
            .await
            .map(drop)
    }

    /// Mutes members for `seconds` (0 unmutes, [`MUTE_FOREVER`] for ever).
    pub async fn mute_members(
        &self,
        group_id: &str,
        members: &[String],
        seconds: u32,
    ) -> Result<()> {
        limits::not_empty("members to mute", members)?;
        limits::at_most("members muted per call", MUTE_MEMBERS, members.len())?;
        let request = ForbidSendMsg {
            group_id,
            members,
            mute_time: seconds,
        };
        self.call::<_, IgnoredAny>(SERVICE, "forbid_send_msg", &request)
            .await
            .map(drop)
    }

    /// Changes a group's profile or whole-group mute.
    pub async fn modify_group_base_info(&self, request: &ModifyGroupBaseInfo) -> Result<()> {
        self.call::<_, IgnoredAny>(SERVICE, "modify_group_base_info", request)
            .await
            .map(drop)
    }

    /// Removes members (succeeds even for users not in the group).
    pub async fn delete_group_members(
        &self,
        group_id: &str,
        members: &[String],
        silent: bool,
        reason: &str,
    ) -> Result<()> {
        limits::not_empty("members to remove", members)?;
        limits::at_most("members removed per call", KICK_MEMBERS, members.len())?;
        let request = DeleteGroupMember {
            group_id,
            members,
            silence: u8::from(silent),
            reason,
        };
        self.call::<_, IgnoredAny>(SERVICE, "delete_group_member", &request)
            .await
            .map(drop)
    }

    /// Adds members; one result per user.
    pub async fn add_group_members(
        &self,
        group_id: &str,
        members: &[String],
        silent: bool,
    ) -> Result<Vec<AddResult>> {
        limits::not_empty("members to add", members)?;
        limits::at_most("members added per call", ADD_MEMBERS, members.len())?;
        let request = AddGroupMember {
            group_id,
            silence: u8::from(silent),
            members: members
                .iter()
                .map(|account| MemberAccount { account })
                .collect(),
        };
        let answer: AddAnswer = self.call(SERVICE, "add_group_member", &request).await?;
        Ok(answer.members)
    }

    /// Recalls group messages by sequence number (at most 10); one result per message.
    pub async fn recall_group_messages(
        &self,
        group_id: &str,
        seqs: &[u64],
    ) -> Result<Vec<RecallResult>> {
        limits::not_empty("messages to recall", seqs)?;
        limits::at_most("messages recalled per call", RECALL_MESSAGES, seqs.len())?;
        let request = Recall {
            group_id,
            seqs: seqs.iter().map(|&msg_seq| SeqItem { msg_seq }).collect(),
        };
        let answer: RecallAnswer = self.call(SERVICE, "group_msg_recall", &request).await?;
        Ok(answer.results)
    }

    /// Creates a group; returns its id.
    pub async fn create_group(&self, request: &CreateGroup) -> Result<String> {
        limits::at_most("initial members", CREATE_MEMBERS, request.member_list.len())?;
        let created: Created = self.call(SERVICE, "create_group", request).await?;
        Ok(created.group_id)
    }

    /// One page of a group's members, from `offset`, at most `limit`.
    pub async fn group_members(
        &self,
        group_id: &str,
        limit: u32,
        offset: u32,
    ) -> Result<MemberPage> {
        let request = MemberInfoQuery {
            group_id,
            limit,
            offset,
        };
        self.call(SERVICE, "get_group_member_info", &request).await
    }

    /// Up to `count` (≤ 20) messages of a group, newest first, at or before `before_seq`.
    pub async fn group_history(
        &self,
        group_id: &str,
        count: u32,
        before_seq: Option<u64>,
    ) -> Result<GroupHistoryPage> {
        limits::at_most(
            "group history page",
            GROUP_HISTORY_PAGE as usize,
            count as usize,
        )?;
        let request = GroupHistoryQuery {
            group_id,
            req_msg_number: count,
            req_msg_seq: before_seq,
        };
        self.call(SERVICE, "group_msg_get_simple", &request).await
    }
}
