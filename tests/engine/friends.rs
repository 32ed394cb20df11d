//! Profiles, friends and the blocklist.

use timbot::backend::local::LocalEngine;
use timbot::core::backend::ProfileUpdate;
use timbot::core::codes;
use timbot::core::types::Gender;

use crate::kit::{code, ids, login};

#[tokio::test]
async fn profiles_are_read_and_changed() {
    let engine = LocalEngine::default();
    engine.create_user("bob", "Bobby").unwrap();
    let alice = login(&engine, "alice").await;
    alice
        .session
        .set_profile(ProfileUpdate {
            nick_name: Some("Al".into()),
            gender: Some(Gender::Female),
            ..ProfileUpdate::default()
        })
        .await
        .unwrap();
    let profiles = alice
        .session
        .profiles(&ids(&["alice", "bob", "ghost"]))
        .await
        .unwrap();
    let nicks: Vec<_> = profiles
        .iter()
        .map(|p| (p.identifier.as_str(), p.nick_name.as_str()))
        .collect();
    assert_eq!(nicks, [("alice", "Al"), ("bob", "Bobby")]);
    assert_eq!(profiles[0].gender, Gender::Female);
}

#[tokio::test]
async fn friends_are_added_both_ways_and_removed() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    alice.session.add_friend("bob", "hello").await.unwrap();
    assert_eq!(
        code(alice.session.add_friend("bob", "").await),
        codes::FRIENDSHIP_ALREADY_FRIENDS
    );
    assert_eq!(alice.session.friends().await.unwrap()[0].identifier, "bob");
    assert_eq!(bob.session.friends().await.unwrap()[0].identifier, "alice");
    alice.session.delete_friend("bob").await.unwrap();
    assert!(bob.session.friends().await.unwrap().is_empty());
    assert_eq!(
        code(alice.session.delete_friend("bob").await),
        codes::FRIENDSHIP_DELETE_NON_FRIEND
    );
}

#[tokio::test]
async fn blocking_ends_the_friendship_and_stops_requests() {
    let engine = LocalEngine::default();
    let alice = login(&engine, "alice").await;
    let bob = login(&engine, "bob").await;
    alice.session.add_friend("bob", "").await.unwrap();
    bob.session
        .add_to_blacklist(&ids(&["alice"]))
        .await
        .unwrap();
    assert_eq!(bob.session.blacklist().await.unwrap(), ["alice"]);
    assert!(alice.session.friends().await.unwrap().is_empty());
    assert_eq!(
        code(alice.session.add_friend("bob", "").await),
        codes::FRIENDSHIP_IN_PEER_BLACKLIST
    );
    assert_eq!(
        code(bob.session.add_friend("alice", "").await),
        codes::FRIENDSHIP_IN_SELF_BLACKLIST
    );
    bob.session
        .remove_from_blacklist(&ids(&["alice"]))
        .await
        .unwrap();
    assert!(bob.session.blacklist().await.unwrap().is_empty());
    assert!(alice.session.add_friend("bob", "").await.is_ok());
}
