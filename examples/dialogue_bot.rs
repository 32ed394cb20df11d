//! A bot with a dialogue: `/order` asks what and where to, two minutes per answer, then its
//! timeout hook speaks up. A person orders through the test kit:
//! `cargo run -p timbot --example dialogue_bot`

use timbot::core::types::Message;
use timbot::runtime::{Command, Context, ExpiredDialogue, HandlerResult, Matcher, Plugin};
use timbot::testing::TestKit;

/// Takes orders; its dialogue's state is the dish, once chosen.
struct Waiter;

#[async_trait::async_trait]
impl Plugin for Waiter {
    fn name(&self) -> &str {
        "waiter"
    }

    fn matchers(&self) -> Vec<Matcher> {
        vec![Matcher::command(Command::new("order"))]
    }

    async fn on_message(&self, ctx: &Context, message: &Message) -> HandlerResult {
        let (order, text) = (ctx.dialogue::<Option<String>>(), message.plain_text());
        if ctx.hit().is_some() {
            order
                .start(None, std::time::Duration::from_secs(120))
                .await?;
            ctx.reply("What would you like?").await?;
        } else if let Some(None) = order.get().await? {
            order.update(Some(text)).await?;
            ctx.reply("Where to?").await?;
        } else if let Some(Some(dish)) = order.end().await? {
            ctx.reply(format!("{dish} is on its way to {text}."))
                .await?;
        }
        Ok(())
    }

    async fn on_dialogue_timeout(&self, ctx: &Context, _: &ExpiredDialogue) -> HandlerResult {
        ctx.reply("No answer, so no order; send /order again.")
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() {
    let mut kit = TestKit::new();
    kit.run(kit.bot("waiter", "waiter_bot").plugin(Waiter))
        .await;
    let mut alice = kit.person("alice").await;
    for text in ["/order", "noodles", "Main Street 1"] {
        alice.say_to("waiter_bot", text).await;
        let reply = alice.expect_reply("waiter_bot").await;
        println!("alice: {text}\nwaiter: {}", reply.plain_text());
    }
}
