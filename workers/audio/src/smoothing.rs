//! Time-based smoothing of the bars: the engine's asymmetric exponential (τ = 0.12 s; rising
//! with τ × 0.35, falling with τ × 3.0) and the widget's visual EMA (τ = 0.055 s). Both work on
//! the real time between frames, so the curve is the same at any frame rate; a gap over 2 s (or
//! a clock going backwards) resets to the input.

pub const ENGINE_TAU_S: f32 = 0.12;
pub const RISE_FACTOR: f32 = 0.35;
pub const DECAY_FACTOR: f32 = 3.0;
pub const VISUAL_TAU_S: f32 = 0.055;
const RESET_AFTER_S: f64 = 2.0;

/// Exponential follower with separate rise and fall time constants.
#[derive(Debug, Clone)]
pub struct Smoother {
    rise_tau: f32,
    fall_tau: f32,
    values: Vec<f32>,
    last_s: Option<f64>,
}

impl Smoother {
    /// The engine's smoothing.
    pub fn engine() -> Self {
        Self::new(ENGINE_TAU_S * RISE_FACTOR, ENGINE_TAU_S * DECAY_FACTOR)
    }

    /// The widget's visual EMA (same time constant both ways).
    pub fn visual() -> Self {
        Self::new(VISUAL_TAU_S, VISUAL_TAU_S)
    }

    pub fn new(rise_tau: f32, fall_tau: f32) -> Self {
        Smoother { rise_tau, fall_tau, values: Vec::new(), last_s: None }
    }

    /// Follows `target` at time `now_s`; returns the smoothed values.
    pub fn step(&mut self, target: &[f32], now_s: f64) -> &[f32] {
        let dt = self.last_s.map(|t| now_s - t);
        self.last_s = Some(now_s);
        let reset = self.values.len() != target.len() || dt.is_none_or(|dt| dt <= 0.0 || dt > RESET_AFTER_S);
        if reset {
            self.values = target.to_vec();
            return &self.values;
        }
        let dt = dt.unwrap_or(0.0) as f32;
        let rise = 1.0 - (-dt / self.rise_tau).exp();
        let fall = 1.0 - (-dt / self.fall_tau).exp();
        for (v, t) in self.values.iter_mut().zip(target) {
            let k = if *t > *v { rise } else { fall };
            *v += (t - *v) * k;
        }
        &self.values
    }

    pub fn values(&self) -> &[f32] {
        &self.values
    }
}
