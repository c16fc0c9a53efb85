//! The coordinated fade-in of a display's widgets: it starts once every expected widget has
//! something to show (or after 2.5 s, whichever is first) and a 250 ms warm-up, then takes
//! 1500 ms InOutCubic: the cards' opacity first, then their shadows'.

use srpss_core::easing::Easing;
use std::time::{Duration, Instant};

const WARM_UP: Duration = Duration::from_millis(250);
const WAIT_AT_MOST: Duration = Duration::from_millis(2500);
const CARDS: f32 = 900.0;
const SHADOWS: f32 = 600.0;

#[derive(Debug, Clone)]
pub struct FadeIn {
    created: Instant,
    started: Option<Instant>,
}

impl FadeIn {
    pub fn new(now: Instant) -> Self {
        Self { created: now, started: None }
    }

    /// Already faded in (for `srpss render` and windows opened later in a session).
    pub fn done(now: Instant) -> Self {
        Self { created: now, started: Some(now - WARM_UP - Duration::from_secs(10)) }
    }

    /// (card opacity, shadow opacity) at `now`; `ready` is whether every widget has data.
    pub fn at(&mut self, now: Instant, ready: bool) -> (f32, f32) {
        if self.started.is_none() && (ready || now.duration_since(self.created) >= WAIT_AT_MOST) {
            self.started = Some(now);
        }
        let Some(start) = self.started else { return (0.0, 0.0) };
        let ms = now.saturating_duration_since(start + WARM_UP).as_secs_f32() * 1000.0;
        let ease = |t: f32| Easing::InOutCubic.apply(t.clamp(0.0, 1.0));
        (ease(ms / CARDS), ease((ms - CARDS) / SHADOWS))
    }

    /// Still changing (the caller keeps redrawing until it is not).
    pub fn running(&self, now: Instant) -> bool {
        self.started.is_none_or(|s| now < s + WARM_UP + Duration::from_millis((CARDS + SHADOWS) as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_widgets_at_most_two_and_a_half_seconds() {
        let t0 = Instant::now();
        let mut f = FadeIn::new(t0);
        assert_eq!(f.at(t0 + Duration::from_secs(2), false), (0.0, 0.0), "still waiting for slow widgets");
        assert_eq!(f.at(t0 + Duration::from_millis(2500), false), (0.0, 0.0), "starts now, after its warm-up");
        let (card, shadow) = f.at(t0 + Duration::from_millis(2500 + 250 + 450), false);
        assert!((card - 0.5).abs() < 1e-3 && shadow == 0.0, "halfway through the cards: {card}");
        assert_eq!(f.at(t0 + Duration::from_millis(2500 + 250 + 1500), false), (1.0, 1.0));
        assert!(!f.running(t0 + Duration::from_millis(2500 + 250 + 1500)));
    }

    #[test]
    fn starts_at_once_when_everything_is_ready() {
        let t0 = Instant::now();
        let mut f = FadeIn::new(t0);
        f.at(t0 + Duration::from_millis(100), true);
        assert_eq!(f.at(t0 + Duration::from_millis(100 + 250 + 1500), true), (1.0, 1.0));
        assert_eq!(FadeIn::done(t0).at(t0, false), (1.0, 1.0));
    }
}
