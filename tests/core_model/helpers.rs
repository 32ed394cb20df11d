//! The conversation-id strings and the message helpers every later layer uses.

use timbot::core::*;

#[test]
fn conversation_ids_are_c2c_and_group_prefixed() {
    let c2c = ConversationId::c2c("alice");
    assert_eq!(c2c.as_str(), "c2c_alice");
    assert_eq!(c2c.conv_type(), ConvType::C2C);
    assert_eq!(c2c.peer(), "alice");
    let group = ConversationId::group("@TGS#1A2B");
    assert_eq!(group.as_str(), "group_@TGS#1A2B");
    assert_eq!(group.conv_type(), ConvType::Group);
    assert_eq!(group.peer(), "@TGS#1A2B");
    let system = ConversationId::system();
    assert_eq!(system.as_str(), SYSTEM_ID);
    assert_eq!(system.conv_type(), ConvType::System);
    assert_eq!(system.peer(), "");
    assert_eq!(group.to_string(), "group_@TGS#1A2B");
}

#[test]
fn conversation_ids_parse_both_spellings_and_reject_others() {
    assert_eq!(
        ConversationId::parse("c2c_bob").unwrap(),
        ConversationId::c2c("bob")
    );
    assert_eq!(
        ConversationId::parse("group_g1").unwrap(),
        ConversationId::group("g1")
    );
    assert_eq!(
        ConversationId::parse("C2Cbob").unwrap(),
        ConversationId::c2c("bob")
    );
    assert_eq!(
        ConversationId::parse("GROUPg1").unwrap(),
        ConversationId::group("g1")
    );
    assert_eq!(
        ConversationId::parse(SYSTEM_ID).unwrap(),
        ConversationId::system()
    );
    for bad in ["", "bob", "c2c_", "group_", "user_bob"] {
        assert!(
            matches!(ConversationId::parse(bad), Err(Error::Invalid { .. })),
            "{bad:?} should not parse"
        );
    }
    let id: ConversationId = serde_json::from_str("\"group_g1\"").unwrap();
    assert_eq!(id, ConversationId::group("g1"));
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"group_g1\"");
    assert!(serde_json::from_str::<ConversationId>("\"nope\"").is_err());
}

#[test]
fn conversation_ids_come_from_type_and_peer() {
    assert_eq!(
        ConversationId::from_parts(ConvType::C2C, "bob").unwrap(),
        ConversationId::c2c("bob")
    );
    assert_eq!(
        ConversationId::from_parts(ConvType::System, "").unwrap(),
        ConversationId::system()
    );
    assert!(ConversationId::from_parts(ConvType::Group, "").is_err());
    assert!(ConversationId::from_parts(ConvType::Invalid, "bob").is_err());
}

#[test]
fn message_new_and_plain_text() {
    let m = Message::new(
        ConvType::Group,
        "g1",
        vec![
            Elem::text("hello "),
            Elem::Face(FaceElem {
                index: 1,
                buf: String::new(),
            }),
            Elem::text("world"),
        ],
    );
    assert_eq!(m.conv_type, ConvType::Group);
    assert_eq!(m.conv_id, "g1");
    assert_eq!(m.plain_text(), "hello world");
    assert_eq!(m.conversation_id().unwrap(), ConversationId::group("g1"));
    assert!(m.has_elem(ElemType::Face));
    assert!(!m.has_elem(ElemType::Image));
    assert_eq!(
        m.priority,
        MsgPriority::Normal,
        "the SDK's default priority"
    );
}

#[test]
fn enum_defaults_are_the_sdk_defaults() {
    assert_eq!(MsgPriority::default(), MsgPriority::Normal);
    assert_eq!(OfflinePushFlag::default(), OfflinePushFlag::Default);
    assert_eq!(ImageLevel::default(), ImageLevel::Compressed);
    assert_eq!(MemberRole::default(), MemberRole::None);
    assert_eq!(GroupAddOption::default(), GroupAddOption::Unset);
}
