//! The `[store]` section opened for real: a Redis store shared by two replicas of a bot file
//! (on a throwaway `redis-server`), and the error when the URL's variable is not set.

use std::path::Path;

use timbot::testing::RedisServer;
use timbot_host::store_choice::{choose, open};

fn section(text: &str) -> toml::Value {
    toml::from_str(text).unwrap()
}

#[tokio::test]
async fn two_replicas_of_a_bot_file_share_one_redis_store() {
    let server = RedisServer::start();
    let written = section(&format!(
        "kind = \"redis\"\nurl = \"{}\"\nnamespace = \"support:\"\n",
        server.url()
    ));
    let choice = choose(Some(&written), Path::new("bots/support.toml")).unwrap();
    assert!(choice.is_shared(), "a Redis store is what replicas share");
    let file = section("kind = \"file\"\npath = \"a.db\"\n");
    assert!(!choose(Some(&file), Path::new("a.toml"))
        .unwrap()
        .is_shared());
    let (one, two) = (open(&choice).await.unwrap(), open(&choice).await.unwrap());
    assert!(one
        .acquire_lease(
            "fire/daily",
            "replica-1",
            std::time::Duration::from_secs(60)
        )
        .await
        .unwrap());
    assert!(!two
        .acquire_lease(
            "fire/daily",
            "replica-2",
            std::time::Duration::from_secs(60)
        )
        .await
        .unwrap());
    one.set("desk", b"open".to_vec(), None).await.unwrap();
    assert_eq!(two.get("desk").await.unwrap(), Some(b"open".to_vec()));

    let elsewhere = section(&format!(
        "kind = \"redis\"\nurl = \"{}\"\nnamespace = \"announcer:\"\n",
        server.url()
    ));
    let other_file = open(&choose(Some(&elsewhere), Path::new("a.toml")).unwrap())
        .await
        .unwrap();
    assert_eq!(
        other_file.get("desk").await.unwrap(),
        None,
        "namespaces apart"
    );
}

#[tokio::test]
async fn an_unset_url_variable_is_named_when_the_store_opens() {
    let written = section("kind = \"redis\"\nurl_env = \"TIMBOT_TEST_NEVER_SET_REDIS_URL\"\n");
    let choice = choose(Some(&written), Path::new("bot.toml")).unwrap();
    let error = open(&choice).await.err().expect("no URL to connect to");
    assert!(
        error
            .to_string()
            .contains("TIMBOT_TEST_NEVER_SET_REDIS_URL (url_env) is not set"),
        "{error}"
    );
}
