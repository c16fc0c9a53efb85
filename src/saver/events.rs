//! What the UI thread does with the windows' events each tick: slideshow keys, the halo, clicks
//! on widgets (the media group's slider and buttons, then Reddit links with the original's exit
//! rule), the wheel on the volume slider, and the context menu's items, whose toggles are
//! written back to the settings file.

use super::interaction::{open_url, ClickButton, Interaction, MenuState, UiEvent};
use super::media::{MediaSession, WHEEL_STEP};
use super::slideshow::Slideshow;
use super::widget_layer::WidgetLayer;
use slint::winit_030::WinitWindowAccessor;
use slint::ComponentHandle;
use srpss_core::input::{InputAction, InputMode};
use srpss_core::media::Transport;
use srpss_core::transition::TransitionKind;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

pub struct Context {
    /// The settings file the menu's toggles are saved to.
    pub settings_path: Option<PathBuf>,
    /// A link to open once the windows are gone (the screensaver exits for it).
    pub after_exit: Rc<RefCell<Option<String>>>,
}

pub fn handle(events: Vec<UiEvent>, s: &mut Slideshow, layer: &mut WidgetLayer, media: &mut MediaSession, ui: &mut Interaction, ctx: &Context, now: Instant) {
    // X11 reports one wheel notch twice (the legacy button and the XInput2 valuator): at most
    // one volume step a tick.
    let mut wheeled = false;
    for event in events {
        match event {
            UiEvent::Input(a) => s.handle(a, now),
            UiEvent::Pointer { window, x, y } => ui.pointer(window, x, y, now),
            UiEvent::Click { window, button, x, y } if !ui.menu_open() && media_click(layer, media, window, button, x, y) => {}
            UiEvent::Click { window, button: ClickButton::Right, x, y } => {
                let state = MenuState {
                    dimming: s.settings.accessibility.dimming.enabled,
                    hard_exit: ui.mode.get().hard_exit,
                    transition: s.settings.transitions.kind.name(),
                };
                ui.open_menu(&s.displays, window, x, y, state);
            }
            UiEvent::Click { window, button: ClickButton::Left, x, y } => {
                if ui.menu_open() {
                    continue; // the menu's own items take it
                }
                let Some((url, exit_on_click)) = layer.link_at(window, x, y) else { continue };
                if exit_on_click && covers_primary(s) {
                    // The browser would open behind the screensaver: leave first, then open it.
                    *ctx.after_exit.borrow_mut() = Some(url);
                    super::exit("a link was opened");
                } else {
                    open_url(&url);
                }
            }
            UiEvent::Click { button: ClickButton::Middle, .. } => {}
            UiEvent::Drag { window, x, y } => {
                if let Some(level) = layer.media_at(window, x, y).and_then(|(m, lx, ly)| m.drag_level(lx, ly)) {
                    media.volume(layer, f64::from(level));
                }
            }
            UiEvent::Wheel { window, notches, x, y } => {
                let over = layer.media_at(window, x, y).is_some_and(|(m, lx, ly)| m.on_volume(lx, ly));
                if let (true, false, Some(v)) = (over, wheeled, layer.media_volume()) {
                    wheeled = true;
                    media.volume(layer, v + f64::from(notches.signum()) * WHEEL_STEP);
                }
            }
            UiEvent::Menu { id, .. } => {
                ui.close_menu(&s.displays);
                menu_item(&id, s, layer, ui, ctx, now);
            }
        }
    }
    ui.tick(&s.displays, now);
}

/// The original's routing on the media group: the slider, then the transport row (right click
/// anywhere on the card is next, middle click previous). True when the media group took it.
fn media_click(layer: &mut WidgetLayer, media: &mut MediaSession, window: usize, button: ClickButton, x: f32, y: f32) -> bool {
    let Some((m, lx, ly)) = layer.media_at(window, x, y) else { return false };
    match button {
        ClickButton::Left => match m.left_click(lx, ly) {
            Some(hit) => {
                media.hit(layer, hit);
                true
            }
            None => false,
        },
        ClickButton::Right if m.on_card(lx, ly) => {
            media.press(layer, Transport::Next);
            true
        }
        ClickButton::Middle if m.on_card(lx, ly) => {
            media.press(layer, Transport::Previous);
            true
        }
        _ => false,
    }
}

fn menu_item(id: &str, s: &mut Slideshow, layer: &mut WidgetLayer, ui: &mut Interaction, ctx: &Context, now: Instant) {
    match id {
        "previous" => s.handle(InputAction::PreviousImage, now),
        "next" => s.handle(InputAction::NextImage, now),
        "settings" => s.handle(InputAction::OpenSettings, now),
        "exit" => super::exit("context menu"),
        "dimming" => {
            let d = &mut s.settings.accessibility.dimming;
            d.enabled = !d.enabled;
            layer.set_dimming(&s.displays, d.enabled.then_some(d.opacity));
            log::info!("background dimming {}", if d.enabled { "on" } else { "off" });
            persist(ctx, &[("accessibility.dimming.enabled", toml::Value::Boolean(d.enabled))]);
        }
        "hard-exit" => {
            let m = ui.mode.get();
            ui.mode.set(InputMode { hard_exit: !m.hard_exit, ..m });
            s.settings.input.hard_exit = !m.hard_exit;
            log::info!("hard exit mode {}", if m.hard_exit { "off" } else { "on" });
            persist(ctx, &[("input.hard_exit", toml::Value::Boolean(!m.hard_exit))]);
        }
        other => match other.strip_prefix("transition:").and_then(TransitionKind::from_name) {
            Some(kind) => {
                s.set_transition(kind);
                persist(ctx, &[("transitions.type", toml::Value::String(kind.name().into())), ("transitions.random_always", toml::Value::Boolean(false))]);
            }
            None if other == "close" => {}
            None => log::warn!("unknown menu item {other:?}"),
        },
    }
}

/// Whether a saver window covers the primary monitor (unknown counts as covered).
fn covers_primary(s: &Slideshow) -> bool {
    let Some(first) = s.displays.first() else { return true };
    let primary = first.window.window().with_winit_window(|w| {
        let p = w.primary_monitor()?;
        super::monitors::distinct(w).into_iter().position(|m| m == p)
    });
    match primary.flatten() {
        Some(i) => s.displays.iter().any(|d| d.monitor == i + 1),
        None => true,
    }
}

/// Writes `keys` (dotted) into the settings file, keeping everything else in it.
fn persist(ctx: &Context, keys: &[(&str, toml::Value)]) {
    let Some(path) = &ctx.settings_path else { return };
    let mut doc: toml::Table = std::fs::read_to_string(path).ok().and_then(|t| t.parse().ok()).unwrap_or_default();
    for (key, value) in keys {
        let parts: Vec<&str> = key.split('.').collect();
        let mut table = &mut doc;
        for part in &parts[..parts.len() - 1] {
            let entry = table.entry(part.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = toml::Value::Table(toml::Table::new());
            }
            let toml::Value::Table(t) = entry else { return };
            table = t;
        }
        table.insert(parts[parts.len() - 1].to_string(), value.clone());
    }
    let text = match toml::to_string_pretty(&doc) {
        Ok(t) => t,
        Err(e) => return log::warn!("cannot write the settings: {e}"),
    };
    let tmp = path.with_extension("toml.tmp");
    if let Err(e) = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path)) {
        log::warn!("cannot save {}: {e}", path.display());
    }
}
