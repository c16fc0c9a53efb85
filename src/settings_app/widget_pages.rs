//! The Widgets tab: global shadows and theme, then one page per widget kind with its
//! instances (clocks and Reddit cards can be added and removed). Each position control says
//! whether the widget will stack with or conflict with others (the previewer's layout).

use super::fields::{Field, Kind};
use super::View;
use srpss_core::layout::Anchor;
use srpss_core::settings::Settings;
use toml::Value;

/// The sub-pages, in the original's order (the visualizer is on the Media page).
pub const PAGES: [&str; 4] = ["Clocks", "Weather", "Media", "Reddit"];

pub fn page(s: &Settings, view: &View) -> Vec<Field> {
    if view.previewer_only {
        return positions(s, view);
    }
    let mut rows = vec![
        Field::heading("All widgets"),
        Field::toggle("widgets.shadows.enabled", "Enable Widget Drop Shadows"),
        Field::colour("widgets.shadows.color", "Shadow colour", false),
        Field::choice("widgets.theme", "Theme", &["dark", "light"]),
    ];
    match view.widget_page {
        0 => {
            for i in 0..s.widgets.clocks.len() {
                rows.extend(clock(s, view, i));
            }
            rows.push(Field::new("widgets.clocks.add", "Clock actions", Kind::Buttons(vec!["Add Clock"])));
        }
        1 => rows.extend(weather(view)),
        2 => rows.extend(media(view)),
        _ => {
            for i in 0..s.widgets.reddit.len() {
                rows.extend(reddit(view, i));
            }
            rows.push(Field::new("widgets.reddit.add", "Reddit actions", Kind::Buttons(vec!["Add Reddit Card"])));
        }
    }
    rows
}

/// `srpss layout`: where every widget goes, and nothing else.
fn positions(s: &Settings, view: &View) -> Vec<Field> {
    let mut widgets: Vec<(String, String)> = (0..s.widgets.clocks.len()).map(|i| (format!("widgets.clocks[{i}]"), format!("Clock {}", i + 1))).collect();
    widgets.push(("widgets.weather".into(), "Weather".into()));
    widgets.push(("widgets.media".into(), "Media".into()));
    widgets.extend((0..s.widgets.reddit.len()).map(|i| (format!("widgets.reddit[{i}]"), format!("Reddit {}", i + 1))));
    let mut rows = vec![Field::note("Drag a widget to another place, or choose its position and display here.", false)];
    for (key, name) in widgets {
        let mut card = card(&key, &name, view, (8, 144));
        // Show, display, position.
        card.truncate(3);
        rows.extend(card);
    }
    rows
}

/// The card rows every widget has, labelled with the widget's name.
fn card(key: &str, name: &str, view: &View, font: (i64, i64)) -> Vec<Field> {
    let anchors: Vec<&str> = Anchor::ALL.iter().map(|a| a.label()).collect();
    let monitors: Vec<(Value, String)> = std::iter::once((Value::String("ALL".into()), "All monitors".to_string()))
        .chain((1..=4).map(|n| (Value::Integer(n), format!("Monitor {n}"))))
        .collect();
    let status = view.stack_notes.iter().find(|(k, _)| k == key).map(|(_, n)| n.as_str()).unwrap_or("");
    vec![
        Field::toggle(format!("{key}.card.enabled"), format!("Show {name}")),
        Field::new(format!("{key}.card.monitor"), format!("{name} display"), Kind::Choice(monitors)),
        Field::choice(format!("{key}.card.position"), format!("{name} position"), &anchors).with_note(status, status.starts_with("Conflicts")),
        Field::int(format!("{key}.card.font_size"), format!("{name} font size"), font.0, font.1),
        Field::int(format!("{key}.card.margin"), format!("{name} margin (px)"), 0, 200),
        Field::toggle(format!("{key}.card.show_background"), format!("{name}: show background")),
        Field::percent(format!("{key}.card.bg_opacity"), format!("{name} background opacity")),
        Field::toggle(format!("{key}.card.intense_shadow"), format!("{name}: intense shadow")),
        Field::text(format!("{key}.card.style.font_family"), format!("{name} font"), "empty: the theme's (DejaVu Sans)"),
        Field::colour(format!("{key}.card.style.color"), format!("{name} text colour"), true),
        Field::colour(format!("{key}.card.style.bg_color"), format!("{name} background colour"), true),
        Field::colour(format!("{key}.card.style.border_color"), format!("{name} border colour"), true),
    ]
}

fn clock(s: &Settings, view: &View, i: usize) -> Vec<Field> {
    let key = format!("widgets.clocks[{i}]");
    let name = format!("Clock {}", i + 1);
    let mut rows = vec![Field::heading(&name)];
    rows.extend(card(&key, &name, view, (12, 144)));
    let zone_problem = srpss_core::clock::Zone::parse_or_local(&s.widgets.clocks[i].timezone).1;
    rows.extend([
        Field::choice(format!("{key}.display_mode"), format!("{name} face"), &["digital", "analog"]),
        Field::new(format!("{key}.format"), format!("{name} format"), Kind::Choice(vec![(Value::String("12h".into()), "12 Hour".into()), (Value::String("24h".into()), "24 Hour".into())])),
        Field::toggle(format!("{key}.show_seconds"), format!("{name}: show seconds")),
        Field::text(format!("{key}.timezone"), format!("{name} time zone"), "local, Asia/Tokyo or UTC+5:30").with_note(zone_problem.unwrap_or_default(), true),
        Field::toggle(format!("{key}.show_timezone"), format!("{name}: show time zone")),
        Field::text(format!("{key}.label"), format!("{name} label"), "shown instead of the zone's abbreviation"),
        Field::toggle(format!("{key}.show_numerals"), format!("{name}: Roman numerals")),
        Field::toggle(format!("{key}.analog_face_shadow"), format!("{name}: face shadow")),
        Field::toggle(format!("{key}.smooth_second_hand"), format!("{name}: sweeping second hand (costs CPU)")),
        Field::new(format!("widgets.clocks.remove[{i}]"), format!("{name} actions"), Kind::Buttons(vec!["Remove Clock"])),
    ]);
    rows
}

fn weather(view: &View) -> Vec<Field> {
    let mut rows = vec![Field::heading("Weather")];
    rows.extend(card("widgets.weather", "Weather", view, (12, 72)));
    rows.extend([
        Field::text("widgets.weather.location", "Weather location", "a city, e.g. Johannesburg"),
        Field::choice("widgets.weather.units", "Weather units", &["celsius", "fahrenheit"]),
        Field::toggle("widgets.weather.show_forecast", "Weather: show forecast"),
    ]);
    rows
}

fn media(view: &View) -> Vec<Field> {
    let mut rows = vec![Field::heading("Now playing")];
    rows.extend(card("widgets.media", "Media", view, (10, 72)));
    rows.extend([
        Field::text("widgets.media.player", "Media player", "empty: whichever plays (Spotify first)"),
        Field::int("widgets.media.artwork_size", "Artwork size (px)", 100, 300),
        Field::toggle("widgets.media.rounded_artwork_border", "Media: rounded artwork"),
        Field::toggle("widgets.media.show_header_frame", "Media: header frame"),
        Field::toggle("widgets.media.show_controls", "Media: show controls"),
        Field::toggle("widgets.media.spotify_volume_enabled", "Media: volume slider"),
        Field::colour("widgets.media.spotify_volume_fill_color", "Volume slider colour", false),
        Field::heading("Visualizer"),
        Field::toggle("widgets.spotify_visualizer.enabled", "Show Visualizer"),
        Field::int("widgets.spotify_visualizer.bar_count", "Visualizer bars", 8, 96),
        Field::int("widgets.spotify_visualizer.bar_segments", "Visualizer segments", 4, 32),
        Field::colour("widgets.spotify_visualizer.bar_fill_color", "Bar colour", false),
        Field::colour("widgets.spotify_visualizer.bar_border_color", "Bar border colour", false),
        Field::toggle("widgets.spotify_visualizer.ghosting_enabled", "Visualizer: ghost peaks"),
        Field::slider("widgets.spotify_visualizer.ghost_alpha", "Ghost opacity", 0.0, 1.0, 0.05, ""),
        Field::slider("widgets.spotify_visualizer.ghost_decay", "Ghost decay", 0.1, 1.0, 0.05, ""),
        Field::toggle("widgets.spotify_visualizer.adaptive_sensitivity", "Visualizer: adaptive sensitivity"),
        Field::slider("widgets.spotify_visualizer.sensitivity", "Sensitivity", 0.25, 2.5, 0.05, ""),
        Field::toggle("widgets.spotify_visualizer.dynamic_floor", "Visualizer: dynamic floor"),
        Field::slider("widgets.spotify_visualizer.manual_floor", "Manual floor", 0.12, 4.0, 0.02, ""),
        Field::text("widgets.spotify_visualizer.input", "Audio input", "default (what the computer plays)"),
    ]);
    rows
}

fn reddit(view: &View, i: usize) -> Vec<Field> {
    let key = format!("widgets.reddit[{i}]");
    let name = format!("Reddit {}", i + 1);
    let mut rows = vec![Field::heading(&name)];
    rows.extend(card(&key, &name, view, (8, 72)));
    let limits = [4, 10, 20].iter().map(|n| (Value::Integer(*n), format!("{n} posts"))).collect();
    rows.extend([
        Field::text(format!("{key}.subreddit"), format!("{name} subreddit"), "EarthPorn"),
        Field::new(format!("{key}.limit"), format!("{name} posts"), Kind::Choice(limits)),
        Field::toggle(format!("{key}.show_separators"), format!("{name}: separators")),
        Field::toggle(format!("{key}.exit_on_click"), format!("{name}: exit when a link is opened")),
        Field::new(format!("widgets.reddit.remove[{i}]"), format!("{name} actions"), Kind::Buttons(vec!["Remove Reddit Card"])),
    ]);
    rows
}
