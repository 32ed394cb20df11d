//! Tests of the `timbot` host: bot file checks, the command line, and the shipped plugins it
//! assembles from bot files (calls, help), on the embedded engine with paused time.

mod calls;
mod check;
mod cli;
mod help;
mod scheduler;
mod store;
mod support;
mod terminal;
