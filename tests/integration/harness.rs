//! Test harness: temporary homes, generated photos, X servers (Xvfb, Xorg dummy), screenshots, image diffs.

use image::{Rgb, RgbImage};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SRPSS: &str = env!("CARGO_BIN_EXE_srpss");

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let d = std::env::temp_dir().join(format!("srpss-it-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d); // may not exist
        std::fs::create_dir_all(&d).expect("create temp dir");
        Self(d)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0); // best-effort cleanup
    }
}

/// `srpss` with its config, state and home pointed into `home`, so tests never touch the user's.
pub fn srpss(home: &Path) -> Command {
    let mut c = Command::new(SRPSS);
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("XDG_PICTURES_DIR")
        .env_remove("SRPSS_PERF_METRICS")
        // Photo-only frames: the widget tests turn them back on.
        .env("SRPSS_WIDGETS", "0");
    c
}

/// A photo-like test picture: diagonal gradient, a disc, stripes, and a marker colour in the
/// top-left corner so orientation and cropping are visible.
pub fn test_photo(w: u32, h: u32, tint: [u8; 3]) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let (cx, cy) = (fx - 0.5, (fy - 0.5) * h as f32 / w as f32);
        if x < w / 8 && y < h / 8 {
            return Rgb([255, 0, 255]);
        }
        if (cx * cx + cy * cy).sqrt() < 0.15 {
            return Rgb([250, 220, 40]);
        }
        if (x / (w / 16).max(1)).is_multiple_of(2) && fy > 0.8 {
            return Rgb([20, 20, 20]);
        }
        let mix = |a: u8, k: f32| ((a as f32) * (0.4 + 0.6 * k)) as u8;
        Rgb([mix(tint[0], fx), mix(tint[1], fy), mix(tint[2], 1.0 - fx)])
    })
}

/// Mean and maximum absolute channel difference; panics if sizes differ.
pub fn diff(a: &RgbImage, b: &RgbImage) -> (f64, u8) {
    assert_eq!(a.dimensions(), b.dimensions(), "image sizes differ");
    let (mut sum, mut max) = (0u64, 0u8);
    for (p, q) in a.as_raw().iter().zip(b.as_raw()) {
        let d = p.abs_diff(*q);
        sum += u64::from(d);
        max = max.max(d);
    }
    (sum as f64 / a.as_raw().len() as f64, max)
}

pub fn load_rgb(path: &Path) -> RgbImage {
    image::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display())).to_rgb8()
}

/// Runs `srpss render` and returns the image it wrote.
pub fn render(home: &Path, args: &[&str]) -> RgbImage {
    let out = home.join(format!("render-{}.png", args.join("_").replace(['/', ' '], "-")));
    let o = srpss(home).arg("render").args(args).arg("-o").arg(&out).output().expect("run srpss render");
    assert!(o.status.success(), "render {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    load_rgb(&out)
}

/// An X server for one test, on a display number of its own choosing; killed on drop.
pub struct XServer {
    child: Child,
    pub display: String,
    _dir: Option<TempDir>,
}

/// Reads the display number an X server started with `-displayfd 1` writes.
fn displayfd(child: &mut Child, what: &str) -> String {
    let mut line = String::new();
    let stdout = child.stdout.take().expect("piped stdout");
    BufReader::new(stdout).read_line(&mut line).unwrap_or_else(|e| panic!("{what} reports its display: {e}"));
    assert!(line.trim().parse::<u32>().is_ok(), "{what} said {line:?}");
    format!(":{}", line.trim())
}

impl XServer {
    /// Xvfb with one monitor of this size.
    pub fn start(width: u32, height: u32) -> Self {
        let mut child = Command::new("Xvfb")
            .args(["-screen", "0", &format!("{width}x{height}x24"), "-nolisten", "tcp", "-displayfd", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb must be installed (bash scripts/deps.sh test)");
        let display = displayfd(&mut child, "Xvfb");
        Self { child, display, _dir: None }
    }

    /// Xorg with the dummy video driver and two monitors side by side, as RandR reports real
    /// ones (Xvfb has a single output): `left` at 0,0 and `right` at (left width, 0).
    pub fn two_monitors(left: (u32, u32), right: (u32, u32)) -> Self {
        let dir = TempDir::new("xorg-dummy");
        let conf = dir.path().join("xorg.conf");
        let (w, h) = (left.0 + right.0, left.1.max(right.1));
        // The virtual size bounds the framebuffer; the server starts smaller and xrandr grows it.
        let (vw, vh) = (w.max(2048), h.max(2048));
        std::fs::write(
            &conf,
            format!(
                "Section \"Device\"\n Identifier \"d\"\n Driver \"dummy\"\n VideoRam 256000\nEndSection\n\
                 Section \"Monitor\"\n Identifier \"m\"\n HorizSync 5.0-1000.0\n VertRefresh 5.0-200.0\nEndSection\n\
                 Section \"Screen\"\n Identifier \"s\"\n Device \"d\"\n Monitor \"m\"\n DefaultDepth 24\n\
                 SubSection \"Display\"\n Depth 24\n Virtual {vw} {vh}\n EndSubSection\nEndSection\n"
            ),
        )
        .expect("write xorg.conf");
        let mut child = Command::new("Xorg")
            .args(["-config"])
            .arg(&conf)
            .arg("-logfile")
            .arg(dir.path().join("xorg.log"))
            .args(["-noreset", "-nolisten", "tcp", "-displayfd", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xorg must be installed (bash scripts/deps.sh test)");
        let display = displayfd(&mut child, "Xorg");
        let x = Self { child, display, _dir: Some(dir) };
        let mut layout = vec!["--fb".to_string(), format!("{w}x{h}")];
        for (output, (mw, mh), at) in [("DUMMY0", left, "0x0".to_string()), ("DUMMY1", right, format!("{}x0", left.0))] {
            let mode = format!("srpss{mw}x{mh}");
            // A CVT-like timing; the dummy driver accepts any within the Monitor ranges.
            let timing = [
                format!("{}", mw * mh * 60 / 1_000_000 + 1),
                mw.to_string(), (mw + 48).to_string(), (mw + 80).to_string(), (mw + 160).to_string(),
                mh.to_string(), (mh + 3).to_string(), (mh + 7).to_string(), (mh + 30).to_string(),
            ];
            x.xrandr(&[&["--newmode", &mode][..], &timing.iter().map(String::as_str).collect::<Vec<_>>()].concat());
            x.xrandr(&["--addmode", output, &mode]);
            layout.extend(["--output", output, "--mode", &mode, "--pos", &at].map(String::from));
        }
        x.xrandr(&layout.iter().map(String::as_str).collect::<Vec<_>>());
        x
    }

    fn xrandr(&self, args: &[&str]) {
        let status = Command::new("xrandr").env("DISPLAY", &self.display).args(args).status().expect("xrandr must be installed");
        assert!(status.success(), "xrandr {args:?} failed");
    }

    /// A PNG screenshot of the whole screen.
    pub fn screenshot(&self, out: &Path) -> RgbImage {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(format!("png:{}", out.display()))
            .status()
            .expect("ImageMagick import must be installed");
        assert!(status.success(), "screenshot failed");
        load_rgb(out)
    }

    pub fn xdotool(&self, args: &[&str]) {
        let status = Command::new("xdotool").env("DISPLAY", &self.display).args(args).status().expect("xdotool must be installed");
        assert!(status.success(), "xdotool {args:?} failed");
    }
}

impl Drop for XServer {
    fn drop(&mut self) {
        let _ = self.child.kill(); // it may have died already
        let _ = self.child.wait();
    }
}

/// A running `srpss run` on a test X server.
pub struct Saver {
    pub child: Child,
    log: PathBuf,
}

impl Saver {
    pub fn start(x: &XServer, home: &Path, config: &str) -> Self {
        Self::start_with_env(x, home, config, &[])
    }

    pub fn start_with_env(x: &XServer, home: &Path, config: &str, env: &[(&str, &str)]) -> Self {
        let cfg = home.join("test-settings.toml");
        std::fs::write(&cfg, config).expect("write settings");
        let child = srpss(home)
            .envs(env.iter().copied())
            .env("DISPLAY", &x.display)
            .env("SLINT_SCALE_FACTOR", "1")
            .env_remove("WAYLAND_DISPLAY")
            .args(["run", "--config"])
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start srpss run");
        Self { child, log: home.join("state/srpss/srpss.log") }
    }

    /// `srpss run` as a new user starts it: no settings file, every widget as the defaults
    /// have it; `env` points the widgets' fetches at loopback addresses.
    pub fn start_fresh(x: &XServer, home: &Path, env: &[(&str, &str)]) -> Self {
        let child = srpss(home)
            .env_remove("SRPSS_WIDGETS")
            .envs(env.iter().copied())
            .env("DISPLAY", &x.display)
            .env("SLINT_SCALE_FACTOR", "1")
            .env_remove("WAYLAND_DISPLAY")
            .arg("run")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start srpss run");
        Self { child, log: home.join("state/srpss/srpss.log") }
    }

    /// The UI process's resident memory in MiB (from /proc).
    pub fn rss_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok()).map_or(0, |kib| kib / 1024)
    }

    /// The pid of `kind`'s worker generation `generation`, from the `[HEALTH]` line that
    /// announces it.
    pub fn worker_pid(&mut self, kind: &str, generation: u64, timeout: Duration) -> u32 {
        let needle = format!("{kind} worker started: generation {generation}, pid ");
        self.wait_log(&needle, 1, timeout);
        let log = self.log_text();
        let rest = log.split(&needle).nth(1).unwrap_or_default();
        rest.split_whitespace().next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no pid in {rest:?}"))
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until the log contains `needle` `count` times; panics after `timeout`.
    pub fn wait_log(&mut self, needle: &str, count: usize, timeout: Duration) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.log_text().matches(needle).count() >= count {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("srpss exited ({status}) before logging {needle:?}:\n{}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("no {needle:?} within {timeout:?}:\n{}", self.log_text());
    }

    /// The exit status if it exits within `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.child.kill(); // normally it has exited already
        let _ = self.child.wait();
    }
}

/// A real HTTP server on 127.0.0.1 answering each path that starts with one of `routes`'
/// prefixes with its content type and body, and 404 otherwise. Runs until the test ends.
pub fn http_server(routes: Vec<(&'static str, &'static str, String)>) -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            while reader.read_line(&mut String::new()).is_ok_and(|n| n > 2) {}
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let reply = match routes.iter().find(|(prefix, _, _)| path.starts_with(prefix)) {
                Some((_, kind, body)) => format!("HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    base
}
