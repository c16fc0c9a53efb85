//! The first photo of the next start, prepared during this one.
//!
//! Decoding a 12–24 MP photo takes 200–300 ms on a slow machine, longer than the whole start
//! may take. So at exit each display's next photo, already prepared at its size, is written to
//! `$XDG_CACHE_HOME/srpss/start/display-<n>.frame`, and the next start shows it the moment its
//! window is placed. A frame is only used when it is exactly what the worker would make now:
//! same size, display mode and pixel limit, the photo still there unchanged (length and
//! modification time), and the photo still in the configured folders (the demo pictures only
//! when no folder is configured). Anything else, or a damaged file, and the start asks the
//! worker as before.
//!
//! File layout (little-endian): magic `SRPSSSF1`, width u32, height u32, mode u8, max_pixels
//! u64, kind u8 (0 file, 1 demo), demo index u64, file length u64, mtime seconds i64, mtime
//! nanoseconds u32, path length u32, the path (UTF-8), then width × height × 4 bytes of RGBA.

use slint::{Rgba8Pixel, SharedPixelBuffer};
use srpss_core::geometry::{DisplayMode, Size};
use srpss_image::{ImageRequest, ImageSource};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8; 8] = b"SRPSSSF1";

/// Start frames are kept for this many displays at most.
pub const MAX_DISPLAYS: usize = 16;

/// A frame prepared by an earlier run, checked against today's settings and files.
pub struct StartFrame {
    pub request: ImageRequest,
    pub pixels: SharedPixelBuffer<Rgba8Pixel>,
}

/// What a start frame may be: the settings it must match and the folders it must come from.
pub struct Expect<'a> {
    pub mode: DisplayMode,
    pub max_pixels: u64,
    pub folders: &'a [PathBuf],
}

/// `$XDG_CACHE_HOME/srpss/start`.
pub fn dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "srpss").map(|d| d.cache_dir().join("start"))
}

fn file(dir: &Path, display: usize) -> PathBuf {
    dir.join(format!("display-{display}.frame"))
}

/// The photo's length and modification time: a photo edited in place is not the one prepared.
fn stamp(path: &Path) -> Option<(u64, i64, u32)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    let (secs, nanos) = match modified.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
        Err(e) => (-i64::try_from(e.duration().as_secs()).ok()?, e.duration().subsec_nanos()),
    };
    Some((meta.len(), secs, nanos))
}

fn mode_code(mode: DisplayMode) -> u8 {
    match mode {
        DisplayMode::Fill => 0,
        DisplayMode::Fit => 1,
        DisplayMode::Shrink => 2,
    }
}

/// Writes display `display`'s start frame (atomically: a reader sees the old file or the new).
/// Only photos from files with a UTF-8 path, and the demo pictures, can be kept.
pub fn save(dir: &Path, display: usize, request: &ImageRequest, rgba: &[u8]) -> std::io::Result<()> {
    let Size { width, height } = request.target;
    let unsupported = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string());
    if rgba.len() as u64 != u64::from(width) * u64::from(height) * 4 {
        return Err(unsupported("pixels and size disagree"));
    }
    let mut head = Vec::with_capacity(128);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&width.to_le_bytes());
    head.extend_from_slice(&height.to_le_bytes());
    head.push(mode_code(request.mode));
    head.extend_from_slice(&request.max_pixels.to_le_bytes());
    match &request.source {
        ImageSource::File(path) => {
            let text = path.to_str().ok_or_else(|| unsupported("not a UTF-8 path"))?;
            let (len, secs, nanos) = stamp(path).ok_or_else(|| unsupported("the photo is gone"))?;
            head.push(0);
            head.extend_from_slice(&0u64.to_le_bytes());
            head.extend_from_slice(&len.to_le_bytes());
            head.extend_from_slice(&secs.to_le_bytes());
            head.extend_from_slice(&nanos.to_le_bytes());
            head.extend_from_slice(&u32::try_from(text.len()).map_err(|_| unsupported("path too long"))?.to_le_bytes());
            head.extend_from_slice(text.as_bytes());
        }
        ImageSource::Demo(i) => {
            head.push(1);
            head.extend_from_slice(&(*i as u64).to_le_bytes());
            head.extend_from_slice(&[0u8; 8 + 8 + 4 + 4]);
        }
    }
    std::fs::create_dir_all(dir)?;
    let target = file(dir, display);
    let temp = dir.join(format!(".display-{display}.frame.{}", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(&head)?;
        f.write_all(rgba)?;
        std::fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp); // best effort; the old frame stays
    }
    written
}

/// Display `display` has no start frame for the next start (its next photo was not prepared).
pub fn forget(dir: &Path, display: usize) {
    let _ = std::fs::remove_file(file(dir, display)); // absent is the same as removed
}

/// Why a start frame is not used.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("none kept")]
    Missing,
    #[error("cannot read it: {0}")]
    Io(#[from] std::io::Error),
    #[error("damaged ({0})")]
    Damaged(&'static str),
    #[error("made for other settings")]
    OtherSettings,
    #[error("its photo changed or is gone")]
    PhotoChanged,
    #[error("its photo is not in the configured folders")]
    NotInFolders,
}

struct Reader<R>(R);

impl<R: Read> Reader<R> {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], Refused> {
        let mut b = [0u8; N];
        self.0.read_exact(&mut b).map_err(|_| Refused::Damaged("too short"))?;
        Ok(b)
    }
    fn u8(&mut self) -> Result<u8, Refused> {
        Ok(self.bytes::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32, Refused> {
        Ok(u32::from_le_bytes(self.bytes()?))
    }
    fn u64(&mut self) -> Result<u64, Refused> {
        Ok(u64::from_le_bytes(self.bytes()?))
    }
}

/// Display `display`'s start frame, if it is still exactly what would be prepared now.
pub fn load(dir: &Path, display: usize, expect: &Expect) -> Result<StartFrame, Refused> {
    let path = file(dir, display);
    let mut f = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(e.into()),
    };
    let total = f.metadata()?.len();
    let mut r = Reader(std::io::BufReader::new(&mut f));
    if &r.bytes::<8>()? != MAGIC {
        return Err(Refused::Damaged("not a start frame"));
    }
    let (width, height) = (r.u32()?, r.u32()?);
    let (mode, max_pixels) = (r.u8()?, r.u64()?);
    let (kind, demo) = (r.u8()?, r.u64()?);
    let (len, secs, nanos) = (r.u64()?, r.u64()? as i64, r.u32()?);
    let path_len = r.u32()? as usize;
    if path_len > 64 * 1024 {
        return Err(Refused::Damaged("path too long"));
    }
    let mut text = vec![0u8; path_len];
    r.0.read_exact(&mut text).map_err(|_| Refused::Damaged("too short"))?;
    let head = 8 + 4 + 4 + 1 + 8 + 1 + 8 + 8 + 8 + 4 + 4 + path_len as u64;
    let pixels_len = u64::from(width) * u64::from(height) * 4;
    if width == 0 || height == 0 || total != head + pixels_len {
        return Err(Refused::Damaged("length"));
    }
    if mode != mode_code(expect.mode) || max_pixels != expect.max_pixels {
        return Err(Refused::OtherSettings);
    }
    let source = match kind {
        0 => {
            let text = String::from_utf8(text).map_err(|_| Refused::Damaged("path"))?;
            let photo = PathBuf::from(text);
            if !expect.folders.iter().any(|folder| photo.starts_with(folder)) {
                return Err(Refused::NotInFolders);
            }
            if stamp(&photo) != Some((len, secs, nanos)) {
                return Err(Refused::PhotoChanged);
            }
            ImageSource::File(photo)
        }
        1 if expect.folders.is_empty() => ImageSource::Demo(usize::try_from(demo).map_err(|_| Refused::Damaged("demo"))?),
        1 => return Err(Refused::NotInFolders),
        _ => return Err(Refused::Damaged("kind")),
    };
    let mut pixels = SharedPixelBuffer::<Rgba8Pixel>::new(width, height);
    r.0.read_exact(pixels.make_mut_bytes()).map_err(|_| Refused::Damaged("too short"))?;
    let mode = expect.mode;
    Ok(StartFrame { request: ImageRequest { source, target: Size::new(width, height), mode, max_pixels }, pixels })
}

/// Loads every display's start frame on a thread of its own (reading 8 MB per display must not
/// hold up the window); join it when the displays are made. Logs why a frame is not used.
pub fn load_all(dir: PathBuf, mode: DisplayMode, max_pixels: u64, folders: Vec<PathBuf>) -> Option<std::thread::JoinHandle<Vec<Option<StartFrame>>>> {
    let spawned = std::thread::Builder::new().name("start-frame".into()).spawn(move || {
        let expect = Expect { mode, max_pixels, folders: &folders };
        let mut frames: Vec<Option<StartFrame>> = Vec::new();
        for display in 0..MAX_DISPLAYS {
            frames.push(match load(&dir, display, &expect) {
                Ok(f) => Some(f),
                Err(Refused::Missing) => None,
                Err(e) => {
                    log::info!("start frame for display {display} not used: {e}");
                    None
                }
            });
        }
        while frames.last().is_some_and(Option::is_none) {
            frames.pop();
        }
        frames
    });
    spawned.map_err(|e| log::warn!("cannot read the start frames: {e}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// Moves a photo's modification time (an edit in place).
    fn touch(path: &Path, by: Duration) {
        let f = std::fs::File::options().write(true).open(path).expect("photo");
        f.set_modified(SystemTime::now() + by).expect("set mtime");
    }

    fn setup(name: &str) -> (PathBuf, PathBuf, ImageRequest) {
        let root = std::env::temp_dir().join(format!("srpss-start-frame-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let photos = root.join("photos");
        std::fs::create_dir_all(&photos).expect("dir");
        let photo = photos.join("a.jpg");
        std::fs::write(&photo, b"not really a jpeg").expect("photo");
        let request = ImageRequest { source: ImageSource::File(photo), target: Size::new(3, 2), mode: DisplayMode::Fill, max_pixels: 40_000_000 };
        (root.join("start"), photos, request)
    }

    fn expect(folders: &[PathBuf]) -> Expect<'_> {
        Expect { mode: DisplayMode::Fill, max_pixels: 40_000_000, folders }
    }

    #[test]
    fn a_saved_frame_comes_back_only_while_it_is_what_would_be_prepared_now() {
        let (dir, photos, request) = setup("round");
        let rgba: Vec<u8> = (0..24).collect();
        save(&dir, 0, &request, &rgba).expect("save");
        let folders = [photos.clone()];
        let f = load(&dir, 0, &expect(&folders)).expect("load");
        assert_eq!(f.request, request);
        assert_eq!(f.pixels.as_bytes(), rgba.as_slice());
        assert!(matches!(load(&dir, 1, &expect(&folders)), Err(Refused::Missing)));
        let fit = Expect { mode: DisplayMode::Fit, ..expect(&folders) };
        assert!(matches!(load(&dir, 0, &fit), Err(Refused::OtherSettings)));
        assert!(matches!(load(&dir, 0, &expect(std::slice::from_ref(&dir))), Err(Refused::NotInFolders)));
        let ImageSource::File(photo) = &request.source else { unreachable!() };
        touch(photo, Duration::from_secs(60));
        assert!(matches!(load(&dir, 0, &expect(&folders)), Err(Refused::PhotoChanged)));
        std::fs::remove_file(photo).expect("rm");
        assert!(matches!(load(&dir, 0, &expect(&folders)), Err(Refused::PhotoChanged)));
        let _ = std::fs::remove_dir_all(dir.parent().expect("root"));
    }

    #[test]
    fn a_damaged_or_cut_file_is_refused_not_trusted() {
        let (dir, photos, request) = setup("damaged");
        save(&dir, 0, &request, &[7u8; 24]).expect("save");
        let folders = [photos];
        let path = file(&dir, 0);
        let whole = std::fs::read(&path).expect("read");
        std::fs::write(&path, &whole[..whole.len() - 1]).expect("cut");
        assert!(matches!(load(&dir, 0, &expect(&folders)), Err(Refused::Damaged(_))));
        let mut huge = whole.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&path, &huge).expect("write");
        assert!(matches!(load(&dir, 0, &expect(&folders)), Err(Refused::Damaged(_))));
        std::fs::write(&path, b"SRPSS").expect("write");
        assert!(matches!(load(&dir, 0, &expect(&folders)), Err(Refused::Damaged(_))));
        assert!(save(&dir, 0, &request, &[0u8; 5]).is_err(), "pixels that do not fit the size are not saved");
        let _ = std::fs::remove_dir_all(dir.parent().expect("root"));
    }

    #[test]
    fn a_demo_frame_is_used_only_without_folders() {
        let (dir, photos, mut request) = setup("demo");
        request.source = ImageSource::Demo(2);
        save(&dir, 1, &request, &[1u8; 24]).expect("save");
        assert_eq!(load(&dir, 1, &expect(&[])).expect("load").request.source, ImageSource::Demo(2));
        assert!(matches!(load(&dir, 1, &expect(&[photos])), Err(Refused::NotInFolders)));
        let _ = std::fs::remove_dir_all(dir.parent().expect("root"));
    }
}
