//! Observability: a tracing span per event (bot, conversation, message id) with a child span per
//! plugin, and the counters the runtime exposes.

use std::sync::{Arc, Mutex, OnceLock};

use timbot::backend::local::LocalEngine;
use timbot::runtime::{Matcher, Runtime};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context as LayerContext, SubscriberExt};
use tracing_subscriber::Layer;

use crate::support::{bot, Act, Log, Person, Scripted};

/// One recorded span: its name, its fields, and its parent's fields.
type SpanRecord = (String, String, Option<String>);

/// Records every span.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<SpanRecord>>>);

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
        let fields = fields.0.trim().to_owned();
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Fields(fields.clone()));
        }
        let parent = ctx.span(id).and_then(|span| {
            let parent = span.parent()?;
            let extensions = parent.extensions();
            extensions.get::<Fields>().map(|f| f.0.clone())
        });
        self.0
            .lock()
            .unwrap()
            .push((attrs.metadata().name().to_owned(), fields, parent));
    }
}

/// The spans of every test of this binary: one global subscriber, set once (a per-test
/// subscriber would race with the other tests' threads over tracing's callsite cache).
fn spans() -> Spans {
    static SPANS: OnceLock<Spans> = OnceLock::new();
    SPANS
        .get_or_init(|| {
            let spans = Spans::default();
            let subscriber = tracing_subscriber::registry().with(spans.clone());
            tracing::subscriber::set_global_default(subscriber)
                .expect("the only global subscriber");
            spans
        })
        .clone()
}

#[tokio::test(start_paused = true)]
async fn each_event_gets_a_span_with_its_ids_and_each_plugin_a_child_span() {
    let spans = spans();

    let engine = LocalEngine::default();
    let log = Log::default();
    let mut runtime = Runtime::new();
    let handle = runtime.spawn(
        bot(&engine, "observed", "bot")
            .plugin(Scripted::new("faq", Act::Record, &log).matcher(Matcher::keywords(["hi"])))
            .build()
            .unwrap(),
    );
    handle.running().await;
    let alice = Person::login(&engine, "alice").await;
    alice.say_to("bot", "hi").await;
    handle.wait_for_metrics(|m| m.handled == 1).await;
    let sent = alice
        .client()
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
    let event_fields = format!("bot=observed conv=c2c_alice msg_id={msg_id}");
    assert!(
        recorded
            .iter()
            .any(|(name, fields, _)| name == "event" && *fields == event_fields),
        "an event span names the bot, the conversation and the message"
    );
    let plugin = recorded
        .iter()
        .find(|(name, _, parent)| name == "plugin" && parent.as_deref() == Some(&event_fields))
        .expect("a plugin span inside the event's span");
    assert_eq!(plugin.1, "plugin=faq");

    let snapshot = runtime.total_metrics();
    assert_eq!((snapshot.received, snapshot.handled), (1, 1));
    assert_eq!(snapshot.in_flight(), 0);
}
