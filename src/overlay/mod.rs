//! The widget layer of each window: builds srpss-core's cards from the settings, the fetched
//! data and the time, places them with the shared layout code, and hands Slint only the rows
//! that changed (a clock that ticks once a second redraws once a second).

mod convert;
mod fade;
mod shadow;
mod visualizer;

pub use fade::FadeIn;
pub use visualizer::{bars_for_cards, visualizer_size, Visualizer};

use crate::{ClockCard, HeadlinesCard, MediaCard, OverlayAdapter, WeatherCard};
use srpss_core::clock::{DateTime, Utc};
use slint::{Model, ModelRc, VecModel};
use srpss_core::cards::{self, Card, WidgetData};
use srpss_core::settings::{Settings, WidgetSettings};
use srpss_core::theme::Theme;
use std::rc::Rc;

/// The session's widgets: settings, theme and what the feeds worker fetched.
pub struct Widgets {
    pub settings: WidgetSettings,
    pub theme: Theme,
    pub data: WidgetData,
    /// 0 (off) to 0.9.
    pub dim: f32,
    reported: std::cell::RefCell<Vec<String>>,
}

impl Widgets {
    /// The widgets `settings` enable; none at all with `SRPSS_WIDGETS=0` (photo-only screenshots).
    pub fn new(settings: &Settings, data: WidgetData) -> Self {
        let (theme, note) = Theme::named(&settings.widgets.theme);
        if let Some(n) = note {
            log::warn!("widgets.theme: {n}");
        }
        let w = enabled_widgets(settings);
        let d = &settings.accessibility.dimming;
        Widgets { settings: w, theme, data, dim: if d.enabled { d.opacity as f32 / 100.0 } else { 0.0 }, reported: Default::default() }
    }

    /// Every enabled widget's card at `now`; problems (a zone not understood) are logged once.
    pub fn cards(&self, now: DateTime<Utc>) -> Vec<Card> {
        let cards = cards::build(&self.settings, &self.theme, &self.data, now);
        for c in &cards {
            if let Some(p) = &c.problem {
                if !self.reported.borrow().contains(p) {
                    log::warn!("{}: {p}", c.name);
                    self.reported.borrow_mut().push(p.clone());
                }
            }
        }
        cards
    }

    /// Whether every enabled widget has something to show (for the fade-in).
    pub fn ready(&self) -> bool {
        let weather = !self.settings.weather.card.enabled || self.data.weather != srpss_core::cards::weather::WeatherState::NoData;
        let reddit = self.settings.reddit.iter().filter(|r| r.card.enabled).all(|r| self.data.headlines.contains_key(&r.subreddit.to_lowercase()));
        weather && reddit
    }

    /// An analog clock whose second hand sweeps (`smooth_second_hand`) moves every 40 ms tick;
    /// otherwise once a second is enough.
    pub fn moves_smoothly(&self) -> bool {
        self.settings.clocks.iter().any(|c| c.card.enabled && c.show_seconds && c.display_mode == srpss_core::settings::ClockFace::Analog && c.smooth_second_hand)
    }
}

/// The widget settings in effect: none at all with `SRPSS_WIDGETS=0` (photo-only frames).
pub fn enabled_widgets(settings: &Settings) -> WidgetSettings {
    let mut w = settings.widgets.clone();
    if std::env::var("SRPSS_WIDGETS").is_ok_and(|v| v == "0") {
        w.clocks.clear();
        w.reddit.clear();
        w.weather.card.enabled = false;
        w.media.card.enabled = false;
        w.spotify_visualizer.enabled = false;
    }
    w
}

/// One window's widget models.
pub struct WidgetView {
    clocks: Rc<VecModel<ClockCard>>,
    weather: Rc<VecModel<WeatherCard>>,
    headlines: Rc<VecModel<HeadlinesCard>>,
    media: Rc<VecModel<MediaCard>>,
    pub fade: FadeIn,
}

impl WidgetView {
    pub fn new(adapter: &OverlayAdapter, fade: FadeIn) -> Self {
        let v = WidgetView { clocks: Rc::default(), weather: Rc::default(), headlines: Rc::default(), media: Rc::default(), fade };
        adapter.set_clocks(ModelRc::from(v.clocks.clone()));
        adapter.set_weather(ModelRc::from(v.weather.clone()));
        adapter.set_headlines(ModelRc::from(v.headlines.clone()));
        adapter.set_media(ModelRc::from(v.media.clone()));
        v
    }

    /// Places `cards` on this window (monitor number, physical size) and updates the rows that
    /// changed. Returns the layout (what the previewer and the tests compare against).
    pub fn show(&self, cards: &[Card], monitor: u32, width: u32, height: u32, art: &slint::Image) -> srpss_core::layout::Layout {
        let layout = cards::place(cards, monitor, width as i32, height as i32);
        if !layout.conflicts.is_empty() {
            log::debug!("widget conflicts on monitor {monitor}: {:?}", layout.conflicts);
        }
        let placed: Vec<_> = layout.placed.iter().map(|p| (p.id, p.rect)).collect();
        let mut f = convert::frame(cards, &placed, art);
        // Keep the nested models the rows already have when their contents are the same, so
        // a tick does not rebuild the numerals or the headline rows.
        for (n, c) in f.clocks.iter_mut().enumerate() {
            if let Some(old) = self.clocks.row_data(n) {
                if old.side == c.side && old.numeral_size == c.numeral_size && old.numerals.row_count() == c.numerals.row_count() {
                    c.numerals = old.numerals.clone();
                }
            }
        }
        for (n, h) in f.headlines.iter_mut().enumerate() {
            if let Some(old) = self.headlines.row_data(n) {
                if old.rows.iter().eq(h.rows.iter()) {
                    h.rows = old.rows.clone();
                }
            }
        }
        sync(&self.clocks, f.clocks);
        sync(&self.weather, f.weather);
        sync(&self.headlines, f.headlines);
        sync(&self.media, f.media);
        layout
    }
}

/// Makes `model` hold `rows`, touching only rows that differ.
fn sync<T: Clone + PartialEq + 'static>(model: &VecModel<T>, rows: Vec<T>) {
    if model.row_count() != rows.len() {
        model.set_vec(rows);
        return;
    }
    for (n, row) in rows.into_iter().enumerate() {
        if model.row_data(n).as_ref() != Some(&row) {
            model.set_row_data(n, row);
        }
    }
}
