//! The capture ring: a wait-free single-producer/single-consumer queue of mono samples. The
//! producer side (the audio callback) never blocks or allocates; what does not fit is counted
//! and dropped (the analysis only wants the latest samples anyway).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct SampleProducer {
    inner: rtrb::Producer<f32>,
    dropped: Arc<AtomicU64>,
    mono: Vec<f32>,
}

pub struct SampleRing {
    inner: rtrb::Consumer<f32>,
    dropped: Arc<AtomicU64>,
}

/// A ring for `capacity` samples.
pub fn new(capacity: usize) -> (SampleProducer, SampleRing) {
    let (p, c) = rtrb::RingBuffer::new(capacity.max(1024));
    let dropped = Arc::new(AtomicU64::new(0));
    // The callback's mixing buffer is allocated here, once; blocks larger than this are
    // mixed in pieces.
    (SampleProducer { inner: p, dropped: dropped.clone(), mono: vec![0.0; 4096] }, SampleRing { inner: c, dropped })
}

impl SampleProducer {
    /// Pushes mono samples; what does not fit is dropped and counted.
    pub fn push_slice(&mut self, samples: &[f32]) {
        let n = samples.len().min(self.inner.slots());
        if let Ok(chunk) = self.inner.write_chunk_uninit(n) {
            chunk.fill_from_iter(samples[..n].iter().copied());
        }
        if n < samples.len() {
            self.dropped.fetch_add((samples.len() - n) as u64, Ordering::Relaxed);
        }
    }

    /// Mixes interleaved frames of `channels` samples to mono (converted by `to_f32`) and pushes them.
    pub fn push_frames<T: Copy>(&mut self, data: &[T], channels: usize, to_f32: impl Fn(T) -> f32) {
        let channels = channels.max(1);
        let mut mono = std::mem::take(&mut self.mono);
        for frames in data.chunks(channels * mono.len()) {
            let n = frames.len() / channels;
            for (out, frame) in mono.iter_mut().zip(frames.chunks_exact(channels)) {
                *out = frame.iter().map(|s| to_f32(*s)).sum::<f32>() / channels as f32;
            }
            self.push_slice(&mono[..n]);
        }
        self.mono = mono;
    }
}

impl SampleRing {
    /// Moves every waiting sample into `out` (appended); returns how many.
    pub fn drain_into(&mut self, out: &mut Vec<f32>) -> usize {
        let n = self.inner.slots();
        if let Ok(chunk) = self.inner.read_chunk(n) {
            let (a, b) = chunk.as_slices();
            out.extend_from_slice(a);
            out.extend_from_slice(b);
            chunk.commit_all();
        }
        n
    }

    /// Samples dropped because the ring was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_mixed_to_mono_and_overflow_is_counted() {
        let (mut p, mut c) = new(1024);
        p.push_frames(&[1.0f32, 0.0, 0.5, 0.5], 2, |s| s);
        let mut out = Vec::new();
        assert_eq!(c.drain_into(&mut out), 2);
        assert_eq!(out, [0.5, 0.5]);
        p.push_slice(&vec![0.1; 1500]);
        assert_eq!(c.dropped(), 1500 - 1024);
    }
}
