//! Reading a REST answer's status: `ActionStatus`, `ErrorCode`, `ErrorInfo` and, for batch
//! commands, `ErrorList`.
//!
//! The REST API answers HTTP 200 with a JSON body whose `ActionStatus` is `"OK"` (with
//! `ErrorCode` 0), `"FAIL"` (with the error code and description), or, for batch commands,
//! `"SomeError"` with `ErrorCode` 0 and an `ErrorList` naming the accounts that failed and why
//! (research note §2.1, §2.3 batchsendmsg). A FAIL becomes [`Error::Im`] with the service's
//! code and text; a SomeError is a [`Status::Partial`] the caller decides about.

use serde_json::Value;

use crate::core::{Error, Result};

/// One account a batch command failed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFailure {
    /// The account (`To_Account`, `Member_Account`, … of the `ErrorList` entry).
    pub account: String,
    /// The IM's error code for that account (e.g. 70107: the account does not exist).
    pub code: i32,
}

/// The outcome of a successfully parsed answer that is not a FAIL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Everything succeeded.
    Ok,
    /// Some items failed (`"SomeError"`); the others succeeded.
    Partial(Vec<ItemFailure>),
}

/// Parses an answer body: the body as JSON and its status, or the error it reports.
pub fn parse(body: &[u8]) -> Result<(Value, Status)> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Error::decode("REST answer", format!("not JSON: {e}")))?;
    let action = value
        .get("ActionStatus")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::decode("REST answer", "no ActionStatus"))?;
    let code = value.get("ErrorCode").map_or(Some(0), as_i32);
    let code = code.ok_or_else(|| Error::decode("REST answer", "ErrorCode is not an integer"))?;
    let info = value
        .get("ErrorInfo")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    match action {
        "OK" if code == 0 => Ok((value, Status::Ok)),
        "SomeError" if code == 0 => {
            let failures = failures(&value)?;
            Ok((value, Status::Partial(failures)))
        }
        "OK" | "FAIL" | "SomeError" if code != 0 => Err(Error::im(code, info)),
        "FAIL" => Err(Error::decode("REST answer", "FAIL without an ErrorCode")),
        other => Err(Error::decode(
            "REST answer",
            format!("unknown ActionStatus {other:?}"),
        )),
    }
}

/// A description of partial failures for an error message.
pub fn describe(failures: &[ItemFailure]) -> String {
    let listed: Vec<String> = failures
        .iter()
        .map(|failure| format!("{} ({})", failure.account, failure.code))
        .collect();
    format!("failed for {}", listed.join(", "))
}

fn failures(value: &Value) -> Result<Vec<ItemFailure>> {
    let Some(list) = value.get("ErrorList") else {
        return Ok(Vec::new());
    };
    let entries = list
        .as_array()
        .ok_or_else(|| Error::decode("REST answer", "ErrorList is not an array"))?;
    entries.iter().map(failure).collect()
}

fn failure(entry: &Value) -> Result<ItemFailure> {
    let object = entry
        .as_object()
        .ok_or_else(|| Error::decode("REST answer", "an ErrorList entry is not an object"))?;
    let account = object
        .iter()
        .find(|(key, _)| key.ends_with("_Account"))
        .and_then(|(_, value)| value.as_str())
        .unwrap_or_default()
        .to_owned();
    let code = object
        .get("ErrorCode")
        .and_then(as_i32)
        .ok_or_else(|| Error::decode("REST answer", "an ErrorList entry has no ErrorCode"))?;
    Ok(ItemFailure { account, code })
}

/// An integer given as a JSON number or a numeric string.
fn as_i32(value: &Value) -> Option<i32> {
    match value {
        Value::Number(number) => number.as_i64().and_then(|n| i32::try_from(n).ok()),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_is_ok() {
        let (value, status) =
            parse(br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1}"#)
                .expect("ok");
        assert_eq!(status, Status::Ok);
        assert_eq!(value["MsgTime"], 1);
    }

    #[test]
    fn fail_keeps_the_code_and_text() {
        let error = parse(br#"{"ActionStatus":"FAIL","ErrorInfo":"Fail to Parse json data of body, Please check it","ErrorCode":90001}"#)
            .expect_err("fail");
        assert_eq!(error.code(), Some(90001));
        assert!(error.to_string().contains("Fail to Parse json"));
    }

    #[test]
    fn some_error_lists_the_failed_accounts() {
        let body = br#"{"ActionStatus":"SomeError","ErrorInfo":"","ErrorCode":0,"MsgKey":"1_2_3",
            "ErrorList":[{"To_Account":"lumotuwe1","ErrorCode":70107},{"To_Account":"lumotuwe2","ErrorCode":"70107"}]}"#;
        let (_, status) = parse(body).expect("partial");
        assert_eq!(
            status,
            Status::Partial(vec![
                ItemFailure {
                    account: "lumotuwe1".into(),
                    code: 70107
                },
                ItemFailure {
                    account: "lumotuwe2".into(),
                    code: 70107
                },
            ])
        );
        let Status::Partial(failures) = status else {
            unreachable!()
        };
        assert_eq!(
            describe(&failures),
            "failed for lumotuwe1 (70107), lumotuwe2 (70107)"
        );
    }

    #[test]
    fn malformed_answers_are_decode_errors() {
        for body in [
            &b"<html>502</html>"[..],
            br#"{"ErrorCode":0}"#,
            br#"{"ActionStatus":"MAYBE","ErrorCode":0}"#,
            br#"{"ActionStatus":"FAIL","ErrorCode":0}"#,
            br#"{"ActionStatus":"OK","ErrorCode":"zero"}"#,
            br#"{"ActionStatus":"SomeError","ErrorCode":0,"ErrorList":{}}"#,
        ] {
            let error = parse(body).expect_err("malformed");
            assert!(matches!(error, Error::Decode { .. }), "{error}");
        }
    }
}
