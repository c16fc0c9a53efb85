//! Weather (Open-Meteo) and Reddit headlines against a real HTTP server on 127.0.0.1: card
//! contents, the saved place and report, stale marks, failures (500, timeout, unknown place)
//! and the retry timing, with the clock passed in.

mod server;

use server::{Reply, Server};
use srpss_core::cards::weather::{self, WeatherState};
use srpss_core::settings::TemperatureUnit;
use srpss_feeds::headlines::{self, HeadlineSource};
use srpss_feeds::weather::{Endpoints, WeatherSource, REFRESH, RETRY};
use srpss_feeds::{widget_store, Fetcher, Limits};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("srpss-widgets-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const GEO_HIT: &str = r#"{"results":[{"id":993800,"name":"Johannesburg","latitude":-26.20227,"longitude":28.04363,"country":"South Africa"}],"generationtime_ms":0.5}"#;
const GEO_NONE: &str = r#"{"generationtime_ms":0.3}"#;
const FORECAST: &str = r#"{"latitude":-26.2,"longitude":28.04,"current_weather":{"temperature":23.4,"windspeed":9.4,"winddirection":200,"weathercode":2,"time":"2026-11-27T12:00"},
 "current":{"time":"2026-11-27T12:00","relative_humidity_2m":41},
 "daily":{"time":["2026-11-27","2026-11-28"],"temperature_2m_max":[26.0,25.1],"temperature_2m_min":[13.0,12.2],"weathercode":[2,61]}}"#;

fn json(s: &str) -> Reply {
    Reply::Ok { content_type: "application/json", body: s.as_bytes().to_vec() }
}

/// A server whose forecast answer the test switches: 0 good, 1 HTTP 500, 2 silent (timeout).
struct Meteo {
    server: Server,
    mode: Arc<AtomicU32>,
    geocodes: Arc<AtomicUsize>,
    forecasts: Arc<AtomicUsize>,
}

fn meteo() -> Meteo {
    let mode = Arc::new(AtomicU32::new(0));
    let (geocodes, forecasts) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (m, g, f) = (mode.clone(), geocodes.clone(), forecasts.clone());
    let server = Server::start(move |path| {
        if path.starts_with("/geo") {
            g.fetch_add(1, Ordering::SeqCst);
            return json(if path.contains("name=Johannesburg") { GEO_HIT } else { GEO_NONE });
        }
        f.fetch_add(1, Ordering::SeqCst);
        assert!(path.contains("latitude=-26.2023") && path.contains("forecast_days=2"), "{path}");
        match m.load(Ordering::SeqCst) {
            0 => json(FORECAST),
            1 => Reply::Status { code: 500, headers: vec![] },
            _ => Reply::Raw { bytes: b"HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n{".to_vec(), pause: Duration::from_secs(3) },
        }
    });
    Meteo { server, mode, geocodes, forecasts }
}

fn endpoints(s: &Server) -> Endpoints {
    Endpoints { geocode: s.url("/geo"), forecast: s.url("/forecast") }
}

fn fetcher() -> Fetcher {
    Fetcher::new(Limits { whole: Duration::from_secs(1), ..Limits::default() })
}

#[test]
fn weather_card_contents_cache_and_retry_timing() {
    let m = meteo();
    let (ep, f, dir) = (endpoints(&m.server), fetcher(), temp("weather"));
    let t0 = Instant::now();
    let mut src = WeatherSource::new("Johannesburg", &dir, t0);
    assert_eq!(src.state, WeatherState::NoData);
    let state = src.poll(&f, &ep, t0, 1_795_780_000).expect("first fetch");
    let text = weather::text(&state, "Johannesburg", TemperatureUnit::Celsius, true, 1_795_780_000);
    assert_eq!((text.title.as_str(), text.main.as_str()), ("Johannesburg", "23°C - Partly Cloudy"));
    assert_eq!(text.forecast.as_deref(), Some("Tomorrow: 12°-25°C Slight Rain"));
    let f_text = weather::text(&state, "", TemperatureUnit::Fahrenheit, true, 1_795_780_000);
    assert_eq!(f_text.main, "74°F - Partly Cloudy");
    assert_eq!(src.next_due(), t0 + REFRESH, "next in 30 minutes");
    assert!(src.poll(&f, &ep, t0 + REFRESH - Duration::from_secs(1), 0).is_none(), "not before");

    // A failure keeps the saved report on the card and retries after 5 minutes.
    m.mode.store(1, Ordering::SeqCst);
    let t1 = t0 + REFRESH;
    assert!(src.poll(&f, &ep, t1, 1_795_781_800).is_none(), "the card keeps its report");
    assert_eq!(src.next_due(), t1 + RETRY);
    // A server that never answers is a timeout, handled the same way.
    m.mode.store(2, Ordering::SeqCst);
    let started = Instant::now();
    assert!(src.poll(&f, &ep, t1 + RETRY, 1_795_782_100).is_none());
    assert!(started.elapsed() < Duration::from_secs(3), "bounded by the fetch timeout");
    assert_eq!(src.next_due(), t1 + 2 * RETRY);
    assert_eq!(m.geocodes.load(Ordering::SeqCst), 1, "geocoded once");

    // Restart: the saved report shows at once (stale after an hour) and the place is not looked up again.
    m.mode.store(0, Ordering::SeqCst);
    let mut again = WeatherSource::new("johannesburg", &dir, t0);
    let WeatherState::Report(saved) = again.state.clone() else { panic!("saved report: {:?}", again.state) };
    let stale = weather::text(&again.state, "", TemperatureUnit::Celsius, true, saved.fetched_unix + 2 * 3600);
    assert_eq!(stale.note.as_deref(), Some("Updated 2 h ago"));
    let before = m.forecasts.load(Ordering::SeqCst);
    assert!(again.poll(&f, &ep, t0, saved.fetched_unix + 2 * 3600).is_some(), "a newer report replaces it");
    assert_eq!(m.geocodes.load(Ordering::SeqCst), 1, "the saved place is used");
    assert_eq!(m.forecasts.load(Ordering::SeqCst), before + 1);
}

#[test]
fn an_unknown_place_says_so_and_a_first_failure_is_an_error() {
    let m = meteo();
    let (ep, f) = (endpoints(&m.server), fetcher());
    let t0 = Instant::now();
    let mut src = WeatherSource::new("Atlantis", &temp("atlantis"), t0);
    let state = src.poll(&f, &ep, t0, 0).expect("state changes");
    assert_eq!(state, WeatherState::UnknownPlace("Atlantis".into()));
    let text = weather::text(&state, "Atlantis", TemperatureUnit::Celsius, true, 0);
    assert_eq!((text.title.as_str(), text.main.as_str()), ("Atlantis", "Place not found"));
    m.mode.store(1, Ordering::SeqCst);
    let mut fresh = WeatherSource::new("Johannesburg", &temp("fail"), t0);
    assert!(matches!(fresh.poll(&f, &ep, t0, 0), Some(WeatherState::Failed(_))));
    assert_eq!(fresh.next_due(), t0 + RETRY);
}

const REDDIT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>pics</title><id>r</id><updated>2026-11-27T10:00:00Z</updated>
<entry><title>Older post</title><id>t3_1</id><updated>2026-11-27T08:00:00Z</updated><published>2026-11-27T08:00:00Z</published><link href="https://www.reddit.com/r/pics/comments/1/older/"/></entry>
<entry><title>Daily Discussion Thread</title><id>t3_2</id><published>2026-11-27T10:10:00Z</published><updated>2026-11-27T10:10:00Z</updated><link href="https://www.reddit.com/r/pics/comments/2/"/></entry>
<entry><title>Newest &amp; best</title><id>t3_3</id><published>2026-11-27T10:20:00Z</published><updated>2026-11-27T10:20:00Z</updated><link href="https://www.reddit.com/r/pics/comments/3/newest/"/></entry>
</feed>"#;

#[test]
fn reddit_headlines_from_the_rss_listing() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let server = Server::start(move |path| {
        h.fetch_add(1, Ordering::SeqCst);
        match path {
            "/r/pics/.rss?limit=25" => Reply::Ok { content_type: "application/atom+xml", body: REDDIT.as_bytes().to_vec() },
            _ => Reply::Status { code: 500, headers: vec![] },
        }
    });
    let (f, dir, t0) = (fetcher(), temp("reddit"), Instant::now());
    let now_unix = 1_795_775_400; // 2026-11-27T10:30:00Z
    let mut src = HeadlineSource::new("pics", &dir, t0);
    let news = src.poll(&f, &server.base, t0, now_unix).expect("headlines");
    let titles: Vec<&str> = news.items.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Newest & best", "Older post"], "newest first, the daily thread filtered");
    assert_eq!(news.items[0].url, "https://www.reddit.com/r/pics/comments/3/newest/");
    let ages: Vec<String> = news.items.iter().map(|h| srpss_core::cards::headlines::age_label(h.created_unix, now_unix)).collect();
    assert_eq!(ages, ["10M AGO", "2HR AGO"]);
    assert_eq!(src.next_due(), t0 + headlines::REFRESH);
    assert_eq!(widget_store::load(&dir).headlines["pics"], news, "saved for the next start and for render");

    // A subreddit that fails stays hidden and is retried after 5 minutes.
    let mut bad = HeadlineSource::new("gone", &dir, t0);
    assert!(bad.poll(&f, &server.base, t0, now_unix).is_none());
    assert_eq!(bad.next_due(), t0 + headlines::RETRY);
    assert!(!widget_store::load(&dir).headlines.contains_key("gone"));
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}
