//! The loop body shared by the audio worker and `srpss audio`: drain the capture ring, keep the
//! newest window, analyse once per hop of new samples, and notice silence.

use crate::analyzer::Analyzer;
use crate::input::Capture;
use crate::spectrum::{SILENCE_PEAK, WINDOW};
use std::time::{Duration, Instant};

/// Samples per analysis step when the block size is the driver's.
pub const DEFAULT_HOP: usize = 512;
/// Silence this long pauses the analysis.
pub const SILENT_AFTER: Duration = Duration::from_secs(2);

/// What one step found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Not enough new samples for a frame yet.
    Waiting,
    /// A new frame of bars (see [`Pump::bars`]).
    Frame,
    /// Silence has lasted [`SILENT_AFTER`]: the analysis pauses (bars are at rest).
    WentSilent,
    /// Paused and still silent.
    Silent,
}

pub struct Pump {
    pub capture: Capture,
    pub analyzer: Analyzer,
    hop: usize,
    pending: usize,
    fresh: Vec<f32>,
    last_sound: Instant,
    silent: bool,
    start: Instant,
    /// Samples analysed in total (for rates).
    pub samples: u64,
}

impl Pump {
    /// `block`: frames per analysis step (0: [`DEFAULT_HOP`]).
    pub fn new(capture: Capture, analyzer: Analyzer, block: u32) -> Self {
        let hop = if block == 0 { DEFAULT_HOP } else { block as usize };
        let now = Instant::now();
        Pump { capture, analyzer, hop, pending: 0, fresh: Vec::with_capacity(48_000), last_sound: now, silent: false, start: now, samples: 0 }
    }

    /// True while paused for silence (poll it slowly).
    pub fn is_silent(&self) -> bool {
        self.silent
    }

    /// Drains what arrived and analyses if a hop's worth is new.
    pub fn step(&mut self) -> Step {
        self.fresh.clear();
        self.capture.samples.drain_into(&mut self.fresh);
        if self.fresh.iter().any(|s| s.abs() >= SILENCE_PEAK) {
            self.last_sound = Instant::now();
            self.silent = false;
        }
        if self.silent {
            return Step::Silent;
        }
        // Only the newest window matters; older samples are skipped, not queued.
        let keep = self.fresh.len().min(WINDOW);
        self.analyzer.push(&self.fresh[self.fresh.len() - keep..]);
        self.pending += self.fresh.len();
        self.samples += self.fresh.len() as u64;
        if self.last_sound.elapsed() >= SILENT_AFTER {
            self.silent = true;
            self.analyzer.clear();
            self.pending = 0;
            return Step::WentSilent;
        }
        if self.pending < self.hop {
            return Step::Waiting;
        }
        self.pending = 0;
        self.analyzer.frame(self.start.elapsed().as_secs_f64());
        Step::Frame
    }

    /// The bars of the last frame.
    pub fn bars(&self) -> &[f32] {
        self.analyzer.bars()
    }
}
