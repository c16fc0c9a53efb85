//! Politeness and feed health: per-feed backoff 60 s x 2^(failures-1) up to 6 h, a 429 pauses
//! the whole host (for `Retry-After` when given), 401/403 pause the feed for 30 minutes, and a
//! feed's state is logged when it changes, not at every poll. Persisted as JSON in the state
//! directory so a restart keeps its manners.

use crate::fetch::FetchError;
use crate::url_policy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

const BACKOFF_BASE_S: u64 = 60;
const BACKOFF_MAX_S: u64 = 6 * 3600;
const AUTH_PAUSE_S: u64 = 30 * 60;

/// Seconds to wait after `failures` failures in a row.
pub fn backoff_s(failures: u32) -> u64 {
    if failures == 0 {
        return 0;
    }
    BACKOFF_BASE_S.saturating_mul(1u64 << (failures - 1).min(20)).min(BACKOFF_MAX_S)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedHealth {
    pub failures: u32,
    /// Unix seconds of the next poll allowed.
    pub next_poll: u64,
    pub last_success: Option<u64>,
    pub last_error: Option<String>,
    /// Images the last successful poll offered.
    pub images: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Health {
    pub feeds: BTreeMap<String, FeedHealth>,
    /// Host → unix seconds until which nothing is asked of it (after a 429).
    pub host_pause: BTreeMap<String, u64>,
}

impl Health {
    /// Reads the saved state; a missing or unreadable file starts afresh (logged by the caller).
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes the state to a temporary file and renames it over `path`.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// Whether `url` may be polled at `now` (its own wait and its host's pause are over).
    pub fn due(&self, url: &str, now: u64) -> bool {
        let own = self.feeds.get(url).is_none_or(|f| f.next_poll <= now);
        let host = url_policy::host(url).and_then(|h| self.host_pause.get(&h).copied()).is_none_or(|until| until <= now);
        own && host
    }

    /// Records a poll of `url` at `now`; `refresh_s` is the normal interval after a success.
    /// Returns a line to log when the feed's state changed (failing, paused, healthy again).
    pub fn record(&mut self, url: &str, now: u64, result: Result<usize, &FetchError>, refresh_s: u64) -> Option<String> {
        let f = self.feeds.entry(url.to_string()).or_default();
        match result {
            Ok(images) => {
                let was_failing = f.failures > 0;
                *f = FeedHealth { failures: 0, next_poll: now + refresh_s, last_success: Some(now), last_error: None, images };
                was_failing.then(|| format!("feed {url} healthy again ({images} images)"))
            }
            Err(e) => {
                f.failures += 1;
                let first = f.failures == 1;
                f.last_error = Some(e.to_string());
                let wait = match e {
                    FetchError::Status { code: 429, retry_after } => {
                        let pause = retry_after.map_or(backoff_s(f.failures), |d| d.as_secs().max(1));
                        if let Some(host) = url_policy::host(url) {
                            self.host_pause.insert(host, now + pause);
                        }
                        pause
                    }
                    FetchError::Status { code: 401 | 403, .. } => AUTH_PAUSE_S,
                    _ => backoff_s(f.failures),
                };
                f.next_poll = now + wait;
                first.then(|| format!("feed {url} failing: {e}; next try in {wait} s (then backing off up to 6 h)"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_from_a_minute_to_six_hours() {
        assert_eq!((1..=4).map(backoff_s).collect::<Vec<_>>(), [60, 120, 240, 480]);
        assert_eq!(backoff_s(9), 15360);
        assert_eq!(backoff_s(10), 6 * 3600);
        assert_eq!(backoff_s(40), 6 * 3600);
    }

    #[test]
    fn states_change_once_and_429_pauses_the_host() {
        let mut h = Health::default();
        let (a, b) = ("https://x.example/a.rss", "https://x.example/b.rss");
        let err = FetchError::Status { code: 500, retry_after: None };
        assert!(h.record(a, 1000, Err(&err), 600).is_some(), "the first failure is logged");
        assert!(h.record(a, 1100, Err(&err), 600).is_none(), "the second is not");
        assert_eq!(h.feeds[a].next_poll, 1100 + 120);
        assert!(!h.due(a, 1200) && h.due(a, 1220));
        assert!(h.record(a, 1300, Ok(12), 600).unwrap().contains("healthy again"));
        assert!(h.record(a, 1400, Ok(12), 600).is_none());
        let limited = FetchError::Status { code: 429, retry_after: Some(Duration::from_secs(900)) };
        h.record(a, 2000, Err(&limited), 600);
        assert!(!h.due(b, 2500), "the whole host waits after a 429");
        assert!(h.due(b, 2900) && h.due("https://other.example/c.rss", 2500));
        let denied = FetchError::Status { code: 403, retry_after: None };
        h.record(b, 3000, Err(&denied), 600);
        assert_eq!(h.feeds[b].next_poll, 3000 + 1800, "401/403 pause the feed for 30 minutes");
    }

    #[test]
    fn state_survives_a_restart_and_a_bad_file_is_reported() {
        let dir = std::env::temp_dir().join(format!("srpss-health-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("feeds.json");
        let mut h = Health::default();
        h.record("https://x/a", 5, Ok(3), 600);
        h.save(&path).unwrap();
        assert_eq!(Health::load(&path).unwrap(), h);
        std::fs::write(&path, b"{not json").unwrap();
        assert!(Health::load(&path).is_err());
        assert_eq!(Health::load(&dir.join("missing.json")).unwrap(), Health::default());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
