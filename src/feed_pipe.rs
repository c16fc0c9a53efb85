//! The UI side of the feeds worker: started when feeds are configured, polled on the UI
//! thread's tick without blocking; hands over the paths of online photos on disk.

use srpss_core::cards::headlines::Headlines;
use srpss_core::cards::weather::WeatherState;
use srpss_core::settings::{Settings, SourceSettings, WidgetSettings};
use srpss_ipc::message::{FeedsConfig, FeedsReply, FromWorker, OnlineImage, WidgetFetch, WorkerConfig};
use srpss_ipc::supervisor::{Event, Launch, Policy, Supervisor};
use srpss_ipc::WorkerKind;
use std::path::PathBuf;

/// Where online photos are cached: `$XDG_CACHE_HOME/srpss/feeds`.
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "srpss").map(|d| d.cache_dir().join("feeds"))
}

/// Where feed health is kept: `$XDG_STATE_HOME/srpss/feeds-health.json`.
pub fn state_file() -> Option<PathBuf> {
    Some(crate::config::state_dir()?.join("feeds-health.json"))
}

/// Fetched data for the overlay widgets.
#[derive(Debug, Clone, PartialEq)]
pub enum WidgetNews {
    Weather(WeatherState),
    Headlines(Headlines),
}

pub struct FeedPipe {
    supervisor: Supervisor,
    /// Photo feeds are configured (not only widget fetches).
    pub has_feeds: bool,
    news: Vec<WidgetNews>,
}

impl FeedPipe {
    /// Replaceable news the supervisor dropped because the UI fell behind.
    pub fn events_dropped(&self) -> u64 {
        self.supervisor.dropped()
    }

    /// The worker is asked to stop now; dropping the pipe reaps it.
    pub fn stop_soon(&self) {
        self.supervisor.stop_soon();
    }
}

/// What the enabled widgets need fetched, or None when nothing.
fn widget_fetch(w: &WidgetSettings) -> Option<WidgetFetch> {
    let weather_location = w.weather.card.enabled.then(|| w.weather.location.trim().to_string());
    let mut subreddits: Vec<String> = Vec::new();
    for r in w.reddit.iter().filter(|r| r.card.enabled && !r.subreddit.trim().is_empty()) {
        if !subreddits.iter().any(|s| s.eq_ignore_ascii_case(r.subreddit.trim())) {
            subreddits.push(r.subreddit.trim().to_string());
        }
    }
    if weather_location.is_none() && subreddits.is_empty() {
        return None;
    }
    let state_dir = crate::config::state_dir()?;
    Some(WidgetFetch { weather_location, subreddits, state_dir })
}

impl FeedPipe {
    /// Starts `srpss worker feeds` if any feed is configured or a widget needs fetching.
    pub fn start(settings: &Settings, verbose: bool) -> Option<Self> {
        let sources: &SourceSettings = &settings.sources;
        let list = sources.effective_feeds();
        let widgets = widget_fetch(&crate::overlay::enabled_widgets(settings));
        if list.is_empty() && widgets.is_none() {
            return None;
        }
        let has_feeds = !list.is_empty();
        let (Some(cache_dir), Some(state_file)) = (cache_dir(), state_file()) else {
            log::error!("no cache directory for online photos; feeds are not polled");
            return None;
        };
        if let Some(parent) = state_file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let feeds = FeedsConfig {
            feeds: list,
            cache_dir,
            state_file,
            refresh_minutes: sources.rss_refresh_minutes.max(1),
            max_images: sources.rss_background_cap.max(1),
            save_dir: (sources.rss_save_to_disk && !sources.rss_save_directory.as_os_str().is_empty()).then(|| sources.rss_save_directory.clone()),
            widgets,
        };
        let started = Launch::this_executable(WorkerKind::Feeds).and_then(|mut launch| {
            if verbose {
                launch.args.push("-v".into());
            }
            Supervisor::start(WorkerKind::Feeds, launch, Policy::default(), move |_| WorkerConfig {
                decoders: 0,
                slot_prefix: PathBuf::new(),
                feeds: Some(feeds.clone()),
                ..Default::default()
            })
        });
        match started {
            Ok(supervisor) => Some(Self { supervisor, has_feeds, news: Vec::new() }),
            Err(e) => {
                log::error!("[HEALTH] cannot supervise the feeds worker: {e}; no online photos");
                None
            }
        }
    }

    /// Online photos the worker reported since the last call (never blocks).
    pub fn try_images(&mut self) -> Vec<OnlineImage> {
        let mut out = Vec::new();
        for event in self.supervisor.try_events() {
            match event {
                Event::Message { envelope, .. } => match envelope.body {
                    FromWorker::Feeds(FeedsReply::Images { images, from_cache }) => {
                        if from_cache {
                            log::info!("{} online photos from the cache", images.len());
                        }
                        out.extend(images);
                    }
                    FromWorker::Feeds(FeedsReply::Polled { feed, added, error }) => match error {
                        Some(e) => log::debug!("feed {feed}: {e}"),
                        None => log::info!("feed {feed}: {added} new photos"),
                    },
                    FromWorker::Feeds(FeedsReply::Weather { state }) => self.news.push(WidgetNews::Weather(state)),
                    FromWorker::Feeds(FeedsReply::Headlines { news }) => self.news.push(WidgetNews::Headlines(news)),
                    FromWorker::Error { message } => log::warn!("feeds worker: {message}"),
                    _ => {}
                },
                // The supervisor logs starts, losses and failure itself ([HEALTH]).
                Event::Started { .. } | Event::Lost { .. } | Event::Failed { .. } => {}
            }
        }
        out
    }

    /// Widget data that arrived since the last call.
    pub fn take_news(&mut self) -> Vec<WidgetNews> {
        std::mem::take(&mut self.news)
    }
}
