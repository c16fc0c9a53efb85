//! `srpss idle` on Wayland: the compositor tells when the seat has had no input for the idle
//! time, through ext-idle-notify-v1 where offered, else KDE's org_kde_kwin_idle (sway 1.7
//! offers only that one). Both honour idle inhibitors (a video player that asked the compositor
//! to keep the screen on), so nothing starts under one.

use super::IdleError;
use std::os::fd::AsRawFd;
use std::time::Duration;
use wayland_client::globals::{registry_queue_init, GlobalListContents};
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, QueueHandle};
use wayland_protocols::ext::idle_notify::v1::client::ext_idle_notification_v1::{self, ExtIdleNotificationV1};
use wayland_protocols::ext::idle_notify::v1::client::ext_idle_notifier_v1::ExtIdleNotifierV1;
use wayland_protocols_plasma::idle::client::org_kde_kwin_idle::OrgKdeKwinIdle;
use wayland_protocols_plasma::idle::client::org_kde_kwin_idle_timeout::{self, OrgKdeKwinIdleTimeout};

/// Which protocol the compositor offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    ExtIdleNotify,
    KdeIdle,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::ExtIdleNotify => "ext-idle-notify-v1",
            Protocol::KdeIdle => "org_kde_kwin_idle",
        }
    }
}

/// What the compositor last said.
#[derive(Debug, Default)]
struct State {
    idle: bool,
}

/// The notification object; dropping it would end the notifications.
enum Notification {
    Ext(ExtIdleNotificationV1),
    Kde(OrgKdeKwinIdleTimeout),
}

pub struct WaylandIdle {
    conn: Connection,
    queue: EventQueue<State>,
    state: State,
    notification: Notification,
    pub protocol: Protocol,
}

fn lost(e: impl std::fmt::Display) -> IdleError {
    IdleError::Wayland(e.to_string())
}

impl WaylandIdle {
    /// Connects to `WAYLAND_DISPLAY` and asks to be told after `after` without input.
    pub fn connect(after: Duration) -> Result<Self, IdleError> {
        let conn = Connection::connect_to_env().map_err(lost)?;
        let (globals, mut queue) = registry_queue_init::<State>(&conn).map_err(lost)?;
        let qh = queue.handle();
        let seat: wl_seat::WlSeat = globals.bind(&qh, 1..=1, ()).map_err(|_| IdleError::Wayland("the compositor has no seat".into()))?;
        let ms = u32::try_from(after.as_millis()).unwrap_or(u32::MAX).max(1);
        let (notification, protocol) = if let Ok(n) = globals.bind::<ExtIdleNotifierV1, _, _>(&qh, 1..=1, ()) {
            (Notification::Ext(n.get_idle_notification(ms, &seat, &qh, ())), Protocol::ExtIdleNotify)
        } else if let Ok(k) = globals.bind::<OrgKdeKwinIdle, _, _>(&qh, 1..=1, ()) {
            (Notification::Kde(k.get_idle_timeout(&seat, ms, &qh, ())), Protocol::KdeIdle)
        } else {
            return Err(IdleError::NoWaylandIdle);
        };
        let mut state = State::default();
        queue.roundtrip(&mut state).map_err(lost)?;
        Ok(Self { conn, queue, state, notification, protocol })
    }

    /// Waits up to `wait` for news from the compositor; whether the seat is idle now.
    pub fn idle(&mut self, wait: Duration) -> Result<bool, IdleError> {
        self.queue.dispatch_pending(&mut self.state).map_err(lost)?;
        self.conn.flush().map_err(lost)?;
        if let Some(guard) = self.queue.prepare_read() {
            let mut fd = libc::pollfd { fd: guard.connection_fd().as_raw_fd(), events: libc::POLLIN, revents: 0 };
            let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
            // SAFETY: one valid pollfd for the connection's socket, which the guard keeps open.
            let ready = unsafe { libc::poll(&mut fd, 1, ms) };
            if ready > 0 {
                guard.read().map_err(lost)?;
            } // else the guard is dropped: the read is cancelled
        }
        self.queue.dispatch_pending(&mut self.state).map_err(lost)?;
        Ok(self.state.idle)
    }

    /// The screensaver ended: the next start waits for the compositor's next "idle".
    pub fn rearm(&mut self) {
        self.state.idle = false;
    }
}

impl Drop for WaylandIdle {
    /// Tells the compositor we no longer want the notifications (it may be gone already).
    fn drop(&mut self) {
        match &self.notification {
            Notification::Ext(n) => n.destroy(),
            Notification::Kde(k) => k.release(),
        }
        let _ = self.conn.flush();
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for State {
    fn event(_: &mut Self, _: &wl_registry::WlRegistry, _: wl_registry::Event, _: &GlobalListContents, _: &Connection, _: &QueueHandle<Self>) {}
}

impl Dispatch<wl_seat::WlSeat, ()> for State {
    fn event(_: &mut Self, _: &wl_seat::WlSeat, _: wl_seat::Event, _: &(), _: &Connection, _: &QueueHandle<Self>) {}
}

impl Dispatch<ExtIdleNotifierV1, ()> for State {
    fn event(_: &mut Self, _: &ExtIdleNotifierV1, _: <ExtIdleNotifierV1 as wayland_client::Proxy>::Event, _: &(), _: &Connection, _: &QueueHandle<Self>) {}
}

impl Dispatch<ExtIdleNotificationV1, ()> for State {
    fn event(state: &mut Self, _: &ExtIdleNotificationV1, event: ext_idle_notification_v1::Event, _: &(), _: &Connection, _: &QueueHandle<Self>) {
        match event {
            ext_idle_notification_v1::Event::Idled => state.idle = true,
            ext_idle_notification_v1::Event::Resumed => state.idle = false,
            _ => {}
        }
    }
}

impl Dispatch<OrgKdeKwinIdle, ()> for State {
    fn event(_: &mut Self, _: &OrgKdeKwinIdle, _: <OrgKdeKwinIdle as wayland_client::Proxy>::Event, _: &(), _: &Connection, _: &QueueHandle<Self>) {}
}

impl Dispatch<OrgKdeKwinIdleTimeout, ()> for State {
    fn event(state: &mut Self, _: &OrgKdeKwinIdleTimeout, event: org_kde_kwin_idle_timeout::Event, _: &(), _: &Connection, _: &QueueHandle<Self>) {
        match event {
            org_kde_kwin_idle_timeout::Event::Idle => state.idle = true,
            org_kde_kwin_idle_timeout::Event::Resumed => state.idle = false,
            _ => {}
        }
    }
}
