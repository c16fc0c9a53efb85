//! When a lost worker may start again: backoff 0.5 s doubling to 30 s, at most 5 restarts in
//! 5 minutes, and the heartbeat that decides a worker is lost. Plain bookkeeping, no processes.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Heartbeats and restarts.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub heartbeat: Duration,
    /// Heartbeats missed in a row before the worker is replaced.
    pub missed: u32,
    pub backoff_start: Duration,
    pub backoff_max: Duration,
    /// At most this many restarts within `budget_window`.
    pub budget: usize,
    pub budget_window: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            heartbeat: Duration::from_secs(1),
            missed: 5,
            backoff_start: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            budget: 5,
            budget_window: Duration::from_secs(300),
        }
    }
}

/// The restart bookkeeping, apart from processes so it can be tested on its own.
#[derive(Debug)]
pub struct Restarts {
    policy: Policy,
    times: VecDeque<Instant>,
    next_delay: Duration,
}

impl Restarts {
    pub fn new(policy: Policy) -> Self {
        Self { policy, times: VecDeque::new(), next_delay: policy.backoff_start }
    }

    /// A worker was lost at `now`: the delay before the next start, or None when the budget
    /// of restarts in the window is spent.
    pub fn lost(&mut self, now: Instant) -> Option<Duration> {
        while self.times.front().is_some_and(|&t| now.duration_since(t) >= self.policy.budget_window) {
            self.times.pop_front();
        }
        if self.times.len() >= self.policy.budget {
            return None;
        }
        self.times.push_back(now);
        let delay = self.next_delay;
        self.next_delay = (self.next_delay * 2).min(self.policy.backoff_max);
        Some(delay)
    }

    /// A worker stayed up long enough to count as healthy: the next loss starts again at the
    /// shortest delay (the budget window still remembers earlier restarts).
    pub fn healthy(&mut self) {
        self.next_delay = self.policy.backoff_start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_half_a_second_to_thirty() {
        let mut r = Restarts::new(Policy { budget: 100, ..Policy::default() });
        let t = Instant::now();
        let delays: Vec<u64> = (0..9).map(|i| r.lost(t + Duration::from_secs(i)).unwrap().as_millis() as u64).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        r.healthy();
        assert_eq!(r.lost(t + Duration::from_secs(10)), Some(Duration::from_millis(500)));
    }

    #[test]
    fn at_most_five_restarts_in_five_minutes() {
        let mut r = Restarts::new(Policy::default());
        let t = Instant::now();
        for i in 0..5 {
            assert!(r.lost(t + Duration::from_secs(i)).is_some(), "restart {i}");
        }
        assert_eq!(r.lost(t + Duration::from_secs(10)), None, "the sixth within the window is refused");
        // Once the first restart is five minutes old, one more is allowed.
        assert!(r.lost(t + Duration::from_secs(300)).is_some());
    }
}
