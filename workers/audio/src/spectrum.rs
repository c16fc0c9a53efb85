//! One analysis window → log-spaced band levels (upstream-srpss.md §6.4, first half): input gain
//! toward a target peak, the unnormalised real FFT magnitude without DC, `log1p` then `^1.2`,
//! a 3-tap smoothing, `bands + 1` log-spaced bin edges and the RMS of each band.
//!
//! One addition to the original's steps: a Hann window before the FFT. The inventory names
//! none, and without one a pure tone's spectral leakage, lifted by `log1p`, lights every band
//! (a 60 Hz tone put 40 % of full height on the treble edges); with it a tone lights its own
//! bands and music looks the same.

use rustfft::num_complex::Complex;
use rustfft::{Fft, FftPlanner};
use std::sync::Arc;

/// Samples analysed per frame (the latest ones).
pub const WINDOW: usize = 2048;
/// Below this peak the window is silence: no FFT, zero bars.
pub const SILENCE_PEAK: f32 = 1e-3;
const TARGET_PEAK: f32 = 1.6;
const GAIN_RANGE: (f32, f32) = (1.0, 2.8);
/// Gain is applied only to peaks in this range (a clipped or near-silent signal is left alone).
const GAIN_APPLIES: (f32, f32) = (0.05, 5.0);
const COMPRESS_POWER: f32 = 1.2;
const SMOOTH_TAPS: [f32; 3] = [0.25, 0.5, 0.25];

/// The three energies the shaping uses, each the mean of a band range.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Energies {
    /// Bands 0–3.
    pub bass: f32,
    /// Bands 4–9.
    pub mid: f32,
    /// Bands 10 and up.
    pub treble: f32,
}

pub struct Spectrum {
    fft: Arc<dyn Fft<f32>>,
    buf: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
    mags: Vec<f32>,
    smoothed: Vec<f32>,
    edges: Vec<usize>,
    hann: Vec<f32>,
}

impl Default for Spectrum {
    fn default() -> Self {
        Self::new()
    }
}

impl Spectrum {
    pub fn new() -> Self {
        let fft = FftPlanner::new().plan_fft_forward(WINDOW);
        let scratch = vec![Complex::default(); fft.get_inplace_scratch_len()];
        let hann = (0..WINDOW).map(|i| 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / WINDOW as f32).cos()).collect();
        Self { fft, buf: vec![Complex::default(); WINDOW], scratch, mags: Vec::new(), smoothed: Vec::new(), edges: Vec::new(), hann }
    }

    /// Band levels of the last [`WINDOW`] samples of `samples` into `bands` (resized to
    /// `count`); `None` when the window is silence (peak under [`SILENCE_PEAK`]).
    pub fn analyse(&mut self, samples: &[f32], count: usize, bands: &mut Vec<f32>) -> Option<Energies> {
        let samples = &samples[samples.len().saturating_sub(WINDOW)..];
        bands.clear();
        bands.resize(count, 0.0);
        let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        if peak < SILENCE_PEAK || samples.len() < 4 {
            return None;
        }
        let gain = if (GAIN_APPLIES.0..=GAIN_APPLIES.1).contains(&peak) { (TARGET_PEAK / peak).clamp(GAIN_RANGE.0, GAIN_RANGE.1) } else { 1.0 };
        // A short window (the first blocks after silence) is windowed over its own length and
        // zero-padded after it: the FFT size never changes and no edge becomes a click.
        let n = samples.len();
        for (i, c) in self.buf.iter_mut().enumerate() {
            let w = if n == WINDOW { self.hann[i] } else { 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / n as f32).cos() };
            *c = Complex::new(if i < n { samples[i] * gain * w } else { 0.0 }, 0.0);
        }
        self.fft.process_with_scratch(&mut self.buf, &mut self.scratch);
        let bins = WINDOW / 2;
        self.mags.clear();
        self.mags.extend(self.buf[1..=bins].iter().map(|c| c.norm().ln_1p().powf(COMPRESS_POWER)));
        self.smoothed.clear();
        for i in 0..bins {
            let at = |j: isize| self.mags[j.clamp(0, bins as isize - 1) as usize];
            let i = i as isize;
            self.smoothed.push(SMOOTH_TAPS[0] * at(i - 1) + SMOOTH_TAPS[1] * at(i) + SMOOTH_TAPS[2] * at(i + 1));
        }
        log_edges(bins, count, &mut self.edges);
        for (b, out) in bands.iter_mut().enumerate() {
            let range = &self.smoothed[self.edges[b]..self.edges[b + 1]];
            *out = (range.iter().map(|m| m * m).sum::<f32>() / range.len() as f32).sqrt();
        }
        Some(energies(bands))
    }
}

/// `count + 1` bin edges from 0 to `bins`, log-spaced (`geomspace(1, bins + 1) - 1`), each at
/// least one bin after the one before so no band is empty.
pub fn log_edges(bins: usize, count: usize, edges: &mut Vec<usize>) {
    edges.clear();
    let top = (bins + 1) as f64;
    for i in 0..=count {
        let at = top.powf(i as f64 / count as f64) - 1.0;
        let min = edges.last().map_or(0, |p| p + 1);
        edges.push((at.round() as usize).max(min));
    }
    // Crowded low bands may push the top past the spectrum; pull the tail back evenly.
    let last = edges.len() - 1;
    for i in (0..=last).rev() {
        let max = bins - (last - i);
        if edges[i] > max {
            edges[i] = max;
        }
    }
    edges[last] = bins;
}

fn mean(v: &[f32]) -> f32 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f32>() / v.len() as f32
    }
}

fn energies(bands: &[f32]) -> Energies {
    let n = bands.len();
    Energies { bass: mean(&bands[..n.min(4)]), mid: mean(&bands[n.min(4)..n.min(10)]), treble: mean(&bands[n.min(10)..]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_cover_the_spectrum_without_empty_bands() {
        let mut e = Vec::new();
        for count in [8, 19, 32, 96] {
            log_edges(1024, count, &mut e);
            assert_eq!(e.len(), count + 1);
            assert_eq!((e[0], e[count]), (0, 1024));
            assert!(e.windows(2).all(|w| w[1] > w[0]), "{count}: {e:?}");
        }
    }

    #[test]
    fn silence_is_no_bands() {
        let mut s = Spectrum::new();
        let mut bands = Vec::new();
        assert!(s.analyse(&[0.0005; WINDOW], 19, &mut bands).is_none());
        assert!(bands.iter().all(|b| *b == 0.0) && bands.len() == 19);
    }
}
