//! Shared-memory frame slots: one file per slot in `/dev/shm` (the temp dir where there is
//! none), mapped by the UI process and the worker. A slot is a 64-byte [`SlotHeader`] followed by
//! RGBA8 rows. The UI process creates slots and hands one to the worker with a request; the worker
//! writes pixels, then the header, then answers; from then on the slot is the UI's again. The
//! UI checks magic, generation and sequence before it trusts a byte, so a slot written by a worker
//! generation that has since been replaced is dropped, never shown.
//!
//! Names are `srpss-<ui pid>-<kind>-g<generation>-s<index>`: a worker restart removes the old
//! generation's files, a normal exit removes all of them, and [`remove_stale`] removes those of
//! a UI process that no longer runs (a crash) at the next start.

use memmap2::MmapMut;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

pub const MAGIC: [u8; 8] = *b"SRPSSFR1";
pub const HEADER_LEN: usize = 64;
/// Pixel format code for RGBA8, rows of `stride` bytes.
pub const FORMAT_RGBA8: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum SlotError {
    #[error("slot i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("slot holds no frame (bad magic)")]
    BadMagic,
    #[error("slot is from worker generation {found}, expected {expected}")]
    StaleGeneration { found: u64, expected: u64 },
    #[error("slot holds frame {found}, expected {expected}")]
    WrongSequence { found: u64, expected: u64 },
    #[error("slot header is inconsistent: {0}")]
    BadHeader(String),
    #[error("frame of {need} bytes does not fit the slot's {capacity}")]
    TooSmall { need: usize, capacity: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotHeader {
    pub generation: u64,
    pub sequence: u64,
    pub width: u32,
    pub height: u32,
    pub stride: u32,
    pub format: u32,
}

impl SlotHeader {
    pub fn rgba(generation: u64, sequence: u64, width: u32, height: u32) -> Self {
        // A width too large for its stride saturates, and such a header is refused when read.
        Self { generation, sequence, width, height, stride: width.saturating_mul(4), format: FORMAT_RGBA8 }
    }

    /// Bytes of pixel data the header describes (in u64; saturated where usize is narrower).
    pub fn payload_len(&self) -> usize {
        usize::try_from(self.payload_len_u64()).unwrap_or(usize::MAX)
    }

    fn payload_len_u64(&self) -> u64 {
        u64::from(self.stride) * u64::from(self.height)
    }

    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[0..8].copy_from_slice(&MAGIC);
        b[8..16].copy_from_slice(&self.generation.to_le_bytes());
        b[16..24].copy_from_slice(&self.sequence.to_le_bytes());
        b[24..28].copy_from_slice(&self.width.to_le_bytes());
        b[28..32].copy_from_slice(&self.height.to_le_bytes());
        b[32..36].copy_from_slice(&self.stride.to_le_bytes());
        b[36..40].copy_from_slice(&self.format.to_le_bytes());
        b[40..48].copy_from_slice(&self.payload_len_u64().to_le_bytes());
        b
    }

    fn decode(b: &[u8]) -> Result<Self, SlotError> {
        if b.len() < HEADER_LEN || b[0..8] != MAGIC {
            return Err(SlotError::BadMagic);
        }
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or_default());
        let h = Self { generation: u64_at(8), sequence: u64_at(16), width: u32_at(24), height: u32_at(28), stride: u32_at(32), format: u32_at(36) };
        if h.format != FORMAT_RGBA8 {
            return Err(SlotError::BadHeader(format!("format {}", h.format)));
        }
        let consistent = h.width > 0 && h.height > 0 && u64::from(h.stride) >= u64::from(h.width) * 4 && u64_at(40) == h.payload_len_u64();
        if !consistent {
            return Err(SlotError::BadHeader(format!("{}x{} stride {} length {}", h.width, h.height, h.stride, u64_at(40))));
        }
        Ok(h)
    }
}

/// One mapped slot file.
pub struct Slot {
    file: File,
    map: MmapMut,
}

impl Slot {
    /// UI side: creates the file with room for `capacity` pixel bytes (sparse until written).
    pub fn create(path: &Path, capacity: usize) -> Result<Self, SlotError> {
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(path)?;
        file.set_len((HEADER_LEN + capacity) as u64)?;
        // SAFETY: the file is ours and only this slot's two owners map it; ownership passes by
        // message, so no one writes while the other reads (see the module docs).
        let map = unsafe { MmapMut::map_mut(&file)? };
        Ok(Self { file, map })
    }

    /// Worker side: maps an existing slot file.
    pub fn open(path: &Path) -> Result<Self, SlotError> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        // SAFETY: as in `create`.
        let map = unsafe { MmapMut::map_mut(&file)? };
        Ok(Self { file, map })
    }

    /// Pixel bytes the slot can hold.
    pub fn capacity(&self) -> usize {
        self.map.len().saturating_sub(HEADER_LEN)
    }

    /// Makes room for at least `capacity` pixel bytes (UI side, while it owns the slot).
    pub fn ensure_capacity(&mut self, capacity: usize) -> Result<(), SlotError> {
        if capacity <= self.capacity() {
            return Ok(());
        }
        self.file.set_len((HEADER_LEN + capacity) as u64)?;
        self.remap()
    }

    /// Worker side: follows a file the UI has grown since it was mapped.
    pub fn refresh(&mut self) -> Result<(), SlotError> {
        if self.file.metadata()?.len() as usize != self.map.len() {
            self.remap()?;
        }
        Ok(())
    }

    fn remap(&mut self) -> Result<(), SlotError> {
        // SAFETY: as in `create`.
        self.map = unsafe { MmapMut::map_mut(&self.file)? };
        Ok(())
    }

    /// Worker side: copies the pixels in, then writes the header that makes them valid.
    pub fn write_frame(&mut self, header: &SlotHeader, pixels: &[u8]) -> Result<(), SlotError> {
        let need = header.payload_len();
        if pixels.len() != need {
            return Err(SlotError::BadHeader(format!("{} pixel bytes for a {need}-byte frame", pixels.len())));
        }
        self.write_with(header, |out| {
            out.copy_from_slice(pixels);
            Ok::<(), std::convert::Infallible>(())
        })
        .map(|_| ())
    }

    /// Worker side: lets `fill` write the frame's pixels straight into the slot (no copy from a
    /// buffer of its own), then writes the header that makes them valid. While `fill` runs
    /// the slot holds no frame; an error from it leaves the slot so.
    pub fn write_with<E>(&mut self, header: &SlotHeader, fill: impl FnOnce(&mut [u8]) -> Result<(), E>) -> Result<Result<(), E>, SlotError> {
        let need = header.payload_len();
        if need > self.capacity() {
            return Err(SlotError::TooSmall { need, capacity: self.capacity() });
        }
        self.map[0..8].fill(0); // invalid while being written
        if let Err(e) = fill(&mut self.map[HEADER_LEN..HEADER_LEN + need]) {
            return Ok(Err(e));
        }
        self.map[..HEADER_LEN].copy_from_slice(&header.encode());
        Ok(Ok(()))
    }

    /// UI side: the frame, if the slot holds exactly the one expected.
    pub fn read_frame(&self, generation: u64, sequence: u64) -> Result<(SlotHeader, &[u8]), SlotError> {
        let h = SlotHeader::decode(&self.map[..HEADER_LEN.min(self.map.len())])?;
        if h.generation != generation {
            return Err(SlotError::StaleGeneration { found: h.generation, expected: generation });
        }
        if h.sequence != sequence {
            return Err(SlotError::WrongSequence { found: h.sequence, expected: sequence });
        }
        let need = h.payload_len();
        if need > self.capacity() {
            return Err(SlotError::TooSmall { need, capacity: self.capacity() });
        }
        Ok((h, &self.map[HEADER_LEN..HEADER_LEN + need]))
    }

    /// UI side: the frame, if the slot holds exactly the one expected, copied into the buffer
    /// `make` gives for its header (`make` may refuse it), as tightly packed RGBA rows with the
    /// slot's stride honoured. This is where a header written by the other process is checked:
    /// magic, generation, sequence, format, stride and length in u64 maths, the mapping's size
    /// (before `make` allocates anything) and the buffer's size.
    pub fn read_rgba<B>(
        &self,
        generation: u64,
        sequence: u64,
        make: impl FnOnce(&SlotHeader) -> Result<B, SlotError>,
        bytes: impl FnOnce(&mut B) -> &mut [u8],
    ) -> Result<B, SlotError> {
        let (h, pixels) = self.read_frame(generation, sequence)?;
        let mut buffer = make(&h)?;
        let out = bytes(&mut buffer);
        let row = usize::try_from(u64::from(h.width) * 4).map_err(|_| SlotError::BadHeader("row too long".into()))?;
        let stride = h.stride as usize;
        if Some(out.len()) != row.checked_mul(h.height as usize) {
            return Err(SlotError::BadHeader(format!("a {}x{} frame into a buffer of {} bytes", h.width, h.height, out.len())));
        }
        if stride == row {
            out.copy_from_slice(pixels);
        } else {
            for (r, dst) in out.chunks_exact_mut(row).enumerate() {
                dst.copy_from_slice(&pixels[r * stride..r * stride + row]);
            }
        }
        Ok(buffer)
    }
}

/// Where slot files live: `/dev/shm` where it exists, else the temp dir.
pub fn shm_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// The name prefix of one worker generation's slots.
pub fn segment_prefix(dir: &Path, ui_pid: u32, kind: &str, generation: u64) -> PathBuf {
    dir.join(format!("srpss-{ui_pid}-{kind}-g{generation}"))
}

/// The file of slot `index` under `prefix`.
pub fn slot_path(prefix: &Path, index: u32) -> PathBuf {
    let mut name = prefix.as_os_str().to_os_string();
    name.push(format!("-s{index}"));
    PathBuf::from(name)
}

/// The UI pid a segment file name belongs to, if it is one of ours.
fn segment_owner(name: &str) -> Option<u32> {
    name.strip_prefix("srpss-")?.split('-').next()?.parse().ok()
}

/// Removes the files whose names start with `prefix`'s file name; returns how many.
pub fn remove_with_prefix(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(prefix)))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Removes the segments of UI processes that are no longer running (left by a crash).
pub fn remove_stale(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(segment_owner) else { continue };
        if !process_alive(pid) && std::fs::remove_file(e.path()).is_ok() {
            removed.push(e.path());
        }
    }
    removed
}

/// Whether a process with this pid exists (conservatively true where that cannot be known).
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 only checks for existence and permission; it sends nothing.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("srpss-ipc-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_frame_written_by_one_mapping_is_read_by_another() {
        let d = dir("rw");
        let path = slot_path(&segment_prefix(&d, 1, "image", 2), 0);
        let mut ui = Slot::create(&path, 16).unwrap();
        let mut worker = Slot::open(&path).unwrap();
        ui.ensure_capacity(4 * 3 * 2).unwrap(); // grown after the worker mapped it
        worker.refresh().unwrap();
        let pixels: Vec<u8> = (0..24).collect();
        worker.write_frame(&SlotHeader::rgba(2, 9, 3, 2), &pixels).unwrap();
        let (h, got) = ui.read_frame(2, 9).unwrap();
        assert_eq!((h.width, h.height, h.stride), (3, 2, 12));
        assert_eq!(got, &pixels[..]);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_frame_filled_in_place_is_valid_only_once_filled() {
        let d = dir("fill");
        let path = d.join("slot");
        let ui = Slot::create(&path, 16).unwrap();
        let mut worker = Slot::open(&path).unwrap();
        worker.write_with(&SlotHeader::rgba(1, 1, 2, 2), |out| {
            out.fill(9);
            Ok::<(), ()>(())
        }).unwrap().unwrap();
        assert_eq!(ui.read_frame(1, 1).unwrap().1, &[9; 16]);
        // A fill that fails leaves no frame at all, not the old one under a new header.
        let failed = worker.write_with(&SlotHeader::rgba(1, 2, 2, 2), |_| Err("decode")).unwrap();
        assert_eq!(failed, Err("decode"));
        assert!(matches!(ui.read_frame(1, 1), Err(SlotError::BadMagic)));
        assert!(matches!(ui.read_frame(1, 2), Err(SlotError::BadMagic)));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn stale_generations_wrong_sequences_and_junk_are_refused() {
        let d = dir("refuse");
        let path = d.join("slot");
        let mut s = Slot::create(&path, 64).unwrap();
        assert!(matches!(s.read_frame(1, 1), Err(SlotError::BadMagic)), "a fresh slot holds nothing");
        s.write_frame(&SlotHeader::rgba(1, 5, 2, 2), &[7; 16]).unwrap();
        assert!(matches!(s.read_frame(2, 5), Err(SlotError::StaleGeneration { found: 1, expected: 2 })));
        assert!(matches!(s.read_frame(1, 6), Err(SlotError::WrongSequence { found: 5, expected: 6 })));
        assert!(matches!(s.write_frame(&SlotHeader::rgba(1, 6, 8, 8), &[0; 256]), Err(SlotError::TooSmall { .. })));
        // A header that claims more than the file holds is refused, not read past the end.
        let mut evil = SlotHeader::rgba(1, 7, 2, 2).encode();
        evil[28..32].copy_from_slice(&1000u32.to_le_bytes());
        evil[40..48].copy_from_slice(&8000u64.to_le_bytes());
        s.map[..HEADER_LEN].copy_from_slice(&evil);
        assert!(matches!(s.read_frame(1, 7), Err(SlotError::TooSmall { .. })));
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// A tightly packed buffer of `h`'s size, as the UI's pixel buffers are.
    fn packed(h: &SlotHeader) -> Result<Vec<u8>, SlotError> {
        Ok(vec![0u8; h.width as usize * h.height as usize * 4])
    }

    fn header_bytes(generation: u64, sequence: u64, width: u32, height: u32, stride: u32, length: u64) -> [u8; HEADER_LEN] {
        let mut b = SlotHeader::rgba(generation, sequence, 1, 1).encode();
        b[24..28].copy_from_slice(&width.to_le_bytes());
        b[28..32].copy_from_slice(&height.to_le_bytes());
        b[32..36].copy_from_slice(&stride.to_le_bytes());
        b[40..48].copy_from_slice(&length.to_le_bytes());
        b
    }

    #[test]
    fn hostile_headers_are_refused_before_anything_is_allocated_or_read() {
        let d = dir("hostile");
        let mut s = Slot::create(&d.join("slot"), 4 * 4 * 4).unwrap();
        let cases: [(&str, [u8; HEADER_LEN]); 7] = [
            ("width x 4 overflows u32", header_bytes(1, 1, u32::MAX, 1, u32::MAX, u64::from(u32::MAX))),
            ("stride shorter than a row", header_bytes(1, 1, 4, 4, 8, 32)),
            ("length disagrees with stride x height", header_bytes(1, 1, 4, 4, 16, 16)),
            ("stride x height overflows u32", header_bytes(1, 1, 65_536, 65_536, 262_144, 262_144 * 65_536)),
            ("larger than the mapping", header_bytes(1, 1, 5, 4, 20, 80)),
            ("empty", header_bytes(1, 1, 0, 4, 0, 0)),
            ("no height", header_bytes(1, 1, 4, 0, 16, 0)),
        ];
        for (what, bytes) in cases {
            s.map[..HEADER_LEN].copy_from_slice(&bytes);
            let mut made = false;
            let got = s.read_rgba(1, 1, |h| {
                made = true;
                packed(h)
            }, |b| b.as_mut_slice());
            assert!(matches!(got, Err(SlotError::BadHeader(_) | SlotError::TooSmall { .. })), "{what}: {got:?}");
            assert!(!made, "{what}: a buffer was made for it");
        }
        // A buffer of another size than the header's is refused, not overrun.
        s.write_frame(&SlotHeader::rgba(1, 2, 2, 2), &[5; 16]).unwrap();
        let short = s.read_rgba(1, 2, |_| Ok(vec![0u8; 12]), |b| b.as_mut_slice());
        assert!(matches!(short, Err(SlotError::BadHeader(_))), "{short:?}");
        // `make` may refuse a frame (the UI's reply named another size).
        let refused = s.read_rgba(1, 2, |_| Err::<Vec<u8>, _>(SlotError::BadHeader("not the size answered".into())), |b| b.as_mut_slice());
        assert!(refused.is_err());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn padded_rows_are_copied_by_their_stride() {
        let d = dir("stride");
        let mut s = Slot::create(&d.join("slot"), 64).unwrap();
        // 2x2 RGBA with rows of 12 bytes: 8 of pixels, 4 of padding (0xEE).
        let rows: Vec<u8> = [[1u8, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]]
            .iter()
            .flat_map(|r| r.iter().copied().chain([0xEE; 4]))
            .collect();
        let header = SlotHeader { stride: 12, ..SlotHeader::rgba(3, 4, 2, 2) };
        s.write_frame(&header, &rows).unwrap();
        let got = s.read_rgba(3, 4, packed, |b| b.as_mut_slice()).unwrap();
        assert_eq!(got, (1..=16).collect::<Vec<u8>>());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn stale_segments_of_dead_processes_are_removed_and_live_ones_kept() {
        let d = dir("stale");
        // A pid above the kernel's maximum (4194304) never runs.
        let dead = slot_path(&segment_prefix(&d, 99_999_999, "image", 1), 0);
        let live = slot_path(&segment_prefix(&d, std::process::id(), "image", 1), 0);
        let other = d.join("not-ours");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(remove_stale(&d), vec![dead.clone()]);
        assert!(!dead.exists() && live.exists() && other.exists());
        let prefix = format!("srpss-{}-", std::process::id());
        assert_eq!(remove_with_prefix(&d, &prefix), 1);
        assert!(!live.exists());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
