//! The disk cache of online images: one file per URL, named by a hash of the URL and the
//! extension of the format its bytes showed (no name or path from the network reaches the file
//! system), and the original's rotation. Several screensaver processes share one cache (a host
//! starts one per monitor): downloads write a partial file named for their own process, and
//! putting a file in place and rotation run under an exclusive lock on `.lock` in the cache.

use crate::magic::ImageKind;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// 128 bits of two FNV-1a variants of the URL, as hex.
fn hash(url: &str) -> String {
    let fnv = |seed: u64| url.trim().bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3));
    format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142))
}

pub fn file_name(url: &str, kind: ImageKind) -> String {
    format!("{}.{}", hash(url), kind.extension())
}

/// Where a download is written until it is complete (per process: two processes fetching the
/// same URL never write into one file).
pub fn partial_path(dir: &Path, url: &str) -> PathBuf {
    dir.join(format!(".{}.{}.part", hash(url), std::process::id()))
}

/// A partial download this old is left over from a process that died (a download's whole
/// timeout is far shorter); a younger one may be another process's, still downloading.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(600);

/// Holds the cache's lock while it lives (`flock`; released by the OS if the process dies).
pub struct CacheLock(#[allow(dead_code)] std::fs::File);

/// Waits for the cache's exclusive lock. None if the lock file cannot be opened (a read-only
/// cache); the caller goes on unlocked, as a single process always could.
pub fn lock(dir: &Path) -> Option<CacheLock> {
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(".lock")).map_err(|e| log::debug!("cache lock: {e}")).ok()?;
    file.lock().map_err(|e| log::debug!("cache lock: {e}")).ok()?;
    Some(CacheLock(file))
}

/// Puts a complete download in place under its cache name, under the lock.
pub fn commit(dir: &Path, part: &Path, path: &Path) -> std::io::Result<()> {
    let _lock = lock(dir);
    std::fs::rename(part, path)
}

/// The cached file for `url`, if there is one.
pub fn find(dir: &Path, url: &str) -> Option<(PathBuf, ImageKind)> {
    let h = hash(url);
    [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp, ImageKind::Gif].into_iter().find_map(|k| {
        let p = dir.join(format!("{h}.{}", k.extension()));
        p.is_file().then_some((p, k))
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub bytes: u64,
    pub modified: SystemTime,
}

/// Complete cached images, oldest first (partial downloads are not listed).
pub fn list(dir: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && name.split_once('.').is_some_and(|(h, _)| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            m.is_file().then(|| Entry { path: e.path(), bytes: m.len(), modified: m.modified().unwrap_or(SystemTime::UNIX_EPOCH) })
        })
        .collect();
    out.sort_by_key(|e| e.modified);
    out
}

/// Removes downloads a crash left half-written.
pub fn remove_partials(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    for e in read.filter_map(Result::ok) {
        let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_none_or(|age| age > STALE_PARTIAL);
        if e.file_name().to_string_lossy().ends_with(".part") && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The original's rotation: oldest first, while there are more than `max_files` files or more
/// than `max_bytes` in all, but never below `keep` files. Returns how many were removed. Run
/// only after a refresh that added images, so a failed or empty poll never empties the cache.
pub fn rotate(dir: &Path, keep: usize, max_files: usize, max_bytes: u64) -> usize {
    let _lock = lock(dir);
    let entries = list(dir);
    let mut count = entries.len();
    let mut total: u64 = entries.iter().map(|e| e.bytes).sum();
    let mut removed = 0;
    for e in entries {
        if count <= keep || (count <= max_files && total <= max_bytes) {
            break;
        }
        if std::fs::remove_file(&e.path).is_ok() {
            count -= 1;
            total -= e.bytes;
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("srpss-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn rotation_waits_for_another_process_holding_the_lock() {
        let dir = temp("lock");
        for i in 0..4 {
            std::fs::write(dir.join(format!("{i:032}.jpg")), [0u8; 10]).unwrap();
        }
        let held = lock(&dir).expect("lock");
        let d = dir.clone();
        let rotating = std::thread::spawn(move || rotate(&d, 1, 1, u64::MAX));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!rotating.is_finished(), "rotation ran while another holder had the lock");
        assert_eq!(list(&dir).len(), 4);
        drop(held);
        assert_eq!(rotating.join().unwrap(), 3);
        assert_eq!(list(&dir).len(), 1);
    }

    #[test]
    fn a_young_partial_may_be_another_process_download_and_is_kept() {
        let dir = temp("parts");
        let mine = partial_path(&dir, "https://a/1.jpg");
        assert!(mine.to_string_lossy().contains(&std::process::id().to_string()), "partials are per process");
        std::fs::write(&mine, b"half").unwrap();
        remove_partials(&dir);
        assert!(mine.exists(), "a download younger than {STALE_PARTIAL:?} is left alone");
        let old = std::fs::File::options().write(true).open(&mine).unwrap();
        old.set_modified(SystemTime::now() - STALE_PARTIAL * 2).unwrap();
        remove_partials(&dir);
        assert!(!mine.exists(), "an old one is a dead process's");
    }

    #[test]
    fn names_come_from_the_url_hash_only() {
        let n = file_name("https://evil.example/../../etc/passwd.jpg", ImageKind::Png);
        assert!(n.ends_with(".png") && !n.contains('/') && n.len() == 36, "{n}");
        assert_ne!(file_name("https://a/1.jpg", ImageKind::Jpeg), file_name("https://a/2.jpg", ImageKind::Jpeg));
    }

    #[test]
    fn rotation_keeps_the_newest_within_bounds_and_never_below_the_floor() {
        let dir = temp("rotate");
        for i in 0..50u64 {
            let p = dir.join(file_name(&format!("https://x/{i}.jpg"), ImageKind::Jpeg));
            std::fs::write(&p, vec![0u8; 1000]).unwrap();
            let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + i);
            std::fs::File::options().write(true).open(&p).unwrap().set_modified(t).unwrap();
        }
        std::fs::write(dir.join(".abc.part"), b"half").unwrap();
        // Left by a crash long ago (a young one may be another process's download).
        std::fs::File::options().write(true).open(dir.join(".abc.part")).unwrap().set_modified(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1)).unwrap();
        assert_eq!(rotate(&dir, 20, 40, 500 << 20), 10, "down to 40 files");
        assert!(find(&dir, "https://x/49.jpg").is_some() && find(&dir, "https://x/9.jpg").is_none(), "the oldest went first");
        assert_eq!(rotate(&dir, 20, 40, 25_000), 15, "the byte bound takes it to 25 files");
        assert_eq!(rotate(&dir, 20, 40, 1), 5, "never below 20 files");
        assert_eq!(list(&dir).len(), 20);
        remove_partials(&dir);
        assert!(!dir.join(".abc.part").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
