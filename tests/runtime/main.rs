//! Integration tests of the bot runtime, against the embedded engine with paused time.

mod bots;
mod dialogue;
mod dispatch;
mod events;
mod flow;
mod lifecycle;
mod matchers;
mod observability;
mod scoping;
mod support;
