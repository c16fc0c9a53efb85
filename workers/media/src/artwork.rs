//! The player's artwork (`mpris:artUrl`): a local file or an http(s) download (bounded, into
//! the artwork cache), decoded and cover-scaled to the card's square by the same `prepare` as
//! photos, written into one of two frame slots in turn. The last URL's result is kept, so a
//! track's artwork is fetched once.

use srpss_core::geometry::{DisplayMode, Size};
use srpss_core::media::ArtworkRef;
use srpss_feeds::{Fetcher, Limits};
use srpss_image::frame::{prepare, ImageRequest, ImageSource};
use srpss_ipc::slot::{slot_path, Slot, SlotHeader};
use std::path::{Path, PathBuf};

/// Downloaded artwork files kept at most (oldest removed first).
const CACHE_FILES: usize = 64;
const MAX_PIXELS: u64 = 40_000_000;

#[derive(Debug, thiserror::Error)]
pub enum ArtError {
    #[error("artwork URL {0:?} is neither file:// nor http(s)")]
    Scheme(String),
    #[error("artwork download: {0}")]
    Fetch(#[from] srpss_feeds::FetchError),
    #[error("artwork image: {0}")]
    Image(#[from] srpss_image::error::ImageError),
    #[error("artwork slot: {0}")]
    Slot(#[from] srpss_ipc::slot::SlotError),
}

pub struct Artwork {
    prefix: PathBuf,
    cache_dir: PathBuf,
    fetcher: Fetcher,
    slots: [Option<Slot>; 2],
    generation: u64,
    sequence: u64,
    size: u32,
    last_url: Option<String>,
    last: Option<ArtworkRef>,
}

/// `file:///a%20b.png` → `/a b.png`.
pub fn file_url_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
    }
    #[cfg(not(unix))]
    {
        Some(PathBuf::from(String::from_utf8_lossy(&out).trim_start_matches('/').to_string()))
    }
}

impl Artwork {
    pub fn new(prefix: PathBuf, cache_dir: PathBuf, generation: u64, size: u32) -> Self {
        let limits = Limits { image_bytes: 8 << 20, ..Limits::default() };
        Artwork { prefix, cache_dir, fetcher: Fetcher::new(limits), slots: [None, None], generation, sequence: 0, size: size.clamp(32, 1024), last_url: None, last: None }
    }

    /// The artwork of `url` (empty: none), loading it if it is new.
    pub fn get(&mut self, url: &str) -> Option<ArtworkRef> {
        if self.last_url.as_deref() == Some(url) {
            return self.last;
        }
        self.last_url = Some(url.to_string());
        self.last = if url.is_empty() {
            None
        } else {
            self.load(url).map_err(|e| log::warn!("[MEDIA] {e}")).ok()
        };
        self.last
    }

    fn load(&mut self, url: &str) -> Result<ArtworkRef, ArtError> {
        let path = if let Some(p) = file_url_path(url) {
            p
        } else if url.starts_with("http://") || url.starts_with("https://") {
            std::fs::create_dir_all(&self.cache_dir).map_err(|e| srpss_feeds::FetchError::Io(e.to_string()))?;
            let (path, _) = self.fetcher.image(url, &self.cache_dir)?;
            prune(&self.cache_dir, CACHE_FILES);
            path
        } else if Path::new(url).is_absolute() {
            PathBuf::from(url)
        } else {
            return Err(ArtError::Scheme(url.to_string()));
        };
        let frame = prepare(&ImageRequest { source: ImageSource::File(path), target: Size::new(self.size, self.size), mode: DisplayMode::Fill, max_pixels: MAX_PIXELS })?;
        self.sequence += 1;
        let index = (self.sequence % 2) as usize;
        let header = SlotHeader::rgba(self.generation, self.sequence, frame.width, frame.height);
        let slot = match &mut self.slots[index] {
            Some(s) => s,
            empty => empty.insert(Slot::create(&slot_path(&self.prefix, index as u32), header.payload_len())?),
        };
        slot.ensure_capacity(header.payload_len())?;
        slot.write_frame(&header, &frame.pixels)?;
        Ok(ArtworkRef { slot: index as u32, sequence: self.sequence, width: frame.width, height: frame.height })
    }

    /// Removes the slot files.
    pub fn remove_files(&self) {
        for i in 0..2 {
            let _ = std::fs::remove_file(slot_path(&self.prefix, i));
        }
    }
}

/// Keeps the newest `keep` files of `dir`.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> =
        entries.flatten().filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path()))).collect();
    if files.len() <= keep {
        return;
    }
    files.sort();
    for (_, p) in &files[..files.len() - keep] {
        let _ = std::fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_decoded() {
        assert_eq!(file_url_path("file:///home/a%20b/c.png"), Some(PathBuf::from("/home/a b/c.png")));
        assert_eq!(file_url_path("file://localhost/x.jpg"), Some(PathBuf::from("/x.jpg")));
        assert_eq!(file_url_path("file:///bad%zz"), Some(PathBuf::from("/bad%zz")));
        assert_eq!(file_url_path("https://x/y"), None);
    }
}
