//! User profiles: the profile object, the fields a profile change carries, and the
//! profile-change element.

use serde::{Deserialize, Serialize};

use super::lenient::{self, im_enum};

im_enum! {
    /// A user's gender (`TIMGenderType`).
    pub enum Gender {
        /// Unknown (0).
        Unspecified = 0 ["Gender_Type_Unknown"],
        /// Male (1).
        Male = 1 ["Gender_Type_Male"],
        /// Female (2).
        Female = 2 ["Gender_Type_Female"],
    }
    default = Unspecified;
}

im_enum! {
    /// Who may add the user as a friend (`TIMProfileAddPermission`).
    pub enum AddPermission {
        /// Not set (0).
        Unset = 0,
        /// Anyone (1).
        AllowAny = 1 ["AllowType_Type_AllowAny"],
        /// Needs confirmation (2).
        NeedConfirm = 2 ["AllowType_Type_NeedConfirm"],
        /// Nobody (3).
        DenyAny = 3 ["AllowType_Type_DenyAny"],
    }
    default = Unset;
}

im_enum! {
    /// What a profile-change element reports (`TIMProfileChangeType`).
    pub enum ProfileChangeType {
        /// Unknown (0).
        None = 0,
        /// The profile changed (1).
        Profile = 1,
    }
    default = None;
}

/// One custom profile field (`UserProfileCustomStringInfo`); the key includes the
/// `Tag_Profile_Custom_` prefix.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserProfileCustomString {
    /// Field name (`user_profile_custom_string_info_key`).
    #[serde(
        rename = "user_profile_custom_string_info_key",
        deserialize_with = "lenient::string"
    )]
    pub key: String,
    /// Field value (`user_profile_custom_string_info_value`).
    #[serde(
        rename = "user_profile_custom_string_info_value",
        deserialize_with = "lenient::string"
    )]
    pub value: String,
}

/// A user's profile (`UserProfile`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserProfile {
    /// User id (`user_profile_identifier`).
    #[serde(
        rename = "user_profile_identifier",
        deserialize_with = "lenient::string"
    )]
    pub identifier: String,
    /// Nickname (`user_profile_nick_name`).
    #[serde(
        rename = "user_profile_nick_name",
        deserialize_with = "lenient::string"
    )]
    pub nick_name: String,
    /// Gender (`user_profile_gender`).
    #[serde(rename = "user_profile_gender")]
    pub gender: Gender,
    /// Avatar URL (`user_profile_face_url`).
    #[serde(rename = "user_profile_face_url", deserialize_with = "lenient::string")]
    pub face_url: String,
    /// My remark for this user; only in message sender profiles (`user_profile_friend_remark`).
    #[serde(
        rename = "user_profile_friend_remark",
        deserialize_with = "lenient::string"
    )]
    pub friend_remark: String,
    /// Signature (`user_profile_self_signature`).
    #[serde(
        rename = "user_profile_self_signature",
        deserialize_with = "lenient::string"
    )]
    pub self_signature: String,
    /// Friend-request permission (`user_profile_add_permission`).
    #[serde(rename = "user_profile_add_permission")]
    pub add_permission: AddPermission,
    /// Location (`user_profile_location`; a number in SDK 5.x, a string since).
    #[serde(rename = "user_profile_location", deserialize_with = "lenient::string")]
    pub location: String,
    /// Language (`user_profile_language`).
    #[serde(rename = "user_profile_language", deserialize_with = "lenient::number")]
    pub language: u32,
    /// Birthday (`user_profile_birthday`).
    #[serde(rename = "user_profile_birthday", deserialize_with = "lenient::number")]
    pub birthday: u32,
    /// Level (`user_profile_level`).
    #[serde(rename = "user_profile_level", deserialize_with = "lenient::number")]
    pub level: u32,
    /// Role (`user_profile_role`).
    #[serde(rename = "user_profile_role", deserialize_with = "lenient::number")]
    pub role: u32,
    /// Custom fields (`user_profile_custom_string_array`; an SDK example writes
    /// `user_profile_item_custom_string_array`, which decodes too).
    #[serde(
        rename = "user_profile_custom_string_array",
        alias = "user_profile_item_custom_string_array",
        deserialize_with = "lenient::seq"
    )]
    pub custom_string_array: Vec<UserProfileCustomString>,
}

/// The profile fields a change sets (`UserProfileItem`); absent fields are unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserProfileItem {
    /// New nickname (`user_profile_item_nick_name`).
    #[serde(
        rename = "user_profile_item_nick_name",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub nick_name: Option<String>,
    /// New gender (`user_profile_item_gender`).
    #[serde(
        rename = "user_profile_item_gender",
        skip_serializing_if = "Option::is_none"
    )]
    pub gender: Option<Gender>,
    /// New avatar URL (`user_profile_item_face_url`).
    #[serde(
        rename = "user_profile_item_face_url",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub face_url: Option<String>,
    /// New signature (`user_profile_item_self_signature`).
    #[serde(
        rename = "user_profile_item_self_signature",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub self_signature: Option<String>,
    /// New friend-request permission (`user_profile_item_add_permission`).
    #[serde(
        rename = "user_profile_item_add_permission",
        skip_serializing_if = "Option::is_none"
    )]
    pub add_permission: Option<AddPermission>,
    /// New location (`user_profile_item_location`).
    #[serde(
        rename = "user_profile_item_location",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub location: Option<String>,
    /// New language (`user_profile_item_language`).
    #[serde(
        rename = "user_profile_item_language",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<u32>,
    /// New birthday (`user_profile_item_birthday`).
    #[serde(
        rename = "user_profile_item_birthday",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub birthday: Option<u32>,
    /// New level (`user_profile_item_level`).
    #[serde(
        rename = "user_profile_item_level",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub level: Option<u32>,
    /// New role (`user_profile_item_role`).
    #[serde(
        rename = "user_profile_item_role",
        deserialize_with = "lenient::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub role: Option<u32>,
    /// New custom fields (`user_profile_item_custom_string_array`).
    #[serde(
        rename = "user_profile_item_custom_string_array",
        deserialize_with = "lenient::seq",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub custom_string_array: Vec<UserProfileCustomString>,
}

/// A user's profile changed (element type 11, `ProfileChangeElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileChangeElem {
    /// What changed (`profile_change_elem_change_type`).
    #[serde(rename = "profile_change_elem_change_type")]
    pub change_type: ProfileChangeType,
    /// Whose profile (`profile_change_elem_from_identifier`; old `..._from_identifer`).
    #[serde(
        rename = "profile_change_elem_from_identifier",
        alias = "profile_change_elem_from_identifer",
        deserialize_with = "lenient::string"
    )]
    pub from_identifier: String,
    /// The new values (`profile_change_elem_user_profile_item`).
    #[serde(
        rename = "profile_change_elem_user_profile_item",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_profile_item: Option<UserProfileItem>,
}
