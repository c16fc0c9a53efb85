//! The X server's own screen saver while our windows are up: reset once they are mapped (an
//! idle launcher such as xss-lock starts us exactly when it activated, and it can keep our
//! windows blanked), then suspended until we exit (MIT-SCREEN-SAVER `ScreenSaverSuspend`,
//! which the server lifts by itself when our connection closes, even on a crash). DPMS is left
//! to the desktop.

/// Holds the suspension while it lives.
pub struct XSaverHold {
    #[cfg(target_os = "linux")]
    _conn: x11rb::rust_connection::RustConnection,
}

impl XSaverHold {
    /// Resets and suspends the X saver; None where there is no X display (Wayland, Windows) or
    /// the server lacks the extension (then only the reset is done).
    #[cfg(target_os = "linux")]
    pub fn take() -> Option<Self> {
        use x11rb::connection::Connection;
        use x11rb::protocol::screensaver::ConnectionExt as _;
        use x11rb::protocol::xproto::{ConnectionExt as _, ScreenSaver};
        if std::env::var_os("DISPLAY").is_none() || std::env::var_os("WAYLAND_DISPLAY").is_some() {
            return None;
        }
        let (conn, _) = x11rb::connect(None).map_err(|e| log::debug!("X saver not reset: {e}")).ok()?;
        if let Err(e) = conn.force_screen_saver(ScreenSaver::RESET).map(|_| ()) {
            log::warn!("cannot reset the X screen saver: {e}");
        }
        let suspended = conn.screensaver_query_version(1, 1).ok().and_then(|c| c.reply().ok()).is_some()
            && conn.screensaver_suspend(1).is_ok();
        if conn.flush().is_err() {
            return None;
        }
        log::info!("X screen saver reset{}", if suspended { " and suspended while the screensaver runs" } else { " (no MIT-SCREEN-SAVER extension to suspend it)" });
        Some(Self { _conn: conn })
    }

    #[cfg(not(target_os = "linux"))]
    pub fn take() -> Option<Self> {
        None
    }
}
