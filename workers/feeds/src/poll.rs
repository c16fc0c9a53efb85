//! One poll of one feed: its listing, then its images into the cache (those already there are
//! not fetched again), the feed's health updated, and the cache rotated only when the poll
//! added images — so a dead or empty feed never empties the cache.

use crate::cache;
use crate::extract::{self, FeedImage};
use crate::fetch::{FetchError, Fetcher};
use crate::health::Health;
use crate::reddit::{self, SourceError};
use std::path::{Path, PathBuf};

/// An image of a feed that is on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedImage {
    pub path: PathBuf,
    pub image: FeedImage,
    pub feed: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PollReport {
    pub images: Vec<CachedImage>,
    /// Images downloaded by this poll (not already cached).
    pub added: usize,
    /// Per image that could not be fetched: its URL and why.
    pub skipped: Vec<(String, FetchError)>,
    pub error: Option<SourceError>,
    /// A line for the log when the feed's state changed.
    pub state_change: Option<String>,
}

/// Cache bounds (the original's: keep 20, at most max(40, 2 x 20) files, 500 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheBounds {
    pub keep: usize,
    pub max_files: usize,
    pub max_bytes: u64,
}

impl Default for CacheBounds {
    fn default() -> Self {
        Self { keep: 20, max_files: 40, max_bytes: 500 << 20 }
    }
}

/// How a poll behaves: the wait after a success, how many images it fetches, the cache bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollPolicy {
    pub refresh_s: u64,
    pub max_images: usize,
    pub bounds: CacheBounds,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self { refresh_s: 600, max_images: 30, bounds: CacheBounds::default() }
    }
}

fn listing(f: &Fetcher, url: &str) -> Result<Vec<FeedImage>, SourceError> {
    if reddit::is_subreddit(url) {
        let images = reddit::listing(f, url)?.images;
        if images.is_empty() {
            // Reddit answers an empty listing when it rate-limits (the original's rule).
            return Err(SourceError::Fetch(FetchError::Network("Reddit listed no photos (rate-limited?)".into())));
        }
        return Ok(images);
    }
    let body = f.document(url)?;
    Ok(extract::from_feed(&body, false)?)
}

/// Polls `url` at `now` (unix seconds) into the cache `dir`.
pub fn poll(f: &Fetcher, health: &mut Health, url: &str, dir: &Path, now: u64, policy: &PollPolicy) -> PollReport {
    let PollPolicy { refresh_s, max_images, bounds } = *policy;
    let mut report = PollReport { images: Vec::new(), added: 0, skipped: Vec::new(), error: None, state_change: None };
    let offered = match listing(f, url) {
        Ok(list) => list,
        Err(e) => {
            let fetch_error = match &e {
                SourceError::Fetch(fe) => fe.clone(),
                SourceError::Parse(pe) => FetchError::Network(pe.to_string()),
            };
            report.state_change = health.record(url, now, Err(&fetch_error), refresh_s);
            report.error = Some(e);
            return report;
        }
    };
    for image in offered.into_iter().take(max_images) {
        let cached = cache::find(dir, &image.url).is_some();
        match f.image(&image.url, dir) {
            Ok((path, _)) => {
                report.added += usize::from(!cached);
                report.images.push(CachedImage { path, image, feed: url.to_string() });
            }
            Err(e) => report.skipped.push((image.url, e)),
        }
    }
    report.state_change = health.record(url, now, Ok(report.images.len()), refresh_s);
    if report.added > 0 {
        let removed = cache::rotate(dir, bounds.keep, bounds.max_files, bounds.max_bytes);
        if removed > 0 {
            report.images.retain(|c| c.path.exists());
        }
    }
    report
}
