//! Two monitors (Xorg with the dummy driver): one window per monitor, each at its monitor's
//! size, `display.same_image_all_monitors` and `display.show_on_monitors`.

use crate::harness::{diff, render, test_photo, Saver, TempDir, XServer};
use image::RgbImage;
use std::path::{Path, PathBuf};
use std::time::Duration;

const LEFT: (u32, u32) = (640, 480);
const RIGHT: (u32, u32) = (480, 360);
const STARTUP: Duration = Duration::from_secs(20);

fn photos(home: &Path) -> Vec<PathBuf> {
    let dir = home.join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    let paths = vec![dir.join("a.png"), dir.join("b.png"), dir.join("c.png")];
    test_photo(1000, 700, [220, 60, 40]).save(&paths[0]).unwrap();
    test_photo(800, 800, [40, 90, 230]).save(&paths[1]).unwrap();
    test_photo(600, 900, [60, 200, 90]).save(&paths[2]).unwrap();
    paths
}

/// Runs the saver on two monitors and returns what each monitor shows after the first photo.
fn screens(name: &str, extra: &str) -> (TempDir, Vec<PathBuf>, RgbImage, RgbImage, String) {
    let home = TempDir::new(name);
    let paths = photos(home.path());
    let folder = paths[0].parent().unwrap().to_path_buf();
    let x = XServer::two_monitors(LEFT, RIGHT);
    let config = format!("[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n{extra}");
    let mut saver = Saver::start(&x, home.path(), &config);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(1500)); // the other monitor's photo and the crossfades
    let shot = x.screenshot(&home.path().join("shot.png"));
    assert_eq!(shot.dimensions(), (LEFT.0 + RIGHT.0, LEFT.1), "root window spans both monitors");
    let left = image::imageops::crop_imm(&shot, 0, 0, LEFT.0, LEFT.1).to_image();
    let right = image::imageops::crop_imm(&shot, LEFT.0, 0, RIGHT.0, RIGHT.1).to_image();
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()), "Esc exits from two monitors");
    let log = saver.log_text();
    (home, paths, left, right, log)
}

/// Which of `paths` the region shows, as `render` draws it at the region's size.
fn shown(home: &Path, paths: &[PathBuf], region: &RgbImage) -> Option<usize> {
    let size = format!("{}x{}", region.width(), region.height());
    paths.iter().position(|p| {
        let expect = render(home, &["--size", &size, "--image", p.to_str().unwrap()]);
        diff(region, &expect).0 < 1.5
    })
}

#[test]
fn each_monitor_gets_its_own_window_and_photo() {
    let (home, paths, left, right, log) = screens("mon-own", "");
    assert!(log.contains("2 monitor(s); showing on [1, 2]"), "{log}");
    let l = shown(home.path(), &paths, &left).expect("left monitor shows a photo at its own size");
    let r = shown(home.path(), &paths, &right).expect("right monitor shows a photo at its own size");
    assert_ne!(l, r, "each monitor shows its own photo by default");
}

#[test]
fn same_image_on_all_monitors() {
    let (home, paths, left, right, _) = screens("mon-same", "[display]\nsame_image_all_monitors = true\n");
    let l = shown(home.path(), &paths, &left).expect("left monitor shows a photo at its own size");
    let r = shown(home.path(), &paths, &right).expect("right monitor shows a photo at its own size");
    assert_eq!(l, r, "same_image_all_monitors shows one photo everywhere");
}

#[test]
fn show_on_monitors_picks_the_second_only() {
    let (home, paths, left, right, log) = screens("mon-second", "[display]\nshow_on_monitors = [2]\n");
    assert!(log.contains("2 monitor(s); showing on [2]"), "{log}");
    assert!(shown(home.path(), &paths, &right).is_some(), "monitor 2 shows a photo");
    let lit = left.pixels().filter(|p| p.0 != [0, 0, 0]).count();
    assert_eq!(lit, 0, "monitor 1 has no window, its root stays black");
}

#[test]
fn a_transition_runs_on_both_monitors_without_black_frames() {
    transition_on_both_monitors("C");
}

#[test]
fn a_shader_transition_runs_on_both_monitors_each_in_its_own_context() {
    transition_on_both_monitors("A");
}

/// A 6 s linear wipe from the left in `group`, screenshotted three times on both monitors
/// (within its first 60 %, however long the screenshots take).
fn transition_on_both_monitors(group: &str) {
    let home = TempDir::new(&format!("mon-transition-{group}"));
    let paths = photos(home.path());
    let folder = paths[0].parent().unwrap().to_path_buf();
    let x = XServer::two_monitors(LEFT, RIGHT);
    let config = format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"{group}\"\n\
         [transitions]\ntype = \"Wipe\"\nrandom_always = false\neasing = \"Linear\"\n[transitions.durations]\nWipe = 6000\n[transitions.wipe]\ndirection = \"Left to Right\"\n"
    );
    let mut saver = Saver::start_with_env(&x, home.path(), &config, &[("SRPSS_PERF_METRICS", "1")]);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(1500));
    let split = |shot: &RgbImage| {
        let l = image::imageops::crop_imm(shot, 0, 0, LEFT.0, LEFT.1).to_image();
        let r = image::imageops::crop_imm(shot, LEFT.0, 0, RIGHT.0, RIGHT.1).to_image();
        (l, r)
    };
    let (l0, r0) = split(&x.screenshot(&home.path().join("before.png")));
    x.xdotool(&["key", "x"]);
    for (i, wait) in [1200u64, 800, 800].into_iter().enumerate() {
        std::thread::sleep(Duration::from_millis(wait));
        let (l, r) = split(&x.screenshot(&home.path().join(format!("during{i}.png"))));
        for (name, now, before) in [("left", &l, &l0), ("right", &r, &r0)] {
            let (w, h) = now.dimensions();
            let black = now.pixels().filter(|p| p.0.iter().all(|&c| c < 8)).count();
            assert!(black < (w * h / 50) as usize, "{name} monitor, shot {i}: {black} black pixels");
            let band = |img: &RgbImage, x0: u32| image::imageops::crop_imm(img, x0, 0, w / 10, h).to_image();
            assert!(diff(&band(now, 0), &band(before, 0)).0 > 5.0, "{name} monitor, shot {i}: the new photo enters at the left");
            assert!(diff(&band(now, w - w / 10), &band(before, w - w / 10)).0 < 1.0, "{name} monitor, shot {i}: the old photo is still at the right");
        }
    }
    saver.wait_log(&format!("Wipe (group {group}) monitor=2"), 1, Duration::from_secs(8));
    assert!(!saver.log_text().contains("[GL ERROR]"), "{}", saver.log_text());
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

#[test]
fn widgets_and_the_halo_follow_their_monitor() {
    let home = TempDir::new("mon-widgets");
    let paths = photos(home.path());
    let folder = paths[0].parent().unwrap().to_path_buf();
    let x = XServer::two_monitors(LEFT, RIGHT);
    let config = format!(
        "[sources]\nfolders = [{folder:?}]\n[timing]\ninterval = 600\n[input]\nhard_exit = true\n\
         [widgets]\nreddit = []\n[widgets.shadows]\nenabled = false\n[widgets.weather.card]\nenabled = false\n\
         [[widgets.clocks]]\ndisplay_mode = \"digital\"\n[widgets.clocks.card]\nmonitor = 2\nposition = \"Top Left\"\nmargin = 20\n\
         font_size = 20\nshow_background = true\nbg_opacity = 1.0\n[widgets.clocks.card.style]\nbg_color = [3, 254, 252, 255]\nborder_color = [3, 254, 252, 255]\n"
    );
    let mut saver = Saver::start_with_env(&x, home.path(), &config, &[("SRPSS_WIDGETS", "1")]);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_secs(3)); // both windows placed, past the fade-in
    // A colour no test photo has (they carry a magenta marker).
    // Its bounding box's top-left corner (the card's corners are rounded).
    let card = |img: &RgbImage| {
        let hits: Vec<(u32, u32)> = img.enumerate_pixels().filter(|(_, _, p)| p.0 == [3, 254, 252]).map(|(x, y, _)| (x, y)).collect();
        Some((hits.iter().map(|h| h.0).min()?, hits.iter().map(|h| h.1).min()?))
    };
    let shot = x.screenshot(&home.path().join("widgets.png"));
    assert_eq!(card(&shot), Some((LEFT.0 + 20, 20)), "the clock for monitor 2 sits at its top left, and only there");

    // The halo appears on the monitor under the pointer and leaves the other.
    let ring = |img: &RgbImage, x: u32, y: u32| img.get_pixel(x + 28, y).0.iter().all(|c| *c > 150);
    let (rx, ry) = (LEFT.0 + 200, 200);
    x.xdotool(&["mousemove", &rx.to_string(), &ry.to_string()]);
    x.xdotool(&["mousemove", &(rx + 5).to_string(), &(ry + 5).to_string()]);
    std::thread::sleep(Duration::from_millis(900));
    let shot = x.screenshot(&home.path().join("halo-right.png"));
    assert!(ring(&shot, rx + 5, ry + 5), "halo on the right monitor");
    x.xdotool(&["mousemove", "300", "200"]);
    x.xdotool(&["mousemove", "305", "205"]);
    std::thread::sleep(Duration::from_millis(1600));
    let shot = x.screenshot(&home.path().join("halo-left.png"));
    assert!(ring(&shot, 305, 205), "halo on the left monitor");
    assert!(!ring(&shot, rx + 5, ry + 5), "gone from the right one");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(5)).is_some());
}
