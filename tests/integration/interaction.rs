//! Interaction mode on a real X server with real input events (xdotool): Ctrl and hard exit
//! keep the mouse from exiting, the context menu's items do what they say (and are saved), and
//! a click on a Reddit headline opens the post and ends the screensaver.

use crate::harness::{http_server, test_photo, Saver, TempDir, XServer};
use srpss_core::cards::headlines::{Headline, Headlines};
use srpss_core::cards::{self, WidgetData};
use srpss_core::settings::{repair_document, Settings};
use srpss_core::theme::Theme;
use srpss_core::transition::TransitionKind;
use std::path::Path;
use std::time::Duration;

const W: u32 = 800;
const H: u32 = 600;
const STARTUP: Duration = Duration::from_secs(20);
/// `ui/overlay/context_menu.slint`'s MenuMetrics: item height, and the menu's padding.
const ITEM: u32 = 34;
const PAD: u32 = 4;

fn photos(home: &Path) -> std::path::PathBuf {
    let dir = home.join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    test_photo(800, 600, [220, 60, 40]).save(dir.join("a.png")).unwrap();
    test_photo(800, 600, [40, 90, 230]).save(dir.join("b.png")).unwrap();
    dir
}

fn config(folder: &Path, extra: &str) -> String {
    format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 600\n\
         [transitions]\ntype = \"Crossfade\"\nrandom_always = false\n[transitions.durations]\nCrossfade = 300\n{extra}"
    )
}

fn running(saver: &mut Saver) -> bool {
    saver.child.try_wait().ok().flatten().is_none()
}

/// Clicks menu item `index` of a menu opened at (x, y).
fn click_item(x: &XServer, at: (u32, u32), index: u32) {
    let (mx, my) = (at.0 + 100, at.1 + PAD + index * ITEM + ITEM / 2);
    x.xdotool(&["mousemove", &mx.to_string(), &my.to_string()]);
    std::thread::sleep(Duration::from_millis(150));
    x.xdotool(&["click", "1"]);
}

fn open_menu(x: &XServer, saver: &mut Saver, at: (u32, u32), count: usize) {
    x.xdotool(&["mousemove", &at.0.to_string(), &at.1.to_string()]);
    std::thread::sleep(Duration::from_millis(150));
    x.xdotool(&["click", "3"]);
    saver.wait_log("context menu opened", count, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn hard_exit_mode_and_the_context_menu() {
    let home = TempDir::new("menu");
    let x = XServer::start(W, H);
    let cfg = config(&photos(home.path()), "[input]\nhard_exit = true\n");
    let mut saver = Saver::start_with_env(&x, home.path(), &cfg, &[("SRPSS_PERF_METRICS", "1")]);
    saver.wait_log("first photo on screen", 1, STARTUP);
    // Moves and clicks never exit in hard-exit mode.
    x.xdotool(&["mousemove", "50", "50"]);
    x.xdotool(&["mousemove", "400", "300"]);
    x.xdotool(&["click", "1"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(running(&mut saver), "a move and a click exited in hard-exit mode");

    let at = (200, 120);
    open_menu(&x, &mut saver, at, 1);
    let shot = x.screenshot(&home.path().join("menu.png"));
    let p = shot.get_pixel(at.0 + 250, at.1 + PAD + 6 * ITEM + 5).0;
    assert!(p.iter().all(|c| *c < 70), "the dark menu is drawn at the pointer: {p:?}");

    // Next Image: a transition starts.
    click_item(&x, at, 1);
    saver.wait_log("[PERF] [TRANSITION]", 1, Duration::from_secs(10));

    // Background Dimming: on, on screen and in the settings file.
    let before = x.screenshot(&home.path().join("before-dim.png")).get_pixel(700, 500).0;
    open_menu(&x, &mut saver, at, 2);
    click_item(&x, at, 4);
    saver.wait_log("background dimming on", 1, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    let after = x.screenshot(&home.path().join("dim.png")).get_pixel(700, 500).0;
    assert!(after.iter().zip(before).all(|(a, b)| *a < b || b < 10), "dimmed: {before:?} -> {after:?}");
    let cfg_path = home.path().join("test-settings.toml");
    let (saved, _) = repair_document(&std::fs::read_to_string(&cfg_path).unwrap(), &Settings::default()).unwrap();
    assert!(saved.accessibility.dimming.enabled);
    assert_eq!(saved.sources.folders.len(), 1, "the rest of the file is kept");

    // Change Transition opens the list in place; picking one sets it and stops random picks.
    open_menu(&x, &mut saver, at, 3);
    click_item(&x, at, 2);
    std::thread::sleep(Duration::from_millis(300));
    // The list opens beside the menu, level with its item unless the screen is too short.
    let wipe = TransitionKind::ALL.iter().position(|k| *k == TransitionKind::Wipe).unwrap() as u32;
    let list_h = 12 * ITEM + 2 * PAD;
    let list = (at.0 + 280, (at.1 + 2 * ITEM).min(H - list_h));
    click_item(&x, list, wipe);
    saver.wait_log("transition type now Wipe", 1, Duration::from_secs(5));
    let (saved, _) = repair_document(&std::fs::read_to_string(&cfg_path).unwrap(), &Settings::default()).unwrap();
    assert_eq!(saved.transitions.kind, TransitionKind::Wipe);
    assert!(!saved.transitions.random_always);

    // Exit Screensaver.
    open_menu(&x, &mut saver, at, 4);
    click_item(&x, at, 6);
    assert!(saver.wait_exit(Duration::from_secs(10)).is_some_and(|s| s.success()), "the menu's exit ends it");
}

#[test]
fn ctrl_keeps_the_mouse_from_exiting_until_released() {
    let home = TempDir::new("ctrl");
    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &config(&photos(home.path()), ""));
    saver.wait_log("first photo on screen", 1, STARTUP);
    // The pointer starts in the middle of the screen; any move of more than 10 px would exit.
    x.xdotool(&["keydown", "ctrl"]);
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["mousemove", "500", "400"]);
    x.xdotool(&["click", "1"]);
    std::thread::sleep(Duration::from_millis(400));
    assert!(running(&mut saver), "Ctrl held: no exit\n{}", saver.log_text());
    // The halo shows where the pointer is.
    let shot = x.screenshot(&home.path().join("halo.png"));
    let ring = shot.get_pixel(500 + 28, 400).0;
    assert!(ring.iter().all(|c| *c > 150), "the halo's white ring beside the pointer: {ring:?}");
    x.xdotool(&["keyup", "ctrl"]);
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["mousemove", "100", "100"]);
    assert!(saver.wait_exit(Duration::from_secs(10)).is_some(), "released: the move exits");
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>pics</title><id>r</id><updated>2026-11-27T10:00:00Z</updated>
<entry><title>Older post</title><id>t3_1</id><published>2026-11-27T08:00:00Z</published><updated>2026-11-27T08:00:00Z</updated><link href="https://www.reddit.com/r/pics/comments/1/older/"/></entry>
<entry><title>Newest post</title><id>t3_3</id><published>2026-11-27T10:20:00Z</published><updated>2026-11-27T10:20:00Z</updated><link href="https://www.reddit.com/r/pics/comments/3/newest/"/></entry>
</feed>"#;

#[test]
fn a_click_on_a_headline_opens_the_post_and_exits() {
    let home = TempDir::new("reddit-click");
    let x = XServer::start(W, H);
    let opened = home.path().join("opened.txt");
    let browser = home.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" >> {}\n", opened.display())).unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&browser).status().unwrap();
    let widgets = "[input]\nhard_exit = true\n[widgets]\nclocks = []\n[widgets.weather.card]\nenabled = false\n\
                   [[widgets.reddit]]\nsubreddit = \"pics\"\nlimit = 2\n[widgets.reddit.card]\nposition = \"Top Left\"\nmargin = 40\n";
    let cfg = config(&photos(home.path()), widgets);
    let base = http_server(vec![("/r/pics/.rss", "application/atom+xml", RSS.to_string())]);
    let env = [("SRPSS_WIDGETS", "1"), ("SRPSS_REDDIT_URL", base.as_str()), ("BROWSER", browser.to_str().unwrap())];
    let mut saver = Saver::start_with_env(&x, home.path(), &cfg, &env);
    saver.wait_log("r/pics: 2 headlines", 1, STARTUP);
    // Where the saver puts the card: the same layout code, with two rows.
    let (settings, _) = repair_document(&cfg, &Settings::default()).unwrap();
    let mut data = WidgetData::default();
    let item = |t: &str| Headline { title: t.into(), url: String::new(), created_unix: Some(0) };
    data.headlines.insert("pics".into(), Headlines { subreddit: "pics".into(), items: vec![item("a"), item("b")], fetched_unix: 0 });
    let built = cards::build(&settings.widgets, &Theme::named("dark").0, &data, srpss_core::clock::Utc::now());
    let card = cards::place(&built, 1, W as i32, H as i32).placed[0].rect;
    assert_eq!((card.x, card.y), (40, 40));
    std::thread::sleep(Duration::from_secs(3)); // past the fade-in
    // The first of the two rows (above the bottom padding) is the newest post.
    let pad = built[0].look.padding as i32;
    let rows_top = card.bottom() - pad - 2 * row_height(&built[0]);
    let (cx, cy) = (card.x + 60, rows_top + row_height(&built[0]) / 2);
    x.xdotool(&["mousemove", &cx.to_string(), &cy.to_string()]);
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["click", "1"]);
    assert!(saver.wait_exit(Duration::from_secs(10)).is_some(), "opening a link from the primary screen ends the screensaver");
    std::thread::sleep(Duration::from_millis(500));
    let got = std::fs::read_to_string(&opened).unwrap_or_default();
    assert_eq!(got.trim(), "https://www.reddit.com/r/pics/comments/3/newest/", "the newest post, opened after the windows closed");
}

fn row_height(card: &cards::Card) -> i32 {
    match &card.body {
        cards::Body::Headlines { row_height, .. } => *row_height as i32,
        _ => panic!("not a Reddit card"),
    }
}
