//! `srpss sources`: what a user runs when "no new photos" happens — each configured feed with
//! its state from the feeds worker's health file and the cache, optionally after polling them.

use crate::feed_pipe;
use anyhow::Context;
use srpss_core::settings::Settings;
use srpss_core::timestamp::human_utc;
use srpss_feeds::health::Health;
use srpss_feeds::poll::{poll, PollPolicy};
use srpss_feeds::{cache, Fetcher, Limits};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn run(settings: &Settings, refresh: bool) -> anyhow::Result<()> {
    let feeds = settings.sources.effective_feeds();
    let cache_dir = feed_pipe::cache_dir().context("no cache directory is known")?;
    let state_file = feed_pipe::state_file().context("no state directory is known")?;
    let mut health = Health::load(&state_file).unwrap_or_else(|e| {
        println!("feed health unreadable ({e}); shown as unknown");
        Health::default()
    });
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    if feeds.is_empty() {
        println!("no feeds configured ([sources] rss_feeds, or just_make_it_work = true)");
    }
    if refresh && !feeds.is_empty() {
        std::fs::create_dir_all(&cache_dir).with_context(|| format!("cannot create {}", cache_dir.display()))?;
        let fetcher = Fetcher::new(Limits::default());
        let policy = PollPolicy { max_images: settings.sources.rss_background_cap.max(1) as usize, ..PollPolicy::default() };
        for feed in &feeds {
            if !health.due(feed, now) && health.feeds.get(feed).is_some_and(|f| f.failures > 0) {
                println!("{feed}: still waiting (backing off after failures); not polled");
                continue;
            }
            let r = poll(&fetcher, &mut health, feed, &cache_dir, now, &policy);
            match &r.error {
                Some(e) => println!("{feed}: poll failed: {e}"),
                None => println!("{feed}: {} photos ({} new, {} skipped)", r.images.len(), r.added, r.skipped.len()),
            }
        }
        if let Some(parent) = state_file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        health.save(&state_file).with_context(|| format!("cannot save {}", state_file.display()))?;
        println!();
    }
    let cached = cache::list(&cache_dir);
    let bytes: u64 = cached.iter().map(|e| e.bytes).sum();
    println!("cache {}: {} photos, {:.1} MB", cache_dir.display(), cached.len(), bytes as f64 / 1e6);
    for feed in &feeds {
        println!("{feed}");
        let Some(h) = health.feeds.get(feed) else {
            println!("  never polled");
            continue;
        };
        let state = match h.failures {
            0 => "healthy".to_string(),
            n => format!("failing ({n} in a row)"),
        };
        println!("  state: {state}");
        match h.last_success {
            Some(t) => println!("  last success: {} ({} photos)", human_utc(t), h.images),
            None => println!("  last success: never"),
        }
        let next = if h.next_poll <= now { "now".to_string() } else { format!("{} (in {} min)", human_utc(h.next_poll), (h.next_poll - now).div_ceil(60)) };
        println!("  next poll: {next}");
        if let Some(e) = &h.last_error {
            println!("  last error: {e}");
        }
    }
    for (host, until) in health.host_pause.iter().filter(|(_, &u)| u > now) {
        println!("host {host} paused until {} (it asked us to wait)", human_utc(*until));
    }
    Ok(())
}
