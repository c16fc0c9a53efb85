//! The saver's media side: the media and audio workers' pipes, what their news does to the
//! widget layer, the card's buttons and volume (shown at once, before the player confirms),
//! and the visualizer's frame tick.

use super::display::Display;
use super::widget_layer::WidgetLayer;
use crate::audio_pipe::AudioPipe;
use crate::media_pipe::MediaPipe;
use srpss_core::cards::media::MediaHit;
use srpss_core::media::Transport;
use srpss_core::settings::Settings;
use std::time::Instant;

/// A wheel notch changes the volume this much.
pub const WHEEL_STEP: f64 = 0.05;

pub struct MediaSession {
    media: Option<MediaPipe>,
    audio: Option<AudioPipe>,
}

impl MediaSession {
    /// Replaceable news dropped by the media and audio workers' supervisors.
    pub fn events_dropped(&self) -> u64 {
        self.media.as_ref().map_or(0, MediaPipe::events_dropped) + self.audio.as_ref().map_or(0, AudioPipe::events_dropped)
    }

    /// No workers (what a session is between stopping one and starting the next).
    pub fn stopped() -> Self {
        MediaSession { media: None, audio: None }
    }

    pub fn start(settings: &Settings) -> Self {
        MediaSession { media: MediaPipe::start(settings), audio: AudioPipe::start(settings) }
    }

    /// Both workers are asked to stop now (at exit; dropping the session reaps them).
    pub fn stop_soon(&self) {
        if let Some(m) = &self.media {
            m.stop_soon();
        }
        if let Some(a) = &self.audio {
            a.stop_soon();
        }
    }

    /// The media worker's news into the layer (on the poll tick).
    pub fn poll(&mut self, layer: &mut WidgetLayer) {
        if let Some(a) = &mut self.audio {
            a.poll();
        }
        let Some(m) = &mut self.media else { return };
        let news = m.poll();
        if let Some(now) = news.now {
            layer.set_media(now, news.art);
        }
    }

    /// One visualizer frame; returns whether the bars still move (keep ticking).
    pub fn bars(&mut self, layer: &mut WidgetLayer, displays: &[Display], now: Instant) -> bool {
        let bars = self.audio.as_mut().and_then(AudioPipe::latest);
        layer.bars_tick(displays, bars.as_ref().map(|b| b.values.as_slice()), now)
    }

    /// A click on the media group: a button, the slider, or nothing.
    pub fn hit(&mut self, layer: &mut WidgetLayer, hit: MediaHit) {
        match hit {
            MediaHit::Button(b) => self.press(layer, b),
            MediaHit::Volume(level) => self.volume(layer, f64::from(level)),
            MediaHit::Card => {}
        }
    }

    pub fn press(&mut self, layer: &mut WidgetLayer, button: Transport) {
        let Some(m) = &self.media else { return };
        log::info!("[MEDIA] {button:?}");
        m.press(button);
        if button == Transport::PlayPause {
            layer.toggle_playback();
        }
    }

    /// Sets the volume (0–1) at once on the card, and soon on the player.
    pub fn volume(&mut self, layer: &mut WidgetLayer, level: f64) {
        let Some(m) = &mut self.media else { return };
        let level = level.clamp(0.0, 1.0);
        m.set_volume(level);
        layer.set_volume(level);
    }
}
