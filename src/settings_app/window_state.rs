//! The settings window's size and last tab, kept between runs in the state folder
//! (`settings-window.toml`); a missing or broken file just means the defaults.

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    /// Logical width and height.
    pub size: Option<(f32, f32)>,
    pub tab: usize,
    pub widget_page: usize,
}

pub fn load(file: &Path) -> Remembered {
    let Ok(text) = std::fs::read_to_string(file) else { return Remembered::default() };
    let mut r: Remembered = toml::from_str(&text).unwrap_or_default();
    // A size from a broken file or another machine's huge monitor is not worth keeping.
    r.size = r.size.filter(|(w, h)| (400.0..=8000.0).contains(w) && (300.0..=8000.0).contains(h));
    r
}

pub fn save(file: &Path, r: &Remembered) {
    let written = toml::to_string(r).map_err(|e| e.to_string()).and_then(|text| {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(file, text).map_err(|e| e.to_string())
    });
    if let Err(e) = written {
        log::warn!("cannot remember the settings window in {}: {e}", file.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_nonsense() {
        let dir = std::env::temp_dir().join(format!("srpss-window-state-{}", std::process::id()));
        let file = dir.join("settings-window.toml");
        let r = Remembered { size: Some((1000.0, 700.0)), tab: 4, widget_page: 2 };
        save(&file, &r);
        assert_eq!(load(&file), r);
        std::fs::write(&file, "size = [5, 5]\ntab = \"x\"").unwrap();
        assert_eq!(load(&file), Remembered::default());
        std::fs::write(&file, "size = [90000.0, 10.0]\ntab = 2").unwrap();
        assert_eq!(load(&file), Remembered { size: None, tab: 2, widget_page: 0 });
        let _ = std::fs::remove_dir_all(dir);
    }
}
