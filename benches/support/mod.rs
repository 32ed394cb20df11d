//! What the benchmarks share: the machine's load next to each figure, percentiles, a global
//! allocator that counts the heap bytes in use (for the memory figures), the bots' 100 matchers
//! and message texts of the dispatch workload, and the fan-out workload's group.
//!
//! Each benchmark binary includes this module and uses a part of it, hence the `dead_code`
//! allowance.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use timbot::backend::local::{EngineConfig, LocalEngine};
use timbot::core::backend::CreateGroupParams;
use timbot::core::types::GroupType;
use timbot::runtime::{Arg, Command, Matcher};

/// The fan-out workload: an engine without the per-group rate limit (it would measure the
/// limit, not the engine) and a Community group of `members` accounts `m0`, `m1`, … created by
/// `m0`. Returns the engine, the member ids and the group id.
pub fn community_of(members: usize) -> timbot::core::Result<(LocalEngine, Vec<String>, String)> {
    let engine = LocalEngine::new(EngineConfig {
        group_messages_per_second: u32::MAX,
        ..EngineConfig::default()
    });
    let ids: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
    for id in &ids {
        engine.create_user(id, id)?;
    }
    let mut params = CreateGroupParams::new(GroupType::Community, "fan-out");
    params.members = ids[1..].to_vec();
    let group = engine.admin_create_group(&ids[0], params)?;
    Ok((engine, ids, group))
}

/// Command matchers in the dispatch workload (`/cmd0 <text…>` …).
pub const COMMANDS: usize = 50;
/// Regex matchers in the dispatch workload (`ticket-0 #(\d+)` …).
pub const REGEXES: usize = 50;

/// The dispatch workload's 100 matchers: [`COMMANDS`] commands, then [`REGEXES`] regexes.
pub fn desk_matchers() -> Vec<Matcher> {
    let commands = (0..COMMANDS)
        .map(|i| Matcher::command(Command::new(format!("cmd{i}")).arg(Arg::rest("text"))));
    let regexes = (0..REGEXES).map(|i| Matcher::regex(format!(r"ticket-{i} #(\d+)")));
    commands.chain(regexes).collect()
}

/// The text of message `seq` in the dispatch workload: one in ten calls a matcher (half of
/// them a command, half a regex); the rest is chat that no matcher takes.
pub fn desk_text(seq: u64) -> String {
    let pick = (seq / 10) as usize;
    match seq % 20 {
        0 => format!("/cmd{} {seq}", pick % COMMANDS),
        10 => format!("ticket-{} #{seq} is still open", pick % REGEXES),
        _ => format!("hello, is anyone there? this is message {seq}"),
    }
}

/// The 1-minute load average from `/proc/loadavg` ("?" where unreadable), to print next to a
/// figure: the box is shared, so a figure taken under load says so.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

/// CPU time used by this process so far (all threads, user and system), from
/// `/proc/self/stat` in clock ticks of 10 ms; zero where unreadable. Divided by the work done it
/// gives a cost per item that the other processes on the shared box do not distort.
pub fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces) start at field 3: state.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => Duration::from_millis((user + system) * 10),
        _ => Duration::ZERO,
    }
}

/// The value at fraction `p` (0.0–1.0) of `sorted` (ascending, non-empty).
pub fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// A duration in microseconds, for the tables.
pub fn micros(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1e6)
}

/// Counts the heap bytes currently allocated; install with `#[global_allocator]`.
pub struct Counting;

static ALLOCATED: AtomicIsize = AtomicIsize::new(0);

/// Heap bytes allocated now, as counted by [`Counting`].
pub fn allocated() -> isize {
    ALLOCATED.load(Ordering::Relaxed)
}

// SAFETY: delegates every call to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        ALLOCATED.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
