//! Integration tests of the customer-service plugin: a bot on the embedded engine, with people
//! writing to it, in paused time.

mod faq;
mod handoff;
mod knowledge_file;
mod office_hours;
mod support;
