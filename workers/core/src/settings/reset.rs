//! "Reset To Defaults": the profile's defaults, except what the user would have to find again.

use super::{Profile, Settings};

/// The keys a reset keeps (the original's `PRESERVE_ON_RESET`; it also kept the weather
/// coordinates, which SRPSS derives from the location).
pub const PRESERVED_ON_RESET: [&str; 3] = ["sources.folders", "sources.rss_feeds", "widgets.weather.location"];

impl Settings {
    /// `profile`'s defaults with this file's photo folders, feeds and weather location.
    pub fn reset_keeping_sources(&self, profile: Profile) -> Settings {
        let mut fresh = profile.defaults();
        fresh.sources.folders = self.sources.folders.clone();
        fresh.sources.rss_feeds = self.sources.rss_feeds.clone();
        fresh.widgets.weather.location = self.widgets.weather.location.clone();
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_keeps_sources_and_weather_location_only() {
        let mut s = Settings::default();
        s.sources.folders = vec!["/photos".into(), "~/Pictures/trips".into()];
        s.sources.rss_feeds = vec!["https://example.com/feed.xml".into()];
        s.widgets.weather.location = "Reykjavík".into();
        s.timing.interval = 5;
        s.sources.local_ratio = 10;
        s.widgets.clocks.clear();
        let r = s.reset_keeping_sources(Profile::Screensaver);
        assert_eq!(r.sources.folders, s.sources.folders);
        assert_eq!(r.sources.rss_feeds, s.sources.rss_feeds);
        assert_eq!(r.widgets.weather.location, "Reykjavík");
        assert_eq!(r.timing.interval, 30, "everything else back to the defaults");
        assert_eq!(r.sources.local_ratio, 90);
        assert_eq!(r.widgets.clocks.len(), 1);
        let mc = s.reset_keeping_sources(Profile::MediaCenter);
        assert!(mc.input.hard_exit && mc.timing.interval == 120, "the profile's own defaults");
        assert_eq!(mc.sources.folders, s.sources.folders);
    }
}
