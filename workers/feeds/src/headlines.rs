//! Reddit headlines for the overlay's cards: the subreddit's `.rss` listing (the `.json` one is
//! often refused without a login), titles filtered and sorted newest first, saved to the state
//! directory after each success. Fetched every 10 minutes; before the first success a failure
//! is retried after 5.

use crate::fetch::{FetchError, Fetcher};
use srpss_core::cards::headlines::{arrange, Headline, Headlines};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const REFRESH: Duration = Duration::from_secs(10 * 60);
pub const RETRY: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HeadlineError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("not a feed: {0}")]
    Parse(String),
}

/// Reddit's address; `SRPSS_REDDIT_URL` replaces it (the tests' loopback server).
pub fn base_from_env() -> String {
    std::env::var("SRPSS_REDDIT_URL").ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "https://www.reddit.com".into())
}

/// The post's URL for a click, and the subreddit's for the header.
pub fn subreddit_url(base: &str, subreddit: &str) -> String {
    format!("{}/r/{}", base.trim_end_matches('/'), subreddit.trim())
}

pub fn fetch(f: &Fetcher, base: &str, subreddit: &str, now_unix: u64) -> Result<Headlines, HeadlineError> {
    let body = f.document(&format!("{}/.rss?limit=25", subreddit_url(base, subreddit)))?;
    let feed = feed_rs::parser::parse(&body[..]).map_err(|e| HeadlineError::Parse(e.to_string()))?;
    let items = feed
        .entries
        .into_iter()
        .filter_map(|e| {
            let title = e.title.map(|t| t.content.trim().to_string())?;
            let url = e.links.first().map(|l| l.href.clone())?;
            let created_unix = e.published.or(e.updated).and_then(|t| u64::try_from(t.timestamp()).ok());
            Some(Headline { title, url, created_unix })
        })
        .collect();
    Ok(Headlines { subreddit: subreddit.trim().to_string(), items: arrange(items), fetched_unix: now_unix })
}

/// One Reddit card's source.
pub struct HeadlineSource {
    pub subreddit: String,
    state_dir: PathBuf,
    next: Instant,
    succeeded: bool,
}

impl HeadlineSource {
    pub fn new(subreddit: &str, state_dir: &Path, now: Instant) -> Self {
        HeadlineSource { subreddit: subreddit.trim().to_string(), state_dir: state_dir.to_path_buf(), next: now, succeeded: false }
    }

    pub fn next_due(&self) -> Instant {
        self.next
    }

    /// Fetches if due; the headlines on success.
    pub fn poll(&mut self, f: &Fetcher, base: &str, now: Instant, now_unix: u64) -> Option<Headlines> {
        if now < self.next {
            return None;
        }
        match fetch(f, base, &self.subreddit, now_unix) {
            Ok(news) => {
                self.next = now + REFRESH;
                self.succeeded = true;
                if let Err(e) = crate::widget_store::save_headlines(&self.state_dir, &news) {
                    log::warn!("cannot save r/{} headlines: {e}", self.subreddit);
                }
                Some(news)
            }
            Err(e) => {
                self.next = now + if self.succeeded { REFRESH } else { RETRY };
                log::warn!("r/{} headlines: {e}", self.subreddit);
                None
            }
        }
    }
}
