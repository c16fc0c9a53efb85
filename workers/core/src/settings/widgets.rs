//! `[widgets]`: the overlay widgets as lists of instances (any number of clocks and Reddit
//! cards), their placement, their look (theme colours unless overridden), and the global
//! shadow settings. Defaults are the original's SST "Screensaver" profile (§6.0–6.2, 6.6).

use crate::clock::HourFormat;
use crate::layout::{Anchor, WidgetMonitor};
use serde::{Deserialize, Serialize};

/// A colour, stored as the original's `[r, g, b, a]` list; `"#rrggbb"` / `"#rrggbbaa"` also read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub [u8; 4]);

impl Serialize for Rgba {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Rgba {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            List(Vec<i64>),
            Hex(String),
        }
        let bad = |what: String| serde::de::Error::custom(format!("colour {what} is not [r, g, b, a] (0–255) or \"#rrggbb[aa]\""));
        match Raw::deserialize(d)? {
            Raw::List(v) if (3..=4).contains(&v.len()) && v.iter().all(|c| (0..=255).contains(c)) => {
                Ok(Rgba([v[0] as u8, v[1] as u8, v[2] as u8, v.get(3).map_or(255, |a| *a as u8)]))
            }
            Raw::List(v) => Err(bad(format!("{v:?}"))),
            Raw::Hex(h) => Rgba::from_hex(&h).ok_or_else(|| bad(format!("{h:?}"))),
        }
    }
}

impl Rgba {
    pub fn from_hex(h: &str) -> Option<Rgba> {
        let h = h.trim().strip_prefix('#')?;
        if !(h.len() == 6 || h.len() == 8) || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgba([byte(0)?, byte(2)?, byte(4)?, if h.len() == 8 { byte(6)? } else { 255 }]))
    }
}

/// Per-widget colour overrides; an unset one comes from the theme.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColourOverrides {
    pub font_family: Option<String>,
    pub color: Option<Rgba>,
    pub bg_color: Option<Rgba>,
    pub border_color: Option<Rgba>,
    /// 0–1; multiplies the border colour's alpha.
    pub border_opacity: Option<f32>,
}

/// The card settings every widget has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Card {
    pub enabled: bool,
    pub monitor: WidgetMonitor,
    pub position: Anchor,
    pub margin: u32,
    pub font_size: u32,
    pub show_background: bool,
    /// 0–1; multiplies the background colour's alpha.
    pub bg_opacity: f32,
    pub intense_shadow: bool,
    pub style: ColourOverrides,
}

impl Default for Card {
    fn default() -> Self {
        Card {
            enabled: true,
            monitor: WidgetMonitor::All,
            position: Anchor::TopRight,
            margin: 40,
            font_size: 18,
            show_background: false,
            bg_opacity: 0.5,
            intense_shadow: false,
            style: ColourOverrides::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockFace {
    Digital,
    #[default]
    Analog,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockWidget {
    pub card: Card,
    pub format: HourFormat,
    pub show_seconds: bool,
    /// "local", an IANA name ("Asia/Tokyo") or "UTC±H[:MM]".
    pub timezone: String,
    pub show_timezone: bool,
    /// Shown instead of the zone's abbreviation when set ("Tokyo").
    pub label: String,
    pub display_mode: ClockFace,
    pub show_numerals: bool,
    pub analog_face_shadow: bool,
    /// The analog second hand sweeps (redrawn every 40 ms tick) instead of stepping once a
    /// second. Off by default: even where only the clock is repainted (group C), a sweep cost
    /// 15 % of a core on software rendering (docs/PERFORMANCE.md, "At rest").
    pub smooth_second_hand: bool,
}

impl Default for ClockWidget {
    fn default() -> Self {
        ClockWidget {
            card: Card { font_size: 75, intense_shadow: true, ..Card::default() },
            format: HourFormat::TwentyFour,
            show_seconds: true,
            timezone: "local".into(),
            show_timezone: true,
            label: String::new(),
            display_mode: ClockFace::Analog,
            show_numerals: true,
            analog_face_shadow: true,
            smooth_second_hand: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TemperatureUnit {
    #[default]
    Celsius,
    Fahrenheit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeatherWidget {
    pub card: Card,
    pub location: String,
    pub show_forecast: bool,
    pub units: TemperatureUnit,
}

impl Default for WeatherWidget {
    fn default() -> Self {
        WeatherWidget {
            card: Card {
                monitor: WidgetMonitor::Number(1),
                position: Anchor::TopLeft,
                font_size: 28,
                show_background: true,
                ..Card::default()
            },
            location: "Johannesburg".into(),
            show_forecast: true,
            units: TemperatureUnit::Celsius,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedditWidget {
    pub card: Card,
    pub subreddit: String,
    /// Rows shown: 4, 10 or 20 in the settings app; 1–25 accepted.
    pub limit: u32,
    pub show_separators: bool,
    /// Opening a post from the card ends the screensaver when it covers the primary screen.
    pub exit_on_click: bool,
}

impl Default for RedditWidget {
    fn default() -> Self {
        RedditWidget {
            card: Card {
                monitor: WidgetMonitor::Number(1),
                position: Anchor::BottomRight,
                font_size: 14,
                show_background: true,
                ..Card::default()
            },
            subreddit: "All".into(),
            limit: 4,
            show_separators: true,
            exit_on_click: true,
        }
    }
}

/// `widgets.shadows`: one drop shadow for every card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShadowSettings {
    pub enabled: bool,
    pub color: Rgba,
    pub offset: [i32; 2],
    pub blur_radius: u32,
    /// Shadow opacity under text-only widgets.
    pub text_opacity: f32,
    /// Shadow opacity under widgets with a background.
    pub frame_opacity: f32,
}

impl Default for ShadowSettings {
    fn default() -> Self {
        ShadowSettings { enabled: true, color: Rgba([0, 0, 0, 255]), offset: [4, 4], blur_radius: 18, text_opacity: 0.33, frame_opacity: 0.77 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WidgetSettings {
    /// A theme in `themes/` ("dark", "light").
    pub theme: String,
    pub shadows: ShadowSettings,
    pub clocks: Vec<ClockWidget>,
    pub weather: WeatherWidget,
    pub reddit: Vec<RedditWidget>,
    pub media: super::MediaWidget,
    pub spotify_visualizer: super::VisualizerWidget,
}

impl Default for WidgetSettings {
    fn default() -> Self {
        let games = RedditWidget { subreddit: "Games".into(), ..RedditWidget::default() };
        WidgetSettings {
            theme: "dark".into(),
            shadows: ShadowSettings::default(),
            clocks: vec![ClockWidget::default()],
            weather: WeatherWidget::default(),
            reddit: vec![RedditWidget::default(), games],
            media: super::MediaWidget::default(),
            spotify_visualizer: super::VisualizerWidget::default(),
        }
    }
}

/// Repairs one user instance of a widget list against the widget type's defaults.
pub(super) type RepairInstance = fn(&toml::Table, &str, &mut Vec<super::SettingIssue>) -> toml::Value;

/// Lists of widget instances, repaired one instance (and one key) at a time.
pub(super) fn list_kind(dotted: &str) -> Option<RepairInstance> {
    match dotted {
        "widgets.clocks" => Some(repair_instance::<ClockWidget>),
        "widgets.reddit" => Some(repair_instance::<RedditWidget>),
        _ => None,
    }
}

/// One instance: starts from the type's defaults and takes each of the user's keys (at any
/// depth) that still makes a valid instance; reports the others.
fn repair_instance<T>(user: &toml::Table, prefix: &str, issues: &mut Vec<super::SettingIssue>) -> toml::Value
where
    T: Default + Serialize + serde::de::DeserializeOwned,
{
    let mut elem = match toml::Value::try_from(T::default()) {
        Ok(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    };
    let valid = |t: &toml::Table| toml::Value::Table(t.clone()).try_into::<T>().map(|_| ()).map_err(|e| e.message().to_string());
    take_keys(&mut elem, &[], user, prefix, &valid, issues);
    toml::Value::Table(elem)
}

fn table_at<'a>(root: &'a mut toml::Table, path: &[String]) -> Option<&'a mut toml::Table> {
    let mut t = root;
    for p in path {
        t = match t.get_mut(p) {
            Some(toml::Value::Table(sub)) => sub,
            _ => return None,
        };
    }
    Some(t)
}

fn take_keys(
    root: &mut toml::Table,
    path: &[String],
    user: &toml::Table,
    prefix: &str,
    valid: &dyn Fn(&toml::Table) -> Result<(), String>,
    issues: &mut Vec<super::SettingIssue>,
) {
    for (key, value) in user {
        let dotted = format!("{prefix}.{key}");
        let is_table = table_at(root, path).and_then(|t| t.get(key)).is_some_and(toml::Value::is_table);
        if let (true, toml::Value::Table(sub)) = (is_table, value) {
            let mut deeper = path.to_vec();
            deeper.push(key.clone());
            take_keys(root, &deeper, sub, &dotted, valid, issues);
            continue;
        }
        let Some(t) = table_at(root, path) else { return };
        let before = t.insert(key.clone(), value.clone());
        if let Err(problem) = valid(root) {
            if let Some(t) = table_at(root, path) {
                match before {
                    Some(b) => t.insert(key.clone(), b),
                    None => t.remove(key),
                };
            }
            issues.push(super::SettingIssue { key: dotted, problem: format!("{problem}; default used") });
        }
    }
}

impl super::Settings {
    /// The settings app's ranges for every widget's numbers (§6.0–6.6).
    pub(super) fn clamp_widget_ranges(&mut self, d: &super::Settings, issues: &mut Vec<super::SettingIssue>) {
        use super::repair::check;
        fn card(key: &str, c: &mut Card, d: &Card, font: (u32, u32), issues: &mut Vec<super::SettingIssue>) {
            check(&format!("{key}.card.font_size"), &mut c.font_size, d.font_size, font.0, font.1, issues);
            check(&format!("{key}.card.margin"), &mut c.margin, d.margin, 0, 200, issues);
            check(&format!("{key}.card.bg_opacity"), &mut c.bg_opacity, d.bg_opacity, 0.0, 1.0, issues);
            if let Some(o) = &mut c.style.border_opacity {
                check(&format!("{key}.card.style.border_opacity"), o, 1.0, 0.0, 1.0, issues);
            }
        }
        let clock = ClockWidget::default();
        for (n, c) in self.widgets.clocks.iter_mut().enumerate() {
            card(&format!("widgets.clocks[{n}]"), &mut c.card, &clock.card, (12, 144), issues);
        }
        card("widgets.weather", &mut self.widgets.weather.card, &d.widgets.weather.card, (12, 72), issues);
        let reddit = RedditWidget::default();
        for (n, r) in self.widgets.reddit.iter_mut().enumerate() {
            card(&format!("widgets.reddit[{n}]"), &mut r.card, &reddit.card, (8, 72), issues);
            check(&format!("widgets.reddit[{n}].limit"), &mut r.limit, reddit.limit, 1, 25, issues);
        }
        let s = &mut self.widgets.shadows;
        let ds = &d.widgets.shadows;
        check("widgets.shadows.blur_radius", &mut s.blur_radius, ds.blur_radius, 0, 100, issues);
        check("widgets.shadows.text_opacity", &mut s.text_opacity, ds.text_opacity, 0.0, 1.0, issues);
        check("widgets.shadows.frame_opacity", &mut s.frame_opacity, ds.frame_opacity, 0.0, 1.0, issues);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{repair_document, Settings};

    #[test]
    fn sst_widget_defaults() {
        let w = WidgetSettings::default();
        let c = &w.clocks[0];
        assert_eq!((c.card.position, c.card.font_size, c.card.margin), (Anchor::TopRight, 75, 40));
        assert_eq!((c.display_mode, c.format, c.show_seconds, c.show_numerals), (ClockFace::Analog, HourFormat::TwentyFour, true, true));
        assert!(!c.card.show_background && c.card.intense_shadow);
        assert_eq!((w.weather.card.position, w.weather.card.font_size, w.weather.location.as_str()), (Anchor::TopLeft, 28, "Johannesburg"));
        assert!(w.weather.card.show_background && (w.weather.card.bg_opacity - 0.5).abs() < 1e-6);
        let subs: Vec<&str> = w.reddit.iter().map(|r| r.subreddit.as_str()).collect();
        assert_eq!(subs, ["All", "Games"]);
        assert_eq!((w.reddit[0].limit, w.reddit[0].card.font_size, w.reddit[0].card.position), (4, 14, Anchor::BottomRight));
        assert_eq!((w.shadows.offset, w.shadows.blur_radius), ([4, 4], 18));
    }

    #[test]
    fn the_second_hand_steps_unless_asked_to_sweep() {
        let text = "[[widgets.clocks]]\n[[widgets.clocks]]\nsmooth_second_hand = true\n[[widgets.clocks]]\nsmooth_second_hand = \"often\"\n";
        let (s, issues) = repair_document(text, &Settings::default()).expect("TOML");
        let hands: Vec<bool> = s.widgets.clocks.iter().map(|c| c.smooth_second_hand).collect();
        assert_eq!(hands, [false, true, false]);
        assert_eq!(issues.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["widgets.clocks[2].smooth_second_hand"]);
    }

    #[test]
    fn any_number_of_clocks_each_repaired_on_its_own() {
        let text = "[[widgets.clocks]]\ntimezone = \"Asia/Tokyo\"\nlabel = \"Tokyo\"\n\
                    [[widgets.clocks]]\nposition = \"Nowhere\"\nformat = \"12h\"\nsparkle = 1\n\
                    [widgets.clocks.card]\nfont_size = 32\nmonitor = \"2\"\nposition = \"Bottom Left\"\n\
                    [widgets.clocks.card.style]\ncolor = \"#ff000080\"\nbg_color = [1, 2]\n\
                    [[widgets.clocks]]\ndisplay_mode = \"digital\"\n";
        let (s, issues) = repair_document(text, &Settings::default()).expect("TOML");
        let c = &s.widgets.clocks;
        assert_eq!(c.len(), 3, "every clock kept");
        assert_eq!((c[0].timezone.as_str(), c[0].label.as_str()), ("Asia/Tokyo", "Tokyo"));
        assert_eq!(c[1].format, HourFormat::Twelve);
        assert_eq!((c[1].card.font_size, c[1].card.monitor, c[1].card.position), (32, WidgetMonitor::Number(2), Anchor::BottomLeft));
        assert_eq!(c[1].card.style.color, Some(Rgba([255, 0, 0, 128])));
        assert_eq!(c[1].card.style.bg_color, None);
        assert_eq!(c[2].display_mode, ClockFace::Digital);
        let mut keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["widgets.clocks[1].card.style.bg_color", "widgets.clocks[1].position", "widgets.clocks[1].sparkle"]);
    }

    #[test]
    fn an_empty_list_means_no_clocks_and_ranges_are_repaired() {
        let text = "[widgets]\nclocks = []\n[[widgets.reddit]]\nlimit = 99\nsubreddit = \"rust\"\n[widgets.weather.card]\nfont_size = 500\n\
                    [widgets.weather.card.style]\ncolor = [0, 0, 0, 255]\nglitter = true\n";
        let (s, issues) = repair_document(text, &Settings::default()).expect("TOML");
        assert!(s.widgets.clocks.is_empty());
        assert_eq!(s.widgets.reddit.len(), 1);
        assert_eq!((s.widgets.reddit[0].subreddit.as_str(), s.widgets.reddit[0].limit), ("rust", 4));
        assert_eq!(s.widgets.weather.card.font_size, 28);
        assert_eq!(s.widgets.weather.card.style.color, Some(Rgba([0, 0, 0, 255])), "an override in a table is kept");
        let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        for k in ["widgets.reddit[0].limit", "widgets.weather.card.font_size", "widgets.weather.card.style.glitter"] {
            assert!(keys.contains(&k), "{k} not in {keys:?}");
        }
    }
}
