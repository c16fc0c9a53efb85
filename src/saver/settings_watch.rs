//! A running screensaver follows its settings file: the settings application saves every
//! change at once, and the poll tick looks at the file once a second. What changed is applied
//! without a restart (the original tore every window down for any change); only the render
//! group, the monitors and the decoder count wait for the next start, and the log says so.

use super::media::MediaSession;
use super::slideshow::Slideshow;
use super::widget_layer::WidgetLayer;
use srpss_core::input::InputMode;
use srpss_core::settings::{repair_document, Profile, Settings};
use std::cell::Cell;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

/// How often the file's modification time and length are looked at.
const CHECK_EVERY: Duration = Duration::from_secs(1);

pub struct SettingsWatch {
    path: PathBuf,
    profile: Profile,
    seen: Option<(SystemTime, u64)>,
    next_check: Instant,
}

fn stamp(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl SettingsWatch {
    pub fn new(path: PathBuf, profile: Profile) -> Self {
        let seen = stamp(&path);
        SettingsWatch { path, profile, seen, next_check: Instant::now() + CHECK_EVERY }
    }

    /// The file's settings when it changed since the last look; the saver never writes back
    /// a file it could not read (a hand edit in progress), it keeps what it has.
    pub fn poll(&mut self, now: Instant) -> Option<Settings> {
        if now < self.next_check {
            return None;
        }
        self.next_check = now + CHECK_EVERY;
        let current = stamp(&self.path);
        if current == self.seen || current.is_none() {
            return None;
        }
        self.seen = current;
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) => {
                log::warn!("settings {} changed but cannot be read ({e}); keeping the current settings", self.path.display());
                return None;
            }
        };
        match repair_document(&text, &self.profile.defaults()) {
            Ok((settings, issues)) => {
                for i in issues {
                    log::warn!("settings {}: {i}", self.path.display());
                }
                Some(settings)
            }
            Err(e) => {
                log::warn!("settings {} changed but is not valid TOML ({e}); keeping the current settings", self.path.display());
                None
            }
        }
    }
}

/// Applies `new` to the running session.
pub fn apply(new: Settings, show: &mut Slideshow, layer: &mut WidgetLayer, media: &mut MediaSession, mode: &Cell<InputMode>, now: Instant) {
    let old = show.settings.clone();
    if old == new {
        return;
    }
    let mut applied = Vec::new();
    let mut later = Vec::new();
    let d = (&old.display, &new.display);
    if d.0.render_group != d.1.render_group || d.0.hw_accel != d.1.hw_accel || d.0.show_on_monitors != d.1.show_on_monitors || old.cache.max_concurrent != new.cache.max_concurrent {
        later.push("render group, monitors and decoders");
    }
    mode.set(InputMode { hard_exit: new.input.hard_exit, ..mode.get() });
    if old.widgets != new.widgets || old.accessibility != new.accessibility {
        layer.reconfigure(&new, &show.displays);
        applied.push("widgets");
    }
    if old.widgets.media != new.widgets.media || old.widgets.spotify_visualizer != new.widgets.spotify_visualizer {
        // The old workers stop (and their files go) before the new ones start.
        *media = MediaSession::stopped();
        *media = MediaSession::start(&new);
        applied.push("media");
    }
    let sources = old.sources != new.sources || old.queue != new.queue;
    let fetched = old.widgets.weather.location != new.widgets.weather.location
        || old.widgets.weather.card.enabled != new.widgets.weather.card.enabled
        || old.widgets.reddit.iter().map(|r| (&r.subreddit, r.card.enabled)).ne(new.widgets.reddit.iter().map(|r| (&r.subreddit, r.card.enabled)));
    show.reconfigure(new, sources, sources || fetched, now);
    if sources {
        applied.push("sources");
    }
    applied.push("slideshow");
    log::info!("settings changed: applied to the {}{}", applied.join(", "), if later.is_empty() { String::new() } else { format!("; {} take effect at the next start", later.join(", ")) });
}
