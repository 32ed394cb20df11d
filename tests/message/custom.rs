//! Custom messages and typed payloads in the UI kits' `businessID` / `version` convention.

use serde::{Deserialize, Serialize};
use timbot::core::types::{CustomElem, Elem, GroupType};
use timbot::core::Error;
use timbot::message::custom::{encode_payload, envelope};
use timbot::message::{
    parse_payload, BusinessPayload, CustomMessage, Envelope, Incoming, MessageBuilder, Target,
};

use crate::over_the_wire;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct OrderCard {
    order_id: String,
    total_cents: u64,
}

impl BusinessPayload for OrderCard {
    const BUSINESS_ID: &'static str = "order_card";
    const VERSION: u32 = 2;
}

fn card() -> OrderCard {
    OrderCard {
        order_id: "A-17".into(),
        total_cents: 1999,
    }
}

#[test]
fn payload_is_written_with_business_id_and_version() {
    let json: serde_json::Value =
        serde_json::from_str(&encode_payload(&card()).expect("encodes")).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({"businessID": "order_card", "version": 2, "order_id": "A-17", "total_cents": 1999})
    );
}

#[test]
fn a_custom_card_is_sent_and_parsed_back_into_the_user_type() {
    let message = MessageBuilder::new(Target::group("@TGS#g", GroupType::Work))
        .custom(
            CustomMessage::payload(&card())
                .expect("encodes")
                .description("Order A-17: $19.99")
                .extension("order"),
        )
        .build()
        .expect("valid");
    let received = over_the_wire(&message);
    assert_eq!(
        received.custom_payload::<OrderCard>().expect("decodes"),
        Some(card())
    );
    let elem = received.custom_elem().expect("custom element");
    assert_eq!(elem.desc, "Order A-17: $19.99");
    assert_eq!(elem.ext, "order");
    assert_eq!(
        envelope(elem),
        Some(Envelope {
            business_id: "order_card".into(),
            version: 2
        })
    );
    // A plain client shows the description.
    assert_eq!(received.display_text(), "Order A-17: $19.99");
}

#[test]
fn another_business_id_or_non_json_data_is_not_mine() {
    let other = CustomElem {
        data: r#"{"businessID":"text_link","text":"hi","version":4}"#.into(),
        ..CustomElem::default()
    };
    assert_eq!(
        parse_payload::<OrderCard>(&other).expect("not an error"),
        None
    );
    let binary = CustomElem {
        data: "dice".into(),
        ..CustomElem::default()
    };
    assert_eq!(
        parse_payload::<OrderCard>(&binary).expect("not an error"),
        None
    );
    assert_eq!(envelope(&binary), None);
}

#[test]
fn a_payload_that_claims_the_type_but_does_not_fit_is_an_error() {
    let broken = CustomElem {
        data: r#"{"businessID":"order_card","version":2,"order_id":5}"#.into(),
        ..CustomElem::default()
    };
    assert!(matches!(
        parse_payload::<OrderCard>(&broken),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn version_and_business_id_written_as_other_types_are_read() {
    let old = CustomElem {
        data: r#"{"businessID":"order_card","version":"3","order_id":"B","total_cents":1}"#.into(),
        ..CustomElem::default()
    };
    assert_eq!(envelope(&old).map(|e| e.version), Some(3));
    assert!(parse_payload::<OrderCard>(&old).expect("decodes").is_some());
}

#[test]
fn a_payload_that_is_not_an_object_is_refused() {
    #[derive(Serialize, Deserialize)]
    struct Bare(u32);
    impl BusinessPayload for Bare {
        const BUSINESS_ID: &'static str = "bare";
    }
    assert!(matches!(
        encode_payload(&Bare(1)),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn raw_custom_data_description_and_extension() {
    let elem = CustomMessage::new("dice")
        .description("4")
        .extension("roll")
        .into_elem();
    assert_eq!(
        elem,
        Elem::Custom(CustomElem {
            data: "dice".into(),
            desc: "4".into(),
            ext: "roll".into(),
            ..CustomElem::default()
        })
    );
}
