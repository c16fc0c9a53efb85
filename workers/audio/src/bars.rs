//! Band levels → bars (upstream-srpss.md §6.4, second half): noise floor (dynamic or manual),
//! sensitivity (adaptive or manual), the centre-out mapping by the 15-point profile (bass in the
//! centre, treble at the edges, vocal drive in the middle), per-frame attack/decay with a hold
//! and a big-drop snap, output scale and running-peak normalisation. Where the inventory gives
//! a constant without its formula, the reading chosen here is written beside it.

use crate::spectrum::Energies;

/// The profile template, centre at index 7, ridges at ±3.
pub const PROFILE: [f32; 15] = [0.10, 0.15, 0.25, 0.50, 1.0, 0.45, 0.25, 0.08, 0.25, 0.45, 1.0, 0.50, 0.25, 0.15, 0.10];
pub const BAR_COUNT_RANGE: (usize, usize) = (8, 96);
const ADAPTIVE_MULTIPLIER: f32 = 0.285;
const FLOOR_CLAMP: (f32, f32) = (0.12, 4.0);
const SENSITIVITY_RANGE: (f32, f32) = (0.25, 2.5);
// Dynamic floor: running average of the bass/mid mix.
const FLOOR_RISE: f32 = 0.15;
const FLOOR_DECAY: f32 = 0.4;
const FLOOR_RATIO: f32 = 0.462;
const FLOOR_HEADROOM: f32 = 0.18;
const FLOOR_RESPONSE: f32 = 0.12;
const FLOOR_SILENCE: f32 = 0.05;
// Per-frame envelope.
const ATTACK: f32 = 0.85;
const DECAY: f32 = 0.35;
const BIG_DROP: f32 = 0.15;
const HOLD_FRAMES: u8 = 2;
const HOLD_DECAY: f32 = 0.25;
const RESET_AFTER_S: f64 = 2.0;
const OUTPUT_SCALE: f32 = 0.5 * 0.85;
const OUTPUT_MAX: f32 = 1.25;
// Running peak.
const PEAK_RISE: f32 = 0.32;
const PEAK_DECAY_FAST: f32 = 0.9;
const PEAK_DECAY_SLOW: f32 = 0.965;
/// The running peak never goes under this (no division by nearly nothing).
const PEAK_MIN: f32 = 0.05;
/// Vocal drive: the middle bars also follow `mid × 4`, fading out over this share of the half.
const VOCAL_DRIVE: f32 = 4.0;
const VOCAL_SPAN: f32 = 0.2;

/// The user's sensitivity and floor settings (`widgets.spotify_visualizer.*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// "Recommended": the fixed multiplier instead of `sensitivity`.
    pub adaptive_sensitivity: bool,
    /// 0.25–2.5.
    pub sensitivity: f32,
    pub dynamic_floor: bool,
    /// 0.12–4.0, used when `dynamic_floor` is off.
    pub manual_floor: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { adaptive_sensitivity: true, sensitivity: 1.0, dynamic_floor: true, manual_floor: 1.9 }
    }
}

/// Turns each frame's bands into bar values 0–1; keeps the state between frames.
#[derive(Debug, Clone)]
pub struct Shaper {
    count: usize,
    tuning: Tuning,
    /// Running average of the bass/mid mix (dynamic floor).
    average: f32,
    floor: f32,
    values: Vec<f32>,
    hold: Vec<u8>,
    peak: f32,
    last_s: Option<f64>,
    weights: Vec<f32>,
    positions: Vec<f32>,
    out: Vec<f32>,
}

/// `PROFILE` sampled at `t` in 0–1, linearly.
pub fn profile_at(t: f32) -> f32 {
    let x = t.clamp(0.0, 1.0) * (PROFILE.len() - 1) as f32;
    let i = (x.floor() as usize).min(PROFILE.len() - 2);
    let f = x - i as f32;
    PROFILE[i] * (1.0 - f) + PROFILE[i + 1] * f
}

/// Distance of bar `i` of `count` from the centre, 0 (centre) to 1 (edge).
pub fn distance_from_centre(i: usize, count: usize) -> f32 {
    let c = (count as f32 - 1.0) / 2.0;
    if c <= 0.0 {
        0.0
    } else {
        ((i as f32 - c).abs() / c).min(1.0)
    }
}

impl Shaper {
    pub fn new(count: usize, tuning: Tuning) -> Self {
        let count = count.clamp(BAR_COUNT_RANGE.0, BAR_COUNT_RANGE.1);
        let weights = (0..count).map(|i| profile_at(i as f32 / (count - 1) as f32)).collect();
        let positions = (0..count).map(|i| distance_from_centre(i, count)).collect();
        let mut s = Shaper { count, tuning, average: 0.0, floor: 0.0, values: vec![0.0; count], hold: vec![0; count], peak: 1.0, last_s: None, weights, positions, out: Vec::new() };
        s.floor = s.static_floor(1.0);
        s.average = s.floor;
        s
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// New settings; switching the floor mode snaps the running average to the current floor.
    pub fn set_tuning(&mut self, tuning: Tuning) {
        if tuning.dynamic_floor != self.tuning.dynamic_floor {
            self.average = self.floor;
        }
        self.tuning = tuning;
    }

    /// The floor the sensitivity gives (the dynamic floor never goes under it). Adaptive: the
    /// base times the fixed multiplier, damped by the resolution boost (a coarser window raises
    /// it back toward the base); manual: base (or the manual floor) / sensitivity.
    fn static_floor(&self, rb: f32) -> f32 {
        let base = (1.5 / rb.powf(0.35)).max(0.8);
        let floor = if self.tuning.adaptive_sensitivity && self.tuning.dynamic_floor {
            base * ADAPTIVE_MULTIPLIER * rb.powf(0.35)
        } else {
            let from = if self.tuning.dynamic_floor { base } else { self.tuning.manual_floor };
            from / self.manual_sensitivity()
        };
        floor.clamp(FLOOR_CLAMP.0, FLOOR_CLAMP.1)
    }

    fn manual_sensitivity(&self) -> f32 {
        if self.tuning.adaptive_sensitivity {
            1.0
        } else {
            self.tuning.sensitivity.clamp(SENSITIVITY_RANGE.0, SENSITIVITY_RANGE.1)
        }
    }

    /// One frame at time `now_s`: `bands` (from [`crate::spectrum::Spectrum::analyse`], `None`
    /// for silence) over `samples` analysed samples. Returns the bars, 0–1.
    pub fn frame(&mut self, bands: Option<(&[f32], Energies)>, samples: usize, now_s: f64) -> &[f32] {
        let reset = self.last_s.is_none_or(|t| now_s - t > RESET_AFTER_S || now_s < t);
        self.last_s = Some(now_s);
        if reset {
            self.values.iter_mut().for_each(|v| *v = 0.0);
            self.hold.iter_mut().for_each(|h| *h = 0);
        }
        let rb = (1024.0 / samples.max(1) as f32).clamp(0.5, 3.0);
        let expansion = 3.6 * rb.powf(0.4) * self.manual_sensitivity().powf(0.35);
        let static_floor = self.static_floor(rb);
        let mut target = std::mem::take(&mut self.out);
        target.clear();
        target.resize(self.count, 0.0);
        if let Some((bands, e)) = bands {
            let floor = self.update_floor(e, static_floor);
            let excess = |v: f32| (v - floor).max(0.0) * expansion;
            let vocal = excess(e.mid) * VOCAL_DRIVE / expansion.max(1.0);
            let rings = self.count.div_ceil(2);
            for (i, t) in target.iter_mut().enumerate() {
                let d = self.positions[i];
                // Centre-out: ring r (0 at the centre) shows the loudest of its share of the
                // bands, lowest in the centre, highest at the edges.
                let r = self.count / 2 - i.min(self.count - 1 - i) - usize::from(self.count.is_multiple_of(2));
                let lo = r * bands.len() / rings;
                let hi = ((r + 1) * bands.len() / rings).max(lo + 1).min(bands.len());
                let level = excess(bands[lo..hi].iter().cloned().fold(0.0, f32::max));
                let shape = 0.55 + 0.45 * self.weights[i];
                let drive = if d < VOCAL_SPAN { vocal * (1.0 - d / VOCAL_SPAN) } else { 0.0 };
                *t = (level * shape).max(drive);
            }
        }
        for ((value, hold), t) in self.values.iter_mut().zip(self.hold.iter_mut()).zip(&target) {
            let (prev, t) = (*value, *t);
            *value = if t >= prev {
                *hold = HOLD_FRAMES;
                prev + ATTACK * (t - prev)
            } else if t < prev * BIG_DROP {
                // A big drop snaps: only 15 % of the old level is kept.
                t + (prev - t) * BIG_DROP
            } else if *hold > 0 {
                *hold -= 1;
                prev - DECAY * HOLD_DECAY * (prev - t)
            } else {
                prev - DECAY * (prev - t)
            };
        }
        let top = self.values.iter().fold(0.0f32, |m, v| m.max(v * OUTPUT_SCALE));
        if top > self.peak {
            self.peak += PEAK_RISE * (top - self.peak);
        } else {
            self.peak *= if top < self.peak * 0.5 { PEAK_DECAY_FAST } else { PEAK_DECAY_SLOW };
        }
        self.peak = self.peak.max(PEAK_MIN);
        for (out, v) in target.iter_mut().zip(&self.values) {
            // Normalised to the running peak, never more than the output ceiling, then clipped.
            *out = (v * OUTPUT_SCALE / self.peak).min(OUTPUT_MAX).clamp(0.0, 1.0);
        }
        self.out = target;
        &self.out
    }

    /// The dynamic floor follows the bass/mid mix; the manual one is fixed. Never under the
    /// sensitivity's own floor.
    fn update_floor(&mut self, e: Energies, static_floor: f32) -> f32 {
        if !self.tuning.dynamic_floor {
            self.floor = static_floor;
            return self.floor;
        }
        let mix = 0.5 * (e.bass + e.mid);
        if mix >= FLOOR_SILENCE {
            let alpha = if mix > self.average { FLOOR_RISE } else { FLOOR_DECAY };
            self.average += alpha * (mix - self.average);
            let target = self.average * FLOOR_RATIO + FLOOR_HEADROOM;
            self.floor += FLOOR_RESPONSE * (target - self.floor);
        }
        self.floor = self.floor.clamp(FLOOR_CLAMP.0, FLOOR_CLAMP.1);
        self.floor.max(static_floor)
    }
}
