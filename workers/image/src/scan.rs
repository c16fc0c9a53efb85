//! Recursive folder scanning that hands over photos as it finds them.
//!
//! The first photo is delivered on its own the moment it is found, then batches follow, so a
//! folder of 100,000 files never delays the first picture. Symlinked folders are followed but
//! each real directory is visited once (loops are broken). Unreadable folders are logged and
//! skipped; thumbnail and trash folders are never entered.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File extensions the screensaver shows (case-insensitive).
pub const EXTENSIONS: [&str; 10] = ["jpg", "jpeg", "jfif", "png", "bmp", "gif", "webp", "tif", "tiff", "ico"];

/// Folders made by NAS boxes, file managers and desktops for thumbnails or trash.
const SKIPPED_DIRS: [&str; 8] = ["@eaDir", ".@__thumb", ".thumbnails", ".thumbs", "@Recycle", "#recycle", "$RECYCLE.BIN", ".Trash"];

/// Whether `path` has one of the [`EXTENSIONS`].
pub fn is_photo(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.iter().any(|s| s.eq_ignore_ascii_case(name)) || name.starts_with(".Trash-")
}

/// What a scan found, besides the photos it delivered.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScanStats {
    pub photos: usize,
    pub dirs: usize,
    /// Folders or entries that could not be read (each logged).
    pub unreadable: usize,
    /// Directories seen again through a symlink and not re-entered.
    pub loops_broken: usize,
}

/// Batches are sent when this many photos are waiting…
const BATCH: usize = 512;
/// …or when the oldest waiting photo has waited this long.
const BATCH_AGE: Duration = Duration::from_millis(100);

/// Walks `roots` depth-first, calling `deliver` with batches of photo paths. `deliver`
/// returns `false` to stop the scan early (the screensaver is exiting).
pub fn scan(roots: &[PathBuf], mut deliver: impl FnMut(Vec<PathBuf>) -> bool) -> ScanStats {
    let mut stats = ScanStats::default();
    let mut seen_dirs = HashSet::new();
    let mut pending: Vec<PathBuf> = Vec::new();
    let mut oldest = Instant::now();
    let mut stack: Vec<PathBuf> = roots.iter().rev().cloned().collect();
    let mut delivered_first = false;
    while let Some(dir) = stack.pop() {
        match dir_identity(&dir) {
            Ok(id) => {
                if !seen_dirs.insert(id) {
                    stats.loops_broken += 1;
                    log::debug!("already scanned {} (symlink loop or duplicate), skipped", dir.display());
                    continue;
                }
            }
            Err(e) => {
                stats.unreadable += 1;
                log::warn!("cannot read folder {}: {e}; skipped", dir.display());
                continue;
            }
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                stats.unreadable += 1;
                log::warn!("cannot read folder {}: {e}; skipped", dir.display());
                continue;
            }
        };
        stats.dirs += 1;
        let mut subdirs = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    stats.unreadable += 1;
                    log::warn!("cannot read an entry of {}: {e}; skipped", dir.display());
                    continue;
                }
            };
            let path = entry.path();
            // file_type() does not follow symlinks; metadata() does, for linked folders/files.
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => std::fs::metadata(&path).map(|m| m.is_dir()).unwrap_or(false),
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            if is_dir {
                let name = entry.file_name();
                if !is_skipped_dir(&name.to_string_lossy()) {
                    subdirs.push(path);
                }
            } else if is_photo(&path) {
                stats.photos += 1;
                if pending.is_empty() {
                    oldest = Instant::now();
                }
                pending.push(path);
                let first = !delivered_first;
                if first || pending.len() >= BATCH || oldest.elapsed() >= BATCH_AGE {
                    delivered_first = true;
                    if !deliver(std::mem::take(&mut pending)) {
                        return stats;
                    }
                }
            }
        }
        // Sorted so that the walk order (and stable playlists) do not depend on the filesystem.
        subdirs.sort();
        stack.extend(subdirs.into_iter().rev());
    }
    if !pending.is_empty() {
        deliver(pending);
    }
    stats
}

#[cfg(unix)]
fn dir_identity(dir: &Path) -> std::io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(dir)?;
    Ok((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn dir_identity(dir: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("srpss-scan-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d); // may not exist
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn collect(roots: &[PathBuf]) -> (Vec<PathBuf>, ScanStats) {
        let mut all = Vec::new();
        let stats = scan(roots, |batch| {
            all.extend(batch);
            true
        });
        all.sort();
        (all, stats)
    }

    #[test]
    fn extensions_any_case_and_thumbnail_dirs_skipped() {
        let d = temp("ext");
        for f in ["a.JPG", "b.jpeg", "c.Jfif", "d.png", "e.BMP", "f.gif", "g.webp", "h.tif", "i.TIFF", "j.ico", "k.txt", "l", "m.jpg.bak"] {
            std::fs::write(d.join(f), b"x").unwrap();
        }
        for skipped in ["@eaDir", ".thumbnails"] {
            std::fs::create_dir_all(d.join(skipped)).unwrap();
            std::fs::write(d.join(skipped).join("t.jpg"), b"x").unwrap();
        }
        std::fs::create_dir_all(d.join("deep/deeper")).unwrap();
        std::fs::write(d.join("deep/deeper/z.png"), b"x").unwrap();
        let (found, stats) = collect(std::slice::from_ref(&d));
        let names: Vec<String> = found.iter().map(|p| p.strip_prefix(&d).unwrap().display().to_string()).collect();
        assert_eq!(names, ["a.JPG", "b.jpeg", "c.Jfif", "d.png", "deep/deeper/z.png", "e.BMP", "f.gif", "g.webp", "h.tif", "i.TIFF", "j.ico"]);
        assert_eq!(stats.photos, 11);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_broken() {
        let d = temp("loop");
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/p.jpg"), b"x").unwrap();
        std::os::unix::fs::symlink(&d, d.join("a/b/back-to-top")).unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("a/self")).unwrap();
        let (found, stats) = collect(std::slice::from_ref(&d));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(stats.loops_broken >= 2);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folders_are_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let d = temp("perm");
        std::fs::create_dir_all(d.join("locked")).unwrap();
        std::fs::write(d.join("locked/x.jpg"), b"x").unwrap();
        std::fs::write(d.join("ok.jpg"), b"x").unwrap();
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
        let (found, stats) = collect(&[d.clone(), d.join("does-not-exist")]);
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
        // root ignores permissions; then the locked photo is readable and counted.
        assert!(found.contains(&d.join("ok.jpg")));
        assert!(stats.unreadable >= 1, "the missing root is reported");
    }

    #[test]
    fn first_photo_is_delivered_alone_and_early() {
        let d = temp("first");
        for i in 0..2000 {
            std::fs::write(d.join(format!("{i:05}.jpg")), b"x").unwrap();
        }
        let mut batches = Vec::new();
        scan(std::slice::from_ref(&d), |b| {
            batches.push(b.len());
            true
        });
        assert_eq!(batches[0], 1, "first batch holds just the first photo");
        assert_eq!(batches.iter().sum::<usize>(), 2000);
        let mut calls = 0;
        let stats = scan(&[d], |_| {
            calls += 1;
            false
        });
        assert_eq!(calls, 1, "stopping after the first batch ends the scan");
        assert!(stats.photos < 2000);
    }
}
