//! The layout previewer's model: the widgets the settings enable, built and placed by the
//! screensaver's own code (`Widgets::cards`, `cards::place`) for each monitor, with sample
//! data where nothing was fetched yet; the boxes scaled to the miniatures; the stacking
//! notes beside each position control; and which anchor a dropped box lands on.

use crate::overlay::Widgets;
use srpss_core::cards::headlines::{Headline, Headlines};
use srpss_core::cards::weather::{WeatherReport, WeatherState};
use srpss_core::cards::{self, Card, Source, WidgetData};
use srpss_core::clock::{DateTime, Utc};
use srpss_core::layout::{self, Anchor, Layout, Rect};
use srpss_core::media::{NowPlaying, Playback};
use srpss_core::settings::Settings;

/// A monitor as the previewer shows it: its number (1-based) and physical size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub number: u32,
    pub width: u32,
    pub height: u32,
}

/// What the saver saved, with samples for whatever it has not fetched: the previewer shows
/// every enabled widget, as it will look once its data arrives.
pub fn sample_data(settings: &Settings, mut data: WidgetData, now: DateTime<Utc>) -> WidgetData {
    let now_s = now.timestamp().max(0) as u64;
    if !matches!(data.weather, WeatherState::Report(_)) {
        let place = if settings.widgets.weather.location.trim().is_empty() { "Johannesburg".into() } else { settings.widgets.weather.location.clone() };
        data.weather = WeatherState::Report(WeatherReport {
            place,
            temperature_c: 23.0,
            weather_code: 2,
            humidity: Some(40.0),
            wind_kmh: Some(12.0),
            tomorrow_min_c: Some(14.0),
            tomorrow_max_c: Some(26.0),
            tomorrow_code: Some(1),
            fetched_unix: now_s,
        });
    }
    for r in &settings.widgets.reddit {
        let sub = r.subreddit.to_lowercase();
        data.headlines.entry(sub).or_insert_with(|| Headlines {
            subreddit: r.subreddit.clone(),
            items: (0..25)
                .map(|n| Headline { title: format!("A sample headline from r/{} number {}", r.subreddit, n + 1), url: String::new(), created_unix: Some(now_s.saturating_sub(600 * (n + 1))) })
                .collect(),
            fetched_unix: now_s,
        });
    }
    if data.media.is_none() {
        data.media = Some(NowPlaying {
            player: "Spotify".into(),
            id: "org.mpris.MediaPlayer2.spotify".into(),
            title: "Sample Song".into(),
            artist: "Sample Artist".into(),
            playback: Playback::Playing,
            can_go_previous: true,
            can_go_next: true,
            can_play_pause: true,
            volume: Some(0.6),
            ..NowPlaying::default()
        });
    }
    data
}

/// The cards the saver would draw (the same on every monitor).
pub fn cards(settings: &Settings, data: &WidgetData, now: DateTime<Utc>) -> Vec<Card> {
    Widgets::new(settings, data.clone()).cards(now)
}

/// Where the saver would place `cards` on `screen`.
pub fn place(cards: &[Card], screen: Screen) -> Layout {
    cards::place(cards, screen.number, screen.width as i32, screen.height as i32)
}

/// The cards the saver would draw, and where it would place them on `screen`.
pub fn placements(settings: &Settings, data: &WidgetData, screen: Screen, now: DateTime<Utc>) -> (Vec<Card>, Layout) {
    let cards = cards(settings, data, now);
    let layout = place(&cards, screen);
    (cards, layout)
}

/// The settings key of the widget a card comes from.
pub fn key_of(source: Source) -> String {
    match source {
        Source::Clock(i) => format!("widgets.clocks[{i}]"),
        Source::Weather => "widgets.weather".into(),
        Source::Reddit(i) => format!("widgets.reddit[{i}]"),
        Source::Media => "widgets.media".into(),
    }
}

/// The miniature's scale: the screen fitted into `max_w` x `max_h` logical pixels.
pub fn zoom(screen: Screen, max_w: f32, max_h: f32) -> f32 {
    (max_w / screen.width.max(1) as f32).min(max_h / screen.height.max(1) as f32)
}

/// A placed rectangle in miniature coordinates.
pub fn scaled(r: Rect, zoom: f32) -> (f32, f32, f32, f32) {
    (r.x as f32 * zoom, r.y as f32 * zoom, r.width as f32 * zoom, r.height as f32 * zoom)
}

/// "Will stack with …" / "Conflicts with …" for each widget, on every screen it shows on
/// (a conflict on any screen is the one reported).
pub fn stack_notes(cards: &[Card], screens: &[Screen]) -> Vec<(String, String)> {
    let items = cards::items(cards);
    let mut notes: Vec<(String, String)> = Vec::new();
    for (id, card) in cards.iter().enumerate() {
        let mut best = String::new();
        for s in screens.iter().filter(|s| card.monitor.shows_on(s.number)) {
            let note = layout::status(&items, id, s.number, s.width as i32, s.height as i32);
            let worse = note.starts_with("Conflicts") || (best.is_empty() && !note.is_empty());
            if worse && !best.starts_with("Conflicts") {
                best = note;
            }
        }
        notes.push((key_of(card.source), best));
    }
    notes
}

/// The anchor nearest to a point of the screen: its third across and its third down.
pub fn anchor_at(x: f32, y: f32, width: f32, height: f32) -> Anchor {
    let third = |v: f32, size: f32| ((v / size.max(1.0) * 3.0).floor() as i32).clamp(0, 2) as usize;
    Anchor::ALL[third(y, height) * 3 + third(x, width)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_land_on_the_nearest_anchor() {
        assert_eq!(anchor_at(5.0, 5.0, 480.0, 270.0), Anchor::TopLeft);
        assert_eq!(anchor_at(240.0, 135.0, 480.0, 270.0), Anchor::Center);
        assert_eq!(anchor_at(479.0, 269.0, 480.0, 270.0), Anchor::BottomRight);
        assert_eq!(anchor_at(-40.0, 300.0, 480.0, 270.0), Anchor::BottomLeft, "outside the miniature: clamped");
        assert_eq!(anchor_at(250.0, 10.0, 480.0, 270.0), Anchor::TopCenter);
    }

    #[test]
    fn stacking_and_conflicts_are_noted_per_widget() {
        let mut s = Settings::default();
        s.widgets.media.card.enabled = false;
        s.widgets.spotify_visualizer.enabled = false;
        s.widgets.weather.card.position = Anchor::TopRight;
        let now = srpss_core::clock::utc(2026, 11, 27, 10, 30, 0);
        let data = sample_data(&s, WidgetData::default(), now);
        let big = Screen { number: 1, width: 1920, height: 1080 };
        let (cards, _) = placements(&s, &data, big, now);
        let notes = stack_notes(&cards, &[big]);
        let note = |k: &str| notes.iter().find(|(key, _)| key == k).map(|(_, n)| n.clone()).unwrap_or_default();
        assert_eq!(note("widgets.weather"), "Will stack with Clock 1");
        assert!(note("widgets.reddit[0]").starts_with("Will stack with Reddit 2"), "{notes:?}");
        let tiny = Screen { number: 1, width: 640, height: 360 };
        let notes = stack_notes(&cards, &[tiny]);
        assert!(notes.iter().any(|(_, n)| n.starts_with("Conflicts with")), "a small screen cannot hold both stacks: {notes:?}");
    }
}
