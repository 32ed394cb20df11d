//! [`RedisServer`]: a throwaway `redis-server` for tests of code that keeps its state in a
//! [`RedisStore`](crate::store::RedisStore): its own process, on a Unix socket in a fresh temp
//! directory (no port to collide on), persisting nothing, stopped and removed when dropped.
//!
//! Tests against it run in real time (`#[tokio::test]`, not `start_paused`): the server's clock
//! cannot be paused, and under a paused tokio clock the client's timeouts would fire while it
//! waits for the server's answer.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// A running `redis-server`, stopped when dropped. The `redis-server` program must be on the
/// `PATH` (Debian's `redis-server` package; the project's `scripts/test` installs it).
#[derive(Debug)]
pub struct RedisServer {
    process: Child,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts a server and returns once it accepts connections.
    ///
    /// # Panics
    ///
    /// When `redis-server` cannot be started or exits before it is ready (this is test code).
    pub fn start() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "timbot-redis-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create the Redis server's temp dir");
        let mut process = Command::new("redis-server")
            .args(["--port", "0", "--save", "", "--appendonly", "no"])
            .arg("--unixsocket")
            .arg(dir.join("redis.sock"))
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start redis-server ({e}); install it (Debian: apt-get install \
                     redis-server; scripts/test does) to run the Redis store tests"
                )
            });
        let log = BufReader::new(process.stdout.take().expect("piped stdout"));
        let mut lines = log.lines();
        // The server says when it is ready ("Ready to accept connections" on TCP, "… now ready
        // to accept connections at <socket>" on a socket only); reading its log waits for it.
        let ready = lines.by_ref().map_while(Result::ok).any(|line| {
            line.to_ascii_lowercase()
                .contains("ready to accept connections")
        });
        assert!(ready, "redis-server exited before it was ready");
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { process, dir }
    }

    /// The URL to connect to it (`redis+unix://…`).
    pub fn url(&self) -> String {
        format!("redis+unix://{}", self.dir.join("redis.sock").display())
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
