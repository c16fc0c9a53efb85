//! The slideshow's online pool: photos the feeds worker has on disk, bounded by the background
//! cap, refreshed by replacing stale photos, and which pool (local or online) each next photo
//! comes from (upstream-srpss.md §2.3–2.4).

use crate::feed_pipe::FeedPipe;
use srpss_core::playlist::Playlist;
use srpss_core::rng::Rng;
use srpss_core::settings::Settings;
use srpss_core::source_mix::{self, Pool};
use srpss_image::ImageSource;
use srpss_ipc::message::OnlineImage;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Online photos looked back on before one repeats (the original's RSS lookback), and the
/// candidates looked at for one from another site than the last.
const ONLINE_LOOKBACK: usize = 15;

/// The pool's size bound and how old a photo may get before a newer one replaces it, from the
/// slideshow interval: short intervals need more photos and fresher ones.
pub fn cap_and_ttl(background_cap: u32, stale_minutes: u32, interval_s: u32) -> (usize, Duration) {
    let (min_cap, ttl_min) = match interval_s {
        0..=30 => (20, 5),
        31..=90 => (15, 10),
        _ => (10, 15),
    };
    let ttl = if stale_minutes > 0 { stale_minutes } else { ttl_min };
    ((background_cap as usize).max(min_cap), Duration::from_secs(u64::from(ttl) * 60))
}

pub struct Online {
    pub photos: Playlist<ImageSource>,
    feeds: Option<FeedPipe>,
    rng: Rng,
    local_ratio: u32,
    cap: usize,
    ttl: Duration,
    added: HashMap<ImageSource, Instant>,
    hosts: HashMap<ImageSource, String>,
    last_host: Option<String>,
}

impl Online {
    /// Replaceable news dropped by the feeds worker's supervisor.
    pub fn events_dropped(&self) -> u64 {
        self.feeds.as_ref().map_or(0, FeedPipe::events_dropped)
    }

    /// The feeds worker (if any) is asked to stop now.
    pub fn stop_soon(&self) {
        if let Some(f) = &self.feeds {
            f.stop_soon();
        }
    }

    pub fn start(settings: &Settings, verbose: bool) -> Self {
        let s = &settings.sources;
        let (cap, ttl) = cap_and_ttl(s.rss_background_cap, s.rss_stale_minutes, settings.timing.interval);
        Self {
            photos: Playlist::new(settings.queue.shuffle, ONLINE_LOOKBACK, Rng::from_entropy()),
            feeds: FeedPipe::start(settings, verbose),
            rng: Rng::from_entropy(),
            local_ratio: s.local_ratio,
            cap,
            ttl,
            added: HashMap::new(),
            hosts: HashMap::new(),
            last_host: None,
        }
    }

    /// Feeds are configured (their worker runs).
    pub fn configured(&self) -> bool {
        self.feeds.as_ref().is_some_and(|f| f.has_feeds)
    }

    /// Widget data the feeds worker sent since the last call.
    pub fn take_news(&mut self) -> Vec<crate::feed_pipe::WidgetNews> {
        self.feeds.as_mut().map(FeedPipe::take_news).unwrap_or_default()
    }

    /// Takes what the feeds worker reported; returns how many photos are new to the pool.
    pub fn drain(&mut self, failed: &HashSet<ImageSource>, now: Instant) -> usize {
        let Some(feeds) = &mut self.feeds else { return 0 };
        let images = feeds.try_images();
        self.merge(images, failed, now)
    }

    /// Adds new photos up to the cap, first letting up to as many stale photos (older than the
    /// time-to-live) make room; stale photos go only when replacements came.
    pub fn merge(&mut self, images: Vec<OnlineImage>, failed: &HashSet<ImageSource>, now: Instant) -> usize {
        let fresh: Vec<OnlineImage> = images
            .into_iter()
            .filter(|i| {
                let s = ImageSource::File(i.path.clone());
                !failed.contains(&s) && !self.added.contains_key(&s)
            })
            .collect();
        if fresh.is_empty() {
            return 0;
        }
        let mut stale: Vec<(ImageSource, Instant)> =
            self.added.iter().filter(|(_, &t)| now.saturating_duration_since(t) > self.ttl).map(|(s, &t)| (s.clone(), t)).collect();
        stale.sort_by_key(|(_, t)| *t);
        for (s, _) in stale.into_iter().take(fresh.len()) {
            self.forget(&s);
        }
        let room = self.cap.saturating_sub(self.photos.len());
        let mut count = 0;
        for image in fresh.into_iter().take(room) {
            let s = ImageSource::File(image.path);
            if let Some(host) = srpss_feeds::url_policy::host(&image.url) {
                self.hosts.insert(s.clone(), host);
            }
            self.added.insert(s.clone(), now);
            self.photos.add([s]);
            count += 1;
        }
        count
    }

    pub fn forget(&mut self, s: &ImageSource) {
        self.photos.remove(s);
        self.added.remove(s);
        self.hosts.remove(s);
    }

    /// The pool the next photo comes from, given `local` photos.
    pub fn pick(&mut self, local: usize) -> Option<Pool> {
        source_mix::pick(local, self.photos.len(), self.local_ratio, &mut self.rng)
    }

    /// The next online photo, from another site than the last one when one is near.
    pub fn next(&mut self) -> Option<ImageSource> {
        let (hosts, last) = (&self.hosts, self.last_host.clone());
        let next = self.photos.advance_preferring(ONLINE_LOOKBACK, |s| last.is_none() || hosts.get(s) != last.as_ref())?;
        self.last_host = self.hosts.get(&next).cloned();
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn online(cap: usize, ttl_s: u64) -> Online {
        Online {
            photos: Playlist::new(false, ONLINE_LOOKBACK, Rng::new(1)),
            feeds: None,
            rng: Rng::new(2),
            local_ratio: 0,
            cap,
            ttl: Duration::from_secs(ttl_s),
            added: HashMap::new(),
            hosts: HashMap::new(),
            last_host: None,
        }
    }

    fn image(name: &str, host: &str) -> OnlineImage {
        OnlineImage { path: PathBuf::from(format!("/c/{name}.jpg")), url: format!("https://{host}/{name}.jpg"), title: String::new(), page: None, feed: String::new() }
    }

    #[test]
    fn cap_and_time_to_live_follow_the_interval() {
        assert_eq!(cap_and_ttl(30, 0, 20), (30, Duration::from_secs(300)));
        assert_eq!(cap_and_ttl(5, 0, 60), (15, Duration::from_secs(600)));
        assert_eq!(cap_and_ttl(5, 30, 600), (10, Duration::from_secs(1800)));
    }

    #[test]
    fn the_pool_stays_under_its_cap_and_stale_photos_make_room_only_for_new_ones() {
        let mut o = online(3, 60);
        let t0 = Instant::now();
        let none = HashSet::new();
        assert_eq!(o.merge(vec![image("a", "x"), image("b", "x"), image("c", "y"), image("d", "y")], &none, t0), 3, "capped at 3");
        assert_eq!(o.merge(vec![], &none, t0 + Duration::from_secs(120)), 0);
        assert_eq!(o.photos.len(), 3, "no replacements, nothing stale removed");
        assert_eq!(o.merge(vec![image("e", "z")], &none, t0 + Duration::from_secs(120)), 1, "one stale photo made room");
        assert_eq!(o.photos.len(), 3);
    }

    #[test]
    fn the_next_online_photo_comes_from_another_site_when_it_can() {
        let mut o = online(10, 600);
        let none = HashSet::new();
        o.merge(vec![image("a1", "a.example"), image("a2", "a.example"), image("a3", "a.example"), image("b1", "b.example")], &none, Instant::now());
        let picked: Vec<ImageSource> = (0..2).filter_map(|_| o.next()).collect();
        let hosts: Vec<&String> = picked.iter().map(|s| &o.hosts[s]).collect();
        assert_ne!(hosts[0], hosts[1], "two in a row from different sites: {hosts:?}");
    }
}
