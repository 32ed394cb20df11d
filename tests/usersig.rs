//! UserSig (TLSSigAPIv2): the HMAC vectors of the research note §1.5, generate → verify round
//! trips, every verification failure, and malformed input.

use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use serde_json::{json, Value};
use timbot::core::usersig::{
    DecodedUserSig, UserSigSigner, DEFAULT_EXPIRE_SECS, MAX_USER_ID_BYTES,
};
use timbot::core::{Error, UserSigError};

/// The demo application of the official repositories.
const DEMO_APP: u64 = 1_400_000_000;
const DEMO_KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const DEMO_USER: &str = "xiaojun";
const VECTOR_TIME: i64 = 1_600_000_000;
const VECTOR_EXPIRE: u64 = 15_552_000;
/// `TLS.sig` for the demo app/key/user at `VECTOR_TIME` with `VECTOR_EXPIRE`.
const VECTOR_SIG: &str = "1Z5PngDjGaufeSiPoBuxdHY7EK3JTdAjMP93S4KvV3M=";
/// The same with userbuf `[0x05]`.
const VECTOR_SIG_USERBUF: &str = "FTrOk2mwIVhIpSfAROhOQgoG3FlJDIgbjvERZN4is4o=";
/// A complete UserSig made by another implementation (Python, compact JSON, zlib level 6).
const PUBLISHED_USER_SIG: &str = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUCxU1NTY3goiWZuSAxM1S1xZnpQJMNo0wD8tJdstwTS9NSgzMD8p1KK1I8Is1dvY29QlIcs3wDLI2DTbzLwox9bZVqAaoDMbs_";

fn demo_signer_at(now: i64) -> UserSigSigner {
    UserSigSigner::new(DEMO_APP, DEMO_KEY).with_clock(move || now)
}

/// Encodes a JSON document the way UserSigs are encoded (zlib, base64, `*-_` alphabet).
fn encode_document(document: &Value) -> String {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(document.to_string().as_bytes())
        .expect("writing to a Vec cannot fail");
    let compressed = encoder.finish().expect("writing to a Vec cannot fail");
    STANDARD
        .encode(compressed)
        .replace('+', "*")
        .replace('/', "-")
        .replace('=', "_")
}

/// The fields of a real UserSig as JSON, for tampering.
fn published_document() -> Value {
    json!({
        "TLS.ver": "2.0",
        "TLS.identifier": DEMO_USER,
        "TLS.sdkappid": DEMO_APP,
        "TLS.expire": VECTOR_EXPIRE,
        "TLS.time": VECTOR_TIME,
        "TLS.sig": VECTOR_SIG,
    })
}

#[test]
fn hmac_matches_the_vector_without_userbuf() {
    let sig = demo_signer_at(VECTOR_TIME)
        .generate(DEMO_USER, VECTOR_EXPIRE)
        .expect("generate");
    let decoded = DecodedUserSig::decode(&sig).expect("decode");
    assert_eq!(decoded.signature, VECTOR_SIG);
    assert_eq!(decoded.user_id, DEMO_USER);
    assert_eq!(decoded.sdk_app_id, DEMO_APP);
    assert_eq!(decoded.issued_at, VECTOR_TIME);
    assert_eq!(decoded.expire_secs, VECTOR_EXPIRE);
    assert_eq!(decoded.userbuf, None);
}

#[test]
fn hmac_matches_the_vector_with_userbuf() {
    let sig = demo_signer_at(VECTOR_TIME)
        .generate_with_userbuf(DEMO_USER, VECTOR_EXPIRE, &[0x05])
        .expect("generate");
    let decoded = DecodedUserSig::decode(&sig).expect("decode");
    assert_eq!(decoded.signature, VECTOR_SIG_USERBUF);
    assert_eq!(decoded.userbuf, Some(vec![0x05]));
}

#[test]
fn usersig_of_another_implementation_decodes_and_verifies() {
    let decoded = DecodedUserSig::decode(PUBLISHED_USER_SIG).expect("decode");
    assert_eq!(decoded.user_id, DEMO_USER);
    assert_eq!(decoded.sdk_app_id, DEMO_APP);
    assert_eq!(decoded.issued_at, VECTOR_TIME);
    assert_eq!(decoded.expire_secs, VECTOR_EXPIRE);
    assert_eq!(decoded.signature, VECTOR_SIG);

    let verified = demo_signer_at(VECTOR_TIME + 60)
        .verify(DEMO_USER, PUBLISHED_USER_SIG)
        .expect("a genuine UserSig verifies");
    assert_eq!(verified.expires_at(), VECTOR_TIME + VECTOR_EXPIRE as i64);
    assert_eq!(verified.into_inner(), decoded);
}

#[test]
fn generated_usersig_verifies_with_the_same_key() {
    let signer = demo_signer_at(VECTOR_TIME);
    let sig = signer
        .generate("alice", DEFAULT_EXPIRE_SECS)
        .expect("generate");
    let verified = signer.verify("alice", &sig).expect("verify");
    assert_eq!(verified.user_id, "alice");
    assert_eq!(verified.sdk_app_id, DEMO_APP);
    assert_eq!(verified.issued_at, VECTOR_TIME);
    assert_eq!(verified.expire_secs, 180 * 86_400);
    assert_eq!(verified.userbuf, None);
}

#[test]
fn generated_usersig_with_userbuf_verifies_with_the_same_userbuf() {
    let signer = demo_signer_at(VECTOR_TIME);
    let sig = signer
        .generate_with_userbuf("alice", 600, b"room-42")
        .expect("generate");
    let verified = signer
        .verify_with_userbuf("alice", &sig, b"room-42")
        .expect("verify");
    assert_eq!(verified.userbuf.as_deref(), Some(&b"room-42"[..]));
}

#[test]
fn system_clock_signer_round_trips() {
    let signer = UserSigSigner::new(DEMO_APP, DEMO_KEY);
    let sig = signer.generate("bob", 3_600).expect("generate");
    assert!(signer.verify("bob", &sig).is_ok());
}

#[test]
fn usersig_is_valid_up_to_and_including_time_plus_expire() {
    let sig = demo_signer_at(1_000)
        .generate("alice", 100)
        .expect("generate");
    assert!(demo_signer_at(1_100).verify("alice", &sig).is_ok());
    assert_eq!(
        demo_signer_at(1_101).verify("alice", &sig),
        Err(UserSigError::Expired {
            expired_at: 1_100,
            now: 1_101
        })
    );
}

#[test]
fn usersig_of_another_app_is_refused() {
    let sig = UserSigSigner::new(2, DEMO_KEY)
        .with_clock(|| VECTOR_TIME)
        .generate("alice", 600)
        .expect("generate");
    assert_eq!(
        demo_signer_at(VECTOR_TIME).verify("alice", &sig),
        Err(UserSigError::WrongApp {
            expected: DEMO_APP,
            found: 2
        })
    );
}

#[test]
fn usersig_of_another_user_is_refused() {
    let sig = demo_signer_at(VECTOR_TIME)
        .generate("alice", 600)
        .expect("generate");
    assert_eq!(
        demo_signer_at(VECTOR_TIME).verify("mallory", &sig),
        Err(UserSigError::WrongUser {
            expected: "mallory".to_owned(),
            found: "alice".to_owned()
        })
    );
}

#[test]
fn usersig_signed_with_another_key_is_refused() {
    let sig = UserSigSigner::new(DEMO_APP, "another key")
        .with_clock(|| VECTOR_TIME)
        .generate("alice", 600)
        .expect("generate");
    assert_eq!(
        demo_signer_at(VECTOR_TIME).verify("alice", &sig),
        Err(UserSigError::BadSignature)
    );
}

#[test]
fn tampered_fields_break_the_signature() {
    let mut longer = published_document();
    longer["TLS.expire"] = json!(VECTOR_EXPIRE * 2);
    let mut earlier = published_document();
    earlier["TLS.time"] = json!(VECTOR_TIME + 1);
    for document in [longer, earlier] {
        assert_eq!(
            demo_signer_at(VECTOR_TIME + 10).verify(DEMO_USER, &encode_document(&document)),
            Err(UserSigError::BadSignature),
            "{document}"
        );
    }
    // The untampered document, re-encoded by this test, still verifies: only the field changed.
    assert!(demo_signer_at(VECTOR_TIME + 10)
        .verify(DEMO_USER, &encode_document(&published_document()))
        .is_ok());
}

#[test]
fn userbuf_must_match_in_presence_and_bytes() {
    let signer = demo_signer_at(VECTOR_TIME);
    let plain = signer.generate("alice", 600).expect("generate");
    let with_buf = signer
        .generate_with_userbuf("alice", 600, &[5])
        .expect("generate");
    assert_eq!(
        signer.verify_with_userbuf("alice", &with_buf, &[6]),
        Err(UserSigError::UserBufMismatch)
    );
    assert_eq!(
        signer.verify("alice", &with_buf),
        Err(UserSigError::UserBufMismatch)
    );
    assert_eq!(
        signer.verify_with_userbuf("alice", &plain, &[5]),
        Err(UserSigError::UserBufMismatch)
    );
}

/// The cases of the official Go repository's `TestGenAndVerify`.
#[test]
fn official_go_test_cases() {
    let now = 1_700_000_000;
    let signer = UserSigSigner::new(1, "2").with_clock(move || now);
    let sig = signer.generate("3", 4).expect("generate");
    let buf_sig = signer
        .generate_with_userbuf("3", 4, &[5])
        .expect("generate");

    assert!(signer.verify("3", &sig).is_ok());
    assert!(signer.verify_with_userbuf("3", &buf_sig, &[5]).is_ok());

    let an_hour_later = UserSigSigner::new(1, "2").with_clock(move || now + 3_600);
    assert!(matches!(
        an_hour_later.verify("3", &sig),
        Err(UserSigError::Expired { .. })
    ));
    let other_app = UserSigSigner::new(2, "2").with_clock(move || now);
    assert!(matches!(
        other_app.verify("3", &sig),
        Err(UserSigError::WrongApp { .. })
    ));
    assert!(matches!(
        signer.verify("4", &sig),
        Err(UserSigError::WrongUser { .. })
    ));
    let other_key = UserSigSigner::new(1, "3").with_clock(move || now);
    assert_eq!(other_key.verify("3", &sig), Err(UserSigError::BadSignature));
    // The userbuf check runs before the HMAC check, as in the Go verifier.
    assert_eq!(
        other_key.verify("3", &buf_sig),
        Err(UserSigError::UserBufMismatch)
    );
    assert_eq!(
        signer.verify_with_userbuf("3", &buf_sig, &[6]),
        Err(UserSigError::UserBufMismatch)
    );
}

#[test]
fn malformed_usersigs_are_errors_not_panics() {
    let signer = demo_signer_at(VECTOR_TIME);
    let not_zlib = STANDARD.encode(b"plain text").replace('=', "_");
    let not_json = {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(b"{not json").expect("vec");
        STANDARD
            .encode(encoder.finish().expect("vec"))
            .replace('+', "*")
            .replace('/', "-")
            .replace('=', "_")
    };
    let missing_sig = encode_document(&json!({
        "TLS.ver": "2.0", "TLS.identifier": "alice", "TLS.sdkappid": DEMO_APP,
        "TLS.expire": 600, "TLS.time": VECTOR_TIME,
    }));
    let string_app_id = {
        let mut document = published_document();
        document["TLS.sdkappid"] = json!("1400000000");
        encode_document(&document)
    };
    let bad_userbuf = {
        let mut document = published_document();
        document["TLS.userbuf"] = json!("%%%");
        encode_document(&document)
    };
    for sig in [
        "",
        "not a usersig!",
        &not_zlib,
        &not_json,
        &missing_sig,
        &string_app_id,
        &bad_userbuf,
    ] {
        assert!(
            matches!(signer.verify("alice", sig), Err(UserSigError::Malformed(_))),
            "{sig:?} should be malformed"
        );
    }
}

#[test]
fn user_ids_must_be_non_empty_and_at_most_32_bytes() {
    let signer = demo_signer_at(VECTOR_TIME);
    assert!(signer.generate(&"a".repeat(MAX_USER_ID_BYTES), 600).is_ok());
    assert!(matches!(
        signer.generate(&"a".repeat(33), 600),
        Err(Error::Limit {
            max: 32,
            actual: 33,
            ..
        })
    ));
    assert!(matches!(
        signer.generate("", 600),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn debug_output_hides_the_secret() {
    let printed = format!("{:?}", UserSigSigner::new(DEMO_APP, DEMO_KEY));
    assert!(printed.contains("1400000000"));
    assert!(!printed.contains(DEMO_KEY));
}
