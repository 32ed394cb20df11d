//! A custom card: a typed JSON payload with a `businessID` (the UI kits' convention), and a
//! description that plain clients show instead.
//!
//! Runs on the embedded engine: `cargo run -p timbot --example custom_card`.

use serde::{Deserialize, Serialize};
use timbot::backend::local::LocalEngine;
use timbot::core::{Client, Event};
use timbot::message::{BusinessPayload, CustomMessage, Incoming, MessageBuilder, Target};

/// The card the bot sends.
#[derive(Debug, Serialize, Deserialize)]
struct OrderCard {
    order_id: String,
    status: String,
    url: String,
}

impl BusinessPayload for OrderCard {
    const BUSINESS_ID: &'static str = "order_card";
}

#[tokio::main]
async fn main() -> timbot::core::Result<()> {
    let engine = LocalEngine::default();
    let bot = Client::new(engine.backend());
    bot.login("shop_bot", &engine.user_sig("shop_bot")?).await?;
    let person = Client::new(engine.backend());
    let mut inbox = person.login("alice", &engine.user_sig("alice")?).await?;

    let card = OrderCard {
        order_id: "A-17".into(),
        status: "shipped".into(),
        url: "https://shop.example.com/orders/A-17".into(),
    };
    MessageBuilder::new(Target::user("alice"))
        .custom(CustomMessage::payload(&card)?.description("Your order A-17 has shipped"))
        .offline_push("Shop", "Your order A-17 has shipped")
        .send(&bot)
        .await?;

    while let Some(event) = inbox.recv().await {
        if let Event::NewMessage(message) = event {
            println!("plain clients show: {}", message.display_text());
            match message.custom_payload::<OrderCard>()? {
                Some(card) => println!("card: {card:?}"),
                None => println!("not an order card"),
            }
            break;
        }
    }
    Ok(())
}
