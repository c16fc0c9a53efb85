//! Hosted mode under real screensaver hosts: XScreenSaver runs `srpss --root` in its own window
//! as a normal user (it refuses to run hacks as root), and the settings dialog's preview form
//! (`--root --window-id ID`) draws inside a small window only, follows its size and ends when
//! it is gone. Signals: SIGTERM/SIGHUP end it cleanly, SIGUSR1 (XSecureLock) does nothing.

use crate::harness::{load_rgb, test_photo, TempDir, XServer, SRPSS};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The user the hosts run as: ourselves, or (as root, which XScreenSaver refuses) a test
/// user made for it.
fn host_user() -> Option<String> {
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        return None;
    }
    const USER: &str = "srpss-test";
    let exists = Command::new("id").arg(USER).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !exists {
        let made = Command::new("useradd").args(["-m", USER]).status().expect("useradd (passwd package)");
        assert!(made.success(), "cannot create the test user {USER}");
    }
    Some(USER.to_string())
}

/// The srpss binary as the host user can run it: the build's own when we are that user, else
/// a link (or copy) in a world-readable temp dir, since the build may sit under a home the test
/// user cannot enter (a CI clone in /root). Workers are started from the same file.
fn host_binary(user: &Option<String>, name: &str) -> (Option<TempDir>, String) {
    if user.is_none() {
        return (None, SRPSS.to_string());
    }
    let dir = TempDir::new(&format!("bin-{name}"));
    let bin = dir.path().join("srpss");
    let _ = Command::new("chmod").arg("755").arg(dir.path()).status();
    if std::fs::hard_link(SRPSS, &bin).is_err() {
        std::fs::copy(SRPSS, &bin).expect("copy the binary for the test user");
    }
    let _ = Command::new("chmod").arg("755").arg(&bin).status();
    let path = bin.to_string_lossy().into_owned();
    (Some(dir), path)
}

/// `program` as the host user, with `env` and nothing else of ours.
fn as_host_user(user: &Option<String>, program: &str) -> Command {
    match user {
        Some(u) => {
            let mut c = Command::new("runuser");
            c.args(["-u", u, "--", "env", program]);
            c
        }
        None => Command::new(program),
    }
}

/// A home the host user owns, with photos and settings at the default place.
fn hosted_home(name: &str, user: &Option<String>, settings: &str) -> TempDir {
    let home = TempDir::new(name);
    let photos = home.path().join("photos");
    std::fs::create_dir_all(&photos).expect("photos dir");
    for (i, tint) in [[220u8, 40, 40], [40, 200, 60], [50, 80, 230]].into_iter().enumerate() {
        test_photo(640, 400, tint).save(photos.join(format!("p{i}.png"))).expect("photo");
    }
    let cfg = home.path().join("config/srpss");
    std::fs::create_dir_all(&cfg).expect("config dir");
    std::fs::write(cfg.join("screensaver.toml"), format!("[sources]\nfolders = [\"{}\"]\n{settings}", photos.display())).expect("settings");
    if let Some(u) = user {
        let _ = Command::new("chmod").args(["755"]).arg(home.path()).status();
        let ok = Command::new("chown").args(["-R", u]).arg(home.path()).status().is_ok_and(|s| s.success());
        assert!(ok, "chown the test home");
    }
    home
}

fn home_env(c: &mut Command, home: &Path, display: &str) {
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("DISPLAY", display)
        .env("SLINT_SCALE_FACTOR", "1")
        .env("SRPSS_PERF_METRICS", "1")
        .env("SRPSS_WIDGETS", "0");
}

fn log_of(home: &Path) -> String {
    std::fs::read_to_string(home.join("state/srpss/srpss.log")).unwrap_or_default()
}

fn wait_for(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not happen within {timeout:?}");
}

/// The pid of the `srpss` UI process (not a worker) whose log is in `home`.
fn ui_pid(log: &str) -> u32 {
    log.split("[HOST] pid ").nth(1).and_then(|r| r.split_whitespace().next()?.parse().ok()).unwrap_or_else(|| panic!("no [HOST] pid line in:\n{log}"))
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists() && !std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default().contains(") Z ")
}

fn worker_pids(log: &str) -> Vec<u32> {
    log.split("worker started: generation ").skip(1).filter_map(|r| r.split("pid ").nth(1)?.split_whitespace().next()?.parse().ok()).collect()
}

fn shm_files_of(pid: u32) -> Vec<PathBuf> {
    let prefix = format!("srpss-{pid}-");
    std::fs::read_dir("/dev/shm").map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&prefix)).map(|e| e.path()).collect()).unwrap_or_default()
}

fn xwininfo(display: &str, args: &[&str]) -> String {
    let out = Command::new("xwininfo").env("DISPLAY", display).args(args).output().expect("xwininfo (x11-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The mean brightness of a rectangle of a screenshot.
fn mean(img: &image::RgbImage, x0: u32, y0: u32, w: u32, h: u32) -> f64 {
    let mut sum = 0u64;
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            let p = img.get_pixel(x, y);
            sum += u64::from(p[0]) + u64::from(p[1]) + u64::from(p[2]);
        }
    }
    sum as f64 / (3 * w * h) as f64
}

fn screenshot(x: &XServer, dir: &Path, name: &str) -> image::RgbImage {
    let path = dir.join(name);
    x.screenshot(&path);
    load_rgb(&path)
}

struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill(); // it may be gone already
        let _ = self.0.wait();
    }
}

#[test]
fn xscreensaver_runs_srpss_in_its_window_and_ends_it_on_deactivate() {
    let user = host_user();
    let x = XServer::start(640, 400);
    let (_bin_dir, bin) = host_binary(&user, "xscreensaver");
    let home = hosted_home("xscreensaver", &user, "[timing]\ninterval = 1\n[transitions]\ntype = \"Crossfade\"\nrandom_always = false\nduration_ms = 400\n");
    // As a user configures it: the hack's command line, with `-root` (rewritten to --root).
    std::fs::write(
        home.path().join(".xscreensaver"),
        format!("timeout: 0:30:00\nlock: False\nsplash: False\nmode: one\nselected: 0\nprograms: \\\n  \"SRPSS\" {bin} -root \\n\\\n\n"),
    )
    .expect("xscreensaver settings");
    if let Some(u) = &user {
        let _ = Command::new("chown").args([u]).arg(home.path().join(".xscreensaver")).status();
    }
    let daemon_log = std::fs::File::create(home.path().join("xscreensaver.log")).expect("log file");
    let mut daemon = as_host_user(&user, "xscreensaver");
    home_env(&mut daemon, home.path(), &x.display);
    let daemon = Reaped(daemon.args(["-no-splash", "-verbose"]).stdout(daemon_log.try_clone().expect("log")).stderr(daemon_log).spawn().expect("xscreensaver (bash scripts/deps.sh test)"));
    let command = |arg: &str| {
        let mut c = as_host_user(&user, "xscreensaver-command");
        home_env(&mut c, home.path(), &x.display);
        c.arg(arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    };
    wait_for("xscreensaver answering", Duration::from_secs(20), || command("-version"));
    assert!(command("-activate"), "xscreensaver-command -activate");
    wait_for("srpss hosted with its first photo", Duration::from_secs(60), || log_of(home.path()).contains("delivered its first frame"));
    let log = log_of(home.path());
    assert!(log.contains("hosted in window 0x"), "{log}");
    let pid = ui_pid(&log);

    // Our window is a child of XScreenSaver's, at its size.
    let tree = xwininfo(&x.display, &["-root", "-tree"]);
    let ours = tree.lines().find(|l| l.contains("\"srpss\"")).unwrap_or_else(|| panic!("no srpss window in\n{tree}"));
    assert!(ours.contains("640x400+0+0"), "{ours}");
    let id = ours.split_whitespace().next().expect("window id");
    let info = xwininfo(&x.display, &["-tree", "-id", id]);
    assert!(info.lines().any(|l| l.contains("Parent window id") && l.contains("\"XScreenSaver\"")), "{info}");

    // A photo (not xscreensaver's black), and it changes.
    let shots = TempDir::new("xscreensaver-shots");
    wait_for("a photo on screen, not xscreensaver's black", Duration::from_secs(15), || mean(&screenshot(&x, shots.path(), "a.png"), 0, 0, 640, 400) > 40.0);
    let a = load_rgb(&shots.path().join("a.png"));
    let changes = log_of(home.path()).matches("[PERF] [TRANSITION]").count();
    wait_for("a photo change", Duration::from_secs(30), || log_of(home.path()).matches("[PERF] [TRANSITION]").count() >= changes + 2);
    let b = screenshot(&x, shots.path(), "b.png");
    assert!(mean(&b, 0, 0, 640, 400) > 40.0);
    assert!(a.as_raw() != b.as_raw(), "the photo did not change");

    // Deactivated: SIGTERM from xscreensaver; we are gone with our workers and shared memory.
    let workers = worker_pids(&log_of(home.path()));
    assert!(!workers.is_empty());
    let asked = Instant::now();
    assert!(command("-deactivate"), "xscreensaver-command -deactivate");
    wait_for("srpss gone after -deactivate", Duration::from_secs(5), || !alive(pid));
    eprintln!("srpss gone {} ms after -deactivate", asked.elapsed().as_millis());
    wait_for("every worker gone", Duration::from_secs(3), || workers.iter().all(|w| !alive(*w)));
    assert!(shm_files_of(pid).is_empty(), "left in /dev/shm: {:?}", shm_files_of(pid));
    let log = log_of(home.path());
    assert!(log.contains("exit: terminated by signal"), "{log}");
    assert!(!log.contains("restarting in"), "a worker looked lost while exiting:\n{log}");
    // xscreensaver reports how its hack ended ("child pid N (...) exited ... with status 0").
    let said = || std::fs::read_to_string(home.path().join("xscreensaver.log")).unwrap_or_default();
    let ended = |l: &&str| l.contains(&format!("pid {pid} ")) && l.contains("exited");
    wait_for("xscreensaver noting the exit", Duration::from_secs(5), || said().lines().any(|l| ended(&l)));
    let text = said();
    let line = text.lines().find(ended).unwrap_or_default();
    assert!(line.contains("status 0"), "not a clean exit: {line}");
    drop(daemon);
}

/// A plain X window (the stand-in for XScreenSaver's settings dialog preview), made with x11rb.
struct PreviewWindow {
    conn: x11rb::rust_connection::RustConnection,
    id: u32,
}

impl PreviewWindow {
    fn open(display: &str, x: i16, y: i16, w: u16, h: u16) -> Self {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::{ConnectionExt, CreateWindowAux, WindowClass};
        let (conn, screen) = x11rb::connect(Some(display)).expect("connect to the test X server");
        let root = conn.setup().roots[screen].clone();
        let id = conn.generate_id().expect("window id");
        let aux = CreateWindowAux::new().background_pixel(root.black_pixel);
        conn.create_window(root.root_depth, id, root.root, x, y, w, h, 0, WindowClass::INPUT_OUTPUT, 0, &aux).expect("create");
        conn.map_window(id).expect("map");
        conn.flush().expect("flush");
        Self { conn, id }
    }

    fn resize(&self, w: u32, h: u32) {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::{ConfigureWindowAux, ConnectionExt};
        self.conn.configure_window(self.id, &ConfigureWindowAux::new().width(w).height(h)).expect("configure");
        self.conn.flush().expect("flush");
    }

    fn destroy(&self) {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::ConnectionExt;
        self.conn.destroy_window(self.id).expect("destroy");
        self.conn.flush().expect("flush");
    }
}

#[test]
fn the_preview_form_draws_inside_its_window_follows_it_and_ignores_sigusr1() {
    let x = XServer::start(800, 500);
    let home = hosted_home("preview", &None, "");
    let shots = TempDir::new("preview-shots");
    let before = screenshot(&x, shots.path(), "before.png");
    let preview = PreviewWindow::open(&x.display, 100, 80, 320, 200);
    let mut c = Command::new(SRPSS);
    home_env(&mut c, home.path(), &x.display);
    let id = format!("0x{:x}", preview.id);
    let mut saver = Reaped(c.args(["--root", "--window-id", &id]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("srpss"));
    wait_for("the first photo in the preview", Duration::from_secs(60), || log_of(home.path()).contains("delivered its first frame"));
    std::thread::sleep(Duration::from_millis(500));
    let shot = screenshot(&x, shots.path(), "inside.png");
    assert!(mean(&shot, 110, 90, 300, 180) > 40.0, "nothing drawn inside the preview window");
    // Outside it, the screen is as it was: no fullscreen window of ours.
    for (px, py) in [(50, 40), (700, 450), (450, 100), (100, 300)] {
        assert_eq!(shot.get_pixel(px, py), before.get_pixel(px, py), "drawn outside the preview at {px},{py}");
    }

    // XSecureLock's SIGUSR1 resets nothing and kills nothing, workers included.
    let pid = saver.0.id();
    let workers = worker_pids(&log_of(home.path()));
    // SAFETY: kill with a valid signal on our own child and its workers.
    unsafe {
        libc::kill(pid as i32, libc::SIGUSR1);
        for w in &workers {
            libc::kill(*w as i32, libc::SIGUSR1);
        }
    }
    std::thread::sleep(Duration::from_millis(800));
    assert!(saver.0.try_wait().expect("wait").is_none(), "SIGUSR1 killed srpss");
    assert!(workers.iter().all(|w| alive(*w)), "SIGUSR1 killed a worker");

    // The host window grows: so does ours.
    preview.resize(480, 300);
    wait_for("the new size followed", Duration::from_secs(10), || log_of(home.path()).contains("host window resized to 480x300"));
    wait_for("the photo at the new size", Duration::from_secs(30), || {
        let s = screenshot(&x, shots.path(), "grown.png");
        mean(&s, 440, 250, 130, 120) > 40.0
    });

    // The host window goes: so do we, cleanly.
    preview.destroy();
    wait_for("srpss ends with its host window", Duration::from_secs(5), || saver.0.try_wait().ok().flatten().is_some());
    let status = saver.0.try_wait().expect("wait").expect("exited");
    assert!(status.success(), "{status}");
    let log = log_of(home.path());
    assert!(log.contains("exit: the host's window is gone"), "{log}");
    assert!(!log.contains("restarting in"), "{log}");
}

#[test]
fn sighup_ends_a_hosted_saver_like_sigterm() {
    let x = XServer::start(400, 300);
    let home = hosted_home("sighup", &None, "");
    let preview = PreviewWindow::open(&x.display, 0, 0, 400, 300);
    let mut c = Command::new(SRPSS);
    home_env(&mut c, home.path(), &x.display);
    let mut saver = Reaped(c.env("XSCREENSAVER_WINDOW", preview.id.to_string()).arg("-root").stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("srpss"));
    wait_for("the first photo", Duration::from_secs(60), || log_of(home.path()).contains("delivered its first frame"));
    // SAFETY: a valid signal to our own child.
    unsafe {
        libc::kill(saver.0.id() as i32, libc::SIGHUP);
    }
    wait_for("srpss ends on SIGHUP", Duration::from_secs(5), || saver.0.try_wait().ok().flatten().is_some());
    let status = saver.0.try_wait().expect("wait").expect("exited");
    assert!(status.success(), "{status}");
    let log = log_of(home.path());
    assert!(log.contains(&format!("hosted in window 0x{:x}", preview.id)), "XSCREENSAVER_WINDOW in decimal: {log}");
    assert!(log.contains("exit: terminated by signal") && log.contains("windows hidden"), "{log}");
}

/// A host (or `timeout`, or a session manager) signals the saver's whole process group, so its
/// workers die of the same SIGTERM, often before the saver's own handler has run: none of them
/// may be called lost or restarted. Five starts under load, as the race goes either way.
#[test]
fn sigterm_to_the_whole_process_group_ends_every_worker_as_exiting_never_lost() {
    use std::os::unix::process::CommandExt;
    let x = XServer::start(400, 300);
    // Under load, as on a busy machine: the saver's signal thread then often runs late.
    let _busy: Vec<Reaped> = (0..2).map(|_| Reaped(Command::new("sh").args(["-c", "while :; do :; done"]).spawn().expect("sh"))).collect();
    for run in 0..5 {
        // The default widgets but those that fetch from the internet: the media and audio
        // workers start beside the image worker.
        let widgets = "[widgets]\nreddit = []\n[widgets.weather.card]\nenabled = false\n";
        let home = hosted_home(&format!("group-term-{run}"), &None, widgets);
        let mut c = Command::new(SRPSS);
        home_env(&mut c, home.path(), &x.display);
        c.env_remove("SRPSS_WIDGETS");
        let mut saver = Reaped(c.arg("run").process_group(0).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("srpss"));
        wait_for("the media and audio workers", Duration::from_secs(60), || {
            let log = log_of(home.path());
            log.contains("media worker started") && log.contains("audio worker started")
        });
        // SAFETY: a valid signal to the process group our child leads.
        unsafe {
            libc::kill(-(saver.0.id() as i32), libc::SIGTERM);
        }
        wait_for("srpss ends", Duration::from_secs(5), || saver.0.try_wait().ok().flatten().is_some());
        let log = log_of(home.path());
        assert!(!log.contains("restarting in") && !log.contains("worker lost"), "run {run}: a worker looked lost while exiting:\n{log}");
        assert!(log.contains("ended while the screensaver exits"), "run {run}: {log}");
    }
}

/// The process `spawned` runs the program in: itself, or the child `runuser` started.
fn program_pid(spawned: &Child, user: &Option<String>) -> u32 {
    if user.is_none() {
        return spawned.id();
    }
    let mut found = None;
    wait_for("the host program under runuser", Duration::from_secs(5), || {
        let out = Command::new("pgrep").args(["-P", &spawned.id().to_string()]).output().expect("pgrep");
        found = String::from_utf8_lossy(&out.stdout).split_whitespace().next().and_then(|p| p.parse().ok());
        found.is_some()
    });
    found.unwrap_or_default()
}

#[test]
fn xsecurelock_shows_srpss_inside_the_lock_ignores_sigusr1_and_ends_it_when_killed() {
    let user = host_user();
    let x = XServer::start(640, 400);
    let (_bin_dir, bin) = host_binary(&user, "xsecurelock");
    let home = hosted_home("xsecurelock", &user, "[timing]\ninterval = 2\n");
    let mut lock = as_host_user(&user, "xsecurelock");
    home_env(&mut lock, home.path(), &x.display);
    // As XSecureLock's README configures a saver: its path, nothing else; it runs `-root` with
    // XSCREENSAVER_WINDOW in decimal through saver_multiplex.
    let locker = Reaped(
        lock.env("XSECURELOCK_SAVER", &bin)
            .env("XSECURELOCK_SAVER_RESET_ON_AUTH_CLOSE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xsecurelock (bash scripts/deps.sh test)"),
    );
    let locker_pid = program_pid(&locker.0, &user);
    wait_for("srpss's first photo inside the lock", Duration::from_secs(60), || log_of(home.path()).contains("delivered its first frame"));
    let shots = TempDir::new("xsecurelock-shots");
    wait_for("a photo on screen inside the lock, not black", Duration::from_secs(15), || mean(&screenshot(&x, shots.path(), "lock.png"), 0, 0, 640, 400) > 40.0);
    let log = log_of(home.path());
    assert!(log.contains("hosted in window 0x"), "{log}");
    let pid = ui_pid(&log);

    // SIGUSR1 (the password prompt closed) to the saver's whole process group: nothing ends.
    let workers = worker_pids(&log);
    // SAFETY: getpgid and kill with valid arguments.
    unsafe {
        let group = libc::getpgid(pid as i32);
        assert!(group > 0);
        libc::kill(-group, libc::SIGUSR1);
    }
    std::thread::sleep(Duration::from_secs(2));
    assert!(alive(pid), "SIGUSR1 killed srpss");
    assert!(workers.iter().all(|w| alive(*w)), "SIGUSR1 killed a worker");
    assert_eq!(log_of(home.path()).matches("[HOST] pid").count(), 1, "XSecureLock restarted the saver");

    // Killing the locker ends the saver (XSecureLock signals its process group).
    // SAFETY: kill with a valid signal.
    unsafe {
        libc::kill(locker_pid as i32, libc::SIGTERM);
    }
    wait_for("srpss gone with the lock", Duration::from_secs(5), || !alive(pid));
    wait_for("every worker gone", Duration::from_secs(3), || workers.iter().all(|w| !alive(*w)));
    assert!(shm_files_of(pid).is_empty(), "left in /dev/shm: {:?}", shm_files_of(pid));
    let log = log_of(home.path());
    assert!(!log.contains("restarting in"), "a worker looked lost while exiting:\n{log}");
    drop(locker);
}

#[test]
fn xss_lock_starts_srpss_on_idle_and_it_keeps_drawing_while_the_x_saver_is_due() {
    let x = XServer::start(480, 300);
    let home = hosted_home("xss-lock", &None, "[timing]\ninterval = 1\n[transitions]\ntype = \"Crossfade\"\nrandom_always = false\n");
    // xss-lock needs logind on the system bus: a private bus with python-dbusmock's logind.
    let bus = home.path().join("sysbus.sock");
    let address = format!("unix:path={}", bus.display());
    let _daemon = Reaped(Command::new("dbus-daemon").args(["--session", "--nofork", &format!("--address={address}")]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("dbus-daemon"));
    wait_for("the system bus socket", Duration::from_secs(10), || bus.exists());
    let _logind = Reaped(
        Command::new("/usr/bin/python3")
            .args(["-m", "dbusmock", "--system", "-t", "logind"])
            .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-dbusmock"),
    );
    let add_session = || {
        Command::new("dbus-send")
            .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
            .args(["--system", "--print-reply", "--dest=org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.DBus.Mock.AddSession"])
            .args(["string:c1", "string:seat0", "uint32:0", "string:root", "boolean:true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    wait_for("the mock logind session", Duration::from_secs(20), add_session);
    let mut c = Command::new("xss-lock");
    home_env(&mut c, home.path(), &x.display);
    let _xss = Reaped(c.env("DBUS_SYSTEM_BUS_ADDRESS", &address).args(["-s", "c1", "--", SRPSS, "run"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("xss-lock"));
    std::thread::sleep(Duration::from_millis(500)); // Xvfb forgets xset settings until a client stays
    let xset = Command::new("xset").env("DISPLAY", &x.display).args(["s", "3", "3"]).status().expect("xset");
    assert!(xset.success());
    let started = Instant::now();
    wait_for("srpss started by xss-lock after 3 s idle", Duration::from_secs(30), || log_of(home.path()).contains("delivered its first frame"));
    assert!(started.elapsed() >= Duration::from_secs(2), "started before the idle timeout");
    let log = log_of(home.path());
    assert!(log.contains("X screen saver reset"), "{log}");

    // The photo comes (until then the windows show the desktop as captured: blank under the
    // active X saver), then, over longer than the X saver's timeout, frames keep changing (not
    // blanked, not frozen). Without the reset and suspension the screen stayed black.
    let shots = TempDir::new("xss-lock-shots");
    wait_for("a photo on screen under xss-lock", Duration::from_secs(10), || mean(&screenshot(&x, shots.path(), "first.png"), 0, 0, 480, 300) > 40.0);
    let mut last: Option<image::RgbImage> = None;
    let mut changed = 0;
    let until = Instant::now() + Duration::from_secs(8);
    while Instant::now() < until {
        let s = screenshot(&x, shots.path(), "s.png");
        assert!(mean(&s, 0, 0, 480, 300) > 40.0, "the screen went black under xss-lock");
        if last.as_ref().is_some_and(|l| l.as_raw() != s.as_raw()) {
            changed += 1;
        }
        last = Some(s);
        std::thread::sleep(Duration::from_millis(700));
    }
    assert!(changed >= 3, "frames changed only {changed} times in 8 s under xss-lock");

    // Input ends it by its own rules (xss-lock does not stop it).
    let pid = ui_pid_of_run(home.path());
    x.xdotool(&["mousemove", "100", "100", "sleep", "0.2", "mousemove", "300", "200"]);
    wait_for("srpss gone after input", Duration::from_secs(5), || !alive(pid));
}

/// The UI process of a plain `srpss run` whose log is in `home` (its workers' pids are in the
/// log; the UI is their parent).
fn ui_pid_of_run(home: &Path) -> u32 {
    let worker = *worker_pids(&log_of(home)).first().expect("a worker started");
    let stat = std::fs::read_to_string(format!("/proc/{worker}/stat")).unwrap_or_default();
    stat.rsplit(')').next().and_then(|r| r.split_whitespace().nth(1)?.parse().ok()).expect("the worker's parent")
}

/// sway, headless, as the host user, with two outputs; `swaymsg` and friends through `tool`.
struct Sway {
    _sway: Reaped,
    user: Option<String>,
    dir: TempDir,
    socket: PathBuf,
}

impl Sway {
    fn start(name: &str, user: &Option<String>) -> Self {
        let dir = TempDir::new(name);
        let run = dir.path().join("run");
        std::fs::create_dir_all(&run).expect("runtime dir");
        std::fs::write(dir.path().join("sway.conf"), "output HEADLESS-1 resolution 1280x720 position 0 0\n").expect("sway config");
        if let Some(u) = user {
            let _ = Command::new("chmod").arg("755").arg(dir.path()).status();
            assert!(Command::new("chown").args(["-R", u]).arg(dir.path()).status().is_ok_and(|s| s.success()));
        }
        let _ = Command::new("chmod").arg("700").arg(&run).status();
        let mut c = as_host_user(user, "sway");
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("XDG_RUNTIME_DIR", &run)
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman");
        let sway = Reaped(c.arg("-c").arg(dir.path().join("sway.conf")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("sway (bash scripts/deps.sh test)"));
        let mut socket = PathBuf::new();
        wait_for("sway's sockets", Duration::from_secs(20), || {
            let ipc = std::fs::read_dir(&run).ok().and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("sway-ipc."))));
            socket = ipc.unwrap_or_default();
            !socket.as_os_str().is_empty() && run.join("wayland-1").exists()
        });
        let me = Self { _sway: sway, user: user.clone(), dir, socket };
        assert!(me.tool("swaymsg", &["create_output"]).status.success());
        assert!(me.tool("swaymsg", &["output", "HEADLESS-2", "resolution", "1024x600", "position", "1280", "0"]).status.success());
        me
    }

    fn env(&self, c: &mut Command) {
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("WAYLAND_DISPLAY", "wayland-1")
            .env("SWAYSOCK", &self.socket);
    }

    fn tool(&self, program: &str, args: &[&str]) -> std::process::Output {
        let mut c = as_host_user(&self.user, program);
        self.env(&mut c);
        c.args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"))
    }
}

fn wayland_one_window_per_output(group: &str) {
    let user = host_user();
    let sway = Sway::start(&format!("sway-{group}"), &user);
    let home = hosted_home(&format!("sway-home-{group}"), &user, "[timing]\ninterval = 2\n");
    let (_bin_dir, bin) = host_binary(&user, &format!("sway-{group}"));
    let mut c = as_host_user(&user, &bin);
    sway.env(&mut c);
    c.env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("SRPSS_WIDGETS", "0")
        .env("SRPSS_PERF_METRICS", "1")
        .env("SRPSS_RENDER_GROUP", group);
    let _saver = Reaped(c.arg("run").stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("srpss"));
    wait_for("the first photo on Wayland", Duration::from_secs(60), || log_of(home.path()).contains("delivered its first frame"));
    let log = log_of(home.path());
    assert!(log.contains("2 monitor(s); showing on [1, 2]"), "winit's doubled outputs were not merged:\n{log}");
    let windows = || String::from_utf8_lossy(&sway.tool("swaymsg", &["-t", "get_tree"]).stdout).matches("\"name\": \"SRPSS\"").count();
    wait_for("both windows mapped", Duration::from_secs(10), || windows() >= 2);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(windows(), 2, "exactly one window per output");
    let shots = sway.dir.path().to_path_buf();
    for (output, (w, h)) in [("HEADLESS-1", (1280, 720)), ("HEADLESS-2", (1024, 600))] {
        let path = shots.join(format!("{output}.png"));
        wait_for(&format!("a photo on {output}"), Duration::from_secs(20), || {
            let out = sway.tool("grim", &["-o", output, &path.to_string_lossy()]);
            out.status.success() && {
                let img = load_rgb(&path);
                img.dimensions() == (w, h) && mean(&img, 0, 0, w, h) > 40.0
            }
        });
    }
    // A key press (wtype needs a moment for its keyboard to be bound) ends it.
    let pid = ui_pid_of_run(home.path());
    let _ = sway.tool("wtype", &["-s", "1500", "-k", "space"]);
    wait_for("srpss gone after a key on Wayland", Duration::from_secs(10), || !alive(pid));
}

#[test]
fn wayland_one_window_per_output_software_renderer() {
    wayland_one_window_per_output("C");
}

#[test]
fn wayland_one_window_per_output_gl_renderer() {
    wayland_one_window_per_output("B");
}

fn start_idle(x: &XServer, home: &Path, after: &str) -> Reaped {
    let mut c = Command::new(SRPSS);
    home_env(&mut c, home, &x.display);
    Reaped(c.args(["idle", "--after", after]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("srpss idle"))
}

#[test]
fn idle_starts_the_saver_after_the_idle_time_input_postpones_it_and_it_waits_again() {
    let x = XServer::start(400, 300);
    let home = hosted_home("idle", &None, "");
    let mut idle = start_idle(&x, home.path(), "3");
    wait_for("idle waiting", Duration::from_secs(20), || log_of(home.path()).contains("idle: the screensaver starts after 3 s"));
    // Input keeps postponing it.
    let mut last_input = Instant::now();
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(1500));
        x.xdotool(&["mousemove_relative", "--", "5", "5"]);
        last_input = Instant::now();
        assert!(!log_of(home.path()).contains("starting the screensaver"), "started while the user was active");
    }
    wait_for("the saver started on idle", Duration::from_secs(20), || log_of(home.path()).contains("starting the screensaver"));
    let waited = last_input.elapsed();
    assert!(waited >= Duration::from_millis(2500), "started {waited:?} after the last input, before the idle time");
    wait_for("its first photo", Duration::from_secs(60), || log_of(home.path()).contains("delivered its first frame"));
    // Input ends the saver by its own rules; idle waits for the next idle time.
    std::thread::sleep(Duration::from_millis(500));
    x.xdotool(&["key", "Escape"]);
    wait_for("idle waiting again", Duration::from_secs(10), || log_of(home.path()).contains("waiting for idle again"));
    // SIGTERM ends idle (and a saver it runs).
    // SAFETY: a valid signal to our own child.
    unsafe {
        libc::kill(idle.0.id() as i32, libc::SIGTERM);
    }
    wait_for("idle gone on SIGTERM", Duration::from_secs(5), || idle.0.try_wait().ok().flatten().is_some());
    assert!(log_of(home.path()).contains("idle: stopped"));
    // The X saver's timeout it borrowed is the user's again (Xvfb's default, 600 s).
    let q = Command::new("xset").env("DISPLAY", &x.display).arg("q").output().expect("xset q");
    let q = String::from_utf8_lossy(&q.stdout);
    assert!(q.lines().any(|l| l.trim_start().starts_with("timeout:") && l.split_whitespace().nth(1) == Some("600")), "{q}");
}

#[test]
fn a_client_that_suspends_the_x_saver_keeps_idle_from_starting_it() {
    use x11rb::connection::Connection;
    use x11rb::protocol::screensaver::ConnectionExt;
    let x = XServer::start(400, 300);
    let home = hosted_home("idle-suspended", &None, "");
    // A video player's way of saying "do not blank": ScreenSaverSuspend, held by its connection.
    let (player, _) = x11rb::connect(Some(&x.display)).expect("connect");
    player.screensaver_query_version(1, 1).expect("query").reply().expect("MIT-SCREEN-SAVER");
    player.screensaver_suspend(1).expect("suspend");
    player.flush().expect("flush");
    let _idle = start_idle(&x, home.path(), "1");
    wait_for("idle waiting", Duration::from_secs(20), || log_of(home.path()).contains("idle: the screensaver starts after 1 s"));
    std::thread::sleep(Duration::from_secs(4));
    assert!(!log_of(home.path()).contains("starting the screensaver"), "started while a client held the X saver off");
    drop(player); // the player ends: the suspension goes with its connection
    wait_for("the saver started once nothing holds it off", Duration::from_secs(15), || log_of(home.path()).contains("starting the screensaver"));
}

/// `srpss idle` on Wayland: sway 1.7 offers org_kde_kwin_idle (not ext-idle-notify-v1); the
/// saver starts after the idle time, a key ends it, and idle starts it again after the next
/// idle time; SIGTERM ends idle.
#[test]
fn idle_on_wayland_starts_the_saver_through_the_compositors_idle_notification() {
    let user = host_user();
    let sway = Sway::start("sway-idle", &user);
    let home = hosted_home("sway-idle-home", &user, "[timing]\ninterval = 3600\n");
    let (_bin_dir, bin) = host_binary(&user, "sway-idle");
    let mut c = as_host_user(&user, &bin);
    sway.env(&mut c);
    c.env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("SRPSS_WIDGETS", "0");
    let mut idle = Reaped(c.args(["idle", "--after", "2"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("srpss idle"));
    let idle_pid = program_pid(&idle.0, &user);
    wait_for("idle on the compositor's notification", Duration::from_secs(20), || log_of(home.path()).contains("idle: the Wayland compositor tells idle time (org_kde_kwin_idle)"));
    wait_for("the saver started on idle", Duration::from_secs(20), || log_of(home.path()).contains("starting the screensaver"));
    wait_for("its first photo", Duration::from_secs(60), || log_of(home.path()).contains("first photo on screen"));
    let pid = ui_pid_of_run(home.path());
    let _ = sway.tool("wtype", &["-s", "1500", "-k", "space"]);
    wait_for("the saver gone after a key", Duration::from_secs(10), || !alive(pid));
    wait_for("idle waiting again", Duration::from_secs(10), || log_of(home.path()).contains("waiting for idle again"));
    wait_for("started again after the next idle time", Duration::from_secs(20), || log_of(home.path()).matches("starting the screensaver").count() >= 2);
    // SAFETY: a valid signal to the idle process.
    unsafe {
        libc::kill(idle_pid as i32, libc::SIGTERM);
    }
    wait_for("idle gone on SIGTERM", Duration::from_secs(5), || idle.0.try_wait().ok().flatten().is_some());
    let log = log_of(home.path());
    assert!(log.contains("idle: stopped"), "{log}");
    wait_for("the saver it ran gone with it", Duration::from_secs(5), || worker_pids(&log_of(home.path())).iter().all(|w| !alive(*w)));
}
