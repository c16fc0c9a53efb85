//! The feeds worker's thread for the overlay widgets: weather and Reddit headlines, each on its
//! own schedule, results sent to the UI as they come.

use crate::fetch::{Fetcher, Limits};
use crate::headlines::{self, HeadlineSource};
use crate::weather::{Endpoints, WeatherSource};
use srpss_ipc::message::{FeedsReply, FromWorker, WidgetFetch};
use srpss_ipc::outbox::Outbox;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Longest sleep between checks (a stop request ends it at once).
const NAP: Duration = Duration::from_secs(30);

fn now_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Runs until `stop` says so (or its sender is gone) or the UI stops reading.
pub fn run<W: Write>(config: WidgetFetch, stop: &Receiver<()>, outbox: &Outbox<W>) {
    let start = Instant::now();
    let mut weather = config.weather_location.as_deref().map(|l| WeatherSource::new(l, &config.state_dir, start));
    let mut reddit: Vec<HeadlineSource> = config.subreddits.iter().map(|s| HeadlineSource::new(s, &config.state_dir, start)).collect();
    let (fetcher, endpoints, base) = (Fetcher::new(Limits::default()), Endpoints::from_env(), headlines::base_from_env());
    loop {
        let now = Instant::now();
        if let Some(w) = &mut weather {
            if let Some(state) = w.poll(&fetcher, &endpoints, now, now_s()) {
                if let srpss_core::cards::weather::WeatherState::Report(r) = &state {
                    log::info!("weather for {}: {:.0}°C, code {}", r.place, r.temperature_c, r.weather_code);
                }
                if outbox.send(0, FromWorker::Feeds(FeedsReply::Weather { state })).is_err() {
                    return;
                }
            }
        }
        for r in &mut reddit {
            if let Some(news) = r.poll(&fetcher, &base, Instant::now(), now_s()) {
                log::info!("r/{}: {} headlines", news.subreddit, news.items.len());
                if outbox.send(0, FromWorker::Feeds(FeedsReply::Headlines { news })).is_err() {
                    return;
                }
            }
        }
        let next = weather.iter().map(WeatherSource::next_due).chain(reddit.iter().map(HeadlineSource::next_due)).min();
        let Some(next) = next else { return };
        let wait = next.saturating_duration_since(Instant::now()).min(NAP);
        match stop.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
