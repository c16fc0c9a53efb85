//! `srpss run` in a real X server (Xvfb): photos on screen, rotation, and the exit rules.

use crate::harness::{diff, render, test_photo, Saver, TempDir, XServer};
use std::path::Path;
use std::time::{Duration, Instant};

const W: u32 = 640;
const H: u32 = 480;
const STARTUP: Duration = Duration::from_secs(20);

/// Two distinct photos, shown in stable (sorted) order.
fn photo_folder(home: &Path) -> std::path::PathBuf {
    let dir = home.join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    test_photo(1000, 700, [220, 60, 40]).save(dir.join("a.png")).unwrap();
    test_photo(800, 800, [40, 90, 230]).save(dir.join("b.jpg")).unwrap();
    dir
}

fn settings(folder: &Path, extra: &str) -> String {
    format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 2\n\
         [transitions]\ntype = \"Crossfade\"\nrandom_always = false\n[transitions.durations]\nCrossfade = 300\n{extra}"
    )
}

/// A saver on its own Xvfb showing the two-photo folder, already past its first photo.
fn started(name: &str, extra: &str) -> (TempDir, XServer, Saver) {
    let home = TempDir::new(name);
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &settings(&folder, extra));
    saver.wait_log("first photo on screen", 1, STARTUP);
    (home, x, saver)
}

#[test]
fn run_shows_the_photos_in_turn_and_matches_render() {
    let home = TempDir::new("run-photos");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &settings(&folder, ""));
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(400));
    let first = x.screenshot(&home.path().join("shot1.png"));
    // One interval later (2 s) plus the 300 ms crossfade and some slack.
    std::thread::sleep(Duration::from_millis(2900));
    let second = x.screenshot(&home.path().join("shot2.png"));

    let size = format!("{W}x{H}");
    let expect_a = render(home.path(), &["--size", &size, "--image", folder.join("a.png").to_str().unwrap()]);
    let expect_b = render(home.path(), &["--size", &size, "--image", folder.join("b.jpg").to_str().unwrap()]);
    let (mean_a, _) = diff(&first, &expect_a);
    let (mean_b, _) = diff(&second, &expect_b);
    assert!(mean_a < 1.5, "first screen is not a.png as render draws it (mean diff {mean_a:.2})");
    assert!(mean_b < 1.5, "second screen is not b.jpg as render draws it (mean diff {mean_b:.2})");
    let (apart, _) = diff(&first, &second);
    assert!(apart > 20.0, "the screen did not change across an interval (mean diff {apart:.2})");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some());
}

#[test]
fn escape_exits_with_status_zero_within_a_second() {
    let (_home, x, mut saver) = started("run-esc", "");
    let pressed = Instant::now();
    x.xdotool(&["key", "Escape"]);
    let status = saver.wait_exit(Duration::from_secs(1)).expect("still running a second after Esc");
    assert!(status.success(), "exit status {status}");
    assert!(pressed.elapsed() < Duration::from_secs(1));
}

#[test]
fn pointer_move_of_20px_exits() {
    let (_home, x, mut saver) = started("run-move", "");
    // Relative moves: the pointer starts wherever the server put it.
    x.xdotool(&["mousemove_relative", "--", "2", "1"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(saver.wait_exit(Duration::from_millis(200)).is_none(), "a 2 px jitter must not exit");
    x.xdotool(&["mousemove_relative", "--", "18", "0"]);
    let status = saver.wait_exit(Duration::from_secs(2)).expect("a 20 px move exits");
    assert!(status.success());
}

#[test]
fn hard_exit_ignores_pointer_clicks_and_keys_but_not_escape() {
    let (_home, x, mut saver) = started("run-hard", "[input]\nhard_exit = true\n");
    x.xdotool(&["mousemove_relative", "--", "100", "100"]);
    x.xdotool(&["click", "1"]);
    x.xdotool(&["key", "a"]);
    x.xdotool(&["key", "x"]); // next photo: never exits
    std::thread::sleep(Duration::from_millis(1000));
    assert!(saver.wait_exit(Duration::from_millis(100)).is_none(), "hard exit mode must keep running");
    x.xdotool(&["key", "Escape"]);
    let status = saver.wait_exit(Duration::from_secs(1)).expect("Esc always exits");
    assert!(status.success());
}

#[test]
fn other_keys_exit_but_media_keys_do_not() {
    let (_home, x, mut saver) = started("run-keys", "");
    x.xdotool(&["key", "XF86AudioPlay"]);
    x.xdotool(&["key", "XF86AudioRaiseVolume"]);
    x.xdotool(&["key", "z"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(saver.wait_exit(Duration::from_millis(100)).is_none(), "media keys and Z must not exit");
    x.xdotool(&["key", "F5"]);
    let status = saver.wait_exit(Duration::from_secs(1)).expect("any other key exits");
    assert!(status.success());
}

#[test]
fn no_photos_shows_demo_pictures_with_a_notice() {
    let home = TempDir::new("run-demo");
    let empty = home.path().join("Pictures");
    std::fs::create_dir_all(&empty).unwrap();
    let x = XServer::start(W, H);
    // No folders configured: the XDG Pictures folder ($HOME/Pictures here) is used.
    let mut saver = Saver::start(&x, home.path(), "[timing]\ninterval = 30\n");
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(300));
    let shot = x.screenshot(&home.path().join("demo.png"));
    let colours: std::collections::HashSet<[u8; 3]> = shot.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 1000, "demo picture expected, got {} colours", colours.len());
    assert!(saver.log_text().contains("No photos found in ~/Pictures"), "{}", saver.log_text());
    x.xdotool(&["key", "q"]);
    assert!(saver.wait_exit(Duration::from_secs(1)).is_some_and(|s| s.success()));
}

#[test]
fn perf_metrics_per_transition_and_summary_on_sigterm() {
    let home = TempDir::new("run-perf");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start_with_env(&x, home.path(), &settings(&folder, ""), &[("SRPSS_PERF_METRICS", "1")]);
    saver.wait_log("[PERF] [TRANSITION]", 1, STARTUP);
    let line = saver.log_text().lines().find(|l| l.contains("[PERF] [TRANSITION]")).unwrap_or_default().to_string();
    for field in ["duration=", "frames=", "avg_fps=", "dt_min=", "dt_p50=", "dt_p95=", "dt_p99=", "dt_max=", "ui_tick_avg=", "ui_tick_max=", "ui_render_avg="] {
        assert!(line.contains(field), "{field} missing in {line}");
    }
    let status = std::process::Command::new("kill").args(["-TERM", &saver.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let exit = saver.wait_exit(Duration::from_secs(2)).expect("SIGTERM ends the screensaver");
    assert!(exit.success(), "{exit}");
    assert!(saver.log_text().contains("[PERF] Summary: transitions="), "{}", saver.log_text());
}

/// A 4 s linear wipe from the left in render group `group`, looked at halfway.
fn wipe_from_the_left(group: &str) {
    let home = TempDir::new(&format!("run-group-{group}"));
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let config = format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"{group}\"\n\
         [transitions]\ntype = \"Wipe\"\nrandom_always = false\neasing = \"Linear\"\n[transitions.durations]\nWipe = 4000\n[transitions.wipe]\ndirection = \"Left to Right\"\n"
    );
    let mut saver = Saver::start_with_env(&x, home.path(), &config, &[("SRPSS_PERF_METRICS", "1")]);
    saver.wait_log("first photo on screen", 1, STARTUP);
    assert!(saver.log_text().contains(&format!("render group {group}")), "{}", saver.log_text());
    std::thread::sleep(Duration::from_millis(800)); // the next photo is prefetched
    x.xdotool(&["key", "x"]);
    std::thread::sleep(Duration::from_millis(2000)); // about halfway through the 4 s wipe
    let mid = x.screenshot(&home.path().join("mid.png"));
    let size = format!("{W}x{H}");
    let a = render(home.path(), &["--size", &size, "--image", folder.join("a.png").to_str().unwrap()]);
    let b = render(home.path(), &["--size", &size, "--image", folder.join("b.jpg").to_str().unwrap()]);
    let band = |img: &image::RgbImage, x0: u32| image::imageops::crop_imm(img, x0, 0, W / 10, H).to_image();
    assert!(diff(&band(&mid, 0), &band(&b, 0)).0 < 2.0, "group {group}: the new photo enters at the left");
    assert!(diff(&band(&mid, W - W / 10), &band(&a, W - W / 10)).0 < 2.0, "group {group}: the old photo stays at the right");
    let black = mid.pixels().filter(|p| p.0.iter().all(|&c| c < 8)).count();
    assert!(black < (W * H / 50) as usize, "group {group}: {black} black pixels mid-transition");
    saver.wait_log(&format!("Wipe (group {group})"), 1, Duration::from_secs(5));
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

#[test]
fn group_c_draws_a_wipe_from_the_side_it_names_without_black_frames() {
    wipe_from_the_left("C");
}

#[test]
fn group_b_draws_a_wipe_with_its_two_layers() {
    wipe_from_the_left("B");
}

#[test]
fn group_a_draws_a_wipe_with_its_shaders() {
    wipe_from_the_left("A");
}

/// A session forced to group A with the shader fault `fault`: moves once to `to`, logged
/// once, and keeps changing photos there.
fn shader_fault_demotes(fault: &str, to: &str) {
    let home = TempDir::new(&format!("run-fault-{fault}"));
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let config = format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"A\"\n\
         [transitions]\ntype = \"Ripple\"\nrandom_always = false\n[transitions.durations]\nRipple = 600\nCrossfade = 600\n"
    );
    let mut saver = Saver::start_with_env(&x, home.path(), &config, &[("SRPSS_PERF_METRICS", "1"), ("SRPSS_GL_FAULT", fault)]);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(800));
    for n in 1..=2 {
        x.xdotool(&["key", "x"]);
        saver.wait_log("[PERF] [TRANSITION]", n, Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(400));
    }
    let log = saver.log_text();
    let line = format!("[GL ERROR] Session demoted from A to {to}");
    assert_eq!(log.matches(&line).count(), 1, "one demotion line:\n{log}");
    assert!(log.contains(&format!("group {to}) monitor=1")), "the next transition runs in group {to}:\n{log}");
    // The last change ended on the second photo after the first, exactly.
    let shot = x.screenshot(&home.path().join("end.png"));
    let size = format!("{W}x{H}");
    let a = render(home.path(), &["--size", &size, "--image", folder.join("a.png").to_str().unwrap()]);
    assert!(diff(&shot, &a).0 < 1.5, "the slideshow went on (back to the first photo)");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

#[test]
fn a_shader_that_fails_to_compile_demotes_the_session_to_b() {
    shader_fault_demotes("compile", "B");
}

#[test]
fn a_gl_error_during_a_transition_demotes_the_session_to_b() {
    shader_fault_demotes("gl-error", "B");
}

#[test]
fn a_compositor_failure_demotes_the_session_to_c() {
    shader_fault_demotes("framebuffer", "C");
}

/// The decision of issue 16 (docs/PERFORMANCE.md, "Which group on software GL"): on llvmpipe
/// the automatic group is C, chosen before the first window, with no move at the first frame.
#[test]
fn software_gl_starts_at_c_when_the_group_is_automatic() {
    let home = TempDir::new("run-auto-group");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &settings(&folder, ""));
    saver.wait_log("first photo on screen", 1, STARTUP);
    saver.wait_log("render group C (automatic; software GL (", 1, Duration::from_secs(3));
    let log = saver.log_text();
    assert!(!log.contains("render group B") && !log.contains("render group A"), "one group, chosen once: {log}");
    assert!(!log.contains("[GL ERROR]"), "software GL is not an error");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

/// Group C (frames composited deterministically) with a linear left-to-right wipe of `ms`.
fn wipe_config(folder: &Path, ms: u32, extra: &str) -> String {
    format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"C\"\n\
         [transitions]\ntype = \"Wipe\"\nrandom_always = false\neasing = \"Linear\"\n{extra}[transitions.durations]\nWipe = {ms}\n\
         [transitions.wipe]\ndirection = \"Left to Right\"\n"
    )
}

#[test]
fn a_change_asked_for_during_a_transition_waits_for_its_end() {
    let home = TempDir::new("run-deferred");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start_with_env(&x, home.path(), &wipe_config(&folder, 3000, ""), &[("SRPSS_PERF_METRICS", "1")]);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(800));
    let size = format!("{W}x{H}");
    let a = render(home.path(), &["--size", &size, "--image", folder.join("a.png").to_str().unwrap()]);
    let b = render(home.path(), &["--size", &size, "--image", folder.join("b.jpg").to_str().unwrap()]);
    let band = |img: &image::RgbImage, x0: u32| image::imageops::crop_imm(img, x0, 0, W / 10, H).to_image();
    x.xdotool(&["key", "x"]); // a -> b
    std::thread::sleep(Duration::from_millis(900));
    x.xdotool(&["key", "x"]); // asked during the wipe: waits
    std::thread::sleep(Duration::from_millis(600));
    let mid = x.screenshot(&home.path().join("mid.png"));
    assert!(diff(&band(&mid, 0), &band(&b, 0)).0 < 2.0, "still the first wipe: b at the left");
    assert!(diff(&band(&mid, W - W / 10), &band(&a, W - W / 10)).0 < 2.0, "still the first wipe: a at the right");
    std::thread::sleep(Duration::from_millis(5000)); // the first wipe ends, the deferred one runs
    let end = x.screenshot(&home.path().join("end.png"));
    assert!(diff(&end, &a).0 < 1.5, "the deferred change happened after the first wipe (back to a)");
    let status = std::process::Command::new("kill").args(["-TERM", &saver.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some());
    assert!(saver.log_text().contains("deferred=1"), "{}", saver.log_text());
}

#[test]
fn the_watchdog_ends_a_stuck_transition_on_the_new_photo() {
    let home = TempDir::new("run-watchdog");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &wipe_config(&folder, 15000, "watchdog_timeout_sec = 1.0\n"));
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(800));
    x.xdotool(&["key", "x"]);
    saver.wait_log("[WATCHDOG] Transition timeout", 1, Duration::from_secs(4));
    std::thread::sleep(Duration::from_millis(300));
    let shot = x.screenshot(&home.path().join("after.png"));
    let size = format!("{W}x{H}");
    let b = render(home.path(), &["--size", &size, "--image", folder.join("b.jpg").to_str().unwrap()]);
    assert!(diff(&shot, &b).0 < 1.5, "snapped to exactly the new photo");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

#[test]
fn group_b_blinds_show_the_new_photo_in_place_at_each_band_centre() {
    let home = TempDir::new("run-blinds-b");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let config = format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"B\"\n\
         [transitions]\ntype = \"Blinds\"\nrandom_always = false\neasing = \"Linear\"\n[transitions.durations]\nBlinds = 4000\n"
    );
    let mut saver = Saver::start(&x, home.path(), &config);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(800));
    x.xdotool(&["key", "x"]);
    std::thread::sleep(Duration::from_millis(2000));
    let mid = x.screenshot(&home.path().join("mid.png"));
    let size = format!("{W}x{H}");
    let a = render(home.path(), &["--size", &size, "--image", folder.join("a.png").to_str().unwrap()]);
    let b = render(home.path(), &["--size", &size, "--image", folder.join("b.jpg").to_str().unwrap()]);
    let strip = |img: &image::RgbImage, x0: u32| image::imageops::crop_imm(img, x0, 0, 2, H).to_image();
    let column = W as f32 / 14.0;
    for i in 0..14 {
        let centre = (column * (i as f32 + 0.5)) as u32 - 1;
        let d = diff(&strip(&mid, centre), &strip(&b, centre)).0;
        assert!(d < 3.0, "band {i}: the new photo, in place, at its centre (mean diff {d:.2}, vs old {:.2})", diff(&strip(&mid, centre), &strip(&a, centre)).0);
        let edge = (column * i as f32) as u32 + 1;
        assert!(diff(&strip(&mid, edge), &strip(&a, edge)).0 < 3.0, "band {i}: the old photo at its edge");
    }
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

#[test]
fn group_b_draws_diffuse_block_flip_and_peel_in_cells_without_black_frames() {
    for kind in ["Diffuse", "Block Puzzle Flip", "Peel"] {
        let home = TempDir::new("run-cells-b");
        let folder = photo_folder(home.path());
        let x = XServer::start(W, H);
        let config = format!(
            "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"B\"\n\
             [transitions]\ntype = \"{kind}\"\nrandom_always = false\neasing = \"Linear\"\n[transitions.durations]\n\"{kind}\" = 4000\n\
             [transitions.slide]\ndirection = \"Left to Right\"\n[transitions.peel]\ndirection = \"Left to Right\"\n"
        );
        let mut saver = Saver::start_with_env(&x, home.path(), &config, &[("SRPSS_PERF_METRICS", "1")]);
        saver.wait_log("first photo on screen", 1, STARTUP);
        std::thread::sleep(Duration::from_millis(800));
        x.xdotool(&["key", "x"]);
        std::thread::sleep(Duration::from_millis(2000));
        let mid = x.screenshot(&home.path().join("mid.png"));
        let size = format!("{W}x{H}");
        let a = render(home.path(), &["--size", &size, "--image", folder.join("a.png").to_str().unwrap()]);
        let b = render(home.path(), &["--size", &size, "--image", folder.join("b.jpg").to_str().unwrap()]);
        let (from_a, from_b) = (diff(&mid, &a).0, diff(&mid, &b).0);
        assert!(from_a > 3.0 && from_b > 3.0, "{kind}: halfway shows both photos ({from_a:.1}, {from_b:.1})");
        let black = mid.pixels().filter(|p| p.0.iter().all(|&c| c < 8)).count();
        assert!(black < (W * H / 50) as usize, "{kind}: {black} black pixels mid-transition");
        saver.wait_log(&format!("{kind} (group B)"), 1, Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(200));
        let end = x.screenshot(&home.path().join("end.png"));
        assert!(diff(&end, &b).0 < 1.5, "{kind}: ends on exactly the new photo");
        x.xdotool(&["key", "Escape"]);
        assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
    }
}

#[test]
fn pan_and_scan_drifts_the_photo_without_uncovering_the_screen() {
    for group in ["B", "C"] {
        let home = TempDir::new(&format!("run-pan-{group}"));
        let folder = photo_folder(home.path());
        let x = XServer::start(W, H);
        let config = format!(
            "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n[display]\nrender_group = \"{group}\"\n\
             pan_and_scan = true\npan_auto_speed = false\npan_speed = 40\n"
        );
        let mut saver = Saver::start(&x, home.path(), &config);
        saver.wait_log("first photo on screen", 1, STARTUP);
        std::thread::sleep(Duration::from_millis(600));
        let first = x.screenshot(&home.path().join("first.png"));
        std::thread::sleep(Duration::from_millis(1000));
        let later = x.screenshot(&home.path().join("later.png"));
        assert!(diff(&first, &later).0 > 0.5, "group {group}: the photo moved between the two screenshots");
        for shot in [&first, &later] {
            // The enlarged photo always covers the window: no black edge anywhere.
            let edges = (0..W).flat_map(|x| [(x, 0), (x, H - 1)]).chain((0..H).flat_map(|y| [(0, y), (W - 1, y)]));
            let black = edges.filter(|&(x, y)| shot.get_pixel(x, y).0.iter().all(|&c| c < 8)).count();
            assert_eq!(black, 0, "group {group}: black pixels at the window's edge");
        }
        x.xdotool(&["key", "Escape"]);
        assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
    }
}

/// The settings application saves every change at once; a running saver applies it without
/// a restart: dimming at once, a new interval from now.
#[test]
fn a_running_saver_follows_its_settings_file() {
    let home = TempDir::new("run-follow");
    let folder = photo_folder(home.path());
    let x = XServer::start(W, H);
    let slow = settings(&folder, "").replace("interval = 2", "interval = 600");
    let mut saver = Saver::start(&x, home.path(), &slow);
    saver.wait_log("first photo on screen", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(400));
    let before = x.screenshot(&home.path().join("before.png"));
    let brightness = |img: &image::RgbImage| img.as_raw().iter().map(|&v| v as f64).sum::<f64>() / img.as_raw().len() as f64;

    // As the settings app saves: a whole new file renamed over the old one.
    let cfg = home.path().join("test-settings.toml");
    let write = |text: &str| {
        let tmp = home.path().join("test-settings.toml.tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &cfg).unwrap();
    };
    write(&format!("{slow}[accessibility.dimming]\nenabled = true\nopacity = 80\n"));
    saver.wait_log("settings changed: applied", 1, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    let dimmed = x.screenshot(&home.path().join("dimmed.png"));
    let (b0, b1) = (brightness(&before), brightness(&dimmed));
    assert!(b1 < b0 * 0.4, "80 % dimming applied without a restart: brightness {b0:.1} -> {b1:.1}");

    // A shorter interval counts from now: the next photo comes within it.
    write(&format!("{}[accessibility.dimming]\nenabled = false\n", slow.replace("interval = 600", "interval = 2")));
    saver.wait_log("settings changed: applied", 2, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(3000));
    let after = x.screenshot(&home.path().join("after.png"));
    let (apart, _) = diff(&before, &after);
    assert!(apart > 20.0, "the next photo came after the new 2 s interval (mean diff {apart:.2})");
    assert!((brightness(&after) - b0).abs() < b0 * 0.5, "dimming is off again");
    // A broken hand edit is ignored, never fatal.
    write("[timing\ninterval = ");
    saver.wait_log("is not valid TOML", 1, Duration::from_secs(5));
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some());
}

/// The windows named `name` on the test X server.
fn windows_named(x: &XServer, name: &str) -> Vec<String> {
    let out = std::process::Command::new("xdotool").env("DISPLAY", &x.display).args(["search", "--onlyvisible", "--name", name]).output().expect("xdotool");
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

fn wait_for_window(x: &XServer, name: &str, timeout: Duration) -> String {
    let start = Instant::now();
    loop {
        if let Some(w) = windows_named(x, name).into_iter().next() {
            return w;
        }
        assert!(start.elapsed() < timeout, "no window named {name:?} within {timeout:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// S: the screensaver makes way for the settings application and comes back when it closes.
#[test]
fn s_opens_the_settings_and_the_screensaver_comes_back() {
    let (home, x, mut saver) = started("run-s-key", "");
    x.xdotool(&["key", "s"]);
    let status = saver.wait_exit(Duration::from_secs(3)).expect("the screensaver makes way");
    assert!(status.success());
    assert!(saver.log_text().contains("opened the settings application"), "{}", saver.log_text());
    let settings = wait_for_window(&x, "^SRPSS settings$", Duration::from_secs(15));
    // Drawn and mapped before it can take the keyboard focus.
    std::thread::sleep(Duration::from_millis(1500));
    x.xdotool(&["windowfocus", "--sync", &settings]);
    x.xdotool(&["key", "Escape"]);
    // A new screensaver process on the same settings file.
    let start = Instant::now();
    while !std::fs::read_to_string(home.path().join("state/srpss/srpss.log")).unwrap_or_default().matches("first photo on screen").count().ge(&2) {
        assert!(start.elapsed() < STARTUP, "the screensaver did not come back");
        std::thread::sleep(Duration::from_millis(200));
    }
    x.xdotool(&["key", "Escape"]);
}
