//! The callback bodies timbot understands, decoded by `CallbackCommand`.
//!
//! Field names are the documentation's (research note §3.3, §4.4); decoding is lenient: a
//! number may come as a string (most group samples print `"EventTime":"1670574414123"` while
//! the field tables say Integer), missing fields take their defaults, unknown fields are
//! ignored. The message part is the core's [`RestMessage`].

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::core::rest::RestMessage;
use crate::core::types::lenient;
use crate::core::{Error, Result};

/// A decoded callback.
#[derive(Debug, Clone, PartialEq)]
pub enum Callback {
    /// `C2C.CallbackBeforeSendMsg`: a one-to-one message about to be delivered.
    C2cBeforeSend(C2cMessage),
    /// `C2C.CallbackAfterSendMsg`: a one-to-one message was delivered (or failed).
    C2cAfterSend(C2cMessage),
    /// `Bot.OnC2CMessage`: a one-to-one message to a robot account.
    BotC2c(C2cMessage),
    /// `Group.CallbackBeforeSendMsg`: a group message about to be delivered.
    GroupBeforeSend(GroupMessage),
    /// `Group.CallbackAfterSendMsg`: a group message was delivered.
    GroupAfterSend(GroupMessage),
    /// `Bot.OnGroupMessage`: a group message that @-mentions robots.
    BotGroup(GroupMessage),
    /// `Group.CallbackAfterNewMemberJoin`.
    MemberJoined(MemberJoin),
    /// `Group.CallbackAfterMemberExit`.
    MemberExited(MemberExit),
    /// `Group.CallbackBeforeApplyJoinGroup`.
    ApplyJoin(ApplyJoin),
    /// `Group.CallbackAfterRecallMsg`.
    GroupRecalled(GroupRecall),
    /// `State.StateChange`.
    StateChange(StateChange),
    /// A command timbot does not handle; answered OK and otherwise ignored.
    Other(String),
}

impl Callback {
    /// Decodes `body` as the callback named `command`.
    pub fn decode(command: &str, body: &[u8]) -> Result<Callback> {
        Ok(match command {
            "C2C.CallbackBeforeSendMsg" => Callback::C2cBeforeSend(parse(command, body)?),
            "C2C.CallbackAfterSendMsg" => Callback::C2cAfterSend(parse(command, body)?),
            "Bot.OnC2CMessage" => Callback::BotC2c(parse(command, body)?),
            "Group.CallbackBeforeSendMsg" => Callback::GroupBeforeSend(parse(command, body)?),
            "Group.CallbackAfterSendMsg" => Callback::GroupAfterSend(parse(command, body)?),
            "Bot.OnGroupMessage" => Callback::BotGroup(parse(command, body)?),
            "Group.CallbackAfterNewMemberJoin" => Callback::MemberJoined(parse(command, body)?),
            "Group.CallbackAfterMemberExit" => Callback::MemberExited(parse(command, body)?),
            "Group.CallbackBeforeApplyJoinGroup" => Callback::ApplyJoin(parse(command, body)?),
            "Group.CallbackAfterRecallMsg" => Callback::GroupRecalled(parse(command, body)?),
            "State.StateChange" => Callback::StateChange(parse(command, body)?),
            other => {
                // Still must be JSON: a garbled body is an error whatever the command.
                parse::<Value>(command, body)?;
                Callback::Other(other.to_owned())
            }
        })
    }
}

fn parse<T: DeserializeOwned>(command: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body)
        .map_err(|e| Error::decode("callback body", format!("{command}: {e}")))
}

/// A one-to-one message callback (`C2C.*SendMsg`, `Bot.OnC2CMessage`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct C2cMessage {
    /// Sender.
    #[serde(rename = "From_Account", deserialize_with = "lenient::string")]
    pub from_account: String,
    /// Recipient.
    #[serde(rename = "To_Account", deserialize_with = "lenient::string")]
    pub to_account: String,
    /// Sequence number (caller-chosen in C2C, not unique).
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// Random number.
    #[serde(rename = "MsgRandom", deserialize_with = "lenient::number")]
    pub msg_random: u64,
    /// Send time, Unix seconds.
    #[serde(rename = "MsgTime", deserialize_with = "lenient::number")]
    pub msg_time: i64,
    /// The message's key, needed to recall it.
    #[serde(rename = "MsgKey", deserialize_with = "lenient::string")]
    pub msg_key: String,
    /// 1 for an online-only message.
    #[serde(rename = "OnlineOnlyFlag", deserialize_with = "lenient::number")]
    pub online_only_flag: u32,
    /// The message: `MsgBody`, `CloudCustomData` (and `GroupAtInfo` when present).
    #[serde(flatten)]
    pub message: RestMessage,
    /// After-send only: 0 when delivered.
    #[serde(rename = "SendMsgResult", deserialize_with = "lenient::number")]
    pub send_msg_result: i64,
    /// Milliseconds, when given.
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

/// A group message callback (`Group.*SendMsg`, `Bot.OnGroupMessage`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct GroupMessage {
    /// The group.
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    pub group_id: String,
    /// The group's type name (`Public`, `Work`, …).
    #[serde(rename = "Type", deserialize_with = "lenient::string")]
    pub group_type: String,
    /// Sender.
    #[serde(rename = "From_Account", deserialize_with = "lenient::string")]
    pub from_account: String,
    /// Who made the request (an admin for REST sends).
    #[serde(rename = "Operator_Account", deserialize_with = "lenient::string")]
    pub operator_account: String,
    /// Random number.
    #[serde(rename = "Random", deserialize_with = "lenient::number")]
    pub random: u64,
    /// Sequence number (after-send and robot callbacks only).
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
    /// Send time, Unix seconds (after-send and robot callbacks only).
    #[serde(rename = "MsgTime", deserialize_with = "lenient::number")]
    pub msg_time: i64,
    /// 1 for an online-only message.
    #[serde(rename = "OnlineOnlyFlag", deserialize_with = "lenient::number")]
    pub online_only_flag: u32,
    /// The message: `MsgBody`, `CloudCustomData` (and `GroupAtInfo` when present).
    #[serde(flatten)]
    pub message: RestMessage,
    /// The topic, in topic-enabled communities.
    #[serde(rename = "TopicId", deserialize_with = "lenient::string")]
    pub topic_id: String,
    /// `Bot.OnGroupMessage`: the robots the message @-mentions.
    #[serde(rename = "AtRobots_Account", deserialize_with = "lenient::seq")]
    pub at_robots: Vec<String>,
    /// Milliseconds.
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

/// One `{"Member_Account": …}` entry.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Member {
    /// The member's user id.
    #[serde(rename = "Member_Account", deserialize_with = "lenient::string")]
    pub account: String,
}

/// `Group.CallbackAfterNewMemberJoin`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct MemberJoin {
    /// The group.
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    pub group_id: String,
    /// The group's type name.
    #[serde(rename = "Type", deserialize_with = "lenient::string")]
    pub group_type: String,
    /// `"Apply"` or `"Invited"`.
    #[serde(rename = "JoinType", deserialize_with = "lenient::string")]
    pub join_type: String,
    /// Who approved or invited.
    #[serde(rename = "Operator_Account", deserialize_with = "lenient::string")]
    pub operator_account: String,
    /// The new members.
    #[serde(rename = "NewMemberList", deserialize_with = "lenient::seq")]
    pub new_members: Vec<Member>,
    /// Milliseconds.
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

/// `Group.CallbackAfterMemberExit`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct MemberExit {
    /// The group.
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    pub group_id: String,
    /// The group's type name.
    #[serde(rename = "Type", deserialize_with = "lenient::string")]
    pub group_type: String,
    /// `"Kicked"` or `"Quit"`.
    #[serde(rename = "ExitType", deserialize_with = "lenient::string")]
    pub exit_type: String,
    /// Who kicked (or who quit).
    #[serde(rename = "Operator_Account", deserialize_with = "lenient::string")]
    pub operator_account: String,
    /// The members who left.
    #[serde(rename = "ExitMemberList", deserialize_with = "lenient::seq")]
    pub exit_members: Vec<Member>,
    /// Milliseconds.
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

/// `Group.CallbackBeforeApplyJoinGroup`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ApplyJoin {
    /// The group.
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    pub group_id: String,
    /// The group's type name.
    #[serde(rename = "Type", deserialize_with = "lenient::string")]
    pub group_type: String,
    /// Who asks to join.
    #[serde(rename = "Requestor_Account", deserialize_with = "lenient::string")]
    pub requestor_account: String,
    /// Milliseconds.
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

/// One `{"MsgSeq": …}` entry.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct SeqEntry {
    /// The recalled message's sequence number.
    #[serde(rename = "MsgSeq", deserialize_with = "lenient::number")]
    pub msg_seq: u64,
}

/// `Group.CallbackAfterRecallMsg`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct GroupRecall {
    /// Who recalled.
    #[serde(rename = "Operator_Account", deserialize_with = "lenient::string")]
    pub operator_account: String,
    /// The group's type name.
    #[serde(rename = "Type", deserialize_with = "lenient::string")]
    pub group_type: String,
    /// The group.
    #[serde(rename = "GroupId", deserialize_with = "lenient::string")]
    pub group_id: String,
    /// The recalled messages.
    #[serde(rename = "MsgSeqList", deserialize_with = "lenient::seq")]
    pub msg_seqs: Vec<SeqEntry>,
    /// The topic, in topic-enabled communities.
    #[serde(rename = "TopicId", deserialize_with = "lenient::string")]
    pub topic_id: String,
    /// Milliseconds.
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

/// `State.StateChange`'s `Info`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct StateInfo {
    /// `Login`, `Logout` or `Disconnect`.
    #[serde(rename = "Action", deserialize_with = "lenient::string")]
    pub action: String,
    /// The user whose state changed.
    #[serde(rename = "To_Account", deserialize_with = "lenient::string")]
    pub to_account: String,
    /// `Register`, `Unregister`, `LinkClose` or `TimeOut`.
    #[serde(rename = "Reason", deserialize_with = "lenient::string")]
    pub reason: String,
}

/// One device kicked offline by a login.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct KickedDevice {
    /// The device's platform (`iOS`, `Android`, `Web`, …).
    #[serde(rename = "Platform", deserialize_with = "lenient::string")]
    pub platform: String,
}

/// `State.StateChange`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct StateChange {
    /// What happened.
    #[serde(rename = "Info")]
    pub info: StateInfo,
    /// Devices a login kicked offline.
    #[serde(rename = "KickedDevice", deserialize_with = "lenient::seq")]
    pub kicked_devices: Vec<KickedDevice>,
    /// Milliseconds (a JSON number in this callback's sample).
    #[serde(rename = "EventTime", deserialize_with = "lenient::number")]
    pub event_time: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_time_is_read_as_a_number_or_a_string() {
        let from_string = Callback::decode(
            "Group.CallbackBeforeApplyJoinGroup",
            br#"{"CallbackCommand":"Group.CallbackBeforeApplyJoinGroup","GroupId":"@TGS#2J4SZEAEL","Type":"Public","Requestor_Account":"jared","EventTime":"1670574414123"}"#,
        )
        .expect("decodes");
        let Callback::ApplyJoin(apply) = from_string else {
            panic!("{from_string:?}")
        };
        assert_eq!(apply.event_time, 1_670_574_414_123);
        assert_eq!(apply.requestor_account, "jared");

        let from_number = Callback::decode(
            "State.StateChange",
            br#"{"CallbackCommand":"State.StateChange","EventTime":1629883332497,"Info":{"Action":"Login","To_Account":"testuser316","Reason":"Register"},"KickedDevice":[{"Platform":"Windows"},{"Platform":"Android"}]}"#,
        )
        .expect("decodes");
        let Callback::StateChange(state) = from_number else {
            panic!("{from_number:?}")
        };
        assert_eq!(state.event_time, 1_629_883_332_497);
        assert_eq!(state.kicked_devices.len(), 2);
    }

    #[test]
    fn a_garbled_body_is_an_error_for_known_and_unknown_commands() {
        assert!(Callback::decode("C2C.CallbackAfterSendMsg", b"{not json").is_err());
        assert!(Callback::decode("Sns.CallbackFriendAdd", b"{not json").is_err());
        assert!(Callback::decode("C2C.CallbackAfterSendMsg", br#"{"MsgSeq":"x"}"#).is_err());
        assert_eq!(
            Callback::decode("Sns.CallbackFriendAdd", b"{}").expect("ignored"),
            Callback::Other("Sns.CallbackFriendAdd".into())
        );
    }
}
