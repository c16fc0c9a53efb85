//! The Sources, Display, Accessibility and About pages (the original's §7.3 controls and
//! ranges); Transitions and Widgets have their own files.

use super::fields::{Field, Kind};
use super::View;
use srpss_core::settings::Settings;
use toml::Value;

/// The six tabs, in the original's order.
pub const TABS: [&str; 6] = ["Sources", "Display", "Transitions", "Widgets", "Accessibility", "About"];

/// The rows of `view.tab` for `s`.
pub fn page(s: &Settings, view: &View) -> Vec<Field> {
    match view.tab {
        0 => sources(s, view),
        1 => display(s),
        2 => super::transition_page::page(s),
        3 => super::widget_pages::page(s, view),
        4 => accessibility(s),
        _ => about(view),
    }
}

fn sources(s: &Settings, view: &View) -> Vec<Field> {
    let src = &s.sources;
    let folders: Vec<String> = src.folders.iter().map(|p| p.display().to_string()).collect();
    let both = !src.folders.is_empty() && !src.effective_feeds().is_empty();
    let mut feeds = src.rss_feeds.clone();
    if src.just_make_it_work {
        let curated: Vec<String> = srpss_core::settings::CURATED_FEEDS.iter().filter(|c| !feeds.contains(&c.to_string())).map(|c| format!("{c}  (Just Make It Work)")).collect();
        feeds.extend(curated);
    }
    vec![
        Field::heading("Photo folders"),
        Field::new("sources.folders", "Folders", Kind::List { items: folders, selected: view.folder_selected }).with_note(
            if src.folders.is_empty() { format!("None: the screensaver uses {}", crate::config::pictures_dir().map_or("the Pictures folder".into(), |p| crate::config::display_path(&p))) } else { String::new() },
            false,
        ),
        Field::new("sources.folders.add", "Folder path", Kind::Text { placeholder: "/home/you/Pictures (empty: choose with a dialog)", action: "Add Folder..." }),
        Field::new("sources.folders.remove", "Folder actions", Kind::Buttons(vec!["Remove Selected Folder"])).enabled(view.folder_selected >= 0),
        Field::heading("Online photos (RSS, Atom, JSON, Reddit)"),
        Field::new("sources.rss_feeds", "Feeds", Kind::List { items: feeds, selected: view.feed_selected }),
        Field::new("sources.rss_feeds.add", "Feed URL", Kind::Text { placeholder: "https://www.reddit.com/r/EarthPorn/top/.json?t=day", action: "Add Feed" }),
        Field::new("sources.rss_feeds.actions", "Feed actions", Kind::Buttons(vec!["Remove Selected Feed", "Clear Cache"])),
        Field::toggle("sources.just_make_it_work", "Just Make It Work (curated photo feeds, no keys needed)"),
        Field::whole_slider("sources.local_ratio", "Usage ratio (% local)", 0, 100, "%")
            .enabled(both)
            .with_note(if both { format!("{} % of photos from folders, {} % online", src.local_ratio, 100 - src.local_ratio) } else { "Needs both folders and feeds".into() }, false),
        Field::toggle("sources.rss_save_to_disk", "Save RSS images to disk"),
        Field::text("sources.rss_save_directory", "Save directory", "where saved online photos go").enabled(src.rss_save_to_disk),
        Field::int("sources.rss_refresh_minutes", "Refresh feeds every (minutes)", 1, 1440),
        Field::int("sources.rss_stale_minutes", "Feed photos stale after (minutes)", 1, 10080),
        Field::int("sources.rss_rotating_cache_size", "Online photos kept on disk", 1, 500),
        Field::int("sources.rss_background_cap", "Online photos in the queue at most", 1, 500),
    ]
}

fn display(s: &Settings) -> Vec<Field> {
    let monitors: Vec<(Value, String)> = std::iter::once((Value::String("ALL".into()), "All monitors".to_string()))
        .chain((1..=4).map(|n| (Value::Array(vec![Value::Integer(n)]), format!("Monitor {n}"))))
        .collect();
    let renderer = vec![(Value::Boolean(true), "OpenGL (recommended)".to_string()), (Value::Boolean(false), "Software (fallback)".to_string())];
    let groups = [("auto", "Automatic"), ("A", "A: shaders"), ("B", "B: compositor"), ("C", "C: software")];
    let mut rows = vec![
        Field::heading("Monitors"),
        Field::new("display.show_on_monitors", "Show screensaver on", Kind::Choice(monitors)),
        Field::toggle("display.same_image_all_monitors", "Show same image on all monitors"),
        Field::heading("Photos"),
        Field::new(
            "display.mode",
            "Display mode",
            Kind::Choice(vec![
                (Value::String("fill".into()), "Fill (cover, crop)".into()),
                (Value::String("fit".into()), "Fit (whole photo)".into()),
                (Value::String("shrink".into()), "Shrink (fit, never enlarge)".into()),
            ]),
        ),
        Field::int("timing.interval", "Change image every (seconds)", 1, 3600),
        Field::toggle("queue.shuffle", "Shuffle images (random order)"),
        Field::toggle("display.sharpen_downscale", "Apply sharpening filter when downscaling"),
        Field::toggle("display.pan_and_scan", "Pan and scan (slow drift over enlarged photos)"),
        Field::toggle("display.pan_auto_speed", "Pan speed from the interval").enabled(s.display.pan_and_scan),
        Field::slider("display.pan_speed", "Pan speed", 1.0, 100.0, 0.5, "px/s").enabled(s.display.pan_and_scan && !s.display.pan_auto_speed),
        Field::heading("Rendering"),
        Field::new("display.hw_accel", "Renderer backend", Kind::Choice(renderer)),
        Field::new("display.render_group", "Render group", Kind::Choice(groups.iter().map(|(v, l)| (Value::String(v.to_string()), l.to_string())).collect())),
        Field::toggle("display.refresh_sync", "Sync animations to display refresh rate"),
        Field::heading("Input"),
        Field::toggle("input.hard_exit", "Hard Exit (ESC only)"),
    ];
    if !s.display.hw_accel {
        rows.push(Field::note("Software rendering: transitions marked \"GL only\" are drawn as their closest software version.", true));
    }
    rows
}

fn accessibility(s: &Settings) -> Vec<Field> {
    let a = &s.accessibility;
    vec![
        Field::heading("Background dimming"),
        Field::toggle("accessibility.dimming.enabled", "Enable Background Dimming"),
        Field::whole_slider("accessibility.dimming.opacity", "Dimming opacity", 10, 90, "%").enabled(a.dimming.enabled),
        Field::heading("Pixel shift"),
        Field::toggle("accessibility.pixel_shift.enabled", "Enable Widget Pixel Shift"),
        Field::int("accessibility.pixel_shift.rate", "Shifts Per Minute", 1, 5).enabled(a.pixel_shift.enabled),
        Field::note("Moves every widget by up to 4 px now and then, so nothing stays lit in one place.", false),
    ]
}

fn about(view: &View) -> Vec<Field> {
    let mut rows = vec![
        Field::heading(&format!("SRPSS {}", env!("CARGO_PKG_VERSION"))),
        Field::note("A photo screensaver for your own photos and the best of the web. A Rust rebuild of the original SRPSS, with Slint for every window. GPL-3.0.", false),
        Field::note(format!("Profile: {}   Settings file: {}", view.profile.name(), view.settings_path), false),
        Field::heading("Settings"),
        Field::new("about.file", "Import or export file", Kind::LiveText { placeholder: "~/srpss-settings.sst (.toml for ours)" }),
        Field::new("about.actions", "Settings actions", Kind::Buttons(vec!["Import Settings...", "Export Settings...", "Reset To Defaults"])),
    ];
    if let Some(p) = &view.pending {
        rows.push(Field::heading(&p.title));
        rows.extend(p.lines.iter().map(|l| Field::note(l.clone(), false)));
        rows.push(Field::new("about.confirm", "Confirm", Kind::Buttons(vec![p.confirm, "Cancel"])));
    }
    rows
}
