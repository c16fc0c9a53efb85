//! `srpss idle --after SECONDS`: for a desktop with no screensaver host. Waits until the session
//! has had no input for that long, runs the screensaver (`srpss run`, the same profile and
//! settings file) until it exits, and waits again. SIGTERM/SIGINT end it, and the screensaver
//! with it.
//!
//! On X11 through the X server's own saver, as xss-lock does: its timeout is set to SECONDS
//! while we run (the old settings come back when we stop) and the screensaver starts when the
//! server's saver turns on. That is the only way to honour a client that suspended it (a video
//! player calling `XScreenSaverSuspend`): the suspension is invisible in the idle time the
//! MIT-SCREEN-SAVER extension reports, but the server's saver does not turn on under it.
//! On Wayland (`WAYLAND_DISPLAY` set) through the compositor's idle notifications
//! (`wayland.rs`).

#[cfg(target_os = "linux")]
mod wayland;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
// Elsewhere than Linux only `NoX11` and `Start` can happen.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub enum IdleError {
    #[error("srpss idle needs an X11 or Wayland session: {0}")]
    NoX11(String),
    #[error("the Wayland compositor: {0}")]
    Wayland(String),
    #[error("the Wayland compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle; use its own idle daemon (swayidle: `srpss install --user --swayidle`)")]
    NoWaylandIdle,
    #[error("the X server has no MIT-SCREEN-SAVER extension to tell the idle time")]
    NoExtension,
    #[error("cannot start the screensaver: {0}")]
    Start(std::io::Error),
}

/// How often the idle time is read while waiting.
const LOOK: Duration = Duration::from_millis(500);

/// What the X server says about input and its own saver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleState {
    pub since_input: Duration,
    /// The server's saver turned on (its timeout passed and no client suspends it).
    pub saver_on: bool,
}

/// Whether to start the screensaver now: the server's saver turned on after our idle time.
pub fn due(state: IdleState, after: Duration) -> bool {
    state.saver_on && state.since_input >= after
}

/// Who says the session is idle.
enum Watch {
    X(Box<XIdle>),
    #[cfg(target_os = "linux")]
    Wayland(wayland::WaylandIdle),
}

impl Watch {
    fn connect(after: Duration) -> Result<Self, IdleError> {
        #[cfg(target_os = "linux")]
        if std::env::var_os("WAYLAND_DISPLAY").is_some() {
            let w = wayland::WaylandIdle::connect(after)?;
            log::info!("idle: the Wayland compositor tells idle time ({})", w.protocol.name());
            return Ok(Watch::Wayland(w));
        }
        XIdle::connect(after).map(|x| Watch::X(Box::new(x)))
    }

    /// Waits a moment; Some(how long without input) if the screensaver is due now.
    fn due_now(&mut self, after: Duration) -> Result<Option<Duration>, IdleError> {
        match self {
            Watch::X(x) => {
                let state = x.state();
                if let Some(s) = state.filter(|s| due(*s, after)) {
                    return Ok(Some(s.since_input));
                }
                std::thread::sleep(LOOK);
                Ok(None)
            }
            #[cfg(target_os = "linux")]
            Watch::Wayland(w) => Ok(w.idle(LOOK)?.then_some(after)),
        }
    }

    /// The screensaver ended (on input): the idle time starts again from there.
    fn rearm(&mut self) {
        match self {
            Watch::X(_) => std::thread::sleep(LOOK),
            #[cfg(target_os = "linux")]
            Watch::Wayland(w) => w.rearm(),
        }
    }

    fn restore(&self) {
        match self {
            Watch::X(x) => x.restore(),
            #[cfg(target_os = "linux")]
            Watch::Wayland(_) => {}
        }
    }
}

pub fn run(after: Duration, profile: srpss_core::settings::Profile, config: Option<&Path>) -> Result<(), IdleError> {
    let mut watch = Watch::connect(after)?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        log::warn!("cannot handle SIGTERM/SIGINT ({e})");
    }
    log::info!("idle: the screensaver starts after {} s without input", after.as_secs_f32());
    let result = watch_and_run(&mut watch, after, &stop, profile, config);
    watch.restore();
    log::info!("idle: stopped");
    result
}

fn watch_and_run(watch: &mut Watch, after: Duration, stop: &AtomicBool, profile: srpss_core::settings::Profile, config: Option<&Path>) -> Result<(), IdleError> {
    while !stop.load(Ordering::SeqCst) {
        let Some(since) = watch.due_now(after)? else { continue };
        log::info!("idle: no input for {} s; starting the screensaver", since.as_secs());
        let mut cmd = std::process::Command::new(std::env::current_exe().map_err(IdleError::Start)?);
        cmd.args(["--profile", profile.name()]);
        if let Some(p) = config {
            cmd.arg("--config").arg(p);
        }
        let mut child = cmd.arg("run").spawn().map_err(IdleError::Start)?;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                log::info!("idle: the screensaver ended ({status}); waiting for idle again");
                break;
            }
            if stop.load(Ordering::SeqCst) {
                // SAFETY: a signal to our own child.
                #[cfg(unix)]
                unsafe {
                    libc::kill(child.id() as i32, libc::SIGTERM);
                }
                let _ = child.wait(); // it exits within a second on SIGTERM
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        watch.rearm();
    }
    Ok(())
}

struct XIdle {
    #[cfg(target_os = "linux")]
    conn: x11rb::rust_connection::RustConnection,
    #[cfg(target_os = "linux")]
    root: u32,
    /// The server's saver settings before ours, put back by `restore`.
    #[cfg(target_os = "linux")]
    old: Option<x11rb::protocol::xproto::GetScreenSaverReply>,
}

impl XIdle {
    #[cfg(target_os = "linux")]
    fn connect(after: Duration) -> Result<Self, IdleError> {
        use x11rb::connection::Connection;
        use x11rb::protocol::screensaver::ConnectionExt as _;
        use x11rb::protocol::xproto::{Blanking, ConnectionExt as _, Exposures};
        if std::env::var_os("DISPLAY").is_none() {
            return Err(IdleError::NoX11("DISPLAY is not set".into()));
        }
        let (conn, screen) = x11rb::connect(None).map_err(|e| IdleError::NoX11(e.to_string()))?;
        let root = conn.setup().roots.get(screen).map(|r| r.root).ok_or_else(|| IdleError::NoX11(format!("no screen {screen}")))?;
        conn.screensaver_query_version(1, 1).ok().and_then(|c| c.reply().ok()).ok_or(IdleError::NoExtension)?;
        let old = conn.get_screen_saver().ok().and_then(|c| c.reply().ok());
        let timeout = i16::try_from(after.as_secs().max(1)).unwrap_or(i16::MAX);
        let set = conn.set_screen_saver(timeout, old.as_ref().map_or(0, |o| o.interval as i16), Blanking::DEFAULT, Exposures::DEFAULT).is_ok();
        if !set || conn.flush().is_err() {
            return Err(IdleError::NoX11("cannot set the X screen saver's timeout".into()));
        }
        Ok(Self { conn, root, old })
    }

    /// Puts the server's saver settings back as they were.
    #[cfg(target_os = "linux")]
    fn restore(&self) {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::ConnectionExt as _;
        if let Some(o) = &self.old {
            let _ = self.conn.set_screen_saver(o.timeout as i16, o.interval as i16, o.prefer_blanking, o.allow_exposures);
            let _ = self.conn.flush(); // the server may be gone; nothing to put back then
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn restore(&self) {}

    #[cfg(not(target_os = "linux"))]
    fn connect(_after: Duration) -> Result<Self, IdleError> {
        Err(IdleError::NoX11("not an X11 system".into()))
    }

    /// None if the server did not answer (then nothing starts).
    #[cfg(target_os = "linux")]
    fn state(&self) -> Option<IdleState> {
        use x11rb::protocol::screensaver::{ConnectionExt as _, State};
        let info = self.conn.screensaver_query_info(self.root).ok()?.reply().ok()?;
        let saver_on = State::from(info.state) == State::ON;
        Some(IdleState { since_input: Duration::from_millis(u64::from(info.ms_since_user_input)), saver_on })
    }

    #[cfg(not(target_os = "linux"))]
    fn state(&self) -> Option<IdleState> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_when_the_servers_saver_turns_on_after_the_idle_time() {
        let after = Duration::from_secs(3);
        let at = |s: u64, saver_on| IdleState { since_input: Duration::from_secs(s), saver_on };
        assert!(!due(at(2, false), after));
        assert!(due(at(3, true), after));
        assert!(!due(at(600, false), after), "a video player suspended the X saver: it never turned on");
        assert!(!due(at(2, true), after), "on from an earlier, shorter timeout");
    }
}
