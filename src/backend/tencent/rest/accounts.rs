//! Account commands (`im_open_login_svc`): importing an account.

use serde::de::IgnoredAny;
use serde::Serialize;

use super::client::RestClient;
use super::limits::{self, USER_ID_BYTES};
use crate::core::Result;

/// `im_open_login_svc/account_import`: make a UserID known to the IM (importing twice is
/// harmless).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountImport {
    /// The UserID (at most 32 bytes).
    #[serde(rename = "UserID")]
    pub user_id: String,
    /// Nickname.
    #[serde(rename = "Nick", skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// Avatar URL.
    #[serde(rename = "FaceUrl", skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
}

impl RestClient {
    /// Imports an account.
    pub async fn import_account(&self, request: &AccountImport) -> Result<()> {
        limits::at_most("UserID bytes", USER_ID_BYTES, request.user_id.len())?;
        self.call::<_, IgnoredAny>("im_open_login_svc", "account_import", request)
            .await
            .map(drop)
    }
}
