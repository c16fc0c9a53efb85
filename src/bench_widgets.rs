//! `srpss bench --widgets`: what the overlay widgets add to a frame drawn by Slint's software
//! renderer (group C's), headless: crossfade frames of the saver window with no widgets, then
//! with a full set (three clocks, weather, two Reddit cards, dimming), each frame drawn whole.

use crate::overlay::{FadeIn, WidgetView, Widgets};
use crate::{OverlayAdapter, SaverAdapter};
use slint::ComponentHandle;
use srpss_core::cards::headlines::{Headline, Headlines};
use srpss_core::cards::weather::{WeatherReport, WeatherState};
use srpss_core::cards::WidgetData;
use srpss_core::geometry::Size;
use srpss_core::settings::{ClockFace, ClockWidget, Settings};
use std::time::{Duration, Instant};

/// Saved-data stand-ins, as after a day of fetching.
fn data(now: u64) -> WidgetData {
    let report = WeatherReport {
        place: "Johannesburg".into(),
        temperature_c: 23.4,
        weather_code: 2,
        humidity: Some(40.0),
        wind_kmh: Some(9.0),
        tomorrow_min_c: Some(12.0),
        tomorrow_max_c: Some(25.0),
        tomorrow_code: Some(61),
        fetched_unix: now,
    };
    let news = |sub: &str| Headlines {
        subreddit: sub.into(),
        items: (0..4).map(|i| Headline { title: format!("Headline {i} with a reasonably long title"), url: String::new(), created_unix: Some(now - i * 600) }).collect(),
        fetched_unix: now,
    };
    let mut d = WidgetData { weather: WeatherState::Report(report), ..WidgetData::default() };
    d.headlines.insert("all".into(), news("All"));
    d.headlines.insert("games".into(), news("Games"));
    d
}

/// Milliseconds per frame (p50, p95, max) without and with widgets.
pub fn run(size: Size, frames: usize, settings: &Settings, photo: &srpss_image::PreparedFrame) -> anyhow::Result<[[f64; 3]; 2]> {
    let (window, ui) = crate::render::headless_window(size.width, size.height, photo)?;
    let adapter = ui.global::<SaverAdapter>();
    let overlay = ui.global::<OverlayAdapter>();
    let view = WidgetView::new(&overlay, FadeIn::done(Instant::now()));
    let mut pixels = vec![slint::Rgb8Pixel::default(); size.width as usize * size.height as usize];
    let mut out = [[0.0; 3]; 2];
    for (n, with) in [false, true].into_iter().enumerate() {
        let mut s = settings.clone();
        s.accessibility.dimming.enabled = with;
        let digital = |zone: &str| {
            let mut c = ClockWidget { display_mode: ClockFace::Digital, timezone: zone.into(), ..ClockWidget::default() };
            c.card.font_size = 32;
            c.card.position = srpss_core::layout::Anchor::BottomLeft;
            c
        };
        s.widgets.clocks = if with { vec![ClockWidget::default(), digital("Asia/Tokyo"), digital("UTC-3:30")] } else { Vec::new() };
        s.widgets.weather.card.enabled = with;
        s.widgets.weather.card.monitor = srpss_core::layout::WidgetMonitor::All;
        if !with {
            s.widgets.reddit.clear();
        }
        let now = srpss_core::clock::Utc::now();
        let w = Widgets::new(&s, data(now.timestamp().max(0) as u64));
        view.show(&w.cards(now), 1, size.width, size.height, &slint::Image::default());
        overlay.set_dim(w.dim);
        let mut samples: Vec<Duration> = Vec::with_capacity(frames);
        for i in 0..frames + 3 {
            adapter.set_progress((i % 20) as f32 / 20.0);
            window.request_redraw();
            let t = Instant::now();
            window.draw_if_needed(|r| {
                r.render(&mut pixels, size.width as usize);
            });
            if i >= 3 {
                samples.push(t.elapsed());
            }
        }
        samples.sort();
        let ms = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
        out[n] = [ms(0.5), ms(0.95), ms(1.0)];
    }
    ui.hide()?;
    Ok(out)
}
