//! The media elements: image, voice, file and video. Fields marked "to send" are what a sender
//! fills in; the others are filled in by the service on receipt.

use serde::{Deserialize, Serialize};

use crate::core::types::lenient::{self, im_enum};

im_enum! {
    /// How an image is sent (`TIMImageLevel`).
    pub enum ImageLevel {
        /// The original (0).
        Original = 0,
        /// Strong compression, the default (1).
        Compressed = 1,
        /// HD (2).
        Hd = 2,
    }
    default = Compressed;
}

/// An image (element type 1, `ImageElem`): original, large (720 px) and thumbnail (198 px).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageElem {
    /// Local path of the image, to send (`image_elem_orig_path`).
    #[serde(rename = "image_elem_orig_path", deserialize_with = "lenient::string")]
    pub orig_path: String,
    /// Compression level, to send (`image_elem_level`).
    #[serde(rename = "image_elem_level")]
    pub level: ImageLevel,
    /// Format: 0xff unknown, 1 JPG, 2 GIF, 3 PNG, 4 BMP (`image_elem_format`).
    #[serde(rename = "image_elem_format", deserialize_with = "lenient::number")]
    pub format: i32,
    /// Original's id (`image_elem_orig_id`).
    #[serde(rename = "image_elem_orig_id", deserialize_with = "lenient::string")]
    pub orig_id: String,
    /// Original's height (`image_elem_orig_pic_height`).
    #[serde(
        rename = "image_elem_orig_pic_height",
        deserialize_with = "lenient::number"
    )]
    pub orig_pic_height: i32,
    /// Original's width (`image_elem_orig_pic_width`).
    #[serde(
        rename = "image_elem_orig_pic_width",
        deserialize_with = "lenient::number"
    )]
    pub orig_pic_width: i32,
    /// Original's size in bytes (`image_elem_orig_pic_size`).
    #[serde(
        rename = "image_elem_orig_pic_size",
        deserialize_with = "lenient::number"
    )]
    pub orig_pic_size: i64,
    /// Thumbnail's id (`image_elem_thumb_id`).
    #[serde(rename = "image_elem_thumb_id", deserialize_with = "lenient::string")]
    pub thumb_id: String,
    /// Thumbnail's height (`image_elem_thumb_pic_height`).
    #[serde(
        rename = "image_elem_thumb_pic_height",
        deserialize_with = "lenient::number"
    )]
    pub thumb_pic_height: i32,
    /// Thumbnail's width (`image_elem_thumb_pic_width`).
    #[serde(
        rename = "image_elem_thumb_pic_width",
        deserialize_with = "lenient::number"
    )]
    pub thumb_pic_width: i32,
    /// Thumbnail's size in bytes (`image_elem_thumb_pic_size`).
    #[serde(
        rename = "image_elem_thumb_pic_size",
        deserialize_with = "lenient::number"
    )]
    pub thumb_pic_size: i64,
    /// Large image's id (`image_elem_large_id`).
    #[serde(rename = "image_elem_large_id", deserialize_with = "lenient::string")]
    pub large_id: String,
    /// Large image's height (`image_elem_large_pic_height`).
    #[serde(
        rename = "image_elem_large_pic_height",
        deserialize_with = "lenient::number"
    )]
    pub large_pic_height: i32,
    /// Large image's width (`image_elem_large_pic_width`).
    #[serde(
        rename = "image_elem_large_pic_width",
        deserialize_with = "lenient::number"
    )]
    pub large_pic_width: i32,
    /// Large image's size in bytes (`image_elem_large_pic_size`).
    #[serde(
        rename = "image_elem_large_pic_size",
        deserialize_with = "lenient::number"
    )]
    pub large_pic_size: i64,
    /// Original's URL (`image_elem_orig_url`).
    #[serde(rename = "image_elem_orig_url", deserialize_with = "lenient::string")]
    pub orig_url: String,
    /// Thumbnail's URL (`image_elem_thumb_url`).
    #[serde(rename = "image_elem_thumb_url", deserialize_with = "lenient::string")]
    pub thumb_url: String,
    /// Large image's URL (`image_elem_large_url`).
    #[serde(rename = "image_elem_large_url", deserialize_with = "lenient::string")]
    pub large_url: String,
}

/// A voice clip (element type 2, `SoundElem`); one per message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SoundElem {
    /// Local path, to send (`sound_elem_file_path`).
    #[serde(rename = "sound_elem_file_path", deserialize_with = "lenient::string")]
    pub file_path: String,
    /// Size in bytes (`sound_elem_file_size`).
    #[serde(rename = "sound_elem_file_size", deserialize_with = "lenient::number")]
    pub file_size: i64,
    /// Duration in seconds (`sound_elem_file_time`).
    #[serde(rename = "sound_elem_file_time", deserialize_with = "lenient::number")]
    pub file_time: i64,
    /// File id (`sound_elem_file_id`).
    #[serde(rename = "sound_elem_file_id", deserialize_with = "lenient::string")]
    pub file_id: String,
    /// Business id (`sound_elem_business_id`).
    #[serde(
        rename = "sound_elem_business_id",
        deserialize_with = "lenient::number"
    )]
    pub business_id: i64,
    /// Download URL (`sound_elem_url`).
    #[serde(rename = "sound_elem_url", deserialize_with = "lenient::string")]
    pub url: String,
}

/// A file (element type 4, `FileElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FileElem {
    /// Local path, to send (`file_elem_file_path`).
    #[serde(rename = "file_elem_file_path", deserialize_with = "lenient::string")]
    pub file_path: String,
    /// File name (`file_elem_file_name`).
    #[serde(rename = "file_elem_file_name", deserialize_with = "lenient::string")]
    pub file_name: String,
    /// Size in bytes (`file_elem_file_size`).
    #[serde(rename = "file_elem_file_size", deserialize_with = "lenient::number")]
    pub file_size: i64,
    /// File id (`file_elem_file_id`).
    #[serde(rename = "file_elem_file_id", deserialize_with = "lenient::string")]
    pub file_id: String,
    /// Business id (`file_elem_business_id`).
    #[serde(rename = "file_elem_business_id", deserialize_with = "lenient::number")]
    pub business_id: i64,
    /// Download URL (`file_elem_url`).
    #[serde(rename = "file_elem_url", deserialize_with = "lenient::string")]
    pub url: String,
}

/// A video with its cover image (element type 9, `VideoElem`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VideoElem {
    /// Video format, e.g. `"mp4"`, to send (`video_elem_video_type`).
    #[serde(rename = "video_elem_video_type", deserialize_with = "lenient::string")]
    pub video_type: String,
    /// Video size in bytes (`video_elem_video_size`).
    #[serde(rename = "video_elem_video_size", deserialize_with = "lenient::number")]
    pub video_size: u64,
    /// Duration in seconds (`video_elem_video_duration`).
    #[serde(
        rename = "video_elem_video_duration",
        deserialize_with = "lenient::number"
    )]
    pub video_duration: u64,
    /// Local path, to send (`video_elem_video_path`).
    #[serde(rename = "video_elem_video_path", deserialize_with = "lenient::string")]
    pub video_path: String,
    /// Video id (`video_elem_video_id`).
    #[serde(rename = "video_elem_video_id", deserialize_with = "lenient::string")]
    pub video_id: String,
    /// Business id (`video_elem_business_id`).
    #[serde(
        rename = "video_elem_business_id",
        deserialize_with = "lenient::number"
    )]
    pub business_id: i64,
    /// Video URL (`video_elem_video_url`).
    #[serde(rename = "video_elem_video_url", deserialize_with = "lenient::string")]
    pub video_url: String,
    /// Cover image format, to send (`video_elem_image_type`).
    #[serde(rename = "video_elem_image_type", deserialize_with = "lenient::string")]
    pub image_type: String,
    /// Cover size in bytes (`video_elem_image_size`).
    #[serde(rename = "video_elem_image_size", deserialize_with = "lenient::number")]
    pub image_size: u64,
    /// Cover width (`video_elem_image_width`; the header's descriptions of width and height are
    /// swapped, the keys are not).
    #[serde(
        rename = "video_elem_image_width",
        deserialize_with = "lenient::number"
    )]
    pub image_width: u64,
    /// Cover height (`video_elem_image_height`).
    #[serde(
        rename = "video_elem_image_height",
        deserialize_with = "lenient::number"
    )]
    pub image_height: u64,
    /// Cover local path, to send (`video_elem_image_path`).
    #[serde(rename = "video_elem_image_path", deserialize_with = "lenient::string")]
    pub image_path: String,
    /// Cover id (`video_elem_image_id`).
    #[serde(rename = "video_elem_image_id", deserialize_with = "lenient::string")]
    pub image_id: String,
    /// Cover URL (`video_elem_image_url`).
    #[serde(rename = "video_elem_image_url", deserialize_with = "lenient::string")]
    pub image_url: String,
}
