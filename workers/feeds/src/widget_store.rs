//! The widgets' last data on disk (the state directory): `weather.json` and `headlines.json`,
//! written by the feeds worker after each success and read at start, so a card shows its last
//! sample at once (marked stale when old) and `srpss render` draws what the saver would.

use srpss_core::cards::headlines::Headlines;
use srpss_core::cards::weather::{WeatherReport, WeatherState};
use srpss_core::cards::WidgetData;
use std::path::{Path, PathBuf};

pub fn weather_path(state_dir: &Path) -> PathBuf {
    state_dir.join("weather.json")
}

pub fn headlines_path(state_dir: &Path) -> PathBuf {
    state_dir.join("headlines.json")
}

/// Everything saved; a missing file is no data, a broken one is logged and ignored.
pub fn load(state_dir: &Path) -> WidgetData {
    let mut data = WidgetData::default();
    if let Some(r) = read::<WeatherReport>(&weather_path(state_dir)) {
        data.weather = WeatherState::Report(r);
    }
    if let Some(list) = read::<Vec<Headlines>>(&headlines_path(state_dir)) {
        data.headlines = list.into_iter().map(|h| (h.subreddit.to_lowercase(), h)).collect();
    }
    data
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            log::warn!("{} is not readable ({e}); ignored until the next fetch replaces it", path.display());
            None
        }
    }
}

/// Writes `value` to a temporary file and renames it over `path`.
pub fn save<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, path)
}

/// Saves one subreddit's headlines beside the others already saved.
pub fn save_headlines(state_dir: &Path, news: &Headlines) -> std::io::Result<()> {
    let path = headlines_path(state_dir);
    let mut all = read::<Vec<Headlines>>(&path).unwrap_or_default();
    all.retain(|h| !h.subreddit.eq_ignore_ascii_case(&news.subreddit));
    all.push(news.clone());
    save(&path, &all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use srpss_core::cards::headlines::Headline;

    #[test]
    fn saved_data_loads_back_and_broken_files_are_ignored() {
        let dir = std::env::temp_dir().join(format!("srpss-widget-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(load(&dir), WidgetData::default());
        let news = |s: &str| Headlines { subreddit: s.into(), items: vec![Headline { title: "t".into(), url: "u".into(), created_unix: Some(1) }], fetched_unix: 5 };
        save_headlines(&dir, &news("All")).unwrap();
        save_headlines(&dir, &news("Games")).unwrap();
        save_headlines(&dir, &news("all")).unwrap();
        let data = load(&dir);
        assert_eq!(data.headlines.len(), 2);
        assert_eq!(data.headlines["all"].subreddit, "all");
        std::fs::write(weather_path(&dir), "{ not json").unwrap();
        assert_eq!(load(&dir).weather, WeatherState::NoData);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
