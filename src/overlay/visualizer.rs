//! The visualizer's bars on screen: the worker's bars, smoothed again by the widget's visual
//! EMA (τ 55 ms), sent to rest while the player is not playing, with falling ghost peaks, drawn
//! by srpss-core into an image the size of the visualizer card.

use slint::{Image, Rgba8Pixel, SharedPixelBuffer};
use srpss_audio::smoothing::Smoother;
use srpss_core::cards::media::MediaBody;
use srpss_core::cards::visualizer::{draw, BarStyle, Ghosts};
use srpss_core::cards::{Body, Card};
use srpss_core::settings::WidgetSettings;
use std::time::Instant;

pub struct Visualizer {
    style: BarStyle,
    smoother: Smoother,
    ghosts: Ghosts,
    target: Vec<f32>,
    start: Instant,
    last: Option<Instant>,
}

impl Visualizer {
    pub fn new(w: &WidgetSettings, now: Instant) -> Self {
        let count = w.spotify_visualizer.bar_count.clamp(8, 96) as usize;
        Visualizer { style: BarStyle::from_settings(&w.spotify_visualizer), smoother: Smoother::visual(), ghosts: Ghosts::default(), target: vec![0.0; count], start: now, last: None }
    }

    /// New bars from the worker.
    pub fn set_target(&mut self, bars: &[f32]) {
        self.target.clear();
        self.target.extend_from_slice(bars);
    }

    /// One frame at `now` for a card `w` x `h`; bars rest while not `playing`.
    pub fn frame(&mut self, playing: bool, now: Instant, w: u32, h: u32) -> Image {
        let rest = vec![0.0; self.target.len()];
        let target = if playing { &self.target } else { &rest };
        let bars = self.smoother.step(target, now.duration_since(self.start).as_secs_f64()).to_vec();
        let dt = self.last.map_or(0.0, |l| now.duration_since(l).as_secs_f32());
        self.last = Some(now);
        self.ghosts.update(&bars, dt, self.style.ghost_decay);
        image(&bars, &self.ghosts.peaks, &self.style, w, h)
    }

    /// Whether the bars still move (not at rest, or ghosts still falling).
    pub fn moving(&self) -> bool {
        self.smoother.values().iter().chain(&self.ghosts.peaks).any(|v| *v > 0.002) || self.target.iter().any(|v| *v > 0.002)
    }
}

fn image(bars: &[f32], peaks: &[f32], style: &BarStyle, w: u32, h: u32) -> Image {
    let px = draw(bars, peaks, style, w, h);
    let mut buf = SharedPixelBuffer::<Rgba8Pixel>::new(w, h);
    buf.make_mut_bytes().copy_from_slice(&px);
    Image::from_rgba8(buf)
}

/// The visualizer card of the media group among `cards`, if shown.
pub fn visualizer_size<'a>(cards: impl IntoIterator<Item = &'a Card>) -> Option<(u32, u32)> {
    cards.into_iter().find_map(|c| match &c.body {
        Body::Media(m) => media_vis(m),
        _ => None,
    })
}

fn media_vis(m: &MediaBody) -> Option<(u32, u32)> {
    m.visualizer.map(|r| (r.width.max(1) as u32, r.height.max(1) as u32))
}

/// Fixed bars (ghosts at the bars) for `srpss render --bars`.
pub fn bars_for_cards(cards: &[Card], w: &WidgetSettings, bars: &[f32]) -> Option<Image> {
    let (vw, vh) = visualizer_size(cards)?;
    let count = w.spotify_visualizer.bar_count.clamp(8, 96) as usize;
    let mut values = bars.to_vec();
    values.resize(count, 0.0);
    Some(image(&values, &values, &BarStyle::from_settings(&w.spotify_visualizer), vw, vh))
}
