//! The JSON answers the receiver gives Tencent.
//!
//! Success is `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}` (callback overview); a
//! refused or unreadable request gets `ActionStatus` `"FAIL"` with a reason, sent with a
//! non-200 status so that Tencent counts it as a failed callback (for a before-send callback
//! its timeout policy then applies; it is never read as "block").

use serde_json::{json, Value};

/// The plain success answer.
pub fn ok() -> Value {
    with_code(0)
}

/// A success answer with `ErrorCode` `code` (a before-send verdict).
pub fn with_code(code: i32) -> Value {
    json!({"ActionStatus": "OK", "ErrorCode": code, "ErrorInfo": ""})
}

/// A failure answer explaining `reason`.
pub fn fail(reason: &str) -> Value {
    json!({"ActionStatus": "FAIL", "ErrorCode": 1, "ErrorInfo": reason})
}
