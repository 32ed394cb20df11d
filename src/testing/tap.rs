//! [`Tap`]: a backend in front of another that lets a test push events into a bot's event
//! stream — a before-send question, a signaling invitation, a message the engine would never
//! deliver (the bot's own echo) — as if the service had sent them.

use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use crate::core::backend::{Backend, LoggedIn, LoginRequest};
use crate::core::event::{event_channel, BeforeSend, Event, EventSender, Verdict};
use crate::core::types::Message;
use crate::core::Result;

/// A backend that forwards everything to an inner backend and, in front of the event stream of
/// the session that logged in last, lets the test add events of its own ([`Tap::inject`]).
///
/// Build the bot on the tap instead of the engine's backend ([`TestKit::tapped_bot`] does it
/// for a kit's engine), start it, then inject:
///
/// ```
/// use timbot::core::event::Verdict;
/// use timbot::core::types::{ConvType, Elem, Message};
/// use timbot::runtime::BotConfig;
/// use timbot::testing::TestKit;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let mut kit = TestKit::new();
/// let (bot, tap) = kit.tapped_bot(BotConfig::new("quiet", "bot"));
/// kit.run(bot).await;
/// // No plugin objects, so the message may go out as it is.
/// let message = Message::new(ConvType::Group, "team", vec![Elem::text("hello")]);
/// assert_eq!(tap.ask_before_send(message).await, Verdict::Allow);
/// # }
/// ```
///
/// [`TestKit::tapped_bot`]: super::TestKit::tapped_bot
pub struct Tap {
    inner: Arc<dyn Backend>,
    deliver_messages_twice: bool,
    sender: Mutex<Option<EventSender>>,
}

impl std::fmt::Debug for Tap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tap")
            .field("inner", &self.inner.name())
            .field("deliver_messages_twice", &self.deliver_messages_twice)
            .finish_non_exhaustive()
    }
}

impl Tap {
    /// A tap in front of `inner`, passing its events on as they come.
    pub fn new(inner: Arc<dyn Backend>) -> Arc<Tap> {
        Arc::new(Tap {
            inner,
            deliver_messages_twice: false,
            sender: Mutex::new(None),
        })
    }

    /// A tap in front of `inner` that passes every new message on twice (as the service may
    /// after a reconnect), to test that a bot handles each message once.
    pub fn delivering_messages_twice(inner: Arc<dyn Backend>) -> Arc<Tap> {
        Arc::new(Tap {
            inner,
            deliver_messages_twice: true,
            sender: Mutex::new(None),
        })
    }

    /// Push `event` into the stream of the session that logged in last through the tap, after
    /// the events already passed on. Panics when no session has logged in yet or when its
    /// reader has gone away (the bot stopped).
    pub fn inject(&self, event: Event) {
        let Some(sender) = self.sender().clone() else {
            panic!("nothing has logged in through the tap yet: start the bot first");
        };
        assert!(
            sender.send(event),
            "the bot no longer reads its events (it stopped)"
        );
    }

    /// Ask the bot, as the service would, whether `message` may be delivered, and wait for its
    /// verdict. Panics when the bot drops the question unanswered.
    pub async fn ask_before_send(&self, message: Message) -> Verdict {
        let (question, answer) = BeforeSend::new(Arc::new(message));
        self.inject(Event::BeforeSend(question));
        match answer.await {
            Ok(verdict) => verdict,
            Err(_) => panic!("the bot dropped the before-send question unanswered"),
        }
    }

    fn sender(&self) -> MutexGuard<'_, Option<EventSender>> {
        self.sender
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Backend for Tap {
    fn name(&self) -> &'static str {
        "tap"
    }

    async fn login(&self, request: LoginRequest) -> Result<LoggedIn> {
        let LoggedIn {
            session,
            mut events,
        } = self.inner.login(request).await?;
        let (sender, stream) = event_channel();
        *self.sender() = Some(sender.clone());
        let twice = self.deliver_messages_twice;
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                let again = twice && matches!(event, Event::NewMessage(_));
                if again && !sender.send(event.clone()) {
                    return;
                }
                if !sender.send(event) {
                    return;
                }
            }
        });
        Ok(LoggedIn {
            session,
            events: stream,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::types::{ConvType, Elem};
    use crate::runtime::{BotConfig, Context, Plugin};
    use crate::testing::TestKit;

    /// Blocks every message that mentions "secret".
    struct Censor;

    #[async_trait]
    impl Plugin for Censor {
        fn name(&self) -> &str {
            "censor"
        }

        async fn before_send(&self, _ctx: &Context, message: &Message) -> Verdict {
            if message.plain_text().contains("secret") {
                Verdict::Block
            } else {
                Verdict::Allow
            }
        }
    }

    fn group_message(text: &str) -> Message {
        Message::new(ConvType::Group, "team", vec![Elem::text(text)])
    }

    #[tokio::test(start_paused = true)]
    async fn a_before_send_question_reaches_the_bot_and_its_verdict_comes_back() {
        let mut kit = TestKit::new();
        let (bot, tap) = kit.tapped_bot(BotConfig::new("censor", "bot"));
        kit.run(bot.plugin(Censor)).await;
        let secret = tap.ask_before_send(group_message("the secret plan")).await;
        assert_eq!(secret, Verdict::Block);
        let plain = tap.ask_before_send(group_message("lunch?")).await;
        assert_eq!(plain, Verdict::Allow);
    }

    #[tokio::test(start_paused = true)]
    async fn the_engines_events_still_reach_the_bot_and_twice_when_asked() {
        let kit = TestKit::new();
        let bob = kit.person("bob").await;
        kit.engine().create_user("carol", "carol").unwrap();
        let tap = Tap::delivering_messages_twice(kit.engine().backend());
        let sig = kit.engine().user_sig("carol").unwrap();
        let mut events = tap
            .login(LoginRequest::new("carol", sig))
            .await
            .unwrap()
            .events;
        bob.say_to("carol", "hi").await;
        let mut texts = Vec::new();
        while texts.len() < 2 {
            match events.recv().await {
                Some(Event::NewMessage(m)) => texts.push(m.plain_text()),
                Some(_) => {}
                None => panic!("carol's session ended"),
            }
        }
        assert_eq!(texts, ["hi", "hi"]);
        assert!(
            events.try_recv().is_none(),
            "each message came exactly twice"
        );
    }

    #[test]
    #[should_panic(expected = "nothing has logged in through the tap yet")]
    fn injecting_before_a_login_panics_with_a_hint() {
        let tap = Tap::new(TestKit::new().engine().backend());
        tap.inject(Event::BeforeSend(
            BeforeSend::new(Arc::new(group_message("x"))).0,
        ));
    }
}
