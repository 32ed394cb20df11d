//! Integration tests of the customer-service plugin on the test kit (`timbot::testing`): a
//! support bot on the embedded engine, people writing to it, paused time.

mod faq;
mod handoff;
mod intake;
mod knowledge_file;
mod office_hours;
mod restart;
mod support;
