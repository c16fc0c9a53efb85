//! `srpss bench --settings`: the settings window on the real window system (run it under Xvfb
//! or on a desktop): time from process start to the window fully drawn, then the layout
//! previewer's redraw after a widget setting changes (edit, save, layout, rows, next frame
//! drawn) beside a redraw with nothing changed (the frame's floor), in one process. The
//! user's settings file is not touched (a copy in a temporary folder is edited).

use crate::settings_app::{self, previewer::Screen, Options};
use slint::ComponentHandle;
use srpss_core::layout::Anchor;
use srpss_core::settings::{save_atomic, Profile, Settings};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Redraws timed per kind.
const ROUNDS: usize = 30;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let at = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    format!("p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms", at(0.5), at(0.95), at(1.0))
}

#[derive(Default)]
struct Run {
    frames: u64,
    first_frame: Option<Instant>,
    /// (a widget setting changed, when the round started, frames drawn before it)
    round: Option<(bool, Instant, u64)>,
    changed: Vec<Duration>,
    floor: Vec<Duration>,
    edit: Vec<Duration>,
}

pub fn run(settings: &Settings, started: Instant) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("srpss-bench-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("screensaver.toml");
    save_atomic(&path, settings)?;
    let opts = Options {
        profile: Profile::Screensaver,
        path,
        screens: vec![Screen { number: 1, width: 1920, height: 1080 }],
        previewer_only: false,
        state_file: None,
        time: None,
        data: Default::default(),
    };
    let (window, app) = settings_app::open(opts)?;
    app.borrow_mut().view.tab = 3;
    app.borrow_mut().refresh();
    let state = Rc::new(RefCell::new(Run::default()));
    let s = state.clone();
    window.window().set_rendering_notifier(move |r, _| {
        if matches!(r, slint::RenderingState::AfterRendering) {
            let mut s = s.borrow_mut();
            s.frames += 1;
            s.first_frame.get_or_insert_with(Instant::now);
        }
    })?;
    let timer = slint::Timer::default();
    let (s, weak) = (state.clone(), window.as_weak());
    let mut n = 0usize;
    timer.start(slint::TimerMode::Repeated, Duration::from_millis(1), move || {
        let mut st = s.borrow_mut();
        if st.first_frame.is_none() {
            return;
        }
        if let Some((changed, t, before)) = st.round {
            if st.frames == before {
                return;
            }
            let took = t.elapsed();
            if changed { st.changed.push(took) } else { st.floor.push(took) }
            st.round = None;
        }
        if n >= 2 * ROUNDS {
            let _ = slint::quit_event_loop();
            return;
        }
        let changed = n.is_multiple_of(2);
        let t = Instant::now();
        let before = st.frames;
        drop(st);
        if changed {
            let anchor = Anchor::ALL[(n / 2) % Anchor::ALL.len()];
            app.borrow_mut().edit("widgets.clocks[0].card.position", toml::Value::String(anchor.label().into()));
            s.borrow_mut().edit.push(t.elapsed());
        } else if let Some(w) = weak.upgrade() {
            w.window().request_redraw();
        }
        s.borrow_mut().round = Some((changed, t, before));
        n += 1;
    });
    window.show()?;
    slint::run_event_loop()?;
    let _ = std::fs::remove_dir_all(&dir);
    let mut st = state.borrow_mut();
    let first = st.first_frame.map_or(0.0, |f| ms(f.duration_since(started)));
    println!("settings window drawn {first:.0} ms after the process started");
    println!("redraw with nothing changed (floor): {}", summary(&mut st.floor));
    println!("widget position changed, to the next frame drawn: {}", summary(&mut st.changed));
    println!("  of which the edit (validate, save, layout, rows, previewer models): {}", summary(&mut st.edit));
    Ok(())
}
