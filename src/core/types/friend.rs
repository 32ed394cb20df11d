//! Friends: the friend profile, friend requests, and the friend-change element.

use serde::{Deserialize, Serialize};

use super::lenient::{self, im_enum};
use super::profile::UserProfile;

im_enum! {
    /// What a friend-change element reports (`TIMFriendChangeType`).
    pub enum FriendChangeType {
        /// Unknown (0).
        None = 0,
        /// Friends added (1).
        FriendAdd = 1,
        /// Friends removed (2).
        FriendDel = 2,
        /// A friend request arrived (3).
        PendencyAdd = 3,
        /// A friend request was removed (4).
        PendencyDel = 4,
        /// Users added to the blocklist (5).
        BlackListAdd = 5,
        /// Users removed from the blocklist (6).
        BlackListDel = 6,
        /// Friend requests marked read (7).
        PendencyReadedReport = 7,
        /// Friend data updated (8).
        FriendProfileUpdate = 8,
        /// A friend list group was added (9).
        FriendGroupAdd = 9,
        /// A friend list group was deleted (10).
        FriendGroupDel = 10,
        /// A friend list group changed (11).
        FriendGroupModify = 11,
    }
    default = None;
}

im_enum! {
    /// Direction of a friend request (`TIMFriendPendencyType`).
    pub enum FriendPendencyType {
        /// Requests sent to me (0).
        ComeIn = 0,
        /// Requests I sent (1).
        SendOut = 1,
        /// Both directions (2).
        Both = 2,
    }
    default = ComeIn;
}

/// One custom friend field (`FriendProfileCustomStringInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendProfileCustomString {
    /// Field name (`friend_profile_custom_string_info_key`).
    #[serde(
        rename = "friend_profile_custom_string_info_key",
        deserialize_with = "lenient::string"
    )]
    pub key: String,
    /// Field value (`friend_profile_custom_string_info_value`).
    #[serde(
        rename = "friend_profile_custom_string_info_value",
        deserialize_with = "lenient::string"
    )]
    pub value: String,
}

/// A friend (`FriendProfile`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendProfile {
    /// User id (`friend_profile_identifier`).
    #[serde(
        rename = "friend_profile_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Friend list groups (`friend_profile_group_name_array`).
    #[serde(
        rename = "friend_profile_group_name_array",
        deserialize_with = "lenient::seq"
    )]
    pub group_name_array: Vec<String>,
    /// Remark (`friend_profile_remark`).
    #[serde(rename = "friend_profile_remark", deserialize_with = "lenient::string")]
    pub remark: String,
    /// The request's wording (`friend_profile_add_wording`).
    #[serde(
        rename = "friend_profile_add_wording",
        deserialize_with = "lenient::string"
    )]
    pub add_wording: String,
    /// The request's source (`friend_profile_add_source`).
    #[serde(
        rename = "friend_profile_add_source",
        deserialize_with = "lenient::string"
    )]
    pub add_source: String,
    /// When the friendship began (`friend_profile_add_time`).
    #[serde(
        rename = "friend_profile_add_time",
        deserialize_with = "lenient::number"
    )]
    pub add_time: u64,
    /// The friend's user profile (`friend_profile_user_profile`).
    #[serde(
        rename = "friend_profile_user_profile",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_profile: Option<UserProfile>,
    /// Custom friend fields (`friend_profile_custom_string_array`; an SDK example writes
    /// `friend_profile_item_custom_string_array`, which decodes too).
    #[serde(
        rename = "friend_profile_custom_string_array",
        alias = "friend_profile_item_custom_string_array",
        deserialize_with = "lenient::seq"
    )]
    pub custom_string_array: Vec<FriendProfileCustomString>,
}

/// The friend fields a change sets (`FriendProfileItem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendProfileItem {
    /// New remark (`friend_profile_item_remark`).
    #[serde(
        rename = "friend_profile_item_remark",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark: Option<String>,
    /// New friend list groups (`friend_profile_item_group_name_array`).
    #[serde(
        rename = "friend_profile_item_group_name_array",
        deserialize_with = "lenient::seq",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub group_name_array: Vec<String>,
    /// New custom fields (`friend_profile_item_custom_string_array`).
    #[serde(
        rename = "friend_profile_item_custom_string_array",
        deserialize_with = "lenient::seq",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub custom_string_array: Vec<FriendProfileCustomString>,
}

/// One friend's changed data (`FriendProfileUpdate`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendProfileUpdate {
    /// The friend (`friend_profile_update_identifier`).
    #[serde(
        rename = "friend_profile_update_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// The new values (`friend_profile_update_item`).
    #[serde(rename = "friend_profile_update_item")]
    pub item: FriendProfileItem,
}

/// A friend request (`FriendAddPendency`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendAddPendency {
    /// Direction (`friend_add_pendency_type`).
    #[serde(rename = "friend_add_pendency_type")]
    pub pendency_type: FriendPendencyType,
    /// The other user (`friend_add_pendency_identifier`).
    #[serde(
        rename = "friend_add_pendency_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Their nickname (`friend_add_pendency_nick_name`).
    #[serde(
        rename = "friend_add_pendency_nick_name",
        deserialize_with = "lenient::string"
    )]
    pub nick_name: String,
    /// Their avatar (`friend_add_pendency_face_url`).
    #[serde(
        rename = "friend_add_pendency_face_url",
        deserialize_with = "lenient::string"
    )]
    pub face_url: String,
    /// When it was sent (`friend_add_pendency_add_time`).
    #[serde(
        rename = "friend_add_pendency_add_time",
        deserialize_with = "lenient::number"
    )]
    pub add_time: u64,
    /// Source (`friend_add_pendency_add_source`).
    #[serde(
        rename = "friend_add_pendency_add_source",
        deserialize_with = "lenient::string"
    )]
    pub add_source: String,
    /// Wording (`friend_add_pendency_add_wording`).
    #[serde(
        rename = "friend_add_pendency_add_wording",
        deserialize_with = "lenient::string"
    )]
    pub add_wording: String,
}

/// The friend relationship changed (element type 10, `FriendChangeElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendChangeElem {
    /// What changed (`friend_change_elem_change_type`).
    #[serde(rename = "friend_change_elem_change_type")]
    pub change_type: FriendChangeType,
    /// Friends added (`friend_change_elem_friend_add_identifier_array`).
    #[serde(
        rename = "friend_change_elem_friend_add_identifier_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_add_identifier_array: Vec<String>,
    /// Friends removed (`friend_change_elem_friend_del_identifier_array`).
    #[serde(
        rename = "friend_change_elem_friend_del_identifier_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_del_identifier_array: Vec<String>,
    /// Requests that arrived (`friend_change_elem_friend_add_pendency_array`).
    #[serde(
        rename = "friend_change_elem_friend_add_pendency_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_add_pendency_array: Vec<FriendAddPendency>,
    /// Requests removed (`friend_change_elem_pendency_del_identifier_array`).
    #[serde(
        rename = "friend_change_elem_pendency_del_identifier_array",
        deserialize_with = "lenient::seq"
    )]
    pub pendency_del_identifier_array: Vec<String>,
    /// When requests were marked read (`friend_change_elem_pendency_readed_report_timestamp`).
    #[serde(
        rename = "friend_change_elem_pendency_readed_report_timestamp",
        deserialize_with = "lenient::number"
    )]
    pub pendency_readed_report_timestamp: u64,
    /// Users blocked (`friend_change_elem_blacklist_add_identifier_array`).
    #[serde(
        rename = "friend_change_elem_blacklist_add_identifier_array",
        deserialize_with = "lenient::seq"
    )]
    pub blacklist_add_identifier_array: Vec<String>,
    /// Users unblocked (`friend_change_elem_blacklist_del_identifier_array`).
    #[serde(
        rename = "friend_change_elem_blacklist_del_identifier_array",
        deserialize_with = "lenient::seq"
    )]
    pub blacklist_del_identifier_array: Vec<String>,
    /// Friend data updates (`friend_change_elem_friend_profile_update_item_array`).
    #[serde(
        rename = "friend_change_elem_friend_profile_update_item_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_profile_update_item_array: Vec<FriendProfileUpdate>,
    /// Friend list groups added (`friend_change_elem_friend_group_add_array`).
    #[serde(
        rename = "friend_change_elem_friend_group_add_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_group_add_array: Vec<String>,
    /// Friend list groups deleted (`friend_change_elem_friend_group_del_array`).
    #[serde(
        rename = "friend_change_elem_friend_group_del_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_group_del_array: Vec<String>,
    /// Friend list groups changed (`friend_change_elem_friend_group_update_array`).
    #[serde(
        rename = "friend_change_elem_friend_group_update_array",
        deserialize_with = "lenient::seq"
    )]
    pub friend_group_update_array: Vec<String>,
}

im_enum! {
    /// How two users relate, in a relation check (`TIMFriendCheckRelation`).
    pub enum FriendCheckRelation {
        /// No relation (0).
        NoRelation = 0,
        /// Only A has B (1).
        AWithB = 1,
        /// Only B has A (2).
        BWithA = 2,
        /// Mutual (3).
        BothWay = 3,
    }
    default = NoRelation;
}

/// One user's result of a friendship call (`FriendResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendResult {
    /// The user (`friend_result_identifier`).
    #[serde(
        rename = "friend_result_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Error code; 0 is success (`friend_result_code`).
    #[serde(rename = "friend_result_code", deserialize_with = "lenient::number")]
    pub code: i32,
    /// Error description (`friend_result_desc`).
    #[serde(rename = "friend_result_desc", deserialize_with = "lenient::string")]
    pub desc: String,
}

/// One user's result of a relation check (`FriendshipCheckFriendTypeResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendshipCheckFriendTypeResult {
    /// The user (`friendship_check_friendtype_result_identifier`).
    #[serde(
        rename = "friendship_check_friendtype_result_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// The relation (`friendship_check_friendtype_result_relation`).
    #[serde(rename = "friendship_check_friendtype_result_relation")]
    pub relation: FriendCheckRelation,
    /// Error code; 0 is success (`friendship_check_friendtype_result_code`).
    #[serde(
        rename = "friendship_check_friendtype_result_code",
        deserialize_with = "lenient::number"
    )]
    pub code: i32,
    /// Error description (`friendship_check_friendtype_result_desc`).
    #[serde(
        rename = "friendship_check_friendtype_result_desc",
        deserialize_with = "lenient::string"
    )]
    pub desc: String,
}

/// A friend list group (`FriendGroupInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendGroupInfo {
    /// Name (`friend_group_info_name`).
    #[serde(
        rename = "friend_group_info_name",
        deserialize_with = "lenient::string"
    )]
    pub name: String,
    /// Number of friends in it (`friend_group_info_count`).
    #[serde(
        rename = "friend_group_info_count",
        deserialize_with = "lenient::number"
    )]
    pub count: u64,
    /// The friends (`friend_group_info_identifier_array`).
    #[serde(
        rename = "friend_group_info_identifier_array",
        deserialize_with = "lenient::seq"
    )]
    pub identifier_array: Vec<String>,
}

/// A friend request in a pendency page (`FriendAddPendencyInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FriendAddPendencyInfo {
    /// Direction (`friend_add_pendency_info_type`).
    #[serde(rename = "friend_add_pendency_info_type")]
    pub pendency_type: FriendPendencyType,
    /// The other user (`friend_add_pendency_info_identifier`; old `..._idenitifer`).
    #[serde(
        rename = "friend_add_pendency_info_identifier",
        alias = "friend_add_pendency_info_idenitifer",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Their nickname (`friend_add_pendency_info_nick_name`).
    #[serde(
        rename = "friend_add_pendency_info_nick_name",
        deserialize_with = "lenient::string"
    )]
    pub nick_name: String,
    /// Their avatar (`friend_add_pendency_info_face_url`).
    #[serde(
        rename = "friend_add_pendency_info_face_url",
        deserialize_with = "lenient::string"
    )]
    pub face_url: String,
    /// When it was sent (`friend_add_pendency_info_add_time`).
    #[serde(
        rename = "friend_add_pendency_info_add_time",
        deserialize_with = "lenient::number"
    )]
    pub add_time: u64,
    /// Source (`friend_add_pendency_info_add_source`).
    #[serde(
        rename = "friend_add_pendency_info_add_source",
        deserialize_with = "lenient::string"
    )]
    pub add_source: String,
    /// Wording (`friend_add_pendency_info_add_wording`).
    #[serde(
        rename = "friend_add_pendency_info_add_wording",
        deserialize_with = "lenient::string"
    )]
    pub add_wording: String,
}

/// A page of friend requests (`PendencyPage`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PendencyPage {
    /// Start time of the next page (`pendency_page_start_time`).
    #[serde(
        rename = "pendency_page_start_time",
        deserialize_with = "lenient::number"
    )]
    pub start_time: u64,
    /// Unread requests (`pendency_page_unread_num`).
    #[serde(
        rename = "pendency_page_unread_num",
        deserialize_with = "lenient::number"
    )]
    pub unread_num: u64,
    /// Current seq (`pendency_page_current_seq`).
    #[serde(
        rename = "pendency_page_current_seq",
        deserialize_with = "lenient::number"
    )]
    pub current_seq: u64,
    /// The requests (`pendency_page_pendency_info_array`).
    #[serde(
        rename = "pendency_page_pendency_info_array",
        deserialize_with = "lenient::seq"
    )]
    pub pendency_info_array: Vec<FriendAddPendencyInfo>,
}
