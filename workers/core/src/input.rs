//! The original's input rules (upstream-srpss.md §1.4–1.5) as one pure function.
//!
//! The UI translates toolkit events into [`InputEvent`]s and carries out the returned
//! [`InputAction`]; nothing here knows about windows or key codes of any toolkit.

/// A key, already classified by the UI layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Escape,
    /// Letter keys, lower-cased.
    Char(char),
    Control,
    /// Play/pause, next/previous track, volume up/down/mute.
    Media,
    /// Any other key (function keys, arrows, Shift, Alt, Space, Enter…).
    Other,
}

/// Mouse buttons; the right button opens the context menu in interaction mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Left,
    Right,
    Middle,
    Other,
}

/// One input event as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputEvent {
    KeyPress(Key),
    KeyRelease(Key),
    /// Pointer moved; `distance` is Euclidean, in logical pixels, from the first position seen.
    PointerMoved { distance: f32 },
    Click(Button),
    Wheel,
}

/// What the screensaver does about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputAction {
    Exit,
    PreviousImage,
    NextImage,
    CycleTransition,
    /// Stop, open the settings application, restart (S key).
    OpenSettings,
    /// Ctrl pressed: enter interaction mode (halo, clicks go to widgets).
    BeginInteraction,
    /// Ctrl released.
    EndInteraction,
    /// Right click in interaction mode.
    ContextMenu,
    /// Passed through or swallowed; nothing happens.
    Ignore,
}

/// Mouse movement beyond this many pixels from the first observed position exits
/// (`MOUSE_EXIT_THRESHOLD = 10` in the original).
pub const MOUSE_EXIT_THRESHOLD: f32 = 10.0;

/// The state the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InputMode {
    /// `input.hard_exit`: only Esc and Q exit.
    pub hard_exit: bool,
    /// Ctrl is held (on any display): same protection as hard-exit while held.
    pub ctrl_held: bool,
    /// The context menu is open: its clicks and the pointer's moves never exit.
    pub menu_open: bool,
}

impl InputMode {
    /// Hard-exit mode or Ctrl held: mouse and stray keys never exit.
    pub fn protected(self) -> bool {
        self.hard_exit || self.ctrl_held || self.menu_open
    }
}

/// Decides what an event does under `mode`.
pub fn decide(event: InputEvent, mode: InputMode) -> InputAction {
    use InputAction::*;
    match event {
        InputEvent::KeyPress(key) => match key {
            Key::Escape => Exit,
            Key::Char(c) => match c.to_ascii_lowercase() {
                'q' => Exit,
                'z' => PreviousImage,
                'x' => NextImage,
                'c' => CycleTransition,
                's' => OpenSettings,
                _ if mode.protected() => Ignore,
                _ => Exit,
            },
            Key::Control => BeginInteraction,
            Key::Media => Ignore,
            Key::Other if mode.protected() => Ignore,
            Key::Other => Exit,
        },
        InputEvent::KeyRelease(Key::Control) => EndInteraction,
        InputEvent::KeyRelease(_) => Ignore,
        InputEvent::PointerMoved { distance } => {
            if !mode.protected() && distance > MOUSE_EXIT_THRESHOLD {
                Exit
            } else {
                Ignore
            }
        }
        InputEvent::Click(Button::Right) if mode.protected() => ContextMenu,
        InputEvent::Click(_) if mode.protected() => Ignore,
        InputEvent::Click(_) => Exit,
        InputEvent::Wheel => Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::InputAction::*;
    use super::*;

    const NORMAL: InputMode = InputMode { hard_exit: false, ctrl_held: false, menu_open: false };
    const HARD: InputMode = InputMode { hard_exit: true, ctrl_held: false, menu_open: false };
    const CTRL: InputMode = InputMode { hard_exit: false, ctrl_held: true, menu_open: false };
    const MENU: InputMode = InputMode { hard_exit: false, ctrl_held: false, menu_open: true };

    #[test]
    fn an_open_menu_keeps_clicks_and_moves_from_exiting() {
        assert_eq!(decide(InputEvent::Click(Button::Left), MENU), Ignore);
        assert_eq!(decide(moved(50.0), MENU), Ignore);
        assert_eq!(decide(key(Key::Escape), MENU), Exit, "Esc always exits");
    }

    fn key(k: Key) -> InputEvent {
        InputEvent::KeyPress(k)
    }

    fn moved(d: f32) -> InputEvent {
        InputEvent::PointerMoved { distance: d }
    }

    /// The rules table: (event, normal, hard-exit, ctrl held).
    #[test]
    fn rules_table() {
        let table: &[(InputEvent, InputAction, InputAction, InputAction)] = &[
            (key(Key::Escape), Exit, Exit, Exit),
            (key(Key::Char('q')), Exit, Exit, Exit),
            (key(Key::Char('Q')), Exit, Exit, Exit),
            (key(Key::Char('z')), PreviousImage, PreviousImage, PreviousImage),
            (key(Key::Char('x')), NextImage, NextImage, NextImage),
            (key(Key::Char('c')), CycleTransition, CycleTransition, CycleTransition),
            (key(Key::Char('s')), OpenSettings, OpenSettings, OpenSettings),
            (key(Key::Char('a')), Exit, Ignore, Ignore),
            (key(Key::Char('1')), Exit, Ignore, Ignore),
            (key(Key::Other), Exit, Ignore, Ignore),
            (key(Key::Media), Ignore, Ignore, Ignore),
            (key(Key::Control), BeginInteraction, BeginInteraction, BeginInteraction),
            (InputEvent::KeyRelease(Key::Control), EndInteraction, EndInteraction, EndInteraction),
            (InputEvent::KeyRelease(Key::Char('a')), Ignore, Ignore, Ignore),
            (moved(5.0), Ignore, Ignore, Ignore),
            (moved(10.0), Ignore, Ignore, Ignore),
            (moved(10.5), Exit, Ignore, Ignore),
            (moved(20.0), Exit, Ignore, Ignore),
            (InputEvent::Click(Button::Left), Exit, Ignore, Ignore),
            (InputEvent::Click(Button::Middle), Exit, Ignore, Ignore),
            (InputEvent::Click(Button::Right), Exit, ContextMenu, ContextMenu),
            (InputEvent::Wheel, Ignore, Ignore, Ignore),
        ];
        for &(event, normal, hard, ctrl) in table {
            assert_eq!(decide(event, NORMAL), normal, "{event:?} normal");
            assert_eq!(decide(event, HARD), hard, "{event:?} hard-exit");
            assert_eq!(decide(event, CTRL), ctrl, "{event:?} ctrl held");
        }
    }
}
