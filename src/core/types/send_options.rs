//! How a message is sent: priority, and the per-message offline push settings.
//!
//! The other send options (online-only, excluded from unread count / last message, read
//! receipt, cloud custom data) are plain fields of [`super::Message`], as in the SDK.

use serde::{Deserialize, Serialize};

use super::lenient::{self, im_enum};

im_enum! {
    /// A message's priority (`TIMMsgPriority`); under load the service drops low ones first.
    pub enum MsgPriority {
        /// Highest: red packets, gifts (0).
        High = 0 ["High"],
        /// Ordinary messages (1).
        Normal = 1 ["Normal"],
        /// Low: likes (2).
        Low = 2 ["Low"],
        /// Lowest: server join/leave notices (3).
        Lowest = 3 ["Lowest"],
    }
    default = Normal;
}

im_enum! {
    /// Whether a message is pushed to offline recipients (`TIMOfflinePushFlag`).
    pub enum OfflinePushFlag {
        /// Push by the default rules (0).
        Default = 0,
        /// Never push (1).
        NoPush = 1,
    }
    default = Default;
}

im_enum! {
    /// How an iOS push is delivered (`TIMIOSOfflinePushType`).
    pub enum IosOfflinePushType {
        /// Plain APNs (0).
        Apns = 0,
        /// VoIP (1).
        Voip = 1,
    }
    default = Apns;
}

im_enum! {
    /// What tapping an Android notification does (`TIMAndroidOfflinePushNotifyMode`).
    pub enum AndroidOfflinePushNotifyMode {
        /// Opens the app (0).
        Normal = 0,
        /// Calls back into the app (1).
        Custom = 1,
    }
    default = Normal;
}

/// iOS push settings (`IOSOfflinePushConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IosOfflinePushConfig {
    /// Title (`ios_offline_push_config_title`).
    #[serde(
        rename = "ios_offline_push_config_title",
        deserialize_with = "lenient::string"
    )]
    pub title: String,
    /// Sound file, `"push.no_sound"` or `"default"` (`ios_offline_push_config_sound`).
    #[serde(
        rename = "ios_offline_push_config_sound",
        deserialize_with = "lenient::string"
    )]
    pub sound: String,
    /// Leave the badge alone (`ios_offline_push_config_ignore_badge`).
    #[serde(
        rename = "ios_offline_push_config_ignore_badge",
        deserialize_with = "lenient::boolean"
    )]
    pub ignore_badge: bool,
    /// APNs or VoIP (`ios_offline_push_config_push_type`).
    #[serde(rename = "ios_offline_push_config_push_type")]
    pub push_type: IosOfflinePushType,
    /// Image URL (`ios_offline_push_config_image`).
    #[serde(
        rename = "ios_offline_push_config_image",
        deserialize_with = "lenient::string"
    )]
    pub image: String,
    /// Interruption level (`ios_offline_push_config_interruption_level`).
    #[serde(
        rename = "ios_offline_push_config_interruption_level",
        deserialize_with = "lenient::string"
    )]
    pub interruption_level: String,
    /// Background notification (`ios_offline_push_config_enable_background_notification`).
    #[serde(
        rename = "ios_offline_push_config_enable_background_notification",
        deserialize_with = "lenient::boolean"
    )]
    pub enable_background_notification: bool,
}

/// Android push settings (`AndroidOfflinePushConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AndroidOfflinePushConfig {
    /// Title (`android_offline_push_config_title`).
    #[serde(
        rename = "android_offline_push_config_title",
        deserialize_with = "lenient::string"
    )]
    pub title: String,
    /// Sound (`android_offline_push_config_sound`).
    #[serde(
        rename = "android_offline_push_config_sound",
        deserialize_with = "lenient::string"
    )]
    pub sound: String,
    /// Tap behaviour (`android_offline_push_config_notify_mode`).
    #[serde(rename = "android_offline_push_config_notify_mode")]
    pub notify_mode: AndroidOfflinePushNotifyMode,
    /// vivo category (`android_offline_push_config_vivo_category`).
    #[serde(
        rename = "android_offline_push_config_vivo_category",
        deserialize_with = "lenient::string"
    )]
    pub vivo_category: String,
    /// OPPO channel (`android_offline_push_config_oppo_channel_id`).
    #[serde(
        rename = "android_offline_push_config_oppo_channel_id",
        deserialize_with = "lenient::string"
    )]
    pub oppo_channel_id: String,
    /// Xiaomi channel (`android_offline_push_config_xiaomi_channel_id`).
    #[serde(
        rename = "android_offline_push_config_xiaomi_channel_id",
        deserialize_with = "lenient::string"
    )]
    pub xiaomi_channel_id: String,
    /// FCM channel (`android_offline_push_config_fcm_channel_id`).
    #[serde(
        rename = "android_offline_push_config_fcm_channel_id",
        deserialize_with = "lenient::string"
    )]
    pub fcm_channel_id: String,
    /// Huawei category (`android_offline_push_config_huawei_category`).
    #[serde(
        rename = "android_offline_push_config_huawei_category",
        deserialize_with = "lenient::string"
    )]
    pub huawei_category: String,
    /// OPPO category (`android_offline_push_config_oppo_category`).
    #[serde(
        rename = "android_offline_push_config_oppo_category",
        deserialize_with = "lenient::string"
    )]
    pub oppo_category: String,
    /// Huawei image (`android_offline_push_config_huawei_image`).
    #[serde(
        rename = "android_offline_push_config_huawei_image",
        deserialize_with = "lenient::string"
    )]
    pub huawei_image: String,
    /// Honor image (`android_offline_push_config_honor_image`).
    #[serde(
        rename = "android_offline_push_config_honor_image",
        deserialize_with = "lenient::string"
    )]
    pub honor_image: String,
    /// FCM image (`android_offline_push_config_fcm_image`).
    #[serde(
        rename = "android_offline_push_config_fcm_image",
        deserialize_with = "lenient::string"
    )]
    pub fcm_image: String,
}

/// HarmonyOS push settings (`HarmonyOfflinePushConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HarmonyOfflinePushConfig {
    /// Title (`harmony_offline_push_config_title`).
    #[serde(
        rename = "harmony_offline_push_config_title",
        deserialize_with = "lenient::string"
    )]
    pub title: String,
    /// Image (`harmony_offline_push_config_image`).
    #[serde(
        rename = "harmony_offline_push_config_image",
        deserialize_with = "lenient::string"
    )]
    pub image: String,
    /// Category (`harmony_offline_push_config_category`).
    #[serde(
        rename = "harmony_offline_push_config_category",
        deserialize_with = "lenient::string"
    )]
    pub category: String,
    /// Leave the badge alone (`harmony_offline_push_config_ignore_badge`).
    #[serde(
        rename = "harmony_offline_push_config_ignore_badge",
        deserialize_with = "lenient::number"
    )]
    pub ignore_badge: u32,
}

/// Per-message offline push settings (`OfflinePushConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OfflinePushConfig {
    /// Notification title (`offline_push_config_title`).
    #[serde(
        rename = "offline_push_config_title",
        deserialize_with = "lenient::string"
    )]
    pub title: String,
    /// Notification text (`offline_push_config_desc`).
    #[serde(
        rename = "offline_push_config_desc",
        deserialize_with = "lenient::string"
    )]
    pub desc: String,
    /// Data passed to the app (`offline_push_config_ext`).
    #[serde(
        rename = "offline_push_config_ext",
        deserialize_with = "lenient::string"
    )]
    pub ext: String,
    /// Push or not (`offline_push_config_flag`).
    #[serde(rename = "offline_push_config_flag")]
    pub flag: OfflinePushFlag,
    /// iOS settings (`offline_push_config_ios_config`).
    #[serde(
        rename = "offline_push_config_ios_config",
        skip_serializing_if = "Option::is_none"
    )]
    pub ios_config: Option<IosOfflinePushConfig>,
    /// Android settings (`offline_push_config_android_config`).
    #[serde(
        rename = "offline_push_config_android_config",
        skip_serializing_if = "Option::is_none"
    )]
    pub android_config: Option<AndroidOfflinePushConfig>,
    /// HarmonyOS settings (`offline_push_config_harmony_config`).
    #[serde(
        rename = "offline_push_config_harmony_config",
        skip_serializing_if = "Option::is_none"
    )]
    pub harmony_config: Option<HarmonyOfflinePushConfig>,
}
