//! Test helpers (feature `testutil`): a private D-Bus session bus (a real `dbus-daemon`) and an
//! MPRIS player served on it from this process, whose state a test sets and whose button
//! presses it reads back; or one that takes its name and never answers.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use zbus::zvariant::{OwnedValue, Value};

/// A `dbus-daemon --session` of the test's own; killed on drop.
pub struct SessionBus {
    child: Child,
    pub address: String,
}

impl SessionBus {
    pub fn start() -> std::io::Result<Self> {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let address = line.trim().to_string();
        if address.is_empty() {
            let _ = child.kill();
            return Err(std::io::Error::other("dbus-daemon printed no address"));
        }
        Ok(SessionBus { child, address })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the test player shows and what was done to it.
#[derive(Debug, Clone)]
pub struct PlayerState {
    pub identity: String,
    pub playback: String,
    pub title: String,
    pub artists: Vec<String>,
    pub album: String,
    pub art_url: String,
    pub volume: f64,
    /// Method calls received, in order ("PlayPause", "Next", "Previous", "Volume=0.5").
    pub calls: Vec<String>,
}

impl PlayerState {
    pub fn playing(identity: &str, title: &str, artist: &str) -> Self {
        PlayerState {
            identity: identity.into(),
            playback: "Playing".into(),
            title: title.into(),
            artists: vec![artist.into()],
            album: "Album".into(),
            art_url: String::new(),
            volume: 0.5,
            calls: Vec::new(),
        }
    }
}

type Shared = Arc<Mutex<PlayerState>>;

fn with<T>(s: &Shared, f: impl FnOnce(&mut PlayerState) -> T) -> T {
    match s.lock() {
        Ok(mut g) => f(&mut g),
        Err(p) => f(&mut p.into_inner()),
    }
}

struct Root(Shared);

#[zbus::interface(name = "org.mpris.MediaPlayer2")]
impl Root {
    #[zbus(property)]
    fn identity(&self) -> String {
        with(&self.0, |s| s.identity.clone())
    }
    #[zbus(property)]
    fn can_quit(&self) -> bool {
        false
    }
    #[zbus(property)]
    fn can_raise(&self) -> bool {
        false
    }
    #[zbus(property)]
    fn has_track_list(&self) -> bool {
        false
    }
}

struct Player(Shared);

#[zbus::interface(name = "org.mpris.MediaPlayer2.Player")]
impl Player {
    fn play_pause(&self) {
        with(&self.0, |s| {
            s.playback = if s.playback == "Playing" { "Paused".into() } else { "Playing".into() };
            s.calls.push("PlayPause".into());
        });
    }
    fn next(&self) {
        with(&self.0, |s| s.calls.push("Next".into()));
    }
    fn previous(&self) {
        with(&self.0, |s| s.calls.push("Previous".into()));
    }
    #[zbus(property)]
    fn playback_status(&self) -> String {
        with(&self.0, |s| s.playback.clone())
    }
    #[zbus(property)]
    fn metadata(&self) -> HashMap<String, OwnedValue> {
        let s = with(&self.0, |s| s.clone());
        let mut m = HashMap::new();
        let mut put = |k: &str, v: Value<'_>| {
            if let Ok(o) = OwnedValue::try_from(v) {
                m.insert(k.to_string(), o);
            }
        };
        put("xesam:title", Value::from(s.title));
        put("xesam:artist", Value::from(s.artists));
        put("xesam:album", Value::from(s.album));
        if !s.art_url.is_empty() {
            put("mpris:artUrl", Value::from(s.art_url));
        }
        put("mpris:length", Value::from(180_000_000i64));
        m
    }
    #[zbus(property)]
    fn volume(&self) -> f64 {
        with(&self.0, |s| s.volume)
    }
    #[zbus(property)]
    fn set_volume(&mut self, v: f64) {
        with(&self.0, |s| {
            s.volume = v;
            s.calls.push(format!("Volume={v:.2}"));
        });
    }
    #[zbus(property)]
    fn position(&self) -> i64 {
        42_000_000
    }
    #[zbus(property)]
    fn can_go_next(&self) -> bool {
        true
    }
    #[zbus(property)]
    fn can_go_previous(&self) -> bool {
        true
    }
    #[zbus(property)]
    fn can_play(&self) -> bool {
        true
    }
    #[zbus(property)]
    fn can_pause(&self) -> bool {
        true
    }
    #[zbus(property)]
    fn can_control(&self) -> bool {
        true
    }
}

/// A player that owns its name but never answers a property read.
struct Silent;

#[zbus::interface(name = "org.mpris.MediaPlayer2.Player")]
impl Silent {
    #[zbus(property)]
    async fn playback_status(&self) -> String {
        std::future::pending::<()>().await;
        String::new()
    }
}

/// An MPRIS player on the bus at `address` named `org.mpris.MediaPlayer2.<suffix>`; gone
/// from the bus when dropped.
pub struct TestPlayer {
    _conn: zbus::blocking::Connection,
    pub state: Shared,
}

impl TestPlayer {
    pub fn start(address: &str, suffix: &str, state: PlayerState) -> zbus::Result<Self> {
        let state = Arc::new(Mutex::new(state));
        let conn = zbus::blocking::connection::Builder::address(address)?
            .name(format!("org.mpris.MediaPlayer2.{suffix}"))?
            .serve_at("/org/mpris/MediaPlayer2", Root(state.clone()))?
            .serve_at("/org/mpris/MediaPlayer2", Player(state.clone()))?
            .build()?;
        Ok(TestPlayer { _conn: conn, state })
    }

    /// A player that takes its name and never answers.
    pub fn start_silent(address: &str, suffix: &str) -> zbus::Result<Self> {
        let state = Arc::new(Mutex::new(PlayerState::playing("Silent", "", "")));
        let conn = zbus::blocking::connection::Builder::address(address)?
            .name(format!("org.mpris.MediaPlayer2.{suffix}"))?
            .serve_at("/org/mpris/MediaPlayer2", Silent)?
            .build()?;
        Ok(TestPlayer { _conn: conn, state })
    }

    pub fn set(&self, f: impl FnOnce(&mut PlayerState)) {
        with(&self.state, f);
    }

    pub fn calls(&self) -> Vec<String> {
        with(&self.state, |s| s.calls.clone())
    }
}
