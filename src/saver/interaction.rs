//! Interaction mode (Ctrl held, or always with `input.hard_exit`): the cursor halo on the
//! window under the pointer, clicks routed to widgets (a Reddit row opens its post), and the
//! context menu. The exit rules themselves stay in srpss-core's `input::decide`.

use super::display::Display;
use crate::OverlayAdapter;
use slint::ComponentHandle;
use srpss_core::input::InputMode;
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

const HALO_IN: f32 = 600.0;
const HALO_OUT: f32 = 1200.0;
/// The halo hides after the pointer has been still this long.
const HALO_STILL: Duration = Duration::from_secs(2);

/// What reached the UI thread from a window's events.
#[derive(Debug, Clone, PartialEq)]
pub enum UiEvent {
    Input(srpss_core::input::InputAction),
    /// The pointer is at (x, y) physical pixels of window `window`.
    Pointer { window: usize, x: f32, y: f32 },
    /// A click that the rules gave to the widgets (interaction mode).
    Click { window: usize, button: ClickButton, x: f32, y: f32 },
    /// The pointer moved with the left button held (interaction mode): drags the slider.
    Drag { window: usize, x: f32, y: f32 },
    /// The wheel in interaction mode: notches up (positive) or down, with the pointer at (x, y).
    Wheel { window: usize, notches: f32, x: f32, y: f32 },
    /// A context-menu item (see `ui/overlay/context_menu.slint`).
    Menu { window: usize, id: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClickButton {
    Left,
    Right,
    Middle,
}

#[derive(Default)]
struct Halo {
    x: f32,
    y: f32,
    moved: Option<Instant>,
    opacity: f32,
}

pub struct Interaction {
    pub mode: Rc<Cell<InputMode>>,
    halos: Vec<Halo>,
    last_tick: Option<Instant>,
    /// The window whose pointer moved last (the halo shows there only).
    active: Option<usize>,
    menu: Option<usize>,
}

impl Interaction {
    pub fn new(mode: Rc<Cell<InputMode>>) -> Self {
        Interaction { mode, halos: Vec::new(), last_tick: None, active: None, menu: None }
    }

    pub fn pointer(&mut self, window: usize, x: f32, y: f32, now: Instant) {
        self.grow(window);
        let h = &mut self.halos[window];
        (h.x, h.y, h.moved) = (x, y, Some(now));
        self.active = Some(window);
    }

    fn grow(&mut self, window: usize) {
        while self.halos.len() <= window {
            self.halos.push(Halo::default());
        }
    }

    /// Opens the context menu on `window` at (x, y).
    pub fn open_menu(&mut self, displays: &[Display], window: usize, x: f32, y: f32, state: MenuState) {
        self.close_menu(displays);
        let Some(d) = displays.get(window) else { return };
        let a = d.window.global::<OverlayAdapter>();
        a.set_menu_x(x);
        a.set_menu_y(y);
        a.set_dimming_on(state.dimming);
        a.set_hard_exit_on(state.hard_exit);
        a.set_current_transition(state.transition.into());
        let names: Vec<slint::SharedString> = srpss_core::transition::TransitionKind::ALL.iter().map(|k| k.name().into()).collect();
        a.set_transitions(slint::ModelRc::new(slint::VecModel::from(names)));
        a.set_menu_visible(true);
        self.menu = Some(window);
        self.mode.set(InputMode { menu_open: true, ..self.mode.get() });
        log::info!("context menu opened on monitor {} at {x:.0},{y:.0}", d.monitor);
    }

    pub fn close_menu(&mut self, displays: &[Display]) {
        if let Some(w) = self.menu.take() {
            if let Some(d) = displays.get(w) {
                d.window.global::<OverlayAdapter>().set_menu_visible(false);
            }
        }
        self.mode.set(InputMode { menu_open: false, ..self.mode.get() });
    }

    pub fn menu_open(&self) -> bool {
        self.menu.is_some()
    }

    /// Fades each window's halo towards shown (interaction mode, pointer on it and moving) or
    /// hidden; touches a window only while its halo changes.
    pub fn tick(&mut self, displays: &[Display], now: Instant) {
        let dt = self.last_tick.map_or(0.0, |t| now.duration_since(t).as_secs_f32() * 1000.0);
        self.last_tick = Some(now);
        self.grow(displays.len().saturating_sub(1));
        let interacting = self.mode.get().hard_exit || self.mode.get().ctrl_held;
        for (i, (d, h)) in displays.iter().zip(&mut self.halos).enumerate() {
            let wanted = interacting && self.menu.is_none() && self.active == Some(i) && h.moved.is_some_and(|t| now.duration_since(t) < HALO_STILL);
            let before = h.opacity;
            h.opacity = if wanted { (h.opacity + dt / HALO_IN).min(1.0) } else { (h.opacity - dt / HALO_OUT).max(0.0) };
            let a = d.window.global::<OverlayAdapter>();
            if h.opacity != before || (wanted && (a.get_halo_x() != h.x || a.get_halo_y() != h.y)) {
                a.set_halo_visible(h.opacity > 0.0);
                a.set_halo_opacity(h.opacity);
                a.set_halo_x(h.x);
                a.set_halo_y(h.y);
            }
        }
    }
}

/// What the menu shows checked.
pub struct MenuState {
    pub dimming: bool,
    pub hard_exit: bool,
    pub transition: &'static str,
}

/// Opens `url` in the user's browser: `$BROWSER` if set (the common convention), else
/// `xdg-open`. Never waits for it.
pub fn open_url(url: &str) {
    let browser = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
    let program = browser.as_deref().and_then(|b| b.split(':').next()).unwrap_or("xdg-open");
    match std::process::Command::new(program).arg(url).stdin(std::process::Stdio::null()).spawn() {
        Ok(_) => log::info!("opened {url} with {program}"),
        Err(e) => log::warn!("cannot open {url} with {program}: {e}"),
    }
}
