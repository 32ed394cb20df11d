//! Callbacks as core values: messages, group tips, group system notices, recalls.
//!
//! Conventions (the callbacks carry no SDK message ids, so timbot makes them):
//! - a one-to-one message's `msg_id` is its `MsgKey` (what `admin_msgwithdraw` needs);
//! - a group message's `msg_id` is [`group_msg_id`] of its group and `MsgSeq` (what
//!   `group_msg_recall` needs, and what `Group.CallbackAfterRecallMsg` names); a group message
//!   asked about before sending has no seq yet, so no id;
//! - a received message's `conv_id` is the peer as the recipient sees it (the sender in C2C,
//!   the group); a message asked about before sending is addressed as an outgoing message is
//!   (`conv_id` the recipient or group, `sender` the sender).

use super::callbacks::{ApplyJoin, C2cMessage, GroupMessage, GroupRecall, MemberExit, MemberJoin};
use crate::core::event::RevokedMessage;
use crate::core::types::{
    ConvType, GroupJoinType, GroupReportElem, GroupReportType, GroupTipType, GroupTipsElem,
    Message, MsgStatus, Platform,
};

/// The `msg_id` timbot gives the group message `seq` of `group_id`.
pub fn group_msg_id(group_id: &str, seq: u64) -> String {
    format!("{group_id}:{seq}")
}

/// The group and seq a [`group_msg_id`] names.
pub fn parse_group_msg_id(msg_id: &str) -> Option<(&str, u64)> {
    let (group, seq) = msg_id.rsplit_once(':')?;
    Some((group, seq.parse().ok()?))
}

/// The sender's platform from the callback URL's `OptPlatform`.
pub fn platform(opt_platform: &str) -> Platform {
    Platform::from_name(opt_platform).unwrap_or(Platform::Other)
}

/// A one-to-one message as its recipient receives it.
pub fn received_c2c(callback: &C2cMessage, platform: Platform) -> Message {
    Message {
        conv_type: ConvType::C2C,
        conv_id: callback.from_account.clone(),
        ..c2c(callback, platform)
    }
}

/// A one-to-one message about to be delivered.
pub fn outgoing_c2c(callback: &C2cMessage, platform: Platform) -> Message {
    Message {
        conv_type: ConvType::C2C,
        conv_id: callback.to_account.clone(),
        ..c2c(callback, platform)
    }
}

fn c2c(callback: &C2cMessage, platform: Platform) -> Message {
    Message {
        sender: callback.from_account.clone(),
        server_time: callback.msg_time,
        client_time: callback.msg_time,
        seq: callback.msg_seq,
        rand: callback.msg_random,
        msg_id: callback.msg_key.clone(),
        is_online_msg: callback.online_only_flag == 1,
        status: MsgStatus::Sent,
        platform,
        ..callback.message.to_message()
    }
}

/// A group message (received, or about to be delivered when it has no seq yet). The robots a
/// `Bot.OnGroupMessage` names are added to its @ list.
pub fn group_message(callback: &GroupMessage, platform: Platform) -> Message {
    let mut message = Message {
        conv_type: ConvType::Group,
        conv_id: callback.group_id.clone(),
        sender: callback.from_account.clone(),
        server_time: callback.msg_time,
        client_time: callback.msg_time,
        seq: callback.msg_seq,
        rand: callback.random,
        msg_id: if callback.msg_seq == 0 {
            String::new()
        } else {
            group_msg_id(&callback.group_id, callback.msg_seq)
        },
        is_online_msg: callback.online_only_flag == 1,
        status: MsgStatus::Sent,
        platform,
        ..callback.message.to_message()
    };
    for robot in &callback.at_robots {
        if !message.mentions(robot) {
            message.group_at_user_array.push(robot.clone());
        }
    }
    message
}

/// The group tip of new members.
pub fn joined_tip(callback: &MemberJoin) -> GroupTipsElem {
    GroupTipsElem {
        tip_type: GroupTipType::Invite,
        join_type: match callback.join_type.as_str() {
            "Apply" => GroupJoinType::Apply,
            "Invited" => GroupJoinType::Invite,
            _ => GroupJoinType::None,
        },
        op_user: callback.operator_account.clone(),
        group_id: callback.group_id.clone(),
        user_array: callback
            .new_members
            .iter()
            .map(|m| m.account.clone())
            .collect(),
        member_num: u32::try_from(callback.new_members.len()).unwrap_or(u32::MAX),
        time: seconds(callback.event_time),
        ..GroupTipsElem::default()
    }
}

/// The group tip of members who left or were removed.
pub fn exited_tip(callback: &MemberExit) -> GroupTipsElem {
    GroupTipsElem {
        tip_type: if callback.exit_type == "Kicked" {
            GroupTipType::Kick
        } else {
            GroupTipType::Quit
        },
        op_user: callback.operator_account.clone(),
        group_id: callback.group_id.clone(),
        user_array: callback
            .exit_members
            .iter()
            .map(|m| m.account.clone())
            .collect(),
        member_num: u32::try_from(callback.exit_members.len()).unwrap_or(u32::MAX),
        time: seconds(callback.event_time),
        ..GroupTipsElem::default()
    }
}

/// The join request as a group system notice.
pub fn join_request(callback: &ApplyJoin) -> GroupReportElem {
    GroupReportElem {
        report_type: GroupReportType::AddRequest,
        group_id: callback.group_id.clone(),
        op_user: callback.requestor_account.clone(),
        ..GroupReportElem::default()
    }
}

/// One revoked message per recalled seq.
pub fn recalled(callback: &GroupRecall) -> Vec<RevokedMessage> {
    callback
        .msg_seqs
        .iter()
        .map(|entry| RevokedMessage {
            conv_type: ConvType::Group,
            conv_id: callback.group_id.clone(),
            msg_id: group_msg_id(&callback.group_id, entry.msg_seq),
            revoker: callback.operator_account.clone(),
        })
        .collect()
}

/// A callback's `EventTime` (milliseconds) in seconds.
fn seconds(event_time_ms: i64) -> u64 {
    u64::try_from(event_time_ms / 1000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_message_ids_round_trip_even_with_colons_in_the_group_id() {
        let id = group_msg_id("team:a", 130);
        assert_eq!(parse_group_msg_id(&id), Some(("team:a", 130)));
        assert_eq!(parse_group_msg_id("no-seq"), None);
    }

    #[test]
    fn platforms_are_read_from_opt_platform_in_either_spelling() {
        assert_eq!(platform("iOS"), Platform::Ios);
        assert_eq!(platform("IOS"), Platform::Ios);
        assert_eq!(platform("Android"), Platform::Android);
        assert_eq!(platform("RESTAPI"), Platform::Other);
    }
}
