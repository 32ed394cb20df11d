//! The IM SDK's data model: every object a bot sees or sends, with the SDK 8.6 enum values and
//! JSON keys.
//!
//! Encoding writes the 8.6 key strings and numbers. Decoding is lenient (see [`lenient`]): it
//! also accepts the older key spellings, both @all markers, numbers written as strings and enum
//! names where old SDKs wrote them, and it ignores keys it does not know. A number an enum does
//! not know decodes to that enum's `Unknown(n)`, never to an error.

mod conversation;
mod elem;
mod friend;
mod group;
mod group_report;
mod group_results;
mod group_tips;
pub mod lenient;
mod message;
mod message_results;
mod pendency;
mod profile;
mod send_options;
mod signaling;

pub use conversation::{
    is_at_all, ConvEvent, ConvType, Conversation, ConversationId, Draft, GroupAtInfo, GroupAtType,
    ReceiveMessageOpt, AT_ALL, AT_ALL_LEGACY, SYSTEM_ID,
};
pub use elem::{
    CustomElem, Elem, ElemType, FaceElem, FileElem, ImageElem, ImageLevel, LocationElem, MergeElem,
    SoundElem, TextElem, VideoElem, ELEM_TYPE_KEY,
};
pub use friend::{
    FriendAddPendency, FriendAddPendencyInfo, FriendChangeElem, FriendChangeType,
    FriendCheckRelation, FriendGroupInfo, FriendPendencyType, FriendProfile,
    FriendProfileCustomString, FriendProfileItem, FriendProfileUpdate, FriendResult,
    FriendshipCheckFriendTypeResult, PendencyPage,
};
pub use group::{
    GroupAddOption, GroupBaseInfo, GroupGetInfoFlag, GroupInfo, GroupInfoCustomString,
    GroupJoinType, GroupMemberInfo, GroupMemberInfoCustomString, GroupMemberInfoFlag,
    GroupMemberModifyFlag, GroupMemberRoleFlag, GroupModifyInfoFlag, GroupModifyInfoParam,
    GroupModifyMemberInfoParam, GroupSelfInfo, GroupType, MemberRole,
};
pub use group_report::{GroupReportElem, GroupReportType};
pub use group_results::{
    CreateGroupResult, GetGroupInfoResult, GroupDeleteMemberResult, GroupGetMemberInfoListResult,
    GroupInviteMemberResult, HandleGroupMemberResult,
};
pub use group_tips::{
    GroupTipGroupChangeFlag, GroupTipGroupChangeInfo, GroupTipMemberChangeInfo,
    GroupTipMemberMarkChangeInfo, GroupTipType, GroupTipsElem,
};
pub use message::{Message, MsgStatus, Platform};
pub use message_results::{MessageReceipt, MsgBatchSendResult, MsgDownloadElemResult, MsgLocator};
pub use pendency::{
    GroupPendency, GroupPendencyHandle, GroupPendencyHandleResult, GroupPendencyResult,
    GroupPendencyType,
};
pub use profile::{
    AddPermission, Gender, ProfileChangeElem, ProfileChangeType, UserProfile,
    UserProfileCustomString, UserProfileItem,
};
pub use send_options::{
    AndroidOfflinePushConfig, AndroidOfflinePushNotifyMode, HarmonyOfflinePushConfig,
    IosOfflinePushConfig, IosOfflinePushType, MsgPriority, OfflinePushConfig, OfflinePushFlag,
};
pub use signaling::{SignalingActionType, SignalingInfo};
