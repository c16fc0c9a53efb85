//! The image worker process under a real slideshow (Xvfb): killed, stopped, killed again and
//! again, and the UI process killed under it; bad photos through the worker.

use crate::harness::{diff, test_photo, Saver, TempDir, XServer};
use image::RgbImage;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const W: u32 = 480;
const H: u32 = 360;
const STARTUP: Duration = Duration::from_secs(20);

fn photos(home: &Path) -> PathBuf {
    let dir = home.join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    test_photo(1000, 700, [220, 60, 40]).save(dir.join("a.png")).unwrap();
    test_photo(800, 800, [40, 90, 230]).save(dir.join("b.png")).unwrap();
    test_photo(700, 900, [60, 200, 90]).save(dir.join("c.png")).unwrap();
    dir
}

fn settings(folder: &Path, interval: u32) -> String {
    format!(
        "[sources]\nfolders = [{folder:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = {interval}\n\
         [transitions]\ntype = \"Crossfade\"\nrandom_always = false\n[transitions.durations]\nCrossfade = 300\n"
    )
}

fn start(name: &str, interval: u32, extra: &str) -> (TempDir, XServer, Saver) {
    let home = TempDir::new(name);
    let folder = photos(home.path());
    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &(settings(&folder, interval) + extra));
    saver.wait_log("first photo on screen", 1, STARTUP);
    (home, x, saver)
}

/// The pid of image worker generation `generation`.
fn worker_pid(saver: &mut Saver, generation: u64, timeout: Duration) -> u32 {
    saver.worker_pid("image", generation, timeout)
}

/// The state letter of a process (`R`, `S`, `T`, `Z`...), None if it no longer exists.
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

fn gone(pid: u32) -> bool {
    matches!(state(pid), None | Some('Z'))
}

/// Shared-memory slot files of a UI process.
fn segments(ui_pid: u32) -> Vec<String> {
    let prefix = format!("srpss-{ui_pid}-");
    std::fs::read_dir("/dev/shm")
        .map(|d| d.flatten().filter_map(|e| e.file_name().to_str().map(String::from)).filter(|n| n.starts_with(&prefix)).collect())
        .unwrap_or_default()
}

fn signal(pid: u32, sig: &str) {
    let status = std::process::Command::new("kill").args([sig, &pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill {sig} {pid}");
}

fn zombies_of(pid: u32) -> Vec<u32> {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    let all: Vec<u32> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.flatten().filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok()).collect::<Vec<_>>().join(" "))
        .unwrap_or(children)
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    all.into_iter().filter(|&c| state(c) == Some('Z')).collect()
}

fn lit(shot: &RgbImage) -> usize {
    shot.pixels().filter(|p| p.0 != [0, 0, 0]).count()
}

#[test]
fn a_killed_worker_is_replaced_within_two_seconds_and_the_frame_stays() {
    // A cache of two frames, so photos are prepared again after the restart.
    let (home, x, mut saver) = start("worker-kill", 3, "[cache]\nmax_items = 2\nprefetch_ahead = 1\n");
    let first = worker_pid(&mut saver, 1, STARTUP);
    std::thread::sleep(Duration::from_millis(400)); // past the first crossfade
    let before = x.screenshot(&home.path().join("before.png"));
    assert!(!segments(saver.child.id()).is_empty(), "the worker's frame slots exist while it runs");
    signal(first, "-KILL");
    let killed = Instant::now();
    std::thread::sleep(Duration::from_millis(150));
    let during = x.screenshot(&home.path().join("during.png"));
    assert!(diff(&before, &during).0 < 0.5, "the window keeps its last frame while the worker is down");
    let second = worker_pid(&mut saver, 2, Duration::from_secs(3));
    assert!(killed.elapsed() < Duration::from_secs(2), "worker back after {:?}", killed.elapsed());
    assert_ne!(first, second);
    assert!(gone(first) && state(first).is_none(), "the killed worker was reaped, not left a zombie");
    saver.wait_log("image worker generation 2 delivered its first frame", 1, Duration::from_secs(8));
    std::thread::sleep(Duration::from_millis(3500));
    let after = x.screenshot(&home.path().join("after.png"));
    assert!(diff(&before, &after).0 > 20.0, "the slideshow went on to another photo");
    assert!(zombies_of(saver.child.id()).is_empty(), "no zombie children");
    let ui = saver.child.id();
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
    assert!(gone(second), "the worker ends with the screensaver");
    assert_eq!(segments(ui), Vec::<String>::new(), "no slot file outlives the screensaver");
}

#[test]
fn a_stopped_worker_misses_heartbeats_and_is_replaced() {
    let (_home, x, mut saver) = start("worker-stop", 30, "");
    let first = worker_pid(&mut saver, 1, STARTUP);
    signal(first, "-STOP");
    let stopped = Instant::now();
    saver.wait_log("no answer to heartbeats", 1, Duration::from_secs(10));
    let detected = stopped.elapsed();
    assert!(detected >= Duration::from_secs(4), "5 missed heartbeats take about 5 s, not {detected:?}");
    worker_pid(&mut saver, 2, Duration::from_secs(3));
    assert!(state(first).is_none(), "the stopped worker was killed and reaped");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

#[test]
fn after_five_restarts_in_five_minutes_the_worker_is_declared_failed_and_esc_still_exits() {
    let (home, x, mut saver) = start("worker-budget", 30, "");
    for generation in 1..=6 {
        let pid = worker_pid(&mut saver, generation, Duration::from_secs(40));
        signal(pid, "-KILL");
    }
    saver.wait_log("image worker failed, no more restarts", 1, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!saver.log_text().contains("generation 7"), "no restart after the budget");
    let shot = x.screenshot(&home.path().join("failed.png"));
    assert!(lit(&shot) > (W * H / 2) as usize, "the last photo stays on screen");
    let pressed = Instant::now();
    x.xdotool(&["key", "Escape"]);
    let status = saver.wait_exit(Duration::from_secs(1)).expect("Esc exits within a second");
    assert!(status.success() && pressed.elapsed() < Duration::from_secs(1), "{status}");
}

#[test]
fn killing_the_ui_takes_the_worker_with_it_and_the_next_start_cleans_up() {
    let (home, x, mut saver) = start("worker-orphan", 30, "");
    let worker = worker_pid(&mut saver, 1, STARTUP);
    let ui = saver.child.id();
    assert!(!segments(ui).is_empty());
    saver.child.kill().unwrap(); // SIGKILL: no chance to clean up
    saver.child.wait().unwrap();
    let killed = Instant::now();
    while !gone(worker) && killed.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(gone(worker), "worker {worker} still running a second after the UI was killed");
    assert!(!segments(ui).is_empty(), "a killed UI leaves its slot files (cleaned at the next start)");

    // A new home, so its log is its own. (Any srpss start removes a dead run's slots; a test
    // running beside this one may be first.)
    let again = TempDir::new("worker-orphan-again");
    let folder = home.path().join("photos");
    let mut next = Saver::start(&x, again.path(), &settings(&folder, 30));
    next.wait_log("first photo on screen", 1, STARTUP);
    assert_eq!(segments(ui), Vec::<String>::new(), "the next start removed the crashed run's slots");
    x.xdotool(&["key", "Escape"]);
    assert!(next.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}

/// Resident memory of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0)
}

#[test]
fn bad_photos_are_reported_and_skipped_while_the_slideshow_goes_on() {
    let home = TempDir::new("worker-bad");
    let dir = photos(home.path());
    let good = std::fs::read(dir.join("a.png")).unwrap();
    std::fs::write(dir.join("truncated.png"), &good[..good.len() / 3]).unwrap();
    std::fs::write(dir.join("zero.jpg"), b"").unwrap();
    std::fs::write(dir.join("letter.jpg"), b"Dear reader,\nthis is text.\n").unwrap();
    std::fs::write(dir.join("huge.png"), srpss_image::testutil::png_header_only(100_000, 100_000)).unwrap();
    // A decompression bomb: 100 million pixels in a few hundred kilobytes.
    image::GrayImage::new(10_001, 10_001).save(dir.join("bomb.png")).unwrap();
    let bad = ["truncated.png", "zero.jpg", "letter.jpg", "huge.png", "bomb.png"];

    let x = XServer::start(W, H);
    let mut saver = Saver::start(&x, home.path(), &settings(&dir, 1));
    saver.wait_log("first photo on screen", 1, STARTUP);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && !bad.iter().all(|b| saver.log_text().contains(&format!("skipping {}", dir.join(b).display()))) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = saver.log_text();
    for b in bad {
        assert!(log.contains(&format!("skipping {}", dir.join(b).display())), "{b} not reported:\n{log}");
    }
    assert!(log.contains("too large"), "the bomb and the huge header are refused by the pixel limit");
    assert!(!log.contains("generation 2"), "bad photos never crash the worker:\n{log}");
    // Warm, then ten more changes at one per second: the UI process's memory stays flat.
    std::thread::sleep(Duration::from_secs(3));
    let warm = rss_kib(saver.child.id());
    let shot1 = x.screenshot(&home.path().join("1.png"));
    std::thread::sleep(Duration::from_millis(1500));
    let shot2 = x.screenshot(&home.path().join("2.png"));
    assert!(diff(&shot1, &shot2).0 > 5.0, "the slideshow goes on");
    std::thread::sleep(Duration::from_secs(9));
    let later = rss_kib(saver.child.id());
    assert!(later < warm + warm / 10, "UI memory grew from {warm} KiB to {later} KiB");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(2)).is_some_and(|s| s.success()));
}
