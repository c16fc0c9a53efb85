//! The previewer in the window: every monitor's boxes, and the selected monitor drawn by the
//! screensaver's own widget components (`WidgetView`) at the miniature's scale.

use super::previewer::{self, Screen};
use super::App;
use crate::overlay::{bars_for_cards, FadeIn, WidgetView};
use crate::{OverlayAdapter, PreviewBox, PreviewScreen, SettingsAdapter, SettingsWindow};
use slint::{ComponentHandle, ModelRc, VecModel};
use srpss_core::cards::WidgetData;
use srpss_core::clock::{DateTime, Utc};
use srpss_core::settings::Settings;
use std::cell::RefCell;
use std::rc::Rc;

/// Bars shown by the previewer's visualizer (a still, lively shape).
const SAMPLE_BARS: [f32; 12] = [0.35, 0.6, 0.85, 0.7, 0.5, 0.9, 0.65, 0.4, 0.55, 0.8, 0.45, 0.3];

pub struct PreviewView {
    window: slint::Weak<SettingsWindow>,
    view: WidgetView,
    /// Largest miniature, logical pixels.
    max: (f32, f32),
    /// The last redraw's duration (for `srpss bench`-style reports and the log).
    pub last_redraw: std::time::Duration,
}

impl PreviewView {
    pub fn new(window: &SettingsWindow, large: bool) -> Self {
        let overlay = window.global::<OverlayAdapter>();
        overlay.set_fade(1.0);
        overlay.set_shadow_fade(1.0);
        let view = WidgetView::new(&overlay, FadeIn::done(std::time::Instant::now()));
        let a = window.global::<SettingsAdapter>();
        let sample = srpss_image::prepare(&srpss_image::ImageRequest {
            source: srpss_image::ImageSource::Demo(1),
            target: srpss_core::geometry::Size::new(640, 360),
            mode: srpss_core::geometry::DisplayMode::Fill,
            max_pixels: 1 << 24,
        });
        if let Ok(f) = sample {
            let mut buf = slint::SharedPixelBuffer::<slint::Rgba8Pixel>::new(f.width, f.height);
            buf.make_mut_bytes().copy_from_slice(&f.pixels);
            a.set_sample(slint::Image::from_rgba8(buf));
        }
        let max = if large { (760.0, 430.0) } else { (480.0, 270.0) };
        PreviewView { window: window.as_weak(), view, max, last_redraw: Default::default() }
    }

    /// Lays the widgets out on every screen, draws the selected one, and returns the stacking
    /// notes for the position controls.
    pub fn show(&mut self, settings: &Settings, saved: &WidgetData, screens: &[Screen], now: DateTime<Utc>) -> Vec<(String, String)> {
        let started = std::time::Instant::now();
        let Some(w) = self.window.upgrade() else { return Vec::new() };
        let a = w.global::<SettingsAdapter>();
        let data = previewer::sample_data(settings, saved.clone(), now);
        let selected = (a.get_screen().max(0) as usize).min(screens.len().saturating_sub(1));
        // One scale for all, so the miniatures compare like the monitors do.
        let zoom = screens.iter().map(|s| previewer::zoom(*s, self.max.0, self.max.1)).fold(f32::MAX, f32::min);
        let cards = previewer::cards(settings, &data, now);
        let mut shown = Vec::new();
        for (n, s) in screens.iter().enumerate() {
            let layout = previewer::place(&cards, *s);
            let boxes: Vec<PreviewBox> = layout
                .placed
                .iter()
                .map(|p| {
                    let (x, y, width, height) = previewer::scaled(p.rect, zoom);
                    let conflict = layout.conflicts.iter().any(|c| c.a == p.id || c.b == p.id);
                    let label = cards.get(p.id).map_or(String::new(), |c| c.name.clone());
                    PreviewBox { x, y, width, height, label: label.into(), conflict }
                })
                .collect();
            shown.push(PreviewScreen {
                label: format!("Monitor {} ({}x{})", s.number, s.width, s.height).into(),
                width: s.width as f32 * zoom,
                height: s.height as f32 * zoom,
                boxes: ModelRc::new(VecModel::from(boxes)),
            });
            if n == selected {
                let overlay = w.global::<OverlayAdapter>();
                overlay.set_px(zoom);
                overlay.set_dim(if settings.accessibility.dimming.enabled { settings.accessibility.dimming.opacity as f32 / 100.0 } else { 0.0 });
                self.view.show(&cards, s.number, s.width, s.height, &slint::Image::default());
                if let Some(bars) = bars_for_cards(&cards, &settings.widgets, &SAMPLE_BARS) {
                    overlay.set_bars(bars);
                }
            }
        }
        a.set_screens(ModelRc::new(VecModel::from(shown)));
        a.set_zoom(zoom);
        self.last_redraw = started.elapsed();
        previewer::stack_notes(&cards, screens)
    }
}

/// Asks the window system for the monitors once the window exists (winit only; the default
/// 1920x1080 stays otherwise).
pub fn ask_for_monitors(window: &SettingsWindow, app: &Rc<RefCell<App>>) {
    use slint::winit_030::WinitWindowAccessor;
    let weak = window.as_weak();
    let app = Rc::downgrade(app);
    slint::Timer::single_shot(std::time::Duration::from_millis(50), move || {
        let (Some(w), Some(app)) = (weak.upgrade(), app.upgrade()) else { return };
        let found = w.window().with_winit_window(|ww| {
            crate::saver::monitors::distinct(ww)
                .into_iter()
                .enumerate()
                .map(|(n, m)| Screen { number: n as u32 + 1, width: m.size().width, height: m.size().height })
                .filter(|s| s.width > 0 && s.height > 0)
                .collect::<Vec<_>>()
        });
        if let Some(screens) = found.filter(|s| !s.is_empty()) {
            let mut app = app.borrow_mut();
            app.screens = screens;
            app.refresh();
        }
    });
}
