//! `.sst` import and export against files shaped like the original's two default exports
//! (built from upstream-srpss.md §0 and §7: string booleans, dotted keys, `ui.*` window state,
//! `clock2`/`reddit2` widgets, keys SRPSS does not use).

use srpss_core::settings::sst::{self, SstError};
use srpss_core::settings::{MonitorSelection, Profile, Settings};
use srpss_core::transition::TransitionKind;

const SCREENSAVER: &str = include_str!("fixtures/screensaver.sst");
const MEDIA_CENTER: &str = include_str!("fixtures/media-center.sst");

fn keys(notes: &[srpss_core::settings::SettingIssue]) -> Vec<&str> {
    notes.iter().map(|n| n.key.as_str()).collect()
}

#[test]
fn the_originals_screensaver_export_imports_with_its_sst_values() {
    let mut current = Settings::default();
    current.sources.folders = vec!["/photos".into()];
    current.timing.interval = 7;
    let got = sst::import(SCREENSAVER, &current, Profile::Screensaver).expect("imports");
    let s = &got.settings;
    // §0's SST "Screensaver" column.
    assert_eq!(s.timing.interval, 30, "\"30\" as a string is read as a number");
    assert_eq!(s.transitions.kind, TransitionKind::Particle);
    assert_eq!(s.transitions.duration_ms, 13639);
    assert!(!s.transitions.random_always, "the file says false (our default is true)");
    assert!(!s.display.same_image_all_monitors, "\"false\" as a string");
    assert_eq!(s.sources.local_ratio, 90);
    assert_eq!(s.display.show_on_monitors, MonitorSelection::All);
    assert!(!s.input.hard_exit);
    assert!(s.queue.shuffle, "\"true\" as a string");
    assert_eq!(s.widgets.clocks[0].card.bg_opacity, 0.5);
    assert!(!s.widgets.clocks[0].card.show_background);
    assert_eq!(s.widgets.clocks[0].card.style.font_family.as_deref(), Some("Segoe UI"), "flat style keys land in card.style");
    assert_eq!(s.widgets.weather.card.bg_opacity, 0.5);
    assert_eq!(s.widgets.weather.location, "Johannesburg");
    assert_eq!(s.transitions.crumble.piece_count, 14);
    assert_eq!(s.widgets.spotify_visualizer.bar_count, 19);
    assert_eq!(s.widgets.reddit.len(), 2);
    assert_eq!(s.widgets.reddit[1].subreddit, "Games");
    assert_eq!(s.widgets.clocks.len(), 1, "clock2 and clock3 are off in the file and not added");
    // What the file leaves out is kept.
    assert_eq!(s.sources.folders, current.sources.folders);
    // Unknown and unused keys are reported, never fatal.
    let k = keys(&got.notes);
    for expected in ["ui.dialog_geometry", "ui.last_tab_index", "display.prefer_triple_buffer", "sources.mode", "widgets.clock2", "transitions.random_choice", "widgets.weather.latitude"] {
        assert!(k.contains(&expected), "{expected} not reported in {k:?}");
    }
    assert!(got.changes.iter().any(|c| c.key == "timing.interval" && c.before == "7" && c.after == "30"), "{:?}", got.changes);
    assert!(got.changes.iter().any(|c| c.key == "transitions.random_always"));
    assert!(!got.changes.iter().any(|c| c.key == "sources.folders"));
}

#[test]
fn the_originals_media_center_export_imports_as_the_mc_profile() {
    let got = sst::import(MEDIA_CENTER, &Profile::MediaCenter.defaults(), Profile::MediaCenter).expect("imports");
    let s = &got.settings;
    assert_eq!(s.timing.interval, 120);
    assert_eq!(s.transitions.kind, TransitionKind::WarpDissolve);
    assert_eq!(s.transitions.duration_ms, 8067);
    assert!(s.transitions.random_always);
    assert_eq!(s.sources.local_ratio, 65);
    assert_eq!(s.display.show_on_monitors, MonitorSelection::List(vec![2]), "[\"2\"] as strings");
    assert!(s.input.hard_exit);
    assert!(s.accessibility.pixel_shift.enabled);
    assert_eq!((s.widgets.clocks[0].card.bg_opacity, s.widgets.weather.card.bg_opacity), (0.7, 0.6));
    assert_eq!(s.widgets.spotify_visualizer.bar_count, 17);
    assert!(!keys(&got.notes).contains(&"application"), "same application, no warning");
    // Into the other profile: a warning, still imported.
    let other = sst::import(MEDIA_CENTER, &Settings::default(), Profile::Screensaver).expect("imports");
    assert!(keys(&other.notes).contains(&"application"));
    assert_eq!(other.settings.timing.interval, 120);
}

#[test]
fn export_then_import_changes_nothing() {
    let mut s = Profile::MediaCenter.defaults();
    s.sources.folders = vec!["/srv/photos".into()];
    s.sources.rss_feeds = vec!["https://example.com/a.xml".into()];
    s.widgets.clocks[0].timezone = "Asia/Tokyo".into();
    let mut second = s.widgets.clocks[0].clone();
    second.label = "Home".into();
    second.card.style.color = Some(srpss_core::settings::Rgba([10, 20, 30, 40]));
    s.widgets.clocks.push(second);
    s.widgets.reddit.truncate(1);
    s.display.show_on_monitors = MonitorSelection::List(vec![1, 3]);
    s.transitions.particle.trail_length = 0.3;
    for profile in [Profile::Screensaver, Profile::MediaCenter] {
        let text = sst::export(&s, profile);
        let again = sst::import(&text, &s, profile).expect("our export imports");
        assert_eq!(again.settings, s, "round trip onto itself");
        assert!(again.changes.is_empty(), "{:?}", again.changes);
        assert!(again.notes.iter().all(|n| n.key == "application"), "{:?}", again.notes);
    }
    // Onto the defaults too (lists are the file's).
    let text = sst::export(&s, Profile::MediaCenter);
    let onto_defaults = sst::import(&text, &Settings::default(), Profile::MediaCenter).expect("imports");
    assert_eq!(onto_defaults.settings.widgets.reddit.len(), 2, "an import merges: the second card the file lacks stays");
    assert_eq!(onto_defaults.settings.widgets.clocks, s.widgets.clocks);
    assert_eq!(onto_defaults.settings.timing, s.timing);
}

#[test]
fn export_is_the_originals_shape() {
    let text = sst::export(&Profile::MediaCenter.defaults(), Profile::MediaCenter);
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["settings_version"], 1);
    assert_eq!(v["application"], "Screensaver_MC");
    let snap = &v["snapshot"];
    assert_eq!(snap["timing.interval"], 120);
    assert_eq!(snap["display.show_on_monitors"], serde_json::json!(["2"]));
    assert_eq!(snap["widgets"]["clock"]["bg_opacity"], 0.7, "flat card keys at f32 precision");
    assert_eq!(snap["widgets"]["reddit2"]["subreddit"], "Games");
    assert_eq!(snap["transitions"]["type"], "Warp Dissolve");
    assert!(text.contains("\n  \"snapshot\": {\n    \"accessibility.dimming.enabled\""), "indent 2, keys sorted");
}

#[test]
fn bad_files_are_errors_or_notes_never_panics() {
    assert!(matches!(sst::import("not json", &Settings::default(), Profile::Screensaver), Err(SstError::Json(_))));
    assert!(matches!(sst::import("[1, 2]", &Settings::default(), Profile::Screensaver), Err(SstError::Shape(_))));
    assert!(matches!(sst::import("{\"settings_version\": 1}", &Settings::default(), Profile::Screensaver), Err(SstError::Shape(_))));
    let text = r#"{"settings_version": 3, "application": "Screensaver", "snapshot": {
        "timing.interval": "soon", "display.mode": "fit", "queue.shuffle": "maybe",
        "widgets": {"clock": {"font_size": "big"}, "gadget": {}}, "sources.local_ratio": 400, "x": null}}"#;
    let got = sst::import(text, &Settings::default(), Profile::Screensaver).expect("imports what it can");
    assert_eq!(got.settings.display.mode, srpss_core::geometry::DisplayMode::Fit, "the good key is taken");
    assert_eq!(got.settings.timing.interval, 30);
    assert_eq!(got.settings.sources.local_ratio, 90);
    let k = keys(&got.notes);
    for expected in ["settings_version", "timing.interval", "queue.shuffle", "widgets.gadget", "sources.local_ratio", "x", "widgets.clocks[0].card.font_size"] {
        assert!(k.contains(&expected), "{expected} not reported in {k:?}");
    }
}
