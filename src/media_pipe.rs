//! The UI side of the media worker: what the player plays (polled without blocking), its
//! artwork copied out of the announced slot, and the card's buttons and volume sent back.
//! Volume is coalesced here too: at most one value a tick, and only when it changed.

use slint::{Image, Rgba8Pixel, SharedPixelBuffer};
use srpss_core::media::{ArtworkRef, NowPlaying, Transport};
use srpss_core::settings::Settings;
use srpss_ipc::message::{FromWorker, MediaCommand, MediaConfig, MediaReply, ToWorker, WorkerConfig};
use srpss_ipc::slot::{segment_prefix, shm_dir, slot_path, Slot};
use srpss_ipc::supervisor::{Event, Supervisor};
use srpss_ipc::WorkerKind;
use std::path::PathBuf;

fn artwork_prefix(generation: u64) -> PathBuf {
    let mut p = segment_prefix(&shm_dir(), std::process::id(), WorkerKind::Media.name(), generation).into_os_string();
    p.push("-art");
    PathBuf::from(p)
}

/// Removes one generation's artwork slot files.
fn remove_artwork(generation: u64) {
    let prefix = artwork_prefix(generation);
    if let Some(name) = prefix.file_name().and_then(|n| n.to_str()) {
        // "…-g1-art" never matches "…-g10-art…": the generation is followed by "-art".
        srpss_ipc::slot::remove_with_prefix(&shm_dir(), name);
    }
}

/// What changed since the last poll.
#[derive(Default)]
pub struct MediaNews {
    /// Some: a new state (inner None: nothing plays).
    pub now: Option<Option<NowPlaying>>,
    /// New artwork pixels (for the state in `now`).
    pub art: Option<Image>,
}

pub struct MediaPipe {
    supervisor: Supervisor,
    generation: u64,
    art_shown: Option<(u64, ArtworkRef)>,
    volume_sent: Option<f64>,
    volume_wanted: Option<f64>,
}

impl MediaPipe {
    /// Replaceable news the supervisor dropped because the UI fell behind.
    pub fn events_dropped(&self) -> u64 {
        self.supervisor.dropped()
    }

    /// The worker is asked to stop now; dropping the pipe reaps it.
    pub fn stop_soon(&self) {
        self.supervisor.stop_soon();
    }
}

impl MediaPipe {
    /// Starts the worker when the media card is on.
    pub fn start(settings: &Settings) -> Option<Self> {
        let w = crate::overlay::enabled_widgets(settings);
        if !w.media.card.enabled {
            return None;
        }
        let (player, size) = (w.media.player.clone(), w.media.artwork_size);
        let cache = directories::ProjectDirs::from("", "", "srpss").map(|d| d.cache_dir().join("artwork")).unwrap_or_else(|| std::env::temp_dir().join("srpss-artwork"));
        let started = crate::worker::supervise(WorkerKind::Media, move |generation| WorkerConfig {
            media: Some(MediaConfig { player: player.clone(), artwork_size: size, artwork_slot: artwork_prefix(generation), artwork_cache: cache.clone(), poll_ms: 1000 }),
            ..WorkerConfig::default()
        });
        match started {
            Ok(supervisor) => Some(MediaPipe { supervisor, generation: 0, art_shown: None, volume_sent: None, volume_wanted: None }),
            Err(e) => {
                log::error!("[HEALTH] cannot supervise the media worker: {e}; no media card");
                None
            }
        }
    }

    /// News from the worker (never blocks); sends a waiting volume change.
    pub fn poll(&mut self) -> MediaNews {
        let mut news = MediaNews::default();
        let events: Vec<Event> = self.supervisor.try_events().collect();
        for event in events {
            match event {
                Event::Started { generation, .. } => {
                    // The replaced generation's artwork slots go with it.
                    if self.generation > 0 && self.generation != generation {
                        remove_artwork(self.generation);
                    }
                    self.generation = generation;
                }
                Event::Message { generation, envelope } => match envelope.body {
                    FromWorker::Media(MediaReply::NowPlaying(now)) => {
                        let now = now.map(|b| *b);
                        if let Some(art) = now.as_ref().and_then(|n| n.artwork) {
                            if self.art_shown != Some((generation, art)) {
                                news.art = self.copy_artwork(generation, art);
                                self.art_shown = Some((generation, art));
                            }
                        }
                        news.now = Some(now);
                    }
                    FromWorker::Error { message } => log::warn!("media worker: {message}"),
                    _ => {}
                },
                // A lost worker's player state is unknown: hide the card until the next says.
                Event::Lost { .. } | Event::Failed { .. } => news.now = Some(None),
            }
        }
        if let Some(v) = self.volume_wanted.take() {
            if self.volume_sent != Some(v) && self.supervisor.send(ToWorker::Media(MediaCommand::Volume(v))).is_some() {
                self.volume_sent = Some(v);
            }
        }
        news
    }

    fn copy_artwork(&self, generation: u64, art: ArtworkRef) -> Option<Image> {
        let path = slot_path(&artwork_prefix(generation), art.slot);
        // Every check of the worker's header (sizes in u64, stride, the mapping) is read_rgba's.
        let read = Slot::open(&path).and_then(|slot| {
            slot.read_rgba(generation, art.sequence, |h| Ok(SharedPixelBuffer::<Rgba8Pixel>::new(h.width, h.height)), |b| b.make_mut_bytes())
        });
        match read {
            Ok(buf) => Some(Image::from_rgba8(buf)),
            Err(e) => {
                log::debug!("artwork {}: {e}", path.display());
                None
            }
        }
    }

    pub fn press(&self, button: Transport) {
        if self.supervisor.send(ToWorker::Media(MediaCommand::Transport(button))).is_none() {
            log::warn!("the media worker is busy; {button:?} dropped");
        }
    }

    /// Asks for this volume; sent on the next poll (only the latest of several).
    pub fn set_volume(&mut self, v: f64) {
        self.volume_wanted = Some(v.clamp(0.0, 1.0));
    }
}

impl Drop for MediaPipe {
    /// A session restarted by a settings change leaves no slots behind (exit removes all).
    fn drop(&mut self) {
        if self.generation > 0 {
            remove_artwork(self.generation);
        }
    }
}
