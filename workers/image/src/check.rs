//! `srpss check`: decode every photo the way the screensaver would and report failures.

use crate::frame::{prepare, ImageRequest, ImageSource};
use crate::error::ImageError;
use crate::scan::scan;
use srpss_core::geometry::{DisplayMode, Size};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    pub good: usize,
    pub bad: usize,
    pub elapsed: Duration,
}

/// Prepares every photo under `roots` for a `screen` in `mode`, calling `on_failure` for each
/// one that fails. Photos are decoded one at a time, so memory stays bounded by one photo.
pub fn check(
    roots: &[PathBuf],
    screen: Size,
    mode: DisplayMode,
    max_pixels: u64,
    mut on_failure: impl FnMut(&ImageError),
) -> CheckSummary {
    let start = Instant::now();
    let (mut good, mut bad) = (0, 0);
    scan(roots, |batch| {
        for path in batch {
            let req = ImageRequest { source: ImageSource::File(path), target: screen, mode, max_pixels };
            match prepare(&req) {
                Ok(_) => good += 1,
                Err(e) => {
                    bad += 1;
                    on_failure(&e);
                }
            }
        }
        true
    });
    CheckSummary { good, bad, elapsed: start.elapsed() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    #[test]
    fn corpus_of_bad_files_is_counted_exactly() {
        let d = temp_dir("check");
        let good_jpeg = jpeg(&quadrants(300, 200));
        let good_png = png(&quadrants(300, 200));
        std::fs::write(d.join("good.jpg"), &good_jpeg).unwrap();
        std::fs::write(d.join("good.PNG"), &good_png).unwrap();
        std::fs::write(d.join("truncated.jpg"), &good_jpeg[..good_jpeg.len() / 2]).unwrap();
        std::fs::write(d.join("truncated.png"), &good_png[..good_png.len() / 2]).unwrap();
        std::fs::write(d.join("zero.jpg"), b"").unwrap();
        std::fs::write(d.join("text.jpg"), b"this is not a photo\n").unwrap();
        std::fs::write(d.join("bomb.png"), png_header_only(100_000, 100_000)).unwrap();
        std::fs::write(d.join("notes.txt"), b"ignored: not a photo extension").unwrap();
        let mut failures = Vec::new();
        let s = check(std::slice::from_ref(&d), Size::new(320, 180), DisplayMode::Fill, 100_000_000, |e| {
            failures.push((e.path().file_name().unwrap().to_string_lossy().into_owned(), e.to_string()))
        });
        failures.sort();
        assert_eq!((s.good, s.bad), (2, 5), "{failures:?}");
        let names: Vec<&str> = failures.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["bomb.png", "text.jpg", "truncated.jpg", "truncated.png", "zero.jpg"]);
        assert!(failures[0].1.contains("too large"), "{}", failures[0].1);
        assert!(failures[2].1.contains("truncated"), "{}", failures[2].1);
    }
}
