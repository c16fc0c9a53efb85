//! `srpss worker media`: asks the player what it plays once a poll interval (and right after
//! a button), sends what changed, loads new artwork into a slot, and carries out the UI's
//! buttons and volume. Volume requests are coalesced: only the latest waiting one is sent.
//! Without a session bus it says so once and tries again every 10 s.

use crate::artwork::Artwork;
use crate::source::{self, MediaError, MediaSource};
use srpss_core::media::NowPlaying;
use srpss_ipc::message::{FromWorker, MediaCommand, MediaConfig, MediaReply, ToWorker, WorkerKind};
use srpss_ipc::outbox::Outbox;
use srpss_ipc::serve::{self, ServeError};
use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// After a button, the player is asked again this soon (its state has changed).
const AFTER_BUTTON: Duration = Duration::from_millis(150);
const RECONNECT: Duration = Duration::from_secs(10);

enum Control {
    Command(MediaCommand),
    Config(MediaConfig),
    Stop,
}

/// Runs the worker until `Shutdown` or the end of `input`.
pub fn serve<R: Read, W: Write + Send + 'static>(mut input: R, output: W) -> Result<(), ServeError> {
    let outbox = Arc::new(Outbox::new(output));
    let (generation, config) = serve::accept(&mut input, &outbox, WorkerKind::Media, |c| c.media.is_some())?;
    let Some(media) = config.media else { return Err(ServeError::NoConfig(WorkerKind::Media)) };
    let (control, rx) = mpsc::channel();
    let out = outbox.clone();
    let thread = std::thread::Builder::new().name("srpss-media".into()).spawn(move || follow(media, generation, &rx, &out));
    if let Err(e) = &thread {
        log::error!("cannot start the media thread: {e}");
    }
    let result = serve::commands(&mut input, &outbox, |body| match body {
        ToWorker::Media(c) => {
            let _ = control.send(Control::Command(c));
        }
        ToWorker::Config(c) => {
            if let Some(m) = c.media {
                let _ = control.send(Control::Config(m));
            }
        }
        other => log::warn!("not for the media worker, ignored: {other:?}"),
    });
    let _ = control.send(Control::Stop);
    if let Ok(t) = thread {
        let _ = t.join();
    }
    result
}

struct Follower<'a, W: Write> {
    config: MediaConfig,
    source: Option<Box<dyn MediaSource>>,
    next_connect: Instant,
    said_no_bus: bool,
    artwork: Artwork,
    shown: Option<Option<NowPlaying>>,
    outbox: &'a Outbox<W>,
}

fn follow<W: Write>(config: MediaConfig, generation: u64, control: &Receiver<Control>, outbox: &Outbox<W>) {
    let artwork = Artwork::new(config.artwork_slot.clone(), config.artwork_cache.clone(), generation, config.artwork_size);
    let mut f = Follower { config, source: None, next_connect: Instant::now(), said_no_bus: false, artwork, shown: None, outbox };
    let mut wait = Duration::ZERO;
    let mut volume: Option<f64> = None;
    loop {
        let deadline = Instant::now() + wait;
        // Take every waiting command before asking the player again.
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match control.recv_timeout(left) {
                Ok(Control::Command(MediaCommand::Transport(button))) => {
                    f.press(button);
                    // Let the player change its state before asking it.
                    std::thread::sleep(AFTER_BUTTON);
                    break;
                }
                Ok(Control::Command(MediaCommand::Volume(v))) => volume = Some(v),
                Ok(Control::Config(c)) => {
                    f.config = c;
                    f.source = None;
                    f.next_connect = Instant::now();
                    break;
                }
                Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => {
                    f.artwork.remove_files();
                    return;
                }
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        if let Some(v) = volume.take() {
            f.set_volume(v);
        }
        f.poll();
        wait = Duration::from_millis(u64::from(f.config.poll_ms.clamp(100, 10_000)));
    }
}

impl<W: Write> Follower<'_, W> {
    fn source(&mut self) -> Option<&mut Box<dyn MediaSource>> {
        if self.source.is_none() && Instant::now() >= self.next_connect {
            match source::open(&self.config.player, &self.config.artwork_cache) {
                Ok(s) => {
                    self.source = Some(s);
                    self.said_no_bus = false;
                }
                Err(e) => {
                    if !self.said_no_bus {
                        log::warn!("[MEDIA] {e}; the media card stays hidden");
                        self.said_no_bus = true;
                    }
                    self.next_connect = Instant::now() + RECONNECT;
                }
            }
        }
        self.source.as_mut()
    }

    fn current_id(&self) -> Option<String> {
        self.shown.as_ref().and_then(|s| s.as_ref()).map(|n| n.id.clone())
    }

    fn press(&mut self, button: srpss_core::media::Transport) {
        let Some(id) = self.current_id() else { return };
        if let Some(s) = self.source() {
            if let Err(e) = s.transport(&id, button) {
                log::warn!("[MEDIA] {button:?}: {e}");
            }
        }
    }

    fn set_volume(&mut self, v: f64) {
        let Some(id) = self.current_id() else { return };
        if let Some(s) = self.source() {
            if let Err(e) = s.set_volume(&id, v) {
                log::warn!("[MEDIA] volume: {e}");
            }
        }
    }

    fn poll(&mut self) {
        let now = match self.source() {
            Some(s) => match s.now_playing() {
                Ok(n) => n,
                Err(e @ MediaError::NoBus(_)) => {
                    log::warn!("[MEDIA] {e}");
                    self.source = None;
                    self.next_connect = Instant::now() + RECONNECT;
                    None
                }
                Err(e) => {
                    log::debug!("[MEDIA] {e}");
                    None
                }
            },
            None => None,
        };
        let now = now.map(|mut n| {
            n.artwork = self.artwork.get(&n.art_url);
            n
        });
        // Position moves every poll; it alone is not news.
        let strip = |n: &Option<NowPlaying>| n.clone().map(|mut n| {
            n.position_us = None;
            n
        });
        if self.shown.as_ref().map(strip) != Some(strip(&now)) {
            match &now {
                Some(n) => log::info!("[MEDIA] {}: {:?} {} — {}", n.player, n.playback, n.artist, n.title),
                None => log::info!("[MEDIA] nothing playing"),
            }
            if self.outbox.send(0, FromWorker::Media(MediaReply::NowPlaying(now.clone().map(Box::new)))).is_err() {
                return;
            }
            self.shown = Some(now);
        }
    }
}
