//! The overlay's cards in plain Rust: what each enabled widget shows, its look and its size,
//! and where it sits on a display ([`place`], through `layout`). The saver, `srpss render`,
//! the settings app and the layout previewer all start here; the `.slint` side only draws.

pub mod clock_face;
pub mod headlines;
pub mod media;
pub mod visualizer;
pub mod weather;

use crate::clock::{self, Zone};
use crate::layout::{self, Anchor, Item, Rect, WidgetMonitor};
use crate::settings::{ClockFace, WidgetSettings};
use crate::text_metrics::{line_height, width};
use crate::theme::{pt_to_px, Look, Theme};
use chrono::{DateTime, Utc};
use clock_face::Face;
use headlines::Headlines;
use weather::{WeatherState, WeatherText};

/// Space between lines inside a card.
const LINE_GAP: f32 = 4.0;

/// What the widgets have fetched so far.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetData {
    pub weather: WeatherState,
    /// Latest headlines per subreddit (lower-case name).
    pub headlines: std::collections::BTreeMap<String, Headlines>,
    /// What the media player plays (None: nothing; the media card hides).
    pub media: Option<crate::media::NowPlaying>,
}

impl Default for WidgetData {
    fn default() -> Self {
        WidgetData { weather: WeatherState::NoData, headlines: Default::default(), media: None }
    }
}

/// One row of a Reddit card.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub title: String,
    pub age: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Digital { time: String, zone: Option<String>, zone_px: f32 },
    Analog { face: Face, hands: [String; 3], marks: String, seconds: bool, face_shadow: bool, zone: Option<String>, zone_px: f32 },
    Weather { text: WeatherText, title_px: f32, main_px: f32, small_px: f32 },
    Headlines { subreddit: String, rows: Vec<Row>, header_px: f32, age_px: f32, age_width: f32, row_height: f32, separators: bool },
    Media(Box<media::MediaBody>),
}

/// Which setting a card comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Clock(usize),
    Weather,
    Reddit(usize),
    Media,
}

/// One widget ready to place and draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub source: Source,
    pub name: String,
    pub anchor: Anchor,
    pub monitor: WidgetMonitor,
    pub margin: i32,
    pub look: Look,
    pub body: Body,
    /// The visible size, which the layout places.
    pub width: i32,
    pub height: i32,
    /// How far the drawn box extends beyond the visible one on each side (an analog dial
    /// without a card is placed by its dial, not its square).
    pub inset: i32,
    /// A clock whose zone setting was not understood says so here (shown once in the log).
    pub problem: Option<String>,
}

impl Card {
    /// The drawn box for a placed visible rectangle.
    pub fn drawn(&self, placed: Rect) -> Rect {
        Rect { x: placed.x - self.inset, y: placed.y - self.inset, width: placed.width + 2 * self.inset, height: placed.height + 2 * self.inset }
    }
}

/// The cards of every enabled widget at `now`.
pub fn build(w: &WidgetSettings, theme: &Theme, data: &WidgetData, now: DateTime<Utc>) -> Vec<Card> {
    let mut out = Vec::new();
    for (i, c) in w.clocks.iter().enumerate().filter(|(_, c)| c.card.enabled) {
        let look = Look::resolve(&c.card, theme, &w.shadows);
        let (zone, problem) = Zone::parse_or_local(&c.timezone);
        let reading = clock::read(now, zone, c.format, c.show_seconds);
        let label = if c.label.trim().is_empty() { reading.zone_label.clone() } else { c.label.trim().to_string() };
        let zone_text = c.show_timezone.then_some(label);
        let pad = look.padding;
        let (body, width_px, height_px, inset) = match c.display_mode {
            ClockFace::Digital => {
                let zone_px = (look.font_px * 0.32).max(16.0);
                // Widest form of this format, so the card does not twitch as digits change.
                // Digits are all as wide; "AM" is wider than "PM".
                let widest = match (c.format, c.show_seconds) {
                    (clock::HourFormat::TwentyFour, false) => "00:00",
                    (clock::HourFormat::TwentyFour, true) => "00:00:00",
                    (clock::HourFormat::Twelve, false) => "00:00 AM",
                    (clock::HourFormat::Twelve, true) => "00:00:00 AM",
                };
                let zw = zone_text.as_deref().map_or(0.0, |z| width(z, zone_px, false));
                // A pixel either side for the renderer's own rounding of glyph positions.
                let w_px = width(widest, look.font_px, false).max(zw) + 2.0 * pad + 2.0;
                let h_px = line_height(look.font_px) + zone_text.as_ref().map_or(0.0, |_| line_height(zone_px)) + 2.0 * pad;
                (Body::Digital { time: reading.time.clone(), zone: zone_text, zone_px }, w_px, h_px, 0)
            }
            ClockFace::Analog => {
                let face = Face::new(c.card.font_size as f32, c.show_numerals, c.card.show_background);
                let zone_px = (look.font_px * 0.22).max(14.0);
                let hands = face.hands(&reading);
                let marks = face.marks();
                let inset = face.inset as i32;
                let label_h = zone_text.as_ref().map_or(0.0, |_| line_height(zone_px) + LINE_GAP);
                let side = face.side - 2.0 * inset as f32;
                let body = Body::Analog { face, hands, marks, seconds: c.show_seconds, face_shadow: c.analog_face_shadow, zone: zone_text, zone_px };
                (body, side, side + label_h, inset)
            }
        };
        out.push(card(Source::Clock(i), format!("Clock {}", i + 1), &c.card, look, body, width_px, height_px, inset, problem));
    }
    let wt = &w.weather;
    if wt.card.enabled {
        let look = Look::resolve(&wt.card, theme, &w.shadows);
        let text = weather::text(&data.weather, &wt.location, wt.units, wt.show_forecast, now.timestamp().max(0) as u64);
        let title_px = look.font_px + pt_to_px(2.0);
        let main_px = (look.font_px - pt_to_px(2.0)).max(pt_to_px(6.0));
        let small_px = (look.font_px - pt_to_px(12.0)).max(pt_to_px(9.0));
        let extras = [text.forecast.as_deref(), text.note.as_deref()];
        let widest = extras.iter().flatten().map(|l| width(l, small_px, false)).fold(width(&text.title, title_px, true).max(width(&text.main, main_px, true)), f32::max);
        let lines = line_height(title_px) + LINE_GAP + line_height(main_px) + extras.iter().flatten().map(|_| LINE_GAP * 2.0 + line_height(small_px)).sum::<f32>();
        let body = Body::Weather { text, title_px, main_px, small_px };
        let pad = look.padding;
        out.push(card(Source::Weather, "Weather".into(), &wt.card, look, body, widest.max(160.0) + 2.0 * pad, lines + 2.0 * pad, 0, None));
    }
    for (i, r) in w.reddit.iter().enumerate().filter(|(_, r)| r.card.enabled) {
        // Hidden until its first successful fetch.
        let Some(news) = data.headlines.get(&r.subreddit.to_lowercase()) else { continue };
        let look = Look::resolve(&r.card, theme, &w.shadows);
        let now_s = now.timestamp().max(0) as u64;
        let rows: Vec<Row> = news
            .items
            .iter()
            .take(r.limit as usize)
            .map(|h| Row { title: h.title.clone(), age: headlines::age_label(h.created_unix, now_s), url: h.url.clone() })
            .collect();
        let header_px = look.font_px + pt_to_px(2.0);
        let age_px = (look.font_px - pt_to_px(3.0)).max(pt_to_px(7.0));
        let age_width = width("00HR AGO", age_px, false).max(48.0);
        let row_height = (line_height(look.font_px) + 8.0).round();
        let pad = look.padding;
        let w_px = (look.font_px * 19.0).max(260.0) + 2.0 * pad;
        let h_px = 2.0 * pad + line_height(header_px) + 6.0 + row_height * rows.len() as f32;
        let body = Body::Headlines { subreddit: r.subreddit.clone(), rows, header_px, age_px, age_width, row_height, separators: r.show_separators };
        out.push(card(Source::Reddit(i), format!("Reddit {}", i + 1), &r.card, look, body, w_px, h_px, 0, None));
    }
    out.extend(media::build(w, theme, data.media.as_ref()));
    out
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn card(source: Source, name: String, c: &crate::settings::Card, look: Look, body: Body, w: f32, h: f32, inset: i32, problem: Option<String>) -> Card {
    Card {
        source,
        name,
        anchor: c.position,
        monitor: c.monitor,
        margin: c.margin as i32,
        look,
        body,
        width: w.ceil() as i32,
        height: h.ceil() as i32,
        inset,
        problem,
    }
}

/// Where each card sits on display `monitor` (1-based) of the given size: the layout's result,
/// with `id` the card's index in `cards`.
pub fn place(cards: &[Card], monitor: u32, screen_w: i32, screen_h: i32) -> layout::Layout {
    layout::layout(&items(cards), monitor, screen_w, screen_h)
}

/// The cards as layout items, `id` each card's index (for [`layout::status`]).
pub fn items(cards: &[Card]) -> Vec<Item> {
    cards
        .iter()
        .enumerate()
        .map(|(id, c)| Item { id, name: c.name.clone(), anchor: c.anchor, monitor: c.monitor, margin: c.margin, width: c.width, height: c.height })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::WidgetSettings;

    fn now() -> DateTime<Utc> {
        clock::utc(2026, 11, 27, 10, 30, 0)
    }

    #[test]
    fn default_widgets_without_data() {
        let w = WidgetSettings::default();
        let (theme, _) = Theme::named(&w.theme);
        let cards = build(&w, &theme, &WidgetData::default(), now());
        let names: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Clock 1", "Weather"], "Reddit cards wait for their first headlines");
        let l = place(&cards, 1, 1920, 1080);
        assert!(l.conflicts.is_empty(), "{l:?}");
        let clock = l.rect(0).unwrap();
        assert_eq!(clock.right(), 1920 - 40, "the dial's edge on the margin");
        assert_eq!(place(&cards, 2, 1920, 1080).placed.len(), 1, "weather is on monitor 1 only");
    }

    #[test]
    fn headlines_limit_rows_and_size_the_card() {
        let mut w = WidgetSettings::default();
        w.reddit[0].limit = 3;
        let items = (0..6).map(|i| headlines::Headline { title: format!("Post {i}"), url: format!("u{i}"), created_unix: Some(1_000 + i) }).collect();
        let mut data = WidgetData::default();
        data.headlines.insert("all".into(), Headlines { subreddit: "All".into(), items, fetched_unix: 0 });
        let (theme, _) = Theme::named("dark");
        let cards = build(&w, &theme, &data, now());
        let reddit = cards.iter().find(|c| c.source == Source::Reddit(0)).expect("card shown once data exists");
        let Body::Headlines { rows, row_height, .. } = &reddit.body else { panic!("headlines body") };
        assert_eq!(rows.len(), 3);
        let mut fewer = w.clone();
        fewer.reddit[0].limit = 1;
        let small = build(&fewer, &theme, &data, now()).into_iter().find(|c| c.source == Source::Reddit(0)).unwrap();
        assert_eq!(reddit.height - small.height, (2.0 * row_height) as i32);
        assert!(cards.iter().all(|c| c.source != Source::Reddit(1)), "Games has no data yet");
    }

    #[test]
    fn digital_clock_width_does_not_change_with_the_digits() {
        let mut w = WidgetSettings::default();
        w.clocks[0].display_mode = ClockFace::Digital;
        w.clocks[0].format = clock::HourFormat::Twelve;
        w.clocks[0].timezone = "UTC".into();
        let (theme, _) = Theme::named("dark");
        let at = |h| build(&w, &theme, &WidgetData::default(), clock::utc(2026, 1, 1, h, 0, 0))[0].width;
        assert_eq!(at(1), at(10), "1:00 and 10:00 take the same card");
        for h in 0..24 {
            let c = &build(&w, &theme, &WidgetData::default(), clock::utc(2026, 1, 1, h, 0, 0))[0];
            let Body::Digital { time, .. } = &c.body else { panic!("digital") };
            let room = c.width as f32 - 2.0 * c.look.padding;
            assert!(crate::text_metrics::width(time, c.look.font_px, false) <= room, "{time} fits in {room} px");
        }
        let bad = WidgetSettings { clocks: vec![crate::settings::ClockWidget { timezone: "Nowhere/Land".into(), ..Default::default() }], ..w };
        assert!(build(&bad, &theme, &WidgetData::default(), now())[0].problem.is_some());
    }
}
