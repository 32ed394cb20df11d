//! The Store contract, checked on every implementation: memory and file with paused time
//! (`local`), Redis against a `redis-server` the tests start (`redis`).

mod local;
mod redis;
mod scenarios;
