//! What the weather card says: the report the feeds worker fetched (Open-Meteo), the WMO
//! weather-code table, °C or °F, and the card's state (no data yet, unknown place, stale).

use crate::settings::TemperatureUnit;
use serde::{Deserialize, Serialize};

/// One fetch's result, as persisted in the state directory and sent by the feeds worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeatherReport {
    /// The place as the geocoder names it ("Johannesburg").
    pub place: String,
    pub temperature_c: f64,
    pub weather_code: u32,
    pub humidity: Option<f64>,
    pub wind_kmh: Option<f64>,
    pub tomorrow_min_c: Option<f64>,
    pub tomorrow_max_c: Option<f64>,
    pub tomorrow_code: Option<u32>,
    /// When it was fetched (Unix seconds).
    pub fetched_unix: u64,
}

/// What the card knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeatherState {
    /// Nothing fetched yet and nothing saved.
    NoData,
    Report(WeatherReport),
    /// The location setting names no place the geocoder knows.
    UnknownPlace(String),
    /// The last fetch failed and nothing was saved before.
    Failed(String),
}

/// A report older than this is marked stale on the card (two refresh periods).
pub const STALE_AFTER_S: u64 = 60 * 60;

/// The WMO weather interpretation codes Open-Meteo uses.
pub fn condition(code: u32) -> &'static str {
    match code {
        0 => "Clear sky",
        1 => "Mainly clear",
        2 => "Partly cloudy",
        3 => "Overcast",
        45 => "Fog",
        48 => "Depositing rime fog",
        51 => "Light drizzle",
        53 => "Moderate drizzle",
        55 => "Dense drizzle",
        56 => "Light freezing drizzle",
        57 => "Dense freezing drizzle",
        61 => "Slight rain",
        63 => "Moderate rain",
        65 => "Heavy rain",
        66 => "Light freezing rain",
        67 => "Heavy freezing rain",
        71 => "Slight snow fall",
        73 => "Moderate snow fall",
        75 => "Heavy snow fall",
        77 => "Snow grains",
        80 => "Slight rain showers",
        81 => "Moderate rain showers",
        82 => "Violent rain showers",
        85 => "Slight snow showers",
        86 => "Heavy snow showers",
        95 => "Thunderstorm",
        96 => "Thunderstorm with slight hail",
        99 => "Thunderstorm with heavy hail",
        _ => "Unknown",
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn degrees(c: f64, unit: TemperatureUnit) -> f64 {
    match unit {
        TemperatureUnit::Celsius => c,
        TemperatureUnit::Fahrenheit => c * 9.0 / 5.0 + 32.0,
    }
}

fn unit_mark(unit: TemperatureUnit) -> &'static str {
    match unit {
        TemperatureUnit::Celsius => "°C",
        TemperatureUnit::Fahrenheit => "°F",
    }
}

/// The card's lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeatherText {
    /// Bold first line: the place, or "Weather".
    pub title: String,
    /// "23°C - Partly Cloudy", or what is wrong.
    pub main: String,
    /// "Tomorrow: 12°-25°C Light Rain" (only with `show_forecast` and a forecast).
    pub forecast: Option<String>,
    /// "Updated 3 h ago" once a report is stale.
    pub note: Option<String>,
}

/// The card's lines for `state` at `now_unix`; `location` is the setting (for messages).
pub fn text(state: &WeatherState, location: &str, unit: TemperatureUnit, show_forecast: bool, now_unix: u64) -> WeatherText {
    match state {
        WeatherState::NoData => WeatherText { title: "Weather".into(), main: "No Data".into(), ..Default::default() },
        WeatherState::Failed(_) => WeatherText { title: "Weather".into(), main: "Error".into(), ..Default::default() },
        WeatherState::UnknownPlace(p) => {
            let p = if p.is_empty() { location } else { p };
            WeatherText { title: title_case(p), main: "Place not found".into(), ..Default::default() }
        }
        WeatherState::Report(r) => {
            let mark = unit_mark(unit);
            let main = format!("{:.0}{mark} - {}", degrees(r.temperature_c, unit), title_case(condition(r.weather_code)));
            let forecast = match (show_forecast, r.tomorrow_min_c, r.tomorrow_max_c) {
                (true, Some(lo), Some(hi)) => {
                    let cond = r.tomorrow_code.map(|c| format!(" {}", title_case(condition(c)))).unwrap_or_default();
                    Some(format!("Tomorrow: {:.0}°-{:.0}{mark}{cond}", degrees(lo, unit), degrees(hi, unit)))
                }
                _ => None,
            };
            let age = now_unix.saturating_sub(r.fetched_unix);
            let note = (age > STALE_AFTER_S).then(|| format!("Updated {} ago", coarse_age(age)));
            WeatherText { title: title_case(&r.place), main, forecast, note }
        }
    }
}

fn coarse_age(s: u64) -> String {
    match s {
        0..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> WeatherReport {
        WeatherReport {
            place: "johannesburg".into(),
            temperature_c: 23.4,
            weather_code: 2,
            humidity: Some(40.0),
            wind_kmh: Some(10.0),
            tomorrow_min_c: Some(12.2),
            tomorrow_max_c: Some(25.0),
            tomorrow_code: Some(61),
            fetched_unix: 1_000_000,
        }
    }

    #[test]
    fn celsius_fahrenheit_forecast_and_stale() {
        let s = WeatherState::Report(report());
        let t = text(&s, "x", TemperatureUnit::Celsius, true, 1_000_100);
        assert_eq!(t.title, "Johannesburg");
        assert_eq!(t.main, "23°C - Partly Cloudy");
        assert_eq!(t.forecast.as_deref(), Some("Tomorrow: 12°-25°C Slight Rain"));
        assert_eq!(t.note, None);
        let f = text(&s, "x", TemperatureUnit::Fahrenheit, false, 1_000_000 + 3 * 3600);
        assert_eq!(f.main, "74°F - Partly Cloudy");
        assert_eq!(f.forecast, None);
        assert_eq!(f.note.as_deref(), Some("Updated 3 h ago"));
    }

    #[test]
    fn wmo_codes_and_states() {
        assert_eq!(condition(0), "Clear sky");
        assert_eq!(condition(99), "Thunderstorm with heavy hail");
        assert_eq!(condition(42), "Unknown");
        let t = text(&WeatherState::UnknownPlace("Atlantis".into()), "Atlantis", TemperatureUnit::Celsius, true, 0);
        assert_eq!((t.title.as_str(), t.main.as_str()), ("Atlantis", "Place not found"));
        assert_eq!(text(&WeatherState::NoData, "", TemperatureUnit::Celsius, true, 0).main, "No Data");
    }
}
