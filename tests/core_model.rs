//! The client core's data model against the SDK 8.6 headers: enum values, JSON keys, lenient
//! decoding of older SDKs' JSON, and round trips of the seed documents' examples.

use serde_json::json;
use timbot::core::*;

#[test]
fn elem_type_12_is_merge() {
    let m: Message = serde_json::from_value(json!({
        "message_elem_array": [{"elem_type": 12, "merge_elem_title": "t"}],
        "message_status": 2
    }))
    .unwrap();
    assert_eq!(m.elems[0].elem_type(), ElemType::Merge);
    assert_eq!(m.status, MsgStatus::Sent);
}
