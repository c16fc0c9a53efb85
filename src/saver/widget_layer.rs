//! The widgets of every saver window, driven by the poll tick: clocks tick once a second (a
//! sweeping analog second hand every tick), fetched data redraws the cards it concerns, the fade-in
//! runs once per window, pixel shift moves each window's widgets, dimming sits under them.

use super::display::Display;
use crate::overlay::{visualizer_size, FadeIn, Visualizer, WidgetView, Widgets};
use crate::OverlayAdapter;
use slint::ComponentHandle;
use crate::feed_pipe::WidgetNews;
use srpss_core::cards::{Body, Card, Source, WidgetData};
use srpss_core::layout::Rect;
use srpss_core::text_metrics::line_height;
use srpss_core::clock::Utc;
use srpss_core::pixel_shift::PixelShift;
use srpss_core::rng::Rng;
use srpss_core::settings::Settings;
use std::time::Instant;

/// One window's widget state.
struct Window {
    view: WidgetView,
    shift: Option<PixelShift>,
    /// What the cards were last built for: (time step, data generation, size).
    built: Option<(i64, u64, u32, u32)>,
    faded: bool,
    /// The cards last shown and where (for clicks).
    shown: Vec<(Card, Rect)>,
    /// The visualizer card's size on this window, when shown.
    bars_size: Option<(u32, u32)>,
}

pub struct WidgetLayer {
    pub widgets: Widgets,
    windows: Vec<Window>,
    /// Bumped whenever fetched data changes.
    generation: u64,
    pixel_shift: Option<u32>,
    /// The media card's artwork.
    art: slint::Image,
    visualizer: Visualizer,
    /// The rest frame is on screen (nothing to draw until bars move).
    rest_drawn: bool,
}

impl WidgetLayer {
    pub fn new(settings: &Settings, data: WidgetData) -> Self {
        let ps = &settings.accessibility.pixel_shift;
        let widgets = Widgets::new(settings, data);
        let visualizer = Visualizer::new(&widgets.settings, Instant::now());
        WidgetLayer { widgets, windows: Vec::new(), generation: 0, pixel_shift: ps.enabled.then_some(ps.rate), art: slint::Image::default(), visualizer, rest_drawn: false }
    }

    /// What the player plays now (None hides the media group), with new artwork if any.
    pub fn set_media(&mut self, now: Option<srpss_core::media::NowPlaying>, art: Option<slint::Image>) {
        if let Some(a) = art {
            self.art = a;
        }
        self.widgets.data.media = now;
        self.generation += 1;
    }

    /// Play/pause pressed: the card shows the new state before the player confirms it.
    pub fn toggle_playback(&mut self) {
        if let Some(m) = &mut self.widgets.data.media {
            m.playback = m.toggled();
            self.generation += 1;
        }
    }

    /// The slider shows a new level at once.
    pub fn set_volume(&mut self, level: f64) {
        if let Some(m) = self.widgets.data.media.as_mut().filter(|m| m.volume.is_some()) {
            m.volume = Some(level);
            self.generation += 1;
        }
    }

    pub fn media_volume(&self) -> Option<f64> {
        self.widgets.data.media.as_ref().and_then(|m| m.volume)
    }

    /// Whether a visualizer is on screen (the frame tick runs only then).
    pub fn visualizer_shown(&self) -> bool {
        self.windows.iter().any(|w| w.bars_size.is_some())
    }

    /// One visualizer frame on every window that shows it; `bars` are new values from the
    /// worker, if any. Returns whether the bars still move.
    pub fn bars_tick(&mut self, displays: &[Display], bars: Option<&[f32]>, now: Instant) -> bool {
        if let Some(b) = bars {
            self.visualizer.set_target(b);
        }
        if bars.is_none() && self.rest_drawn && !self.visualizer.moving() {
            return false;
        }
        let playing = self.widgets.data.media.as_ref().is_some_and(|m| m.playback == srpss_core::media::Playback::Playing);
        let mut drawn: Option<((u32, u32), slint::Image)> = None;
        for (d, w) in displays.iter().zip(&self.windows) {
            let Some(size) = w.bars_size else { continue };
            let image = match &drawn {
                Some((s, img)) if *s == size => img.clone(),
                _ => {
                    let img = self.visualizer.frame(playing, now, size.0, size.1);
                    drawn = Some((size, img.clone()));
                    img
                }
            };
            d.window.global::<OverlayAdapter>().set_bars(image);
        }
        self.rest_drawn = drawn.is_some() && !self.visualizer.moving();
        self.visualizer.moving()
    }

    /// The media group under (x, y) of window `window`: its body and the point in the group.
    pub fn media_at(&self, window: usize, x: f32, y: f32) -> Option<(srpss_core::cards::media::MediaBody, f32, f32)> {
        let w = self.windows.get(window)?;
        let (sx, sy) = w.shift.as_ref().map_or((0, 0), PixelShift::offset);
        w.shown.iter().find_map(|(card, placed)| match &card.body {
            Body::Media(m) => {
                let r = card.drawn(*placed);
                Some(((**m).clone(), x - (r.x + sx) as f32, y - (r.y + sy) as f32))
            }
            _ => None,
        })
    }

    /// New weather or headlines: every window rebuilds its cards on the next tick.
    pub fn apply(&mut self, news: WidgetNews) {
        let data = &mut self.widgets.data;
        let changed = match news {
            WidgetNews::Weather(state) => data.weather != state && {
                data.weather = state;
                true
            },
            WidgetNews::Headlines(h) => data.headlines.insert(h.subreddit.to_lowercase(), h.clone()).as_ref() != Some(&h),
        };
        if changed {
            self.generation += 1;
        }
    }

    /// Brings every window's widgets up to `now`.
    pub fn tick(&mut self, displays: &[Display], now: Instant) {
        let wall = Utc::now();
        let transitioning = displays.iter().any(Display::is_transitioning);
        while self.windows.len() < displays.len() {
            let d = &displays[self.windows.len()];
            let adapter = d.window.global::<OverlayAdapter>();
            adapter.set_dim(self.widgets.dim);
            adapter.set_fade(0.0);
            adapter.set_shadow_fade(0.0);
            let seed = wall.timestamp_subsec_nanos() as u64 ^ d.monitor as u64;
            self.windows.push(Window {
                view: WidgetView::new(&adapter, FadeIn::new(now)),
                shift: self.pixel_shift.map(|rate| PixelShift::new(rate, now, Rng::new(seed))),
                built: None,
                faded: false,
                shown: Vec::new(),
                bars_size: None,
            });
        }
        let step = if self.widgets.moves_smoothly() { wall.timestamp_millis() / 40 } else { wall.timestamp() };
        let ready = self.widgets.ready();
        // Built at most once a tick, for whichever windows need them.
        let mut cards = None;
        for (d, w) in displays.iter().zip(&mut self.windows) {
            let Some(size) = d.size else { continue };
            let adapter = d.window.global::<OverlayAdapter>();
            let key = (step, self.generation, size.width, size.height);
            if w.built != Some(key) {
                w.built = Some(key);
                // Widget lengths are physical pixels (the cards are measured in them).
                adapter.set_px(1.0 / d.window.window().scale_factor());
                let cards: &Vec<Card> = cards.get_or_insert_with(|| self.widgets.cards(wall));
                let layout = w.view.show(cards, d.monitor as u32, size.width, size.height, &self.art);
                w.shown = layout.placed.iter().filter_map(|p| Some((cards.get(p.id)?.clone(), p.rect))).collect();
                let size = visualizer_size(w.shown.iter().map(|(c, _)| c));
                if size != w.bars_size {
                    self.rest_drawn = false;
                }
                w.bars_size = size;
            }
            if !w.faded {
                let (card, shadow) = w.view.fade.at(now, ready);
                adapter.set_fade(card);
                adapter.set_shadow_fade(shadow);
                w.faded = !w.view.fade.running(now);
            }
            if let Some(shift) = &mut w.shift {
                if shift.tick(now, transitioning) {
                    let (x, y) = shift.offset();
                    adapter.set_shift_x(x as f32);
                    adapter.set_shift_y(y as f32);
                    log::debug!("pixel shift on monitor {}: {x},{y}", d.monitor);
                }
            }
        }
    }

    /// The link under (x, y) of window `window` (a Reddit row, or its header), and whether
    /// opening it should end the screensaver (`exit_on_click`).
    pub fn link_at(&self, window: usize, x: f32, y: f32) -> Option<(String, bool)> {
        let w = self.windows.get(window)?;
        let (sx, sy) = w.shift.as_ref().map_or((0, 0), PixelShift::offset);
        for (card, placed) in &w.shown {
            let (Body::Headlines { subreddit, rows, header_px, row_height, .. }, Source::Reddit(i)) = (&card.body, card.source) else { continue };
            let r = card.drawn(*placed);
            let (lx, ly) = (x - (r.x + sx) as f32, y - (r.y + sy) as f32);
            if lx < 0.0 || ly < 0.0 || lx >= r.width as f32 || ly >= r.height as f32 {
                continue;
            }
            let exit = self.widgets.settings.reddit.get(i).is_none_or(|s| s.exit_on_click);
            let top = card.look.padding + line_height(*header_px) + 6.0;
            if ly < top {
                return Some((srpss_feeds::headlines::subreddit_url(&srpss_feeds::headlines::base_from_env(), subreddit), exit));
            }
            let row = ((ly - top) / row_height) as usize;
            return rows.get(row).map(|r| (r.url.clone(), exit));
        }
        None
    }

    /// New widget or accessibility settings: the cards, the visualizer, pixel shift and
    /// dimming follow them; the data fetched so far stays.
    pub fn reconfigure(&mut self, settings: &Settings, displays: &[Display]) {
        let data = std::mem::take(&mut self.widgets.data);
        self.widgets = Widgets::new(settings, data);
        self.visualizer = Visualizer::new(&self.widgets.settings, Instant::now());
        let ps = &settings.accessibility.pixel_shift;
        self.pixel_shift = ps.enabled.then_some(ps.rate);
        let wall = Utc::now();
        for (n, w) in self.windows.iter_mut().enumerate() {
            let seed = wall.timestamp_subsec_nanos() as u64 ^ n as u64;
            w.shift = self.pixel_shift.map(|rate| PixelShift::new(rate, Instant::now(), Rng::new(seed)));
            w.built = None;
        }
        for d in displays {
            let a = d.window.global::<OverlayAdapter>();
            a.set_shift_x(0.0);
            a.set_shift_y(0.0);
        }
        self.generation += 1;
        self.rest_drawn = false;
        let d = &settings.accessibility.dimming;
        self.set_dimming(displays, d.enabled.then_some(d.opacity));
    }

    /// Dimming on (at its setting's opacity) or off on every window.
    pub fn set_dimming(&mut self, displays: &[Display], opacity_percent: Option<u32>) {
        self.widgets.dim = opacity_percent.map_or(0.0, |p| p.clamp(10, 90) as f32 / 100.0);
        for d in displays {
            d.window.global::<OverlayAdapter>().set_dim(self.widgets.dim);
        }
    }
}
