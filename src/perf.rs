//! `SRPSS_PERF_METRICS=1`: `[PERF]` lines per transition and a summary at exit.

use std::time::{Duration, Instant};

/// Whether PERF metrics are on (`1/true/on/yes`, case-insensitive, as the original).
pub fn enabled() -> bool {
    std::env::var("SRPSS_PERF_METRICS")
        .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "on" | "yes"))
        .unwrap_or(false)
}

/// Frame times of one transition.
#[derive(Debug, Default, Clone)]
pub struct FrameClock {
    stamps: Vec<Instant>,
    recording: bool,
    /// UI-thread time of our animation ticks (compositing, properties).
    ticks: Vec<Duration>,
    /// UI-thread time of the renderer per frame (BeforeRendering to AfterRendering).
    renders: Vec<Duration>,
    /// Every frame this window rendered, in or out of transitions.
    pub total_frames: u64,
}

impl FrameClock {
    pub fn begin(&mut self, at: Instant) {
        self.stamps.clear();
        self.ticks.clear();
        self.renders.clear();
        self.stamps.push(at);
        self.recording = true;
    }

    /// An animation tick of ours took `d` on the UI thread.
    pub fn tick(&mut self, d: Duration) {
        if self.recording {
            self.ticks.push(d);
        }
    }

    /// The renderer took `d` on the UI thread for one frame.
    pub fn render(&mut self, d: Duration) {
        if self.recording {
            self.renders.push(d);
        }
    }

    /// A frame was presented.
    pub fn frame(&mut self, at: Instant) {
        self.total_frames += 1;
        if self.recording {
            self.stamps.push(at);
        }
    }

    /// Stops recording and summarises.
    pub fn end(&mut self, at: Instant) -> TransitionStats {
        self.recording = false;
        let start = self.stamps.first().copied().unwrap_or(at);
        let mut stats = TransitionStats::from_stamps(start, at, &self.stamps);
        stats.tick = Work::of(&self.ticks);
        stats.render = Work::of(&self.renders);
        stats
    }
}

/// Mean and maximum of some per-frame work.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Work {
    pub avg: Duration,
    pub max: Duration,
}

impl Work {
    fn of(d: &[Duration]) -> Self {
        let n = u32::try_from(d.len()).unwrap_or(u32::MAX).max(1);
        Self { avg: d.iter().sum::<Duration>() / n, max: d.iter().copied().max().unwrap_or_default() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TransitionStats {
    pub duration: Duration,
    /// Frames presented after the start.
    pub frames: usize,
    pub avg_fps: f64,
    pub dt_min: Duration,
    pub dt_p50: Duration,
    pub dt_p95: Duration,
    pub dt_p99: Duration,
    pub dt_max: Duration,
    /// UI-thread work of our animation ticks.
    pub tick: Work,
    /// UI-thread work of the renderer per frame (where the renderer reports it).
    pub render: Work,
}

impl TransitionStats {
    /// `stamps[0]` is the start; each later stamp is a presented frame.
    pub fn from_stamps(start: Instant, end: Instant, stamps: &[Instant]) -> Self {
        let mut dts: Vec<Duration> = stamps.windows(2).map(|w| w[1].saturating_duration_since(w[0])).collect();
        dts.sort_unstable();
        let duration = end.saturating_duration_since(start);
        let frames = stamps.len().saturating_sub(1);
        let secs = duration.as_secs_f64();
        let pick = |q: f64| {
            if dts.is_empty() {
                Duration::ZERO
            } else {
                dts[((dts.len() - 1) as f64 * q).round() as usize]
            }
        };
        TransitionStats {
            duration,
            frames,
            avg_fps: if secs > 0.0 { frames as f64 / secs } else { 0.0 },
            dt_min: pick(0.0),
            dt_p50: pick(0.5),
            dt_p95: pick(0.95),
            dt_p99: pick(0.99),
            dt_max: pick(1.0),
            tick: Work::default(),
            render: Work::default(),
        }
    }
}

impl std::fmt::Display for TransitionStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "duration={:.0}ms frames={} avg_fps={:.1} dt_min={:.1}ms dt_p50={:.1}ms dt_p95={:.1}ms dt_p99={:.1}ms dt_max={:.1}ms \
             ui_tick_avg={:.2}ms ui_tick_max={:.2}ms ui_render_avg={:.2}ms ui_render_max={:.2}ms",
            ms(self.duration),
            self.frames,
            self.avg_fps,
            ms(self.dt_min),
            ms(self.dt_p50),
            ms(self.dt_p95),
            ms(self.dt_p99),
            ms(self.dt_max),
            ms(self.tick.avg),
            ms(self.tick.max),
            ms(self.render.avg),
            ms(self.render.max)
        )
    }
}

/// Totals for the exit summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub transitions: usize,
    pub frames: usize,
    pub transition_time: Duration,
    pub worst_dt: Duration,
    pub prepared: usize,
    pub prepare_time: Duration,
    pub failed: usize,
    /// Changes asked for during a transition and made after it.
    pub deferred: usize,
    /// The longest UI-thread time spent taking the feeds worker's news in one tick.
    pub online_tick_max: Duration,
    /// UI-thread time of the widget layer per poll tick (cards, layout, changed rows).
    pub widget_ticks: u32,
    pub widget_tick_time: Duration,
    pub widget_tick_max: Duration,
    /// Frames rendered outside transitions, and the time outside transitions.
    pub idle_frames: u64,
    pub idle_time: Duration,
    /// Replaceable worker news (now playing, weather, headlines, poll status) dropped because
    /// the UI fell behind; lifecycle events and answers are never dropped.
    pub events_dropped: u64,
}

impl Summary {
    pub fn add_transition(&mut self, s: &TransitionStats) {
        self.transitions += 1;
        self.frames += s.frames;
        self.transition_time += s.duration;
        self.worst_dt = self.worst_dt.max(s.dt_max);
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fps = if self.transition_time.is_zero() { 0.0 } else { self.frames as f64 / self.transition_time.as_secs_f64() };
        let prep = if self.prepared == 0 { 0.0 } else { self.prepare_time.as_secs_f64() * 1000.0 / self.prepared as f64 };
        write!(
            f,
            "transitions={} frames={} avg_fps={:.1} worst_dt={:.1}ms images_prepared={} avg_prepare={:.0}ms failed={} deferred={} online_tick_max={:.2}ms \
             widget_tick_avg={:.3}ms widget_tick_max={:.2}ms idle_frames={} idle_fps={:.2} events_dropped={}",
            self.transitions,
            self.frames,
            fps,
            self.worst_dt.as_secs_f64() * 1000.0,
            self.prepared,
            prep,
            self.failed,
            self.deferred,
            self.online_tick_max.as_secs_f64() * 1000.0,
            self.widget_tick_time.as_secs_f64() * 1000.0 / f64::from(self.widget_ticks.max(1)),
            self.widget_tick_max.as_secs_f64() * 1000.0,
            self.idle_frames,
            if self.idle_time.is_zero() { 0.0 } else { self.idle_frames as f64 / self.idle_time.as_secs_f64() },
            self.events_dropped
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_from_known_frame_times() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        // 10 frames at 10 ms, one 50 ms hitch.
        let mut stamps = vec![t0];
        let mut t = 0;
        for i in 0..10 {
            t += if i == 5 { 50 } else { 10 };
            stamps.push(ms(t));
        }
        let s = TransitionStats::from_stamps(t0, ms(t), &stamps);
        assert_eq!(s.frames, 10);
        assert_eq!(s.duration, Duration::from_millis(140));
        assert_eq!(s.dt_min, Duration::from_millis(10));
        assert_eq!(s.dt_max, Duration::from_millis(50));
        assert_eq!(s.dt_p95, Duration::from_millis(50));
        assert!((s.avg_fps - 71.43).abs() < 0.1);
        assert!(s.to_string().contains("frames=10 avg_fps=71.4"));
    }

    #[test]
    fn clock_records_only_between_begin_and_end() {
        let t0 = Instant::now();
        let mut c = FrameClock::default();
        c.frame(t0);
        c.begin(t0);
        c.frame(t0 + Duration::from_millis(16));
        let s = c.end(t0 + Duration::from_millis(20));
        c.frame(t0 + Duration::from_millis(30));
        assert_eq!(s.frames, 1);
    }
}
