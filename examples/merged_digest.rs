//! A merged digest: a combined-forward message with a title, abstract lines and a compatible
//! text, holding another merged message, opened by the receiver.
//!
//! Runs on the embedded engine: `cargo run -p timbot --example merged_digest`.

use timbot::backend::local::LocalEngine;
use timbot::core::{Client, Event};
use timbot::message::{Entry, Incoming, MergedMessage, MessageBuilder, Opened, Target};

#[tokio::main]
async fn main() -> timbot::core::Result<()> {
    let engine = LocalEngine::default();
    let bot = Client::new(engine.backend());
    bot.login("digest_bot", &engine.user_sig("digest_bot")?)
        .await?;
    let person = Client::new(engine.backend());
    let mut inbox = person.login("alice", &engine.user_sig("alice")?).await?;

    let now = engine.now_unix();
    let incident = MergedMessage::new("Incident #42")
        .entry(Entry::text("oncall", now - 600, "db latency up").nick("On-call"))
        .entry(Entry::text("oncall", now - 300, "fixed, index added").nick("On-call"));
    let digest = MergedMessage::new("Daily digest")
        .abstract_line("3 deploys, 1 incident")
        .compatible_text("Daily digest: 3 deploys, 1 incident (update your app to open it)")
        .entry(Entry::text(
            "deploy_bot",
            now - 900,
            "deployed api v1.4, web v2.0, jobs v0.9",
        ))
        .entry(Entry::merged("digest_bot", now - 60, incident));
    MessageBuilder::new(Target::user("alice"))
        .merged(digest)
        .excluded_from_unread_count()
        .send(&bot)
        .await?;

    while let Some(event) = inbox.recv().await {
        if let Event::NewMessage(message) = event {
            println!("old clients show: {}", message.display_text());
            if let Some(opened) = message.open_merged() {
                print_merged(&opened, 0);
            }
            break;
        }
    }
    Ok(())
}

/// Print a merged message and the ones nested in it, indented by level.
fn print_merged(merged: &Opened, level: usize) {
    let indent = "  ".repeat(level);
    println!(
        "{indent}[{}] {}",
        merged.title,
        merged.abstract_list.join(" | ")
    );
    for entry in &merged.entries {
        match &entry.nested {
            Some(inner) => print_merged(inner, level + 1),
            None => println!(
                "{indent}  {}: {}",
                entry.sender_name(),
                entry.message.display_text()
            ),
        }
    }
}
