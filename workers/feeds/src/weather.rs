//! Weather from Open-Meteo (no key): the location name is geocoded once and the place kept in
//! the state directory; the forecast gives current conditions and tomorrow's range. Refreshed
//! every 30 minutes, retried 5 minutes after a failure; the last report is saved so the card
//! shows it at once next time (marked stale when old).

use crate::fetch::{FetchError, Fetcher};
use serde::{Deserialize, Serialize};
use srpss_core::cards::weather::{WeatherReport, WeatherState};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const REFRESH: Duration = Duration::from_secs(30 * 60);
pub const RETRY: Duration = Duration::from_secs(5 * 60);

/// Where the two Open-Meteo services live; `SRPSS_OPEN_METEO_GEOCODE` and
/// `SRPSS_OPEN_METEO_FORECAST` replace them (a mirror, or the tests' loopback server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub geocode: String,
    pub forecast: String,
}

impl Endpoints {
    pub fn from_env() -> Self {
        let var = |k: &str, d: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| d.to_string());
        Endpoints {
            geocode: var("SRPSS_OPEN_METEO_GEOCODE", "https://geocoding-api.open-meteo.com/v1/search"),
            forecast: var("SRPSS_OPEN_METEO_FORECAST", "https://api.open-meteo.com/v1/forecast"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeatherError {
    #[error("no place called {0:?}")]
    UnknownPlace(String),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("unexpected answer: {0}")]
    BadAnswer(String),
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The location setting it answers.
    pub query: String,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn geocode(f: &Fetcher, ep: &Endpoints, query: &str) -> Result<Place, WeatherError> {
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        results: Vec<Hit>,
    }
    #[derive(Deserialize)]
    struct Hit {
        name: String,
        latitude: f64,
        longitude: f64,
    }
    let q = query.trim();
    if q.is_empty() {
        return Err(WeatherError::UnknownPlace(String::new()));
    }
    let body = f.document(&format!("{}?name={}&count=1&language=en&format=json", ep.geocode, encode(q)))?;
    let answer: Answer = serde_json::from_slice(&body).map_err(|e| WeatherError::BadAnswer(e.to_string()))?;
    let hit = answer.results.into_iter().next().ok_or_else(|| WeatherError::UnknownPlace(q.to_string()))?;
    Ok(Place { query: q.to_string(), name: hit.name, latitude: hit.latitude, longitude: hit.longitude })
}

pub fn forecast(f: &Fetcher, ep: &Endpoints, place: &Place, now_unix: u64) -> Result<WeatherReport, WeatherError> {
    #[derive(Deserialize)]
    struct Answer {
        current_weather: Current,
        #[serde(default)]
        current: Option<Extra>,
        #[serde(default)]
        daily: Option<Daily>,
    }
    #[derive(Deserialize)]
    struct Current {
        temperature: f64,
        #[serde(default)]
        windspeed: Option<f64>,
        weathercode: u32,
    }
    #[derive(Deserialize)]
    struct Extra {
        #[serde(default)]
        relative_humidity_2m: Option<f64>,
    }
    #[derive(Deserialize)]
    struct Daily {
        #[serde(default)]
        temperature_2m_max: Vec<Option<f64>>,
        #[serde(default)]
        temperature_2m_min: Vec<Option<f64>>,
        #[serde(default)]
        weathercode: Vec<Option<u32>>,
    }
    let url = format!(
        "{}?latitude={:.4}&longitude={:.4}&current_weather=true&current=relative_humidity_2m\
         &daily=temperature_2m_max,temperature_2m_min,weathercode&forecast_days=2&timezone=auto",
        ep.forecast, place.latitude, place.longitude
    );
    let body = f.document(&url)?;
    let a: Answer = serde_json::from_slice(&body).map_err(|e| WeatherError::BadAnswer(e.to_string()))?;
    let tomorrow = |v: &Vec<Option<f64>>| v.get(1).copied().flatten();
    let daily = a.daily.as_ref();
    Ok(WeatherReport {
        place: place.name.clone(),
        temperature_c: a.current_weather.temperature,
        weather_code: a.current_weather.weathercode,
        humidity: a.current.and_then(|c| c.relative_humidity_2m),
        wind_kmh: a.current_weather.windspeed,
        tomorrow_min_c: daily.and_then(|d| tomorrow(&d.temperature_2m_min)),
        tomorrow_max_c: daily.and_then(|d| tomorrow(&d.temperature_2m_max)),
        tomorrow_code: daily.and_then(|d| d.weathercode.get(1).copied().flatten()),
        fetched_unix: now_unix,
    })
}

/// The weather card's source: when to fetch, the cached place, the last state.
pub struct WeatherSource {
    location: String,
    place_file: PathBuf,
    report_file: PathBuf,
    place: Option<Place>,
    next: Instant,
    pub state: WeatherState,
}

impl WeatherSource {
    /// Starts with the saved report (any age) and the saved place if it answers `location`;
    /// the first fetch is due at once.
    pub fn new(location: &str, state_dir: &Path, now: Instant) -> Self {
        let place_file = state_dir.join("weather-place.json");
        let report_file = crate::widget_store::weather_path(state_dir);
        let place = std::fs::read(&place_file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Place>(&b).ok())
            .filter(|p| p.query.eq_ignore_ascii_case(location.trim()));
        let state = match std::fs::read(&report_file).ok().and_then(|b| serde_json::from_slice::<WeatherReport>(&b).ok()) {
            Some(r) => WeatherState::Report(r),
            None => WeatherState::NoData,
        };
        WeatherSource { location: location.trim().to_string(), place_file, report_file, place, next: now, state }
    }

    /// When the next fetch is due.
    pub fn next_due(&self) -> Instant {
        self.next
    }

    /// Fetches if due; returns the new state when it changed.
    pub fn poll(&mut self, f: &Fetcher, ep: &Endpoints, now: Instant, now_unix: u64) -> Option<WeatherState> {
        if now < self.next {
            return None;
        }
        let result = self.fetch(f, ep, now_unix);
        let new = match result {
            Ok(report) => {
                self.next = now + REFRESH;
                if let Err(e) = crate::widget_store::save(&self.report_file, &report) {
                    log::warn!("cannot save the weather to {}: {e}", self.report_file.display());
                }
                WeatherState::Report(report)
            }
            Err(WeatherError::UnknownPlace(p)) => {
                // Asking again will not help until the setting changes; once in a while anyway.
                self.next = now + REFRESH;
                log::warn!("weather: no place called {p:?}; check widgets.weather.location");
                WeatherState::UnknownPlace(p)
            }
            Err(e) => {
                self.next = now + RETRY;
                log::warn!("weather for {:?}: {e}; retrying in 5 minutes", self.location);
                match &self.state {
                    // A saved report stays on the card (it is marked stale as it ages).
                    WeatherState::Report(_) => self.state.clone(),
                    _ => WeatherState::Failed(e.to_string()),
                }
            }
        };
        (new != self.state).then(|| {
            self.state = new.clone();
            new
        })
    }

    fn fetch(&mut self, f: &Fetcher, ep: &Endpoints, now_unix: u64) -> Result<WeatherReport, WeatherError> {
        let place = match &self.place {
            Some(p) => p.clone(),
            None => {
                let p = geocode(f, ep, &self.location)?;
                if let Err(e) = crate::widget_store::save(&self.place_file, &p) {
                    log::warn!("cannot save the weather place to {}: {e}", self.place_file.display());
                }
                self.place = Some(p.clone());
                p
            }
        };
        forecast(f, ep, &place, now_unix)
    }
}
