//! The UI side of the audio worker: started when the visualizer can show, its bars read from
//! the board (shared memory) on each frame without blocking or locking; a worker restart
//! opens the new generation's board. What the worker says (capturing, unavailable) is logged.

use srpss_core::settings::Settings;
use srpss_ipc::bars::{Bars, BoardReader};
use srpss_ipc::message::{AudioConfig, AudioReply, FromWorker, WorkerConfig};
use srpss_ipc::slot::{segment_prefix, shm_dir};
use srpss_ipc::supervisor::{Event, Supervisor};
use srpss_ipc::WorkerKind;
use std::path::PathBuf;

/// The worker's settings from the visualizer's.
pub fn audio_config(settings: &Settings, board: PathBuf) -> AudioConfig {
    let v = &settings.widgets.spotify_visualizer;
    AudioConfig {
        input: v.input.clone(),
        bar_count: v.bar_count,
        block_size: v.audio_block_size,
        adaptive_sensitivity: v.adaptive_sensitivity,
        sensitivity: v.sensitivity,
        dynamic_floor: v.dynamic_floor,
        manual_floor: v.manual_floor,
        board,
    }
}

/// The board file of one worker generation.
fn board_path(generation: u64) -> PathBuf {
    let mut p = segment_prefix(&shm_dir(), std::process::id(), WorkerKind::Audio.name(), generation).into_os_string();
    p.push("-bars");
    PathBuf::from(p)
}

pub struct AudioPipe {
    supervisor: Supervisor,
    generation: u64,
    /// Boards of generations below this one are removed.
    removed_below: u64,
    reader: Option<BoardReader>,
    /// What the worker last said about its input.
    pub status: Option<AudioReply>,
}

impl AudioPipe {
    /// Replaceable news the supervisor dropped because the UI fell behind.
    pub fn events_dropped(&self) -> u64 {
        self.supervisor.dropped()
    }

    /// Starts the worker when the media card and the visualizer are both on.
    pub fn start(settings: &Settings) -> Option<Self> {
        let w = crate::overlay::enabled_widgets(settings);
        if !(w.media.card.enabled && w.spotify_visualizer.enabled) {
            return None;
        }
        let settings = settings.clone();
        let started = crate::worker::supervise(WorkerKind::Audio, move |generation| WorkerConfig {
            audio: Some(audio_config(&settings, board_path(generation))),
            ..WorkerConfig::default()
        });
        match started {
            Ok(supervisor) => Some(AudioPipe { supervisor, generation: 0, removed_below: 1, reader: None, status: None }),
            Err(e) => {
                log::error!("[HEALTH] cannot supervise the audio worker: {e}; the visualizer rests");
                None
            }
        }
    }

    /// The worker is asked to stop now; dropping the pipe reaps it.
    pub fn stop_soon(&self) {
        self.supervisor.stop_soon();
    }

    /// The worker's process id (0 before it starts).
    pub fn pid(&self) -> u32 {
        self.supervisor.pid()
    }

    /// What the worker said since the last call (on every poll tick, shown or not, so a
    /// replaced generation's board goes as soon as its successor starts).
    pub fn poll(&mut self) {
        for event in self.supervisor.try_events() {
            match event {
                Event::Started { generation, .. } => {
                    // Every replaced generation's board goes, also those of generations that
                    // died before they said hello (their Started never came).
                    for old in self.removed_below.max(1)..generation {
                        let _ = std::fs::remove_file(board_path(old));
                    }
                    self.removed_below = self.removed_below.max(generation);
                    self.generation = generation;
                    self.reader = None;
                }
                Event::Message { envelope, .. } => match envelope.body {
                    FromWorker::Audio(reply) => {
                        match &reply {
                            AudioReply::Capturing { description } => log::info!("[AUDIO] capturing {description}"),
                            AudioReply::Unavailable { reason } => log::warn!("[AUDIO] {reason}; the visualizer rests"),
                        }
                        self.status = Some(reply);
                    }
                    FromWorker::Error { message } => log::warn!("audio worker: {message}"),
                    _ => {}
                },
                Event::Lost { .. } | Event::Failed { .. } => self.reader = None,
            }
        }
    }

    /// The newest bars if there are new ones (never blocks).
    pub fn latest(&mut self) -> Option<Bars> {
        self.poll();
        if self.reader.is_none() && self.generation > 0 {
            // The worker creates the board as it starts; until then there is nothing to read.
            self.reader = BoardReader::open(&board_path(self.generation)).ok().filter(|r| r.generation() == self.generation);
        }
        self.reader.as_mut()?.latest()
    }
}

impl Drop for AudioPipe {
    /// A session restarted by a settings change leaves no board behind (exit removes all).
    fn drop(&mut self) {
        for g in self.removed_below.max(1)..=self.generation {
            let _ = std::fs::remove_file(board_path(g));
        }
    }
}
