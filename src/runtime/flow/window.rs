//! A sliding-window budget: at most `capacity` admissions in any one second.
//!
//! Admissions are stamped with tokio's clock, so tests with paused time see exact budgets. A
//! sliding window is stricter than the fixed one-second windows a service may count in: any
//! sequence it admits also fits those.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The span every budget counts over: the service's limits are per second.
pub(crate) const WINDOW: Duration = Duration::from_secs(1);

/// A sliding-window budget shared by everything that sends through it.
#[derive(Debug)]
pub(crate) struct Window {
    capacity: usize,
    /// When the admissions of the last [`WINDOW`] happened, oldest first.
    admitted: Mutex<VecDeque<Instant>>,
}

impl Window {
    /// A budget of `capacity` admissions per second.
    pub(crate) fn new(capacity: NonZeroU32) -> Self {
        Window {
            capacity: usize::try_from(capacity.get()).unwrap_or(usize::MAX),
            admitted: Mutex::new(VecDeque::new()),
        }
    }

    /// Wait until one more admission fits, and count it.
    pub(crate) async fn admit(&self) {
        loop {
            let wait_until = {
                let now = Instant::now();
                let mut admitted = self.admitted.lock().unwrap_or_else(|p| p.into_inner());
                while admitted
                    .front()
                    .is_some_and(|first| now.saturating_duration_since(*first) >= WINDOW)
                {
                    admitted.pop_front();
                }
                match admitted.front() {
                    Some(first) if admitted.len() >= self.capacity => *first + WINDOW,
                    _ => {
                        admitted.push_back(now);
                        return;
                    }
                }
            };
            tokio::time::sleep_until(wait_until).await;
        }
    }

    /// Whether nothing was admitted in the last second (forgetting the window loses nothing).
    pub(crate) fn is_idle(&self) -> bool {
        let admitted = self.admitted.lock().unwrap_or_else(|p| p.into_inner());
        admitted.back().is_none_or(|last| last.elapsed() >= WINDOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(n: u32) -> Window {
        Window::new(NonZeroU32::new(n).unwrap())
    }

    #[tokio::test(start_paused = true)]
    async fn admits_the_capacity_at_once_then_waits_for_the_oldest_to_age_out() {
        let window = budget(3);
        let start = Instant::now();
        for _ in 0..3 {
            window.admit().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        window.admit().await;
        assert_eq!(start.elapsed(), WINDOW);
    }

    #[tokio::test(start_paused = true)]
    async fn slides_rather_than_resetting_on_the_second() {
        let window = budget(2);
        let start = Instant::now();
        window.admit().await;
        tokio::time::advance(Duration::from_millis(600)).await;
        window.admit().await;
        // The first admission ages out at 1.0 s, the second only at 1.6 s.
        window.admit().await;
        assert_eq!(start.elapsed(), WINDOW);
        window.admit().await;
        assert_eq!(start.elapsed(), Duration::from_millis(1600));
    }

    #[tokio::test(start_paused = true)]
    async fn is_idle_a_second_after_the_last_admission() {
        let window = budget(5);
        assert!(window.is_idle());
        window.admit().await;
        assert!(!window.is_idle());
        tokio::time::advance(WINDOW).await;
        assert!(window.is_idle());
    }
}
