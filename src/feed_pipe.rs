//! The UI side of the feeds worker: started when feeds are configured, polled on the UI
//! thread's tick without blocking; hands over the paths of online photos on disk.

use srpss_core::settings::SourceSettings;
use srpss_ipc::message::{FeedsConfig, FeedsReply, FromWorker, OnlineImage, WorkerConfig};
use srpss_ipc::supervisor::{Event, Launch, Policy, Supervisor};
use srpss_ipc::WorkerKind;
use std::path::PathBuf;

/// Where online photos are cached: `$XDG_CACHE_HOME/srpss/feeds`.
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "srpss").map(|d| d.cache_dir().join("feeds"))
}

/// Where feed health is kept: `$XDG_STATE_HOME/srpss/feeds-health.json`.
pub fn state_file() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "srpss")?;
    Some(dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).join("feeds-health.json"))
}

pub struct FeedPipe {
    supervisor: Supervisor,
}

impl FeedPipe {
    /// Starts `srpss worker feeds` if any feed is configured.
    pub fn start(sources: &SourceSettings, verbose: bool) -> Option<Self> {
        let list = sources.effective_feeds();
        if list.is_empty() {
            return None;
        }
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
        };
        let started = Launch::this_executable(WorkerKind::Feeds).and_then(|mut launch| {
            if verbose {
                launch.args.push("-v".into());
            }
            Supervisor::start(WorkerKind::Feeds, launch, Policy::default(), move |_| WorkerConfig {
                decoders: 0,
                slot_prefix: PathBuf::new(),
                feeds: Some(feeds.clone()),
            })
        });
        match started {
            Ok(supervisor) => Some(Self { supervisor }),
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
                    FromWorker::Error { message } => log::warn!("feeds worker: {message}"),
                    _ => {}
                },
                // The supervisor logs starts, losses and failure itself ([HEALTH]).
                Event::Started { .. } | Event::Lost { .. } | Event::Failed { .. } => {}
            }
        }
        out
    }
}
