//! The whole path from samples to published bars, the same for the visualizer, `srpss audio`
//! and the benchmarks: a sliding window of the latest mono samples → [`Spectrum`] →
//! [`Shaper`] → the engine's [`Smoother`].

use crate::bars::{Shaper, Tuning};
use crate::smoothing::Smoother;
use crate::spectrum::{Spectrum, WINDOW};

pub struct Analyzer {
    window: Vec<f32>,
    spectrum: Spectrum,
    shaper: Shaper,
    smoother: Smoother,
    bands: Vec<f32>,
}

impl Analyzer {
    pub fn new(bar_count: usize, tuning: Tuning) -> Self {
        let shaper = Shaper::new(bar_count, tuning);
        Analyzer { window: Vec::with_capacity(WINDOW * 2), spectrum: Spectrum::new(), shaper, smoother: Smoother::engine(), bands: Vec::new() }
    }

    pub fn bar_count(&self) -> usize {
        self.shaper.count()
    }

    pub fn set_tuning(&mut self, tuning: Tuning) {
        self.shaper.set_tuning(tuning);
    }

    /// Appends mono samples; only the last [`WINDOW`] are kept.
    pub fn push(&mut self, mono: &[f32]) {
        self.window.extend_from_slice(mono);
        if self.window.len() > WINDOW {
            let cut = self.window.len() - WINDOW;
            self.window.drain(..cut);
        }
    }

    /// Analyses the window at time `now_s` and returns the smoothed bars (0–1).
    pub fn frame(&mut self, now_s: f64) -> &[f32] {
        let count = self.shaper.count();
        let energies = self.spectrum.analyse(&self.window, count, &mut self.bands);
        let target = self.shaper.frame(energies.map(|e| (self.bands.as_slice(), e)), self.window.len(), now_s);
        self.smoother.step(target, now_s)
    }

    /// The bars of the last frame.
    pub fn bars(&self) -> &[f32] {
        self.smoother.values()
    }

    /// Forgets every sample (bars fall to rest from the next frame on).
    pub fn clear(&mut self) {
        self.window.clear();
    }
}
