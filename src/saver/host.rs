//! Hosted mode: drawing inside a screensaver host's window (XScreenSaver, XSecureLock, the
//! XScreenSaver settings dialog's preview) instead of fullscreen windows of our own. The one
//! window is created as a child of the host's (winit's embed-parent attribute, set through
//! Slint's window-attributes hook before the window exists), at 0,0 and the host window's
//! size, and follows that size. The host owns input and ends us with a signal.

use crate::cli::HostWindow;
use srpss_core::geometry::Size;

#[derive(Debug, thiserror::Error)]
// Elsewhere than Linux (no X11 hosting) only `Unsupported` can happen.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub enum HostError {
    #[error("hosted mode needs an X display: {0}")]
    NoDisplay(String),
    #[error("the host's window 0x{0:x} does not exist (or is not ours to see)")]
    NoWindow(u32),
    #[cfg(not(target_os = "linux"))]
    #[error("hosted mode (--root, --window-id, XSCREENSAVER_WINDOW) is for X11 screensaver hosts; this system has none")]
    Unsupported,
}

/// The host's window and our connection to ask for its size.
pub struct Host {
    #[cfg(target_os = "linux")]
    conn: x11rb::rust_connection::RustConnection,
    pub window: u32,
    pub size: Size,
}

impl Host {
    #[cfg(target_os = "linux")]
    pub fn connect(window: HostWindow) -> Result<Self, HostError> {
        use x11rb::connection::Connection;
        let (conn, screen) = x11rb::connect(None).map_err(|e| HostError::NoDisplay(e.to_string()))?;
        let id = match window {
            HostWindow::Window(id) => id,
            HostWindow::Root => conn.setup().roots.get(screen).map(|r| r.root).ok_or_else(|| HostError::NoDisplay(format!("no screen {screen}")))?,
        };
        let mut host = Self { conn, window: id, size: Size::new(0, 0) };
        host.size = host.current_size().ok_or(HostError::NoWindow(id))?;
        Ok(host)
    }

    #[cfg(not(target_os = "linux"))]
    pub fn connect(_window: HostWindow) -> Result<Self, HostError> {
        Err(HostError::Unsupported)
    }

    /// The host window's size now; None once it is gone (the host closed it: time to go).
    #[cfg(target_os = "linux")]
    pub fn current_size(&self) -> Option<Size> {
        use x11rb::protocol::xproto::ConnectionExt;
        let g = self.conn.get_geometry(self.window).ok()?.reply().ok()?;
        Some(Size::new(u32::from(g.width), u32::from(g.height)))
    }

    #[cfg(not(target_os = "linux"))]
    pub fn current_size(&self) -> Option<Size> {
        None
    }

    /// The window attributes that put our window inside the host's.
    pub fn attributes(&self) -> impl Fn(WindowAttributes) -> WindowAttributes + 'static {
        let (window, size) = (self.window, self.size);
        move |attrs| {
            let attrs = attrs
                .with_decorations(false)
                .with_position(PhysicalPosition::new(0, 0))
                .with_inner_size(PhysicalSize::new(size.width.max(1), size.height.max(1)));
            #[cfg(target_os = "linux")]
            let attrs = {
                use slint::winit_030::winit::platform::x11::WindowAttributesExtX11;
                attrs.with_embed_parent_window(window)
            };
            #[cfg(not(target_os = "linux"))]
            let _ = window;
            attrs
        }
    }
}

use super::display::Display;
use super::interaction::UiEvent;
use super::slideshow::Slideshow;
use super::{exit, install_input, Pending};
use crate::SaverWindow;
use slint::winit_030::winit::dpi::{PhysicalPosition, PhysicalSize};
use slint::winit_030::winit::window::WindowAttributes;
use slint::ComponentHandle;
use srpss_core::input::InputMode;
use srpss_core::render_group::RenderGroup;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// How often a host window's size is checked (and whether it still exists).
pub const CHECK_EVERY: Duration = Duration::from_millis(500);

/// SIGUSR1 would kill us by default; XSecureLock sends it when its password prompt closes
/// (`XSECURELOCK_SAVER_RESET_ON_AUTH_CLOSE`). There is nothing to reset: ignored, also by the
/// workers, which inherit it.
pub fn ignore_sigusr1() {
    #[cfg(unix)]
    // SAFETY: installs the ignore disposition for one signal; no handler code runs.
    unsafe {
        libc::signal(libc::SIGUSR1, libc::SIG_IGN);
    }
}

/// The one window inside the host's: its size, no monitors, no fullscreen, no focus.
pub(super) fn open_window(s: &mut Slideshow, first: &SaverWindow, mode: &Rc<Cell<InputMode>>, actions: &Rc<RefCell<Vec<UiEvent>>>) -> Vec<Pending> {
    let cache = &s.settings.cache;
    let mut display = Display::new(first.clone_strong(), 1, cache.max_items as usize, cache.max_memory_mb as usize * (1 << 20));
    install_input(first, 0, mode.clone(), actions.clone(), display.redraws.clone(), true);
    display.group = s.group;
    if s.group == RenderGroup::A {
        display.enable_shaders(s.group_automatic, crate::gl::Fault::from_env());
    }
    display.placed = true;
    s.add_display(display);
    Vec::new()
}

/// Follows the host window's size; ends the run once it is gone.
pub(super) fn follow(h: &mut Host, s: &Slideshow) {
    let Some(size) = h.current_size() else {
        exit("the host's window is gone");
        return;
    };
    if size != h.size {
        log::info!("host window resized to {size}");
        h.size = size;
        for d in &s.displays {
            d.window.window().set_size(slint::PhysicalSize::new(size.width.max(1), size.height.max(1)));
        }
    }
}


