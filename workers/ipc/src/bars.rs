//! The visualizer's bars in shared memory: one small file, the latest value only, written by
//! the audio worker and read by the UI on each tick without a message and without a lock. A
//! sequence number makes it a seqlock: odd while the worker writes, even when done; a reader
//! keeps a copy only if the number was even and unchanged across its read, so a torn frame is
//! never shown (the previous one stays). Values are stored as `f32` bits in atomics, so
//! neither side ever reads memory the other is writing non-atomically.
//!
//! Layout (little endian): magic `SRPSSBR1` (8), generation u64, sequence u64, count u32,
//! flags u32, then [`MAX_BARS`] values.

use memmap2::MmapMut;
use std::fs::OpenOptions;
use std::path::Path;
use std::sync::atomic::{fence, AtomicU32, AtomicU64, Ordering};

pub const MAGIC: [u8; 8] = *b"SRPSSBR1";
pub const MAX_BARS: usize = 128;
const SEQ: usize = 16;
const COUNT: usize = 24;
const FLAGS: usize = 28;
const VALUES: usize = 32;
const LEN: usize = VALUES + MAX_BARS * 4;
/// Flag: the input is silent (the worker has stopped analysing until sound returns).
pub const FLAG_SILENT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    #[error("bars board i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a bars board (bad magic or size)")]
    NotABoard,
}

/// One published frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bars {
    pub sequence: u64,
    pub flags: u32,
    pub values: Vec<f32>,
}

struct Mapped {
    map: MmapMut,
}

impl Mapped {
    fn open(path: &Path, create: bool) -> Result<Self, BoardError> {
        let file = OpenOptions::new().read(true).write(true).create(create).truncate(false).open(path)?;
        if create {
            file.set_len(LEN as u64)?;
        } else if file.metadata()?.len() < LEN as u64 {
            return Err(BoardError::NotABoard);
        }
        // SAFETY: the file is ours (created by this UI process's worker); every access after
        // the header is through atomics, so concurrent writes by the other side are defined.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Ok(Mapped { map })
    }

    fn u64_at(&self, at: usize) -> &AtomicU64 {
        // SAFETY: `at` is 8-aligned within the page-aligned map and inside LEN.
        unsafe { &*(self.map.as_ptr().add(at) as *const AtomicU64) }
    }

    fn u32_at(&self, at: usize) -> &AtomicU32 {
        // SAFETY: `at` is 4-aligned within the page-aligned map and inside LEN.
        unsafe { &*(self.map.as_ptr().add(at) as *const AtomicU32) }
    }
}

/// The audio worker's side.
pub struct BoardWriter {
    m: Mapped,
    sequence: u64,
}

impl BoardWriter {
    /// Creates (or takes over) the board at `path` for worker `generation`.
    pub fn create(path: &Path, generation: u64) -> Result<Self, BoardError> {
        let mut m = Mapped::open(path, true)?;
        m.map[0..8].copy_from_slice(&MAGIC);
        m.map[8..16].copy_from_slice(&generation.to_le_bytes());
        let sequence = m.u64_at(SEQ).load(Ordering::Relaxed) & !1;
        m.u64_at(SEQ).store(sequence, Ordering::Release);
        Ok(BoardWriter { m, sequence })
    }

    /// Publishes `values` (at most [`MAX_BARS`]) with `flags`.
    pub fn publish(&mut self, values: &[f32], flags: u32) {
        let n = values.len().min(MAX_BARS);
        let seq = self.m.u64_at(SEQ);
        seq.store(self.sequence + 1, Ordering::Relaxed);
        fence(Ordering::Release);
        self.m.u32_at(COUNT).store(n as u32, Ordering::Relaxed);
        self.m.u32_at(FLAGS).store(flags, Ordering::Relaxed);
        for (i, v) in values[..n].iter().enumerate() {
            self.m.u32_at(VALUES + i * 4).store(v.to_bits(), Ordering::Relaxed);
        }
        self.sequence += 2;
        seq.store(self.sequence, Ordering::Release);
    }
}

/// The UI's side.
pub struct BoardReader {
    m: Mapped,
    generation: u64,
    last: u64,
}

impl BoardReader {
    pub fn open(path: &Path) -> Result<Self, BoardError> {
        let m = Mapped::open(path, false)?;
        if m.map[0..8] != MAGIC {
            return Err(BoardError::NotABoard);
        }
        let generation = u64::from_le_bytes(m.map[8..16].try_into().map_err(|_| BoardError::NotABoard)?);
        Ok(BoardReader { m, generation, last: 0 })
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The latest frame if it is newer than the last one returned and was read whole;
    /// `None` otherwise (keep showing what is shown).
    pub fn latest(&mut self) -> Option<Bars> {
        let seq = self.m.u64_at(SEQ);
        let before = seq.load(Ordering::Acquire);
        if before & 1 == 1 || before == self.last {
            return None;
        }
        let n = (self.m.u32_at(COUNT).load(Ordering::Relaxed) as usize).min(MAX_BARS);
        let flags = self.m.u32_at(FLAGS).load(Ordering::Relaxed);
        let values: Vec<f32> = (0..n).map(|i| f32::from_bits(self.m.u32_at(VALUES + i * 4).load(Ordering::Relaxed))).collect();
        fence(Ordering::Acquire);
        if seq.load(Ordering::Relaxed) != before {
            return None;
        }
        self.last = before;
        Some(Bars { sequence: before, flags, values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_sees_each_whole_frame_once() {
        let dir = std::env::temp_dir().join(format!("srpss-bars-test-{}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        let mut w = BoardWriter::create(&dir, 7).unwrap();
        let mut r = BoardReader::open(&dir).unwrap();
        assert_eq!(r.generation(), 7);
        assert_eq!(r.latest(), None, "nothing published yet");
        w.publish(&[0.25, 0.5, 1.0], 0);
        let b = r.latest().unwrap();
        assert_eq!((b.values.as_slice(), b.flags), (&[0.25, 0.5, 1.0][..], 0));
        assert_eq!(r.latest(), None, "the same frame is not returned twice");
        w.publish(&[0.0; 4], FLAG_SILENT);
        assert_eq!(r.latest().unwrap().flags, FLAG_SILENT);
        let _ = std::fs::remove_file(&dir);
    }

    #[test]
    fn a_frame_being_written_is_not_read() {
        let path = std::env::temp_dir().join(format!("srpss-bars-torn-{}", std::process::id()));
        let mut w = BoardWriter::create(&path, 1).unwrap();
        w.publish(&[0.5], 0);
        let mut r = BoardReader::open(&path).unwrap();
        // Simulate the worker stopped half-way through a write.
        r.m.u64_at(SEQ).fetch_add(1, Ordering::SeqCst);
        assert_eq!(r.latest(), None);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn concurrent_reads_never_see_a_mixed_frame() {
        let path = std::env::temp_dir().join(format!("srpss-bars-race-{}", std::process::id()));
        let mut w = BoardWriter::create(&path, 1).unwrap();
        let mut r = BoardReader::open(&path).unwrap();
        let writer = std::thread::spawn(move || {
            for i in 0..20_000u32 {
                w.publish(&[i as f32; 64], 0);
            }
        });
        let mut seen = 0;
        while !writer.is_finished() || seen == 0 {
            if let Some(b) = r.latest() {
                assert!(b.values.iter().all(|v| *v == b.values[0]), "mixed frame");
                seen += 1;
            }
        }
        writer.join().unwrap();
        let _ = std::fs::remove_file(&path);
    }
}
