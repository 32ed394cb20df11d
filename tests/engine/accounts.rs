//! Accounts and sessions: UserSig checks at login, one session per platform, expiry while
//! online, logout.

use std::time::Duration;

use timbot::backend::local::{EngineConfig, LocalEngine};
use timbot::core::backend::LoginRequest;
use timbot::core::codes;
use timbot::core::event::Event;
use timbot::core::types::Platform;
use timbot::core::usersig::UserSigSigner;
use timbot::core::{Backend, Error};

use crate::kit::{code, login, login_on, text_to};

async fn try_login(engine: &LocalEngine, user: &str, sig: &str) -> Result<(), Error> {
    engine.login(LoginRequest::new(user, sig)).await.map(|_| ())
}

#[tokio::test]
async fn a_valid_user_sig_logs_in() {
    let engine = LocalEngine::default();
    let sig = engine.user_sig("alice").unwrap();
    assert!(try_login(&engine, "alice", &sig).await.is_ok());
}

#[tokio::test(start_paused = true)]
async fn an_expired_user_sig_is_refused_with_70001() {
    let engine = LocalEngine::default();
    let sig = engine.user_sig_expiring("alice", 10).unwrap();
    tokio::time::advance(Duration::from_secs(12)).await;
    assert_eq!(
        code(try_login(&engine, "alice", &sig).await),
        codes::USER_SIG_EXPIRED_SERVER
    );
}

#[tokio::test]
async fn a_sig_signed_with_another_secret_is_refused_with_70009() {
    let engine = LocalEngine::default();
    let forged = UserSigSigner::new(engine.sdk_app_id(), "not-the-secret")
        .generate("alice", 3600)
        .unwrap();
    assert_eq!(
        code(try_login(&engine, "alice", &forged).await),
        codes::USER_SIG_WRONG_KEY
    );
}

#[tokio::test]
async fn a_sig_for_another_user_is_refused_with_70013() {
    let engine = LocalEngine::default();
    let bobs = engine.user_sig("bob").unwrap();
    assert_eq!(
        code(try_login(&engine, "alice", &bobs).await),
        codes::USER_SIG_WRONG_USER
    );
}

#[tokio::test]
async fn a_sig_for_another_app_is_refused_with_70014() {
    let engine = LocalEngine::default();
    let other = LocalEngine::new(EngineConfig {
        sdk_app_id: 1_400_000_001,
        ..EngineConfig::default()
    });
    let sig = other.user_sig("alice").unwrap();
    assert_eq!(
        code(try_login(&engine, "alice", &sig).await),
        codes::USER_SIG_WRONG_SDK_APP_ID
    );
}

#[tokio::test]
async fn garbage_and_empty_sigs_are_refused_with_70003_and_70002() {
    let engine = LocalEngine::default();
    assert_eq!(
        code(try_login(&engine, "alice", "not a sig").await),
        codes::USER_SIG_CHECK_FAILED
    );
    assert_eq!(
        code(try_login(&engine, "alice", "").await),
        codes::USER_SIG_EMPTY
    );
}

#[tokio::test]
async fn a_user_id_longer_than_32_bytes_is_refused_with_7003() {
    let engine = LocalEngine::default();
    let long = "x".repeat(33);
    assert_eq!(
        code(try_login(&engine, &long, "sig").await),
        codes::INVALID_IDENTIFIER
    );
}

#[tokio::test]
async fn a_second_login_on_the_same_platform_kicks_the_first() {
    let engine = LocalEngine::default();
    let mut first = login_on(&engine, "alice", Platform::Android).await;
    let second = login_on(&engine, "alice", Platform::Android).await;
    assert!(matches!(
        first.events.recv().await,
        Some(Event::KickedOffline)
    ));
    assert!(
        first.events.recv().await.is_none(),
        "the kicked session's stream ends"
    );
    let sent = first.session.send_message(text_to("alice", "hi")).await;
    assert!(matches!(sent, Err(Error::NotLoggedIn)));
    assert!(second
        .session
        .send_message(text_to("alice", "hi"))
        .await
        .is_ok());
}

#[tokio::test]
async fn logins_on_different_platforms_coexist() {
    let engine = LocalEngine::default();
    let mut phone = login_on(&engine, "alice", Platform::Android).await;
    let _desktop = login_on(&engine, "alice", Platform::Windows).await;
    assert!(phone.drain().is_empty(), "nobody was kicked");
    assert!(phone
        .session
        .send_message(text_to("alice", "hi"))
        .await
        .is_ok());
}

#[tokio::test(start_paused = true)]
async fn a_session_whose_sig_expires_online_gets_user_sig_expired() {
    let engine = LocalEngine::default();
    let sig = engine.user_sig_expiring("alice", 60).unwrap();
    let mut alice = engine.login(LoginRequest::new("alice", sig)).await.unwrap();
    tokio::time::advance(Duration::from_secs(59)).await;
    tokio::task::yield_now().await;
    assert!(alice.events.try_recv().is_none(), "still valid at 59 s");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(matches!(
        alice.events.recv().await,
        Some(Event::UserSigExpired)
    ));
    assert!(alice.events.recv().await.is_none(), "the session ends");
    let sent = alice.session.send_message(text_to("bob", "hi")).await;
    assert!(matches!(sent, Err(Error::NotLoggedIn)));
}

#[tokio::test]
async fn logout_ends_the_event_stream_and_the_session() {
    let engine = LocalEngine::default();
    let mut alice = login(&engine, "alice").await;
    alice.session.logout().await.unwrap();
    assert!(alice.events.recv().await.is_none());
    let sent = alice.session.send_message(text_to("alice", "hi")).await;
    assert!(matches!(sent, Err(Error::NotLoggedIn)));
}

#[tokio::test]
async fn a_client_logs_in_to_the_engine_like_to_the_real_service() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bob").unwrap();
    let client = timbot::core::Client::new(engine.backend());
    let mut events = client
        .login("alice", &engine.user_sig("alice").unwrap())
        .await
        .unwrap();
    assert_eq!(client.backend_name(), "local");
    client
        .messages()
        .unwrap()
        .send_message(text_to("bob", "hello"))
        .await
        .unwrap();
    client.logout().await.unwrap();
    assert!(events.recv().await.is_none(), "logout ends the stream");
}
