//! Headless UI tests of the settings window on Slint's testing backend (software renderer):
//! controls are found by their accessible labels and changed as a user (or a screen reader)
//! would, and the saved file is checked; every tab is compared with its golden PNG.
//!
//! nextest runs each test in its own process, so each one sets up the backend for itself.

use super::previewer::Screen;
use super::{open, App, Options};
use crate::{OverlayAdapter, SettingsAdapter, SettingsWindow};
use i_slint_backend_testing::ElementHandle;
use slint::{ComponentHandle, Model};
use srpss_core::settings::{Profile, Settings};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Tall enough that every row of a page is on screen (rows below the view are not laid out,
/// so they could not be found or clicked); the goldens use the default size.
const SIZE: (f32, f32) = (1100.0, 3000.0);
const GOLDEN_SIZE: (f32, f32) = (1100.0, 760.0);

struct Fixture {
    dir: PathBuf,
    window: SettingsWindow,
    app: Rc<RefCell<App>>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn temp_dir(name: &str) -> PathBuf {
    // The goldens show the settings path: the same every run.
    let dir = match name {
        "goldens" => std::env::temp_dir().join("srpss-settings-goldens"),
        _ => std::env::temp_dir().join(format!("srpss-settings-{name}-{}", std::process::id())),
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Slint's testing backend with its real software rasterizer (text measured as on screen;
/// snapshots work). Once per process; a second window reuses it.
fn init() {
    use i_slint_backend_testing::{TestingBackend, TestingBackendOptions};
    let options = TestingBackendOptions { mock_time: true, threading: false, renderer_name: Some("software".into()) };
    let _ = slint::platform::set_platform(Box::new(TestingBackend::new(options)));
}

fn start(name: &str, before: impl FnOnce(&Path)) -> Fixture {
    start_sized(name, before, true)
}

/// `resize`: the tests' tall window; otherwise the size the window chose (or remembered).
fn start_sized(name: &str, before: impl FnOnce(&Path), resize: bool) -> Fixture {
    init();
    let dir = temp_dir(name);
    before(&dir);
    let opts = Options {
        profile: Profile::Screensaver,
        path: dir.join("screensaver.toml"),
        screens: vec![Screen { number: 1, width: 1920, height: 1080 }, Screen { number: 2, width: 1280, height: 1024 }],
        previewer_only: false,
        state_file: Some(dir.join("settings-window.toml")),
        time: Some(srpss_core::clock::utc(2026, 11, 27, 10, 30, 0)),
        data: Default::default(),
    };
    let (window, app) = open(opts).expect("the window opens");
    if resize {
        window.window().set_size(slint::LogicalSize::new(SIZE.0, SIZE.1));
    }
    window.show().expect("shown");
    Fixture { dir, window, app }
}

impl Fixture {
    fn saved(&self) -> Settings {
        let text = std::fs::read_to_string(self.dir.join("screensaver.toml")).expect("saved file");
        toml::from_str(&text).expect("the saved file parses")
    }

    fn find(&self, label: &str) -> ElementHandle {
        // Repeated rows exist once the window has been laid out and drawn.
        let _ = self.window.window().take_snapshot();
        let mut all: Vec<ElementHandle> = ElementHandle::find_by_accessible_label(&self.window, label).collect();
        let status = self.window.global::<SettingsAdapter>().get_status();
        assert!(!all.is_empty(), "no control labelled {label:?} (status: {status})");
        // A control before a text that happens to say the same.
        all.sort_by_key(|e| e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::Text));
        all.remove(0)
    }

    fn tab(&self, name: &str) {
        self.find(name).invoke_accessible_default_action();
    }

    fn click(&self, label: &str) {
        let e = self.find(label);
        let (p, s) = (e.absolute_position(), e.size());
        let at = slint::LogicalPosition::new(p.x + s.width / 2.0, p.y + s.height / 2.0);
        let w = self.window.window();
        w.dispatch_event(slint::platform::WindowEvent::PointerPressed { position: at, button: slint::platform::PointerEventButton::Left });
        w.dispatch_event(slint::platform::WindowEvent::PointerReleased { position: at, button: slint::platform::PointerEventButton::Left });
    }
}

#[test]
fn controls_found_by_label_change_the_saved_file() {
    let f = start("controls", |_| {});
    f.tab("Display");
    f.find("Change image every (seconds)").set_accessible_value("45");
    assert_eq!(f.saved().timing.interval, 45);
    f.find("Shuffle images (random order)").invoke_accessible_default_action();
    assert!(!f.saved().queue.shuffle);
    f.find("Hard Exit (ESC only)").invoke_accessible_default_action();
    assert!(f.saved().input.hard_exit);
    // A value the repair would refuse is not saved, and the status line says why.
    f.find("Change image every (seconds)").set_accessible_value("0");
    assert_eq!(f.saved().timing.interval, 45);

    f.tab("Accessibility");
    f.find("Enable Background Dimming").invoke_accessible_default_action();
    f.find("Dimming opacity").set_accessible_value("55");
    let s = f.saved();
    assert!(s.accessibility.dimming.enabled);
    assert_eq!(s.accessibility.dimming.opacity, 55);

    f.tab("Transitions");
    f.find("Always use random transitions").invoke_accessible_default_action();
    f.find("Particle duration").set_accessible_value("4000");
    f.find("Particle radius").set_accessible_value("24");
    let s = f.saved();
    assert!(!s.transitions.random_always);
    assert_eq!(s.transitions.durations["Particle"], 4000);
    assert_eq!(s.transitions.particle.particle_radius, 24.0);
    // A choice, as the combo box reports it.
    let a = f.window.global::<SettingsAdapter>();
    let wipe = srpss_core::transition::TransitionKind::ALL.iter().position(|k| *k == srpss_core::transition::TransitionKind::Wipe).unwrap();
    a.invoke_choice_changed("transitions.type".into(), wipe as i32);
    assert_eq!(f.saved().transitions.kind, srpss_core::transition::TransitionKind::Wipe);
    assert!(f.find("Wipe direction").is_valid(), "the shown type's direction appears");

    f.tab("Widgets");
    f.find("Clock 1 time zone").set_accessible_value("Asia/Tokyo");
    f.click("Apply Clock 1 time zone");
    assert_eq!(f.saved().widgets.clocks[0].timezone, "Asia/Tokyo");
    f.find("Clock 1 text colour").set_accessible_value("#ff8000");
    f.click("Apply Clock 1 text colour");
    assert_eq!(f.saved().widgets.clocks[0].card.style.color, Some(srpss_core::settings::Rgba([255, 128, 0, 255])));
    f.click("Add Clock");
    assert_eq!(f.saved().widgets.clocks.len(), 2);
    f.find("Show Clock 2").invoke_accessible_default_action();
    assert!(!f.saved().widgets.clocks[1].card.enabled);

    f.tab("Sources");
    let photos = f.dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    f.find("Folder path").set_accessible_value(photos.to_string_lossy().as_ref());
    f.click("Add Folder...");
    assert_eq!(f.saved().sources.folders, vec![photos.clone()]);
    f.find("Feed URL").set_accessible_value("reddit.com/r/EarthPorn/top/.json?t=day");
    f.click("Add Feed");
    assert_eq!(f.saved().sources.rss_feeds, vec!["https://www.reddit.com/r/EarthPorn/top/.json?t=day".to_string()], "autocorrected");
    f.find("Feed URL").set_accessible_value("not a url");
    f.click("Add Feed");
    assert_eq!(f.saved().sources.rss_feeds.len(), 1, "refused");
    assert!(a.get_status().contains("no valid host"), "{}", a.get_status());
    // Both kinds of source now: the ratio is enabled.
    assert_eq!(f.find("Usage ratio (% local)").accessible_enabled(), Some(true));
}

#[test]
fn reset_keeps_sources_and_weather_location() {
    let f = start("reset", |dir| {
        let mut s = Settings::default();
        s.sources.folders = vec!["/srv/photos".into()];
        s.sources.rss_feeds = vec!["https://example.com/feed.xml".into()];
        s.widgets.weather.location = "Reykjavik".into();
        s.timing.interval = 9;
        s.widgets.clocks[0].card.font_size = 20;
        srpss_core::settings::save_atomic(&dir.join("screensaver.toml"), &s).unwrap();
    });
    f.tab("About");
    f.click("Reset To Defaults");
    assert_eq!(f.saved().timing.interval, 9, "nothing happens before the confirmation");
    f.click("Reset");
    let s = f.saved();
    assert_eq!(s.timing.interval, 30);
    assert_eq!(s.widgets.clocks[0].card.font_size, 75);
    assert_eq!(s.sources.folders, vec![PathBuf::from("/srv/photos")]);
    assert_eq!(s.sources.rss_feeds, vec!["https://example.com/feed.xml".to_string()]);
    assert_eq!(s.widgets.weather.location, "Reykjavik");
}

#[test]
fn import_previews_then_applies_and_export_writes_sst() {
    let f = start("import", |_| {});
    let sst = f.dir.join("original.sst");
    std::fs::write(&sst, include_str!("../../workers/core/tests/fixtures/media-center.sst")).unwrap();
    f.tab("About");
    f.find("Import or export file").set_accessible_value(sst.to_string_lossy().as_ref());
    f.click("Import Settings...");
    assert_eq!(f.saved().timing.interval, 30, "a preview first");
    assert!(f.find("timing.interval: 30 -> 120").is_valid(), "the change is listed");
    f.click("Apply Import");
    assert_eq!(f.saved().timing.interval, 120);
    let out = f.dir.join("export.sst");
    f.find("Import or export file").set_accessible_value(out.to_string_lossy().as_ref());
    f.click("Export Settings...");
    let text = std::fs::read_to_string(&out).expect("exported");
    assert!(text.contains("\"timing.interval\": 120"), "{text}");
}

#[test]
fn a_corrupt_settings_file_opens_with_defaults_and_names_the_backup() {
    let f = start("corrupt", |dir| std::fs::write(dir.join("screensaver.toml"), "[timing\ninterval = ").unwrap());
    let banner = f.window.global::<SettingsAdapter>().get_banner().to_string();
    let backup = std::fs::read_dir(&f.dir).unwrap().filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).find(|n| n.contains(".broken-"));
    let backup = backup.expect("the broken file was kept");
    assert!(banner.contains(&backup), "{banner}");
    let _ = f.window.window().take_snapshot();
    assert!(ElementHandle::find_by_accessible_label(&f.window, &banner).next().is_some(), "the banner is on screen");
    assert_eq!(f.saved(), Settings::default());
}

#[test]
fn the_window_remembers_its_size_and_tab() {
    let state = {
        let f = start("remember", |_| {});
        f.tab("Accessibility");
        f.window.window().set_size(slint::LogicalSize::new(1000.0, 700.0));
        f.app.borrow().remember_window();
        std::fs::read_to_string(f.dir.join("settings-window.toml")).expect("remembered")
    };
    assert!(state.contains("tab = 4"), "{state}");
    let f = start_sized("remember-again", |d| std::fs::write(d.join("settings-window.toml"), &state).unwrap(), false);
    assert_eq!(f.window.global::<SettingsAdapter>().get_tab(), 4, "the last tab");
    assert_eq!(f.window.window().size().to_logical(f.window.window().scale_factor()), slint::LogicalSize::new(1000.0, 700.0), "the last size");
}

/// Placement in the previewer equals placement on the screensaver, for a matrix of widget
/// settings and screen sizes.
#[test]
fn previewer_places_widgets_where_the_saver_does() {
    let f = start("placement", |_| {});
    let now = srpss_core::clock::utc(2026, 11, 27, 10, 30, 0);
    let saver = crate::SaverWindow::new().expect("a saver window");
    let saver_view = crate::overlay::WidgetView::new(&saver.global::<OverlayAdapter>(), crate::overlay::FadeIn::done(std::time::Instant::now()));
    let mut variants = Vec::new();
    for anchor in [srpss_core::layout::Anchor::TopRight, srpss_core::layout::Anchor::Center, srpss_core::layout::Anchor::BottomLeft] {
        for font in [32, 75, 140] {
            let mut s = Settings::default();
            s.widgets.weather.card.position = anchor;
            s.widgets.clocks[0].card.font_size = font;
            s.widgets.clocks[0].display_mode = if font == 32 { srpss_core::settings::ClockFace::Digital } else { srpss_core::settings::ClockFace::Analog };
            s.widgets.reddit[1].card.monitor = srpss_core::layout::WidgetMonitor::Number(2);
            variants.push(s);
        }
    }
    let sizes = [(1920, 1080), (1280, 1024), (3840, 2160), (800, 600)];
    for s in &variants {
        for (w, h) in sizes {
            for number in [1, 2] {
                let screens = vec![Screen { number, width: w, height: h }];
                {
                    let mut app = f.app.borrow_mut();
                    app.settings = s.clone();
                    app.screens = screens.clone();
                    app.view.tab = 3;
                    app.refresh();
                }
                let a = f.window.global::<SettingsAdapter>();
                let zoom = a.get_zoom();
                let shown = a.get_screens().row_data(0).expect("one miniature");
                // The saver's own path: the cards with the same data, placed by WidgetView.
                let data = super::previewer::sample_data(s, Default::default(), now);
                let cards = crate::overlay::Widgets::new(s, data).cards(now);
                let layout = saver_view.show(&cards, number, w, h, &slint::Image::default());
                assert_eq!(shown.boxes.row_count(), layout.placed.len(), "{w}x{h} monitor {number}");
                for (b, p) in shown.boxes.iter().zip(&layout.placed) {
                    let back = |v: f32| (v / zoom).round() as i32;
                    let got = (back(b.x), back(b.y), back(b.width), back(b.height));
                    let want = (p.rect.x, p.rect.y, p.rect.width, p.rect.height);
                    let close = (got.0 - want.0).abs() <= 1 && (got.1 - want.1).abs() <= 1 && (got.2 - want.2).abs() <= 1 && (got.3 - want.3).abs() <= 1;
                    assert!(close, "{} on {w}x{h} #{number}: previewer {got:?}, saver {want:?}", b.label);
                    assert_eq!(b.label, cards[p.id].name.as_str());
                }
                // The drawn widgets too: the miniature's clock models sit where the saver's do.
                let mini = f.window.global::<OverlayAdapter>().get_clocks();
                let real = saver.global::<OverlayAdapter>().get_clocks();
                assert_eq!(mini.row_count(), real.row_count());
                for (m, r) in mini.iter().zip(real.iter()) {
                    assert_eq!((m.x, m.y, m.width, m.height), (r.x, r.y, r.width, r.height), "same components, same physical geometry");
                }
            }
        }
    }
}

#[test]
fn dragging_a_widget_in_the_previewer_changes_its_position() {
    let f = start("drag", |_| {});
    f.tab("Widgets");
    let clock = f.find("Clock 1");
    let (p, s) = (clock.absolute_position(), clock.size());
    let from = slint::LogicalPosition::new(p.x + s.width / 2.0, p.y + s.height / 2.0);
    let zoom = f.window.global::<SettingsAdapter>().get_zoom();
    // To the bottom left of the 1920x1080 miniature.
    let mini = f.find("Monitor 1 (1920x1080)");
    let m = mini.absolute_position();
    let to = slint::LogicalPosition::new(m.x + 200.0 * zoom, m.y + 950.0 * zoom);
    let w = f.window.window();
    use slint::platform::{PointerEventButton, WindowEvent};
    w.dispatch_event(WindowEvent::PointerPressed { position: from, button: PointerEventButton::Left });
    for step in 1..=5 {
        let t = step as f32 / 5.0;
        let at = slint::LogicalPosition::new(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
        w.dispatch_event(WindowEvent::PointerMoved { position: at });
    }
    w.dispatch_event(WindowEvent::PointerReleased { position: to, button: PointerEventButton::Left });
    assert_eq!(f.saved().widgets.clocks[0].card.position, srpss_core::layout::Anchor::BottomLeft);
    // The position control says it now stacks with whatever was already there.
    let rows = f.window.global::<SettingsAdapter>().get_rows();
    let note = rows.iter().find(|r| r.key == "widgets.clocks[0].card.position").map(|r| r.note.to_string()).unwrap_or_default();
    assert!(note.starts_with("Will stack with") || note.starts_with("Conflicts with"), "{note:?}");
}

/// Every tab drawn by the software renderer, against tests/golden/settings-<tab>/expected.png
/// (`SRPSS_UPDATE_GOLDEN=1` writes them, as for the other goldens).
#[test]
fn every_tab_matches_its_golden() {
    // The Sources tab names the Pictures folder used when no folder is set: the same everywhere.
    std::env::set_var("XDG_PICTURES_DIR", "/srv/photos/Pictures");
    let f = start("goldens", |_| {});
    f.window.window().set_size(slint::LogicalSize::new(GOLDEN_SIZE.0, GOLDEN_SIZE.1));
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for (i, name) in super::pages::TABS.iter().enumerate() {
        f.tab(name);
        assert_eq!(f.window.global::<SettingsAdapter>().get_tab(), i as i32);
        let shot = f.window.window().take_snapshot().expect("snapshot");
        let img = image::RgbaImage::from_raw(shot.width(), shot.height(), shot.as_bytes().to_vec()).expect("snapshot pixels");
        let file = golden.join(format!("settings-{}/expected.png", name.to_lowercase()));
        let out = std::env::temp_dir().join(format!("srpss-settings-{}.png", name.to_lowercase()));
        img.save(&out).expect("written");
        if std::env::var("SRPSS_UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
            img.save(&file).expect("golden written");
            continue;
        }
        let want = image::open(&file).unwrap_or_else(|e| panic!("{}: {e} (SRPSS_UPDATE_GOLDEN=1 writes it)", file.display())).to_rgba8();
        assert_eq!(want.dimensions(), img.dimensions(), "{name}");
        let total: u64 = want.as_raw().iter().zip(img.as_raw()).map(|(a, b)| a.abs_diff(*b) as u64).sum();
        let mean = total as f64 / want.as_raw().len() as f64;
        assert!(mean < 1.0, "{name}: mean difference {mean:.3} from {} (this run: {})", file.display(), out.display());
    }
}



/// Keyboard only: Tab reaches the tabs, Space opens one, Tab goes on to the page's controls.
#[test]
fn keyboard_moves_through_the_tabs_and_controls() {
    let f = start("keyboard", |_| {});
    let _ = f.window.window().take_snapshot();
    let key = |k: slint::platform::Key| {
        let text: slint::SharedString = k.into();
        f.window.window().dispatch_event(slint::platform::WindowEvent::KeyPressed { text: text.clone() });
        f.window.window().dispatch_event(slint::platform::WindowEvent::KeyReleased { text });
    };
    key(slint::platform::Key::Tab);
    key(slint::platform::Key::Tab);
    key(slint::platform::Key::Space);
    assert_eq!(f.window.global::<SettingsAdapter>().get_tab(), 1, "the second tab opened from the keyboard");
    let _ = f.window.window().take_snapshot();
    // Past the remaining tabs to the first control of the Display page, and change it.
    for _ in 0..5 {
        key(slint::platform::Key::Tab);
    }
    key(slint::platform::Key::DownArrow);
    let _ = f.window.window().take_snapshot();
    assert_eq!(f.saved().display.show_on_monitors, srpss_core::settings::MonitorSelection::List(vec![1]), "the monitor choice moved down by one");
}

/// A change written by someone else (the screensaver's menu, an editor) is shown.
#[test]
fn a_change_made_outside_the_window_is_shown() {
    let f = start("outside", |_| {});
    f.tab("Display");
    let mut s = f.saved();
    s.timing.interval = 77;
    // The watch looks once a second (by the clock), on its twice-a-second timer.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    srpss_core::settings::save_atomic(&f.dir.join("screensaver.toml"), &s).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_millis(600));
    assert_eq!(f.app.borrow().settings.timing.interval, 77);
    assert_eq!(f.find("Change image every (seconds)").accessible_value().as_deref(), Some("77"));
    assert!(f.window.global::<SettingsAdapter>().get_status().contains("changed outside"));
}
