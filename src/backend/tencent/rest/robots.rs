//! Robot accounts (`openim_robot_http_svc`): create, delete, list.
//!
//! A robot's UserID must start with `@RBT#`; a robot can be @-mentioned in groups and gets the
//! `Bot.OnC2CMessage` / `Bot.OnGroupMessage` callbacks (research note §4.4). The shapes of
//! `delete_robot` (`{"Robot_Account": …}`) and `get_all_robots` (`{}` → `Robot_Account` list)
//! are from the product pages 1047/55282 and 1047/55280, verified only against them.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::client::RestClient;
use super::limits::{self, USER_ID_BYTES};
use crate::core::{Error, Result};

/// The prefix every robot UserID starts with.
pub const ROBOT_PREFIX: &str = "@RBT#";

/// Whether `user_id` names a robot account.
pub fn is_robot(user_id: &str) -> bool {
    user_id.starts_with(ROBOT_PREFIX)
}

/// `create_robot`: a new robot account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateRobot {
    /// The robot's UserID (`@RBT#…`, at most 32 bytes).
    #[serde(rename = "UserID")]
    pub user_id: String,
    /// Nickname.
    #[serde(rename = "Nick", skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// Avatar URL.
    #[serde(rename = "FaceUrl", skip_serializing_if = "Option::is_none")]
    pub face_url: Option<String>,
    /// Signature line (at most 500 bytes).
    #[serde(rename = "SelfSignature", skip_serializing_if = "Option::is_none")]
    pub self_signature: Option<String>,
}

#[derive(Serialize)]
struct DeleteRobot<'a> {
    #[serde(rename = "Robot_Account")]
    robot_account: &'a str,
}

#[derive(Serialize)]
struct Empty {}

#[derive(Deserialize)]
struct AllRobots {
    #[serde(rename = "Robot_Account", default)]
    robot_accounts: Vec<String>,
}

impl RestClient {
    /// Creates a robot account (creating it twice creates one).
    pub async fn create_robot(&self, request: &CreateRobot) -> Result<()> {
        check_robot_id(&request.user_id)?;
        if let Some(signature) = &request.self_signature {
            limits::at_most("robot SelfSignature bytes", 500, signature.len())?;
        }
        self.call::<_, IgnoredAny>("openim_robot_http_svc", "create_robot", request)
            .await
            .map(drop)
    }

    /// Marks a robot account invalid (its UserID is not deleted).
    pub async fn delete_robot(&self, robot: &str) -> Result<()> {
        check_robot_id(robot)?;
        let request = DeleteRobot {
            robot_account: robot,
        };
        self.call::<_, IgnoredAny>("openim_robot_http_svc", "delete_robot", &request)
            .await
            .map(drop)
    }

    /// Every robot account of the app.
    pub async fn robots(&self) -> Result<Vec<String>> {
        let answer: AllRobots = self
            .call("openim_robot_http_svc", "get_all_robots", &Empty {})
            .await?;
        Ok(answer.robot_accounts)
    }
}

fn check_robot_id(user_id: &str) -> Result<()> {
    if !is_robot(user_id) {
        return Err(Error::invalid(
            "robot UserID",
            format!("{user_id:?} does not start with {ROBOT_PREFIX}"),
        ));
    }
    limits::at_most("UserID bytes", USER_ID_BYTES, user_id.len())
}
