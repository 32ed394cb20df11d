//! The scheduler: cron jobs in a named time zone, fixed intervals and one-shot times, kept in
//! the [Store](crate::store) so they survive restarts, fired once even with several replicas.
//!
//! - [`Trigger`] / [`Schedule`] (`trigger.rs`): when a job fires, including daylight-saving
//!   changes.
//! - [`Misfire`] (`misfire.rs`): what happens to fire times missed during downtime.
//! - [`JobSpec`], [`JobAction`], [`JobHandler`] (`job.rs`): what a job is and who runs it.
//! - [`Scheduler`] (`runner.rs`): the running scheduler and its API (add, pause, resume,
//!   remove, run now, list).
//! - [`JobDecl`] (`toml.rs`): jobs declared in a bot file.
//!
//! ```no_run
//! # async fn example() -> timbot::core::Result<()> {
//! use std::sync::Arc;
//! use timbot::scheduler::{handler_fn, JobAction, JobSpec, Scheduler, SchedulerConfig, Trigger};
//! use timbot::store::MemoryStore;
//!
//! let scheduler = Scheduler::new(Arc::new(MemoryStore::new()), SchedulerConfig::default());
//! scheduler.register_handler(
//!     "announce",
//!     handler_fn(|firing| async move {
//!         println!("{} fires for {}: {}", firing.job_id, firing.scheduled_at, firing.payload);
//!         Ok(())
//!     }),
//! );
//! scheduler.start().await?;
//! let trigger = Trigger::cron("0 0 9 * * Mon-Fri", "Asia/Shanghai")?;
//! let action = JobAction::callback("announce", serde_json::json!({ "text": "Good morning" }));
//! scheduler.add(JobSpec::new("morning", trigger, action)).await?;
//! # Ok(())
//! # }
//! ```

mod job;
mod misfire;
mod queue;
mod runner;
mod toml;
mod trigger;
mod turns;

pub use self::toml::{jobs_from_toml, parse_duration, JobDecl};
pub use self::toml::{take_keys, Timing};
pub use crate::store::Clock;
pub use job::{
    handler_fn, Firing, FiringReason, FnHandler, JobAction, JobHandler, JobInfo, JobSpec,
    RetryPolicy, MAX_BACKOFF,
};
pub use misfire::{Misfire, MisfirePolicy};
pub use runner::{Scheduler, SchedulerConfig};
pub use trigger::{Schedule, Trigger};
