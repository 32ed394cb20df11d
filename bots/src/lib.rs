//! The `timbot` host: everything the binary does, as a library so that it can be tested.
//!
//! - [`registry`]: the shipped plugins by name (`[plugins.<name>]` enables one).
//! - [`check`]: validating a bot file, reporting every error with file and line.
//! - [`locate`]: the line of a table or key of a bot file.
//! - [`backend_choice`]: which IM service a bot file asks for.
//! - [`store_choice`]: where the bots keep their state (`[store]`).
//! - [`assemble`]: building the bots of a file on a backend.
//! - [`run`]: `timbot run`: start the bots, chat from the terminal, stop on Ctrl-C.
//! - [`terminal`]: the terminal chat with the bots on the embedded engine.
//! - [`logging`]: readable `tracing` logs.

pub mod assemble;
pub mod backend_choice;
pub mod check;
pub mod locate;
pub mod logging;
pub mod registry;
pub mod run;
pub mod store_choice;
pub mod terminal;
