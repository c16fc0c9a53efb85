//! MPRIS over the D-Bus session bus: every `org.mpris.MediaPlayer2.*` name is a player. Each
//! poll lists the names, reads each player's properties (one `GetAll`, 2 s timeout), chooses
//! one ([`crate::pick`]) and reads its metadata. A player that does not answer in time is left
//! out for 30 s and named once in the log; the others carry on.

use crate::pick::{Candidate, Chooser};
use crate::source::{MediaError, MediaSource};
use srpss_core::media::{clip_text, NowPlaying, Playback, Transport};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use zbus::blocking::fdo::{DBusProxy, PropertiesProxy};
use zbus::blocking::Connection;
use zbus::names::InterfaceName;
use zbus::zvariant::{OwnedValue, Value};

pub const BUS_PREFIX: &str = "org.mpris.MediaPlayer2.";
pub const OBJECT_PATH: &str = "/org/mpris/MediaPlayer2";
pub const ROOT_INTERFACE: &str = "org.mpris.MediaPlayer2";
pub const PLAYER_INTERFACE: &str = "org.mpris.MediaPlayer2.Player";
/// Every call's limit.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a player that timed out is left out.
const LEFT_OUT_FOR: Duration = Duration::from_secs(30);

pub struct Mpris {
    conn: Connection,
    pin: String,
    chooser: Chooser,
    left_out: HashMap<String, Instant>,
    identities: HashMap<String, String>,
}

type Props = HashMap<String, OwnedValue>;

fn text(v: &Value<'_>) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.as_str().to_string()),
        Value::ObjectPath(p) => Some(p.as_str().to_string()),
        Value::Value(inner) => text(inner),
        _ => None,
    }
}

fn texts(v: &Value<'_>) -> Vec<String> {
    match v {
        Value::Array(a) => a.inner().iter().filter_map(text).collect(),
        Value::Value(inner) => texts(inner),
        other => text(other).into_iter().collect(),
    }
}

fn number(v: &Value<'_>) -> Option<f64> {
    match v {
        Value::F64(x) => Some(*x),
        Value::I64(x) => Some(*x as f64),
        Value::U64(x) => Some(*x as f64),
        Value::I32(x) => Some(*x as f64),
        Value::U32(x) => Some(*x as f64),
        Value::Value(inner) => number(inner),
        _ => None,
    }
}

fn flag(props: &Props, key: &str) -> bool {
    matches!(props.get(key).map(|v| &**v), Some(Value::Bool(true)))
}

fn playback(props: &Props) -> Playback {
    match props.get("PlaybackStatus").and_then(|v| text(v)).as_deref() {
        Some("Playing") => Playback::Playing,
        Some("Paused") => Playback::Paused,
        _ => Playback::Stopped,
    }
}

/// Metadata (`a{sv}`) → title, artists, album, art URL, length.
fn metadata(props: &Props, out: &mut NowPlaying) {
    let Some(Value::Dict(d)) = props.get("Metadata").map(|v| &**v) else { return };
    for (k, v) in d.iter() {
        let Some(key) = text(k) else { continue };
        match key.as_str() {
            "xesam:title" => out.title = clip_text(&text(v).unwrap_or_default()),
            "xesam:artist" => out.artist = clip_text(&texts(v).join(", ")),
            "xesam:album" => out.album = clip_text(&text(v).unwrap_or_default()),
            "mpris:artUrl" => out.art_url = text(v).unwrap_or_default(),
            "mpris:length" => out.length_us = number(v).map(|n| n as i64),
            _ => {}
        }
    }
}

fn timed_out(e: &zbus::Error, took: Duration) -> bool {
    matches!(e, zbus::Error::InputOutput(io) if io.kind() == std::io::ErrorKind::TimedOut) || took + Duration::from_millis(100) >= CALL_TIMEOUT
}

impl Mpris {
    /// On the session bus (`DBUS_SESSION_BUS_ADDRESS`).
    pub fn connect(pin: &str) -> Result<Self, MediaError> {
        Self::on(zbus::blocking::connection::Builder::session(), pin)
    }

    /// On the bus at `address`.
    pub fn connect_to(address: &str, pin: &str) -> Result<Self, MediaError> {
        Self::on(zbus::blocking::connection::Builder::address(address), pin)
    }

    fn on(builder: zbus::Result<zbus::blocking::connection::Builder<'_>>, pin: &str) -> Result<Self, MediaError> {
        let conn = builder.and_then(|b| b.method_timeout(CALL_TIMEOUT).build()).map_err(|e| MediaError::NoBus(e.to_string()))?;
        Ok(Mpris { conn, pin: pin.to_string(), chooser: Chooser::default(), left_out: HashMap::new(), identities: HashMap::new() })
    }

    fn player_names(&self) -> Result<Vec<String>, MediaError> {
        let dbus = DBusProxy::new(&self.conn).map_err(|e| MediaError::NoBus(e.to_string()))?;
        let names = dbus.list_names().map_err(|e| MediaError::NoBus(e.to_string()))?;
        let mut out: Vec<String> = names.into_iter().map(|n| n.to_string()).filter(|n| n.starts_with(BUS_PREFIX)).collect();
        out.sort();
        Ok(out)
    }

    fn properties(&self, bus: &str) -> Result<PropertiesProxy<'_>, zbus::Error> {
        PropertiesProxy::builder(&self.conn).destination(bus.to_string())?.path(OBJECT_PATH)?.cache_properties(zbus::proxy::CacheProperties::No).build()
    }

    /// One player's Player properties; a timeout leaves it out for a while.
    fn read(&mut self, bus: &str, interface: &str) -> Result<Props, MediaError> {
        let started = Instant::now();
        let result = self.properties(bus).and_then(|p| {
            let iface = InterfaceName::try_from(interface.to_string()).map_err(zbus::Error::from)?;
            p.get_all(iface).map_err(zbus::Error::from)
        });
        result.map_err(|e| {
            if timed_out(&e, started.elapsed()) {
                log::warn!("[MEDIA] player {bus} did not answer within {} s; left out for {} s", CALL_TIMEOUT.as_secs(), LEFT_OUT_FOR.as_secs());
                self.left_out.insert(bus.to_string(), Instant::now());
                MediaError::Timeout(bus.to_string())
            } else {
                MediaError::Player { player: bus.to_string(), message: e.to_string() }
            }
        })
    }

    fn identity(&mut self, bus: &str) -> String {
        if let Some(n) = self.identities.get(bus) {
            return n.clone();
        }
        let fallback = bus.trim_start_matches(BUS_PREFIX).split('.').next().unwrap_or(bus).to_string();
        let name = self.read(bus, ROOT_INTERFACE).ok().and_then(|p| p.get("Identity").and_then(|v| text(v))).unwrap_or(fallback);
        self.identities.insert(bus.to_string(), name.clone());
        name
    }

    fn call(&self, bus: &str, method: &str) -> Result<(), MediaError> {
        self.conn
            .call_method(Some(bus), OBJECT_PATH, Some(PLAYER_INTERFACE), method, &())
            .map(|_| ())
            .map_err(|e| MediaError::Player { player: bus.to_string(), message: e.to_string() })
    }
}

impl MediaSource for Mpris {
    fn now_playing(&mut self) -> Result<Option<NowPlaying>, MediaError> {
        let names = self.player_names()?;
        self.left_out.retain(|_, since| since.elapsed() < LEFT_OUT_FOR);
        self.identities.retain(|bus, _| names.contains(bus));
        let mut seen: Vec<(Candidate, Props)> = Vec::new();
        let asked: Vec<String> = names.iter().filter(|n| !self.left_out.contains_key(*n)).cloned().collect();
        for bus in &asked {
            match self.read(bus, PLAYER_INTERFACE) {
                Ok(props) => {
                    let name = self.identity(bus);
                    seen.push((Candidate { id: bus.clone(), name, playback: playback(&props) }, props));
                }
                Err(e) => log::debug!("{e}"),
            }
        }
        let candidates: Vec<Candidate> = seen.iter().map(|(c, _)| c.clone()).collect();
        let Some(i) = self.chooser.choose(&candidates, &self.pin) else { return Ok(None) };
        let (c, props) = &seen[i];
        let mut now = NowPlaying {
            player: c.name.clone(),
            id: c.id.clone(),
            playback: c.playback,
            can_go_previous: flag(props, "CanGoPrevious"),
            can_go_next: flag(props, "CanGoNext"),
            can_play_pause: flag(props, "CanPlay") || flag(props, "CanPause"),
            volume: props.get("Volume").and_then(|v| number(v)).filter(|_| flag(props, "CanControl")).map(|v| v.clamp(0.0, 1.0)),
            position_us: props.get("Position").and_then(|v| number(v)).map(|n| n as i64),
            ..NowPlaying::default()
        };
        metadata(props, &mut now);
        Ok(Some(now))
    }

    fn transport(&mut self, id: &str, button: Transport) -> Result<(), MediaError> {
        let method = match button {
            Transport::Previous => "Previous",
            Transport::PlayPause => "PlayPause",
            Transport::Next => "Next",
        };
        self.call(id, method)
    }

    fn set_volume(&mut self, id: &str, volume: f64) -> Result<(), MediaError> {
        let props = self.properties(id).map_err(|e| MediaError::Player { player: id.to_string(), message: e.to_string() })?;
        let iface = InterfaceName::from_static_str_unchecked(PLAYER_INTERFACE);
        props.set(iface, "Volume", Value::from(volume.clamp(0.0, 1.0))).map_err(|e| MediaError::Player { player: id.to_string(), message: e.to_string() })
    }
}
