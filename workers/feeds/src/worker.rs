//! `srpss worker feeds`: polls the configured feeds one at a time (3 s apart, 6 s after Reddit),
//! downloads their images into the cache and tells the UI what is on disk: first what the cache
//! already holds (so online photos show before any request), then each poll's images. Heartbeats
//! are answered on the reading thread while a poll runs on its own.

use crate::cache;
use crate::fetch::{Fetcher, Limits};
use crate::health::Health;
use crate::poll::{poll, CacheBounds, PollPolicy};
use crate::reddit;
use srpss_ipc::outbox::Outbox;
use srpss_ipc::serve::{self, ServeError};
use srpss_ipc::message::{FeedsConfig, FeedsReply, FromWorker, OnlineImage, ToWorker, WorkerKind};
use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Feeds polled per round at most (then the loop waits for the next round).
const FEEDS_PER_ROUND: usize = 3;
/// Pause between two feeds, and after a Reddit feed.
const BETWEEN_FEEDS: Duration = Duration::from_secs(3);
const AFTER_REDDIT: Duration = Duration::from_secs(6);


enum Control {
    Config(Box<FeedsConfig>),
    Stop,
}

fn now_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Runs the worker until `Shutdown` or the end of `input`.
pub fn serve<R: Read, W: Write + Send + 'static>(mut input: R, output: W) -> Result<(), ServeError> {
    let outbox = Arc::new(Outbox::new(output));
    let (generation, config) = serve::accept(&mut input, &outbox, WorkerKind::Feeds, |c| c.feeds.is_some())?;
    let Some(feeds) = config.feeds else { return Err(ServeError::NoConfig(WorkerKind::Feeds)) };
    log::debug!("feeds worker generation {generation}: {} feeds", feeds.feeds.len());
    let (widgets_stop, widgets_rx) = mpsc::channel::<()>();
    if let Some(w) = feeds.widgets.clone() {
        let out = outbox.clone();
        let spawned = std::thread::Builder::new().name("srpss-widgets".into()).spawn(move || crate::widget_loop::run(w, &widgets_rx, &out));
        if let Err(e) = spawned {
            log::error!("cannot start the widgets' fetching thread: {e}; no weather or headlines");
        }
    }
    let (control, rx) = mpsc::channel();
    let poller_out = outbox.clone();
    let poller = std::thread::Builder::new().name("srpss-feeds-poll".into()).spawn(move || poll_loop(feeds, &rx, &poller_out));
    if let Err(e) = &poller {
        log::error!("cannot start the polling thread: {e}");
    }
    let result = serve::commands(&mut input, &outbox, |body| match body {
        ToWorker::Config(c) => {
            if let Some(f) = c.feeds {
                let _ = control.send(Control::Config(Box::new(f)));
            }
        }
        other => log::warn!("not for the feeds worker, ignored: {other:?}"),
    });
    let _ = control.send(Control::Stop);
    let _ = widgets_stop.send(());
    result
}

fn poll_loop<W: Write>(mut config: FeedsConfig, control: &Receiver<Control>, outbox: &Outbox<W>) {
    if let Err(e) = std::fs::create_dir_all(&config.cache_dir) {
        log::error!("cannot create the feeds cache {}: {e}; no online photos", config.cache_dir.display());
        return;
    }
    cache::remove_partials(&config.cache_dir);
    let cached: Vec<OnlineImage> = cache::list(&config.cache_dir)
        .into_iter()
        .rev()
        .map(|e| OnlineImage { path: e.path, url: String::new(), title: String::new(), page: None, feed: String::new() })
        .collect();
    log::info!("{} online photos in the cache", cached.len());
    if outbox.send(0, FromWorker::Feeds(FeedsReply::Images { images: cached, from_cache: true })).is_err() {
        return;
    }
    let mut health = Health::load(&config.state_file).unwrap_or_else(|e| {
        log::warn!("feed health unreadable ({e}); starting afresh");
        Health::default()
    });
    let fetcher = Fetcher::new(Limits::default());
    loop {
        let policy = PollPolicy {
            refresh_s: u64::from(config.refresh_minutes.max(1)) * 60,
            max_images: config.max_images.max(1) as usize,
            bounds: CacheBounds::default(),
        };
        let due: Vec<String> = config.feeds.iter().filter(|f| health.due(f, now_s())).take(FEEDS_PER_ROUND).cloned().collect();
        for feed in due {
            let report = poll(&fetcher, &mut health, &feed, &config.cache_dir, now_s(), &policy);
            if let Some(line) = &report.state_change {
                log::warn!("{line}");
            }
            if let Some(mirror) = &config.save_dir {
                mirror_copies(&report.images, mirror);
            }
            for (url, why) in &report.skipped {
                log::debug!("skipped {url}: {why}");
            }
            let images: Vec<OnlineImage> = report
                .images
                .iter()
                .map(|c| OnlineImage { path: c.path.clone(), url: c.image.url.clone(), title: c.image.title.clone(), page: c.image.page.clone(), feed: feed.clone() })
                .collect();
            let sent = (images.is_empty() || outbox.send(0, FromWorker::Feeds(FeedsReply::Images { images, from_cache: false })).is_ok())
                && outbox
                    .send(0, FromWorker::Feeds(FeedsReply::Polled { feed: feed.clone(), added: report.added as u32, error: report.error.map(|e| e.to_string()) }))
                    .is_ok();
            if !sent {
                return;
            }
            if let Err(e) = health.save(&config.state_file) {
                log::warn!("cannot save feed health to {}: {e}", config.state_file.display());
            }
            let pause = if reddit::is_subreddit(&feed) { AFTER_REDDIT } else { BETWEEN_FEEDS };
            if !pause_for(control, pause, &mut config) {
                return;
            }
        }
        // Sleep until the next feed is due (checked at least once a minute).
        let now = now_s();
        let next = config.feeds.iter().filter_map(|f| health.feeds.get(f).map(|h| h.next_poll)).min().unwrap_or(now + 60);
        let wait = Duration::from_secs(next.saturating_sub(now).clamp(1, 60));
        if !pause_for(control, wait, &mut config) {
            return;
        }
    }
}

/// Waits `d` for the UI's word: a new configuration is taken, and false means stop.
fn pause_for(control: &Receiver<Control>, d: Duration, config: &mut FeedsConfig) -> bool {
    match control.recv_timeout(d) {
        Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => false,
        Ok(Control::Config(c)) => {
            *config = *c;
            true
        }
        Err(RecvTimeoutError::Timeout) => true,
    }
}

/// `sources.rss_save_to_disk`: a copy of each new online photo in the user's folder, named by
/// the cache (so never a name from the network), never overwriting a file that is there.
fn mirror_copies(images: &[crate::poll::CachedImage], dir: &std::path::Path) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        log::warn!("cannot create {} to save online photos: {e}", dir.display());
        return;
    }
    for image in images {
        let Some(name) = image.path.file_name() else { continue };
        let target = dir.join(name);
        if target.exists() {
            continue;
        }
        if let Err(e) = std::fs::copy(&image.path, &target) {
            log::warn!("cannot save {} to {}: {e}", image.image.url, dir.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::FeedImage;
    use crate::poll::CachedImage;

    #[test]
    fn saved_copies_never_overwrite() {
        let base = std::env::temp_dir().join(format!("srpss-mirror-{}", std::process::id()));
        let (cache_dir, mirror) = (base.join("cache"), base.join("mine"));
        std::fs::create_dir_all(&cache_dir).unwrap();
        std::fs::create_dir_all(&mirror).unwrap();
        let image = |name: &str, bytes: &[u8]| {
            let path = cache_dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let image = FeedImage { url: format!("https://x/{name}"), title: String::new(), page: None, published: None, width: None, height: None };
            CachedImage { path, image, feed: String::new() }
        };
        std::fs::write(mirror.join("b.jpg"), b"the user's own").unwrap();
        mirror_copies(&[image("a.jpg", b"A"), image("b.jpg", b"B")], &mirror);
        assert_eq!(std::fs::read(mirror.join("a.jpg")).unwrap(), b"A");
        assert_eq!(std::fs::read(mirror.join("b.jpg")).unwrap(), b"the user's own", "never overwritten");
        let _ = std::fs::remove_dir_all(&base);
    }
}
