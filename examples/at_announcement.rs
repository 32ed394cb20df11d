//! An @ announcement in a group: @all plus two members, with the `@name` tokens in the text in
//! the same order as the @ list, as a receiver (and the REST API's `GroupAtInfo`) sees it.
//!
//! Runs on the embedded engine: `cargo run -p timbot --example at_announcement`.

use timbot::backend::local::LocalEngine;
use timbot::core::backend::CreateGroupParams;
use timbot::core::rest::RestMessage;
use timbot::core::types::{GroupType, MsgPriority};
use timbot::core::{Client, Event};
use timbot::message::{Incoming, MessageBuilder, Target};

#[tokio::main]
async fn main() -> timbot::core::Result<()> {
    let engine = LocalEngine::default();
    for (id, nick) in [("ops_bot", "Ops"), ("alice", "Alice"), ("bob", "Bob")] {
        engine.create_user(id, nick)?;
    }
    let bot = Client::new(engine.backend());
    bot.login("ops_bot", &engine.user_sig("ops_bot")?).await?;
    let person = Client::new(engine.backend());
    let mut inbox = person.login("alice", &engine.user_sig("alice")?).await?;

    let mut params = CreateGroupParams::new(GroupType::Public, "Release team");
    params.members = vec!["alice".into(), "bob".into()];
    let group_id = engine.admin_create_group("ops_bot", params)?;

    MessageBuilder::new(Target::group(&group_id, GroupType::Public))
        .at_all()
        .text("release 2.0 goes out at 17:00.")
        .at("alice", "Alice")
        .at("bob", "Bob")
        .text("please watch the dashboards")
        .priority(MsgPriority::High)
        .send(&bot)
        .await?;

    while let Some(event) = inbox.recv().await {
        if let Event::NewMessage(message) = event {
            println!("text: {}", message.plain_text());
            println!("@ list: {:?}", message.group_at_user_array);
            println!("alice is addressed: {}", message.is_mentioned("alice"));
            let rest = RestMessage::from_message(&message)?;
            println!(
                "REST GroupAtInfo: {}",
                serde_json::to_string(&rest.group_at_info).unwrap_or_default()
            );
            break;
        }
    }
    Ok(())
}
