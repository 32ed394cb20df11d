//! Observability: a tracing span per event (bot, conversation, message id) with a child span per
//! plugin, and the counters the runtime exposes.

use std::sync::{Arc, Mutex};

use timbot::backend::local::LocalEngine;
use timbot::runtime::{Matcher, Runtime};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context as LayerContext, SubscriberExt};
use tracing_subscriber::Layer;

use crate::support::{bot, Act, Log, Person, Scripted};

/// Records every span: its name, its fields, and its parent's name.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<(String, String, Option<String>)>>>);

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl<S> Layer<S> for Spans
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: LayerContext<'_, S>) {
        let mut fields = Fields(String::new());
        attrs.record(&mut fields);
        let parent = ctx
            .span(id)
            .and_then(|span| span.parent().map(|p| p.name().to_owned()));
        self.0.lock().unwrap().push((
            attrs.metadata().name().to_owned(),
            fields.0.trim().to_owned(),
            parent,
        ));
    }
}

#[tokio::test(start_paused = true)]
async fn each_event_gets_a_span_with_its_ids_and_each_plugin_a_child_span() {
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "support", "bot")
            .plugin(Scripted::new("faq", Act::Record, &log).matcher(Matcher::keywords(["hi"])))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "hi").await;
    handle.wait_for_metrics(|m| m.handled == 1).await;
    let sent = alice
        .client
        .messages()
        .unwrap()
        .history(timbot::core::backend::HistoryQuery {
            conv_type: timbot::core::types::ConvType::C2C,
            conv_id: "bot".into(),
            count: 1,
            before: None,
        })
        .await
        .unwrap();
    let msg_id = &sent[0].msg_id;

    let recorded = spans.0.lock().unwrap().clone();
    let event = recorded
        .iter()
        .find(|(name, _, _)| name == "event")
        .expect("an event span");
    assert_eq!(
        event.1,
        format!("bot=support conv=c2c_alice msg_id={msg_id}"),
        "the event span names the bot, the conversation and the message"
    );
    let plugin = recorded
        .iter()
        .find(|(name, _, _)| name == "plugin")
        .expect("a plugin span");
    assert_eq!(plugin.1, "plugin=faq");
    assert_eq!(
        plugin.2.as_deref(),
        Some("event"),
        "inside the event's span"
    );

    let snapshot = runtime.total_metrics();
    assert_eq!((snapshot.received, snapshot.handled), (1, 1));
    assert_eq!(snapshot.in_flight(), 0);
}
