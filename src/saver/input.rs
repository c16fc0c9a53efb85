//! Translates winit window events into the rules' [`InputEvent`]s.

use slint::winit_030::winit::event::{ElementState, MouseButton, WindowEvent};
use slint::winit_030::winit::keyboard::{Key as WKey, NamedKey};
use srpss_core::input::{Button, InputEvent, Key};

/// Tracks where the pointer was first seen on one window, to measure movement from there.
#[derive(Debug, Default)]
pub struct PointerOrigin(Option<(f64, f64)>);

/// Maps one window event; `scale` converts physical to logical pixels. `None` for events
/// the rules do not care about.
pub fn translate(event: &WindowEvent, scale: f64, origin: &mut PointerOrigin) -> Option<InputEvent> {
    match event {
        // Window-relative pointer positions jump when the window itself moves (placement on
        // its monitor, fullscreen): measure from the first position seen after that.
        WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
            origin.0 = None;
            None
        }
        WindowEvent::KeyboardInput { event, .. } => {
            let key = classify(&event.logical_key);
            Some(match event.state {
                ElementState::Pressed => InputEvent::KeyPress(key),
                ElementState::Released => InputEvent::KeyRelease(key),
            })
        }
        WindowEvent::CursorMoved { position, .. } => {
            let here = (position.x, position.y);
            let first = *origin.0.get_or_insert(here);
            let distance = ((here.0 - first.0).powi(2) + (here.1 - first.1).powi(2)).sqrt() / scale.max(0.1);
            Some(InputEvent::PointerMoved { distance: distance as f32 })
        }
        WindowEvent::MouseInput { state: ElementState::Pressed, button, .. } => Some(InputEvent::Click(match button {
            MouseButton::Left => Button::Left,
            MouseButton::Right => Button::Right,
            MouseButton::Middle => Button::Middle,
            _ => Button::Other,
        })),
        WindowEvent::MouseWheel { .. } => Some(InputEvent::Wheel),
        _ => None,
    }
}

fn classify(key: &WKey) -> Key {
    match key {
        WKey::Named(NamedKey::Escape) => Key::Escape,
        WKey::Named(NamedKey::Control) => Key::Control,
        WKey::Named(
            NamedKey::MediaPlay
            | NamedKey::MediaPause
            | NamedKey::MediaPlayPause
            | NamedKey::MediaStop
            | NamedKey::MediaTrackNext
            | NamedKey::MediaTrackPrevious
            | NamedKey::MediaFastForward
            | NamedKey::MediaRewind
            | NamedKey::AudioVolumeUp
            | NamedKey::AudioVolumeDown
            | NamedKey::AudioVolumeMute,
        ) => Key::Media,
        WKey::Character(s) => match s.chars().next() {
            Some(c) if s.chars().count() == 1 => Key::Char(c.to_ascii_lowercase()),
            _ => Key::Other,
        },
        _ => Key::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_classified() {
        assert_eq!(classify(&WKey::Named(NamedKey::Escape)), Key::Escape);
        assert_eq!(classify(&WKey::Character("Q".into())), Key::Char('q'));
        assert_eq!(classify(&WKey::Named(NamedKey::MediaPlayPause)), Key::Media);
        assert_eq!(classify(&WKey::Named(NamedKey::AudioVolumeMute)), Key::Media);
        assert_eq!(classify(&WKey::Named(NamedKey::Control)), Key::Control);
        assert_eq!(classify(&WKey::Named(NamedKey::F5)), Key::Other);
    }

    #[test]
    fn pointer_distance_is_from_first_position_in_logical_pixels() {
        use slint::winit_030::winit::dpi::PhysicalPosition;
        use slint::winit_030::winit::event::DeviceId;
        let moved = |x: f64, y: f64| WindowEvent::CursorMoved {
            device_id: DeviceId::dummy(),
            position: PhysicalPosition::new(x, y),
        };
        let mut o = PointerOrigin::default();
        assert_eq!(translate(&moved(100.0, 100.0), 2.0, &mut o), Some(InputEvent::PointerMoved { distance: 0.0 }));
        assert_eq!(translate(&moved(130.0, 140.0), 2.0, &mut o), Some(InputEvent::PointerMoved { distance: 25.0 }));
    }
}
