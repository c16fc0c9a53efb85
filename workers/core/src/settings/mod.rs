//! The settings schema: one typed struct per `[table]`, defaults for every field.
//!
//! Key names follow the original (`timing.interval` is `interval` in `[timing]`). Defaults are
//! the original's SST "Screensaver" profile (upstream-srpss.md §0); the `media-center` profile
//! starts from the SST "MC" values. Loading never fails: see [`repair`].

pub(crate) mod repair;
mod store;
pub mod sst;
mod reset;
mod transition_params;
mod transitions;
mod media_widgets;
mod widgets;

pub use repair::{repair_document, SettingIssue};
pub use reset::PRESERVED_ON_RESET;
pub use store::{load_or_create, save_atomic, LoadReport, StoreError};
pub use transition_params::{
    BlockFlipSettings, CrumbleSettings, CrumbleWeighting, DiffuseSettings, DiffuseShape, ParticleMode, ParticleSettings,
};
pub use transitions::{DirectionSettings, TransitionSettings};
pub use media_widgets::{MediaWidget, VisualizerWidget};
pub use widgets::{
    Card, ClockFace, ClockWidget, ColourOverrides, RedditWidget, Rgba, ShadowSettings, TemperatureUnit, WeatherWidget, WidgetSettings,
};
use transitions::durations;

use crate::geometry::DisplayMode;
use crate::render_group::GroupSetting;
use crate::transition::TransitionKind;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A settings profile; each has its own file and they never mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    #[default]
    Screensaver,
    MediaCenter,
}

impl Profile {
    /// The name used on the command line and for the file name.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Screensaver => "screensaver",
            Profile::MediaCenter => "media-center",
        }
    }

    /// The profile's defaults: SST "Screensaver" or SST "MC".
    pub fn defaults(self) -> Settings {
        match self {
            Profile::Screensaver => Settings::default(),
            Profile::MediaCenter => Settings::media_center(),
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "screensaver" => Ok(Profile::Screensaver),
            "media-center" | "media_center" | "mc" => Ok(Profile::MediaCenter),
            other => Err(format!("unknown profile {other:?} (screensaver or media-center)")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Settings {
    pub display: DisplaySettings,
    pub timing: TimingSettings,
    pub queue: QueueSettings,
    pub input: InputSettings,
    pub sources: SourceSettings,
    pub images: ImageSettings,
    pub cache: CacheSettings,
    pub transitions: TransitionSettings,
    pub accessibility: AccessibilitySettings,
    pub widgets: WidgetSettings,
}

impl Settings {
    /// SST "MC" profile: one display (#2), 120 s, hard exit, pixel shift, random transitions.
    pub fn media_center() -> Self {
        let mut s = Settings::default();
        s.display.show_on_monitors = MonitorSelection::List(vec![2]);
        s.timing.interval = 120;
        s.input.hard_exit = true;
        s.sources.local_ratio = 65;
        s.transitions.kind = TransitionKind::WarpDissolve;
        s.transitions.duration_ms = 8067;
        s.transitions.durations = durations(&[
            ("3D Block Spins", 9000),
            ("Blinds", 3000),
            ("Block Puzzle Flip", 4560),
            ("Crossfade", 3000),
            ("Crumble", 12215),
            ("Diffuse", 3523),
            ("Particle", 12025),
            ("Peel", 3000),
            ("Ripple", 7275),
            ("Slide", 5032),
            ("Warp Dissolve", 8067),
            ("Wipe", 4035),
        ]);
        s.accessibility.pixel_shift.enabled = true;
        for c in &mut s.widgets.clocks {
            c.card.bg_opacity = 0.7;
        }
        s.widgets.weather.card.bg_opacity = 0.6;
        s.widgets.spotify_visualizer.bar_count = 17;
        s
    }
}

/// Which monitors show the screensaver: `"ALL"` or a list of 1-based monitor numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MonitorSelection {
    #[default]
    All,
    List(Vec<u32>),
}

impl MonitorSelection {
    /// The 0-based indices of the monitors to use out of `count`. Out-of-range numbers are
    /// ignored; a list that selects nothing falls back to the first monitor (the MC profile
    /// asks for #2, and a one-monitor machine must still show something).
    pub fn select(&self, count: usize) -> Vec<usize> {
        match self {
            MonitorSelection::All => (0..count).collect(),
            MonitorSelection::List(numbers) => {
                let mut picked: Vec<usize> = numbers
                    .iter()
                    .filter_map(|&n| (n as usize).checked_sub(1))
                    .filter(|&i| i < count)
                    .collect();
                picked.sort_unstable();
                picked.dedup();
                if picked.is_empty() && count > 0 {
                    picked.push(0);
                }
                picked
            }
        }
    }
}

impl Serialize for MonitorSelection {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MonitorSelection::All => s.serialize_str("ALL"),
            MonitorSelection::List(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for MonitorSelection {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Word(String),
            Numbers(Vec<u32>),
            // The original's SST files store monitor numbers as strings (["2"]).
            Strings(Vec<String>),
        }
        let parse = |s: &str| s.trim().parse::<u32>().ok().filter(|&n| n >= 1);
        match Raw::deserialize(d)? {
            Raw::Word(w) if w.eq_ignore_ascii_case("all") => Ok(MonitorSelection::All),
            Raw::Word(w) => parse(&w)
                .map(|n| MonitorSelection::List(vec![n]))
                .ok_or_else(|| serde::de::Error::custom(format!("expected \"ALL\" or monitor numbers, got {w:?}"))),
            Raw::Numbers(v) if v.contains(&0) => Err(serde::de::Error::custom("monitor numbers start at 1")),
            Raw::Numbers(v) if v.is_empty() => Ok(MonitorSelection::All),
            Raw::Numbers(v) => Ok(MonitorSelection::List(v)),
            Raw::Strings(v) => v
                .iter()
                .map(|s| parse(s))
                .collect::<Option<Vec<u32>>>()
                .filter(|v| !v.is_empty())
                .map(MonitorSelection::List)
                .ok_or_else(|| serde::de::Error::custom("expected monitor numbers such as [1, 2]")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplaySettings {
    pub mode: DisplayMode,
    pub same_image_all_monitors: bool,
    pub show_on_monitors: MonitorSelection,
    pub sharpen_downscale: bool,
    pub hw_accel: bool,
    pub refresh_sync: bool,
    pub pan_and_scan: bool,
    pub pan_auto_speed: bool,
    pub pan_speed: f32,
    /// "auto", or a render group to force: "A" (shaders), "B" (compositor), "C" (software).
    pub render_group: GroupSetting,
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            mode: DisplayMode::Fill,
            same_image_all_monitors: false,
            show_on_monitors: MonitorSelection::All,
            sharpen_downscale: false,
            hw_accel: true,
            refresh_sync: true,
            // SST says true, but the original's last version no longer pans (the key is read
            // and ignored), and a drifting photo redraws every frame: off until asked for.
            pan_and_scan: false,
            pan_auto_speed: true,
            pan_speed: 3.0,
            render_group: GroupSetting::Auto,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimingSettings {
    /// Seconds between photos, 1–3600.
    pub interval: u32,
}

impl Default for TimingSettings {
    fn default() -> Self {
        Self { interval: 30 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueSettings {
    pub shuffle: bool,
    pub history_size: u32,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self { shuffle: true, history_size: 50 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InputSettings {
    /// Only Esc and Q exit; mouse movement, clicks and other keys never do.
    pub hard_exit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceSettings {
    /// Local folders, scanned recursively. Empty: the XDG Pictures folder.
    pub folders: Vec<PathBuf>,
    pub rss_feeds: Vec<String>,
    /// Percent of photos drawn from local folders when feeds are configured too, 0–100.
    pub local_ratio: u32,
    pub rss_save_to_disk: bool,
    /// Empty: not set.
    pub rss_save_directory: PathBuf,
    pub rss_rotating_cache_size: u32,
    pub rss_background_cap: u32,
    pub rss_refresh_minutes: u32,
    pub rss_stale_minutes: u32,
    /// "Just make it work": poll a curated set of photo feeds that need no keys
    /// ([`CURATED_FEEDS`]) besides the user's own.
    pub just_make_it_work: bool,
}

/// Photo feeds that work without an account or key: the original's "Just Make It Work" list.
pub const CURATED_FEEDS: [&str; 10] = [
    "https://www.bing.com/HPImageArchive.aspx?format=rss&idx=0&n=8&mkt=en-US",
    "https://www.nasa.gov/feeds/iotd-feed",
    "https://www.reddit.com/r/EarthPorn/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/SpacePorn/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/CityPorn/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/ArchitecturePorn/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/WaterPorn/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/WQHD_Wallpaper/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/4kwallpaper/top/.json?t=day&limit=25",
    "https://www.reddit.com/r/AbandonedPorn/top/.json?t=day&limit=25",
];

impl SourceSettings {
    /// The feeds to poll: the user's, then the curated ones when asked for, each once.
    pub fn effective_feeds(&self) -> Vec<String> {
        let mut feeds: Vec<String> = Vec::new();
        let curated = CURATED_FEEDS.iter().map(|s| s.to_string()).filter(|_| self.just_make_it_work);
        for f in self.rss_feeds.iter().cloned().chain(curated) {
            if !f.trim().is_empty() && !feeds.iter().any(|g| g.eq_ignore_ascii_case(f.trim())) {
                feeds.push(f.trim().to_string());
            }
        }
        feeds
    }
}

impl Default for SourceSettings {
    fn default() -> Self {
        Self {
            folders: Vec::new(),
            rss_feeds: Vec::new(),
            local_ratio: 90,
            rss_save_to_disk: false,
            rss_save_directory: PathBuf::new(),
            rss_rotating_cache_size: 20,
            rss_background_cap: 30,
            rss_refresh_minutes: 10,
            rss_stale_minutes: 30,
            just_make_it_work: false,
        }
    }
}

/// Decoding limits (new in SRPSS; the original had only Qt's allocation limit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageSettings {
    /// Photos larger than this many megapixels are refused before any large allocation.
    pub max_megapixels: u32,
}

impl Default for ImageSettings {
    fn default() -> Self {
        Self { max_megapixels: 100 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheSettings {
    pub prefetch_ahead: u32,
    pub max_items: u32,
    pub max_memory_mb: u32,
    pub max_concurrent: u32,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self { prefetch_ahead: 5, max_items: 24, max_memory_mb: 1024, max_concurrent: 2 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AccessibilitySettings {
    pub dimming: DimmingSettings,
    pub pixel_shift: PixelShiftSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DimmingSettings {
    pub enabled: bool,
    /// Percent, 10–90.
    pub opacity: u32,
}

impl Default for DimmingSettings {
    fn default() -> Self {
        Self { enabled: false, opacity: 30 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PixelShiftSettings {
    pub enabled: bool,
    /// Shifts per minute, 1–5.
    pub rate: u32,
}

impl Default for PixelShiftSettings {
    fn default() -> Self {
        Self { enabled: false, rate: 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn just_make_it_work_adds_the_curated_feeds_once() {
        let mut s = SourceSettings { rss_feeds: vec![CURATED_FEEDS[2].into(), " ".into()], ..SourceSettings::default() };
        assert_eq!(s.effective_feeds().len(), 1);
        s.just_make_it_work = true;
        let feeds = s.effective_feeds();
        assert_eq!(feeds.len(), CURATED_FEEDS.len(), "the user's copy of a curated feed is not doubled");
        assert!(feeds.iter().all(|f| f.starts_with("https://")));
    }

    #[test]
    fn sst_screensaver_defaults() {
        let s = Settings::default();
        assert_eq!(s.timing.interval, 30);
        assert_eq!(s.transitions.kind, TransitionKind::Particle);
        assert_eq!(s.transitions.duration_ms, 13639);
        assert!(s.transitions.random_always, "ours: random by default, unlike the SST file");
        assert!(!s.display.same_image_all_monitors);
        assert_eq!(s.sources.local_ratio, 90);
        assert_eq!(s.display.show_on_monitors, MonitorSelection::All);
        assert!(!s.input.hard_exit);
        assert!(!s.accessibility.pixel_shift.enabled);
        assert_eq!(s.queue.history_size, 50);
        assert!(s.queue.shuffle);
        assert_eq!(s.transitions.watchdog_timeout_sec, 18.0);
        assert_eq!(s.transitions.durations["Crossfade"], 6199);
    }

    #[test]
    fn sst_media_center_defaults() {
        let s = Profile::MediaCenter.defaults();
        assert_eq!(s.timing.interval, 120);
        assert_eq!(s.transitions.kind, TransitionKind::WarpDissolve);
        assert_eq!(s.transitions.duration_ms, 8067);
        assert!(s.transitions.random_always);
        assert_eq!(s.sources.local_ratio, 65);
        assert_eq!(s.display.show_on_monitors, MonitorSelection::List(vec![2]));
        assert!(s.input.hard_exit);
        assert!(s.accessibility.pixel_shift.enabled);
        assert_eq!((s.widgets.clocks[0].card.bg_opacity, s.widgets.weather.card.bg_opacity), (0.7, 0.6), "SST MC card opacities");
    }

    #[test]
    fn defaults_round_trip_through_toml() {
        for profile in [Profile::Screensaver, Profile::MediaCenter] {
            let s = profile.defaults();
            let text = toml::to_string(&s).expect("defaults serialise");
            let back: Settings = toml::from_str(&text).expect("defaults parse back");
            assert_eq!(back, s);
        }
    }

    #[test]
    fn monitor_selection_forms() {
        let parse = |t: &str| toml::from_str::<DisplaySettings>(t).map(|d| d.show_on_monitors);
        assert_eq!(parse("show_on_monitors = \"ALL\"").unwrap(), MonitorSelection::All);
        assert_eq!(parse("show_on_monitors = \"all\"").unwrap(), MonitorSelection::All);
        assert_eq!(parse("show_on_monitors = [1, 3]").unwrap(), MonitorSelection::List(vec![1, 3]));
        assert_eq!(parse("show_on_monitors = [\"2\"]").unwrap(), MonitorSelection::List(vec![2]));
        assert!(parse("show_on_monitors = [0]").is_err());
        assert!(parse("show_on_monitors = \"most\"").is_err());
    }

    #[test]
    fn monitor_selection_picks_indices() {
        assert_eq!(MonitorSelection::All.select(3), vec![0, 1, 2]);
        assert_eq!(MonitorSelection::List(vec![3, 1, 1]).select(3), vec![0, 2]);
        assert_eq!(MonitorSelection::List(vec![2]).select(1), vec![0], "falls back to an available display");
        assert_eq!(MonitorSelection::List(vec![5, 2]).select(2), vec![1], "out of range ignored");
        assert!(MonitorSelection::All.select(0).is_empty());
    }
}
