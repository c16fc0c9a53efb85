//! A subreddit's listing: `.json` (sizes for the high-resolution filter) and, when Reddit
//! refuses unauthenticated `.json` with 403, the `.rss` listing instead.

use crate::extract::{self, FeedImage, ParseError};
use crate::fetch::{FetchError, Fetcher};

/// The original's high-resolution filter, where the listing reports sizes.
pub const MIN_WIDTH: u32 = 2560;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Parse(#[from] ParseError),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub images: Vec<FeedImage>,
    /// The `.json` listing was refused and `.rss` was read.
    pub used_rss: bool,
}

/// Whether `url` names a subreddit (`reddit.com/r/NAME`, any form).
pub fn is_subreddit(url: &str) -> bool {
    crate::url_policy::host(url).is_some_and(|h| h == "reddit.com" || h.ends_with(".reddit.com")) && url.contains("/r/")
}

/// `https://www.reddit.com/r/pics`, `.../r/pics/`, `.../r/pics.json` or `.../r/pics/top/.rss?t=day`
/// → the listing's base (`https://www.reddit.com/r/pics/`, `.../r/pics/top/`) and its query.
pub fn base(url: &str) -> (String, String) {
    let u = url.trim();
    let (path, query) = match u.split_once('?') {
        Some((p, q)) => (p, format!("?{}", q.split('#').next().unwrap_or(q))),
        None => (u.split('#').next().unwrap_or(u), String::new()),
    };
    let path = path.strip_suffix(".json").or_else(|| path.strip_suffix(".rss")).unwrap_or(path);
    (format!("{}/", path.trim_end_matches('/')), query)
}

pub fn listing(f: &Fetcher, url: &str) -> Result<Listing, SourceError> {
    let (base, query) = base(url);
    match f.document(&format!("{base}.json{query}")) {
        Ok(body) => Ok(Listing { images: extract::from_reddit_json(&body, MIN_WIDTH)?, used_rss: false }),
        Err(FetchError::Status { code: 403, .. }) => {
            log::debug!("{base}.json refused (403); reading {base}.rss");
            let body = f.document(&format!("{base}.rss{query}"))?;
            Ok(Listing { images: extract::from_feed(&body, true)?, used_rss: true })
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_urls_in_any_form() {
        for u in ["https://www.reddit.com/r/pics", "https://www.reddit.com/r/pics/", "https://www.reddit.com/r/pics/.json", "https://www.reddit.com/r/pics.rss"] {
            assert_eq!(base(u), ("https://www.reddit.com/r/pics/".to_string(), String::new()), "{u}");
        }
        let top = base("https://www.reddit.com/r/EarthPorn/top/.json?t=day&limit=25");
        assert_eq!(top, ("https://www.reddit.com/r/EarthPorn/top/".to_string(), "?t=day&limit=25".to_string()));
        assert!(is_subreddit("https://old.reddit.com/r/EarthPorn/.json"));
        assert!(!is_subreddit("https://example.com/r/feed.xml"));
    }
}
