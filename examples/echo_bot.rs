//! An echo bot (`/echo <text>` answers `<text>`) on the embedded engine, with a simulated person
//! talking to it: `cargo run -p timbot --example echo_bot`

use async_trait::async_trait;
use timbot::backend::local::LocalEngine;
use timbot::core::event::Event;
use timbot::core::types::{ConvType, Elem, Message};
use timbot::core::Client;
use timbot::runtime::{
    Arg, Bot, BotConfig, Command, Context, HandlerResult, Matcher, Plugin, Runtime,
};

struct Echo;

#[async_trait]
impl Plugin for Echo {
    fn name(&self) -> &str {
        "echo"
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![Matcher::command(
            Command::new("echo").arg(Arg::rest("text")),
        )]
    }

    async fn on_message(&self, ctx: &Context, _message: &Message) -> HandlerResult {
        ctx.reply(ctx.arg_text("text")).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> timbot::core::Result<()> {
    let engine = LocalEngine::default();
    let signing = engine.clone();
    let bot = Bot::builder(BotConfig::new("echo", "echo_bot"), engine.backend())
        .signer(move |user: &str| signing.user_sig(user))
        .plugin(Echo)
        .build()?;
    let mut runtime = Runtime::new();
    runtime.spawn(bot).running().await;
    let alice = Client::new(engine.backend());
    let mut events = alice.login("alice", &engine.user_sig("alice")?).await?;
    let hello = Message::new(
        ConvType::C2C,
        "echo_bot",
        vec![Elem::text("/echo hello, timbot")],
    );
    alice.messages()?.send_message(hello).await?;
    while let Some(event) = events.recv().await {
        if let Event::NewMessage(reply) = event {
            println!("{}: {}", reply.sender, reply.plain_text());
            break;
        }
    }
    runtime.shutdown(std::time::Duration::from_secs(5)).await;
    Ok(())
}
