//! Pixel shift (burn-in protection): every widget on a display moves together by 1 px in one of
//! eight directions, `rate` times a minute, never more than [`MAX_DRIFT`] px from home on
//! either axis. Away from the limit it prefers to drift outward (80 %), then sideways (75 % of
//! the rest), then back; at the limit it only comes back. A shift that falls due during a
//! transition waits for the transition to end.
//!
//! One offset per display, applied to each top-level widget; widgets placed relative to
//! another move with it and are never shifted on their own.

use crate::rng::Rng;
use std::time::{Duration, Instant};

pub const MAX_DRIFT: i32 = 4;

const DIRECTIONS: [(i32, i32); 8] = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)];

pub struct PixelShift {
    offset: (i32, i32),
    interval: Duration,
    next: Instant,
    rng: Rng,
}

impl PixelShift {
    /// `rate` shifts a minute (clamped to 1–5), the first one interval after `now`.
    pub fn new(rate: u32, now: Instant, rng: Rng) -> Self {
        let interval = Duration::from_millis(60_000 / u64::from(rate.clamp(1, 5)));
        Self { offset: (0, 0), interval, next: now + interval, rng }
    }

    pub fn offset(&self) -> (i32, i32) {
        self.offset
    }

    /// Moves the offset if a shift is due and no transition runs; true when it moved.
    pub fn tick(&mut self, now: Instant, transition_running: bool) -> bool {
        if now < self.next || transition_running {
            return false;
        }
        self.next = now + self.interval;
        self.step();
        true
    }

    /// One 1 px move by the drift rules.
    pub fn step(&mut self) {
        let (x, y) = self.offset;
        let dist = |p: (i32, i32)| p.0 * p.0 + p.1 * p.1;
        let at_limit = x.abs() == MAX_DRIFT || y.abs() == MAX_DRIFT;
        // Away from the limit a move is outward, sideways or inward by its direction against
        // the offset (from home every move is outward); at the limit only moves that bring
        // the widgets closer to home are taken.
        let mut outward = Vec::new();
        let mut neutral = Vec::new();
        let mut inward = Vec::new();
        for (dx, dy) in DIRECTIONS {
            let p = (x + dx, y + dy);
            if p.0.abs() > MAX_DRIFT || p.1.abs() > MAX_DRIFT {
                continue;
            }
            let along = if at_limit { dist(p) - dist(self.offset) } else { dx * x + dy * y };
            match along.cmp(&0) {
                std::cmp::Ordering::Greater => outward.push(p),
                std::cmp::Ordering::Equal if self.offset != (0, 0) => neutral.push(p),
                std::cmp::Ordering::Equal => outward.push(p),
                std::cmp::Ordering::Less => inward.push(p),
            }
        }
        let r = self.rng.unit();
        let preferred = if at_limit {
            &inward
        } else if r < 0.8 {
            &outward
        } else if r < 0.8 + 0.2 * 0.75 {
            &neutral
        } else {
            &inward
        };
        let pool = [preferred, &neutral, &inward, &outward].into_iter().find(|v| !v.is_empty());
        if let Some(pool) = pool {
            self.offset = pool[self.rng.below(pool.len())];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_within_four_pixels_and_moves_one_pixel_at_a_time() {
        let mut p = PixelShift::new(5, Instant::now(), Rng::new(7));
        let mut seen_limit = 0;
        for _ in 0..20_000 {
            let before = p.offset();
            p.step();
            let (x, y) = p.offset();
            assert!(x.abs() <= MAX_DRIFT && y.abs() <= MAX_DRIFT);
            assert!((x - before.0).abs() <= 1 && (y - before.1).abs() <= 1 && (x, y) != before);
            if before.0.abs() == MAX_DRIFT || before.1.abs() == MAX_DRIFT {
                seen_limit += 1;
                assert!(x * x + y * y < before.0 * before.0 + before.1 * before.1, "at the limit it only comes back");
            }
        }
        assert!(seen_limit > 100, "the outward bias reaches the limit ({seen_limit})");
    }

    #[test]
    fn drifts_outward_mostly() {
        // Away from the limit, about 80 % of moves go outward.
        let mut p = PixelShift::new(1, Instant::now(), Rng::new(11));
        let (mut out, mut total) = (0, 0);
        for _ in 0..200_000 {
            let b = p.offset();
            let interior = b.0.abs() < MAX_DRIFT - 1 && b.1.abs() < MAX_DRIFT - 1 && b != (0, 0);
            p.step();
            let a = p.offset();
            if interior {
                total += 1;
                if (a.0 - b.0) * b.0 + (a.1 - b.1) * b.1 > 0 {
                    out += 1;
                }
            }
        }
        let share = f64::from(out) / f64::from(total);
        assert!((0.76..0.84).contains(&share), "outward share {share} over {total}");
    }

    #[test]
    fn rate_sets_the_interval_and_transitions_defer_shifts() {
        let t0 = Instant::now();
        let mut p = PixelShift::new(3, t0, Rng::new(1));
        assert!(!p.tick(t0 + Duration::from_secs(19), false));
        assert!(!p.tick(t0 + Duration::from_secs(21), true), "deferred during a transition");
        assert_eq!(p.offset(), (0, 0));
        assert!(p.tick(t0 + Duration::from_secs(22), false), "taken as soon as it ends");
        assert_ne!(p.offset(), (0, 0));
        assert!(!p.tick(t0 + Duration::from_secs(30), false), "then 20 s until the next");
        assert!(p.tick(t0 + Duration::from_secs(42), false));
        let slow = PixelShift::new(0, t0, Rng::new(1));
        assert_eq!(slow.interval, Duration::from_secs(60), "rate clamped to 1..=5");
    }
}
