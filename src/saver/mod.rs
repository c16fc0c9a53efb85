//! `srpss run`: one borderless fullscreen window per selected monitor, driven by two timers
//! (a poll tick and, during transitions, a frame-rate animation tick) on the UI thread.

mod desktop;
mod display;
mod events;
mod interaction;
mod gl_layer;
mod host;
mod layer_cells;
mod media;
pub(crate) mod monitors;
mod online;
mod session_group;
mod start_group;
pub(crate) mod settings_watch;
mod input;
mod slideshow;
mod start_frame;
mod widget_layer;
mod x_saver;

pub use slideshow::demo_notice;

use crate::SaverWindow;
use display::Display;
use slideshow::{ScanMsg, Slideshow};
use slint::winit_030::winit::monitor::MonitorHandle;
use slint::winit_030::winit::window::Fullscreen;
use slint::winit_030::{EventResult, WinitWindowAccessor};
use slint::{ComponentHandle, Timer, TimerMode};
use interaction::{ClickButton, UiEvent};
use srpss_core::input::{decide, Button, InputAction, InputEvent, InputMode};
use srpss_core::render_group::RenderGroup;
use srpss_core::settings::Settings;
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Channels, sizes and rotation are checked this often.
const POLL: Duration = Duration::from_millis(40);
/// How long a window may take to reach its monitor's size before its own size is believed.
const SETTLE: Duration = Duration::from_secs(1);
/// Animation tick while a transition runs (the renderer syncs to the display).
const FRAME: Duration = Duration::from_millis(8);
/// The media and audio workers start by then even if no photo has been shown.
const MEDIA_START_BY: Duration = Duration::from_secs(2);
/// The visualizer's frame tick while its bars move.
const BARS_FRAME: Duration = Duration::from_millis(16);

/// Runs the screensaver until an input rule says exit.
pub fn run(
    settings: Settings,
    folders: Vec<PathBuf>,
    started: Instant,
    settings_path: Option<PathBuf>,
    profile: srpss_core::settings::Profile,
    hosted: Option<crate::cli::HostWindow>,
) -> anyhow::Result<()> {
    let perf = crate::perf::enabled();
    crate::image_pipe::remove_stale_segments();
    let scan = start_scan(folders.clone());
    // The photos the last run prepared for this one, read while the window is made (not in a
    // host's window: one process per monitor there, each must open on its own photo).
    let kept = match (&hosted, start_frame::dir()) {
        (None, Some(dir)) => {
            let max_pixels = u64::from(settings.images.max_megapixels) * 1_000_000;
            start_frame::load_all(dir, settings.display.mode, max_pixels, folders.clone())
        }
        _ => None,
    };
    let mode = Rc::new(Cell::new(InputMode { hard_exit: settings.input.hard_exit, ..InputMode::default() }));
    let actions: Rc<RefCell<Vec<UiEvent>>> = Rc::default();
    let mut interaction = interaction::Interaction::new(mode.clone());
    let mut watch = settings_path.clone().map(|p| settings_watch::SettingsWatch::new(p, profile));
    let ctx_path = settings_path.clone();
    let ctx = events::Context { settings_path, after_exit: Rc::default() };
    let after_exit = ctx.after_exit.clone();
    let data = crate::config::state_dir().map(|d| srpss_feeds::widget_store::load(&d)).unwrap_or_default();
    let layer = Rc::new(RefCell::new(widget_layer::WidgetLayer::new(&settings, data)));
    // The media and audio workers start once the first photo is on screen (or after
    // MEDIA_START_BY), so they do not compete with its decode.
    let media = Rc::new(RefCell::new(media::MediaSession::stopped()));
    let mut media_due = true;
    // A host's window: the one we draw in, known (and its size) before any window exists.
    let hosted_run = hosted.is_some();
    let host = hosted.map(host::Host::connect).transpose()?;
    if let Some(h) = &host {
        log::info!("[HOST] pid {} hosted in window 0x{:x} ({}); the host owns input and ends us with a signal", std::process::id(), h.window, h.size);
    }
    // One process per host window: each shuffles differently even when started together.
    let salt = host.as_ref().map_or(0, |h| u64::from(h.window));
    let show = Rc::new(RefCell::new(Slideshow::new(settings, folders, scan, perf, started, salt)));

    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // SIGTERM, SIGINT and SIGHUP: hosts end a saver that way; workers dying of the same
    // signal (a host signals the whole process group) are then not "lost".
    if let Err(e) = ctrlc::set_handler(move || {
        srpss_ipc::supervisor::mark_exiting();
        flag.store(true, Ordering::Relaxed);
    }) {
        log::warn!("cannot handle SIGTERM/SIGINT ({e}); they will end the screensaver abruptly");
    }
    host::ignore_sigusr1();

    let (group, automatic) = start_group::choose(&show.borrow().settings);
    start_group::select_renderer(group, host.as_ref());
    // The desktop before any window of ours covers it, taken while the first window is built.
    // Only once the windowing connection is open: an X connection of ours opened and closed
    // just before it made that one fail now and then (Xvfb, about 1 start in 15). Not in a
    // host's window (the host shows its own until we draw).
    let capture = if host.is_none() { desktop::start() } else { None };
    show.borrow_mut().group = group;
    show.borrow_mut().group_automatic = automatic;
    let first = SaverWindow::new()?;
    if let Some(h) = &host {
        first.window().set_size(slint::PhysicalSize::new(h.size.width.max(1), h.size.height.max(1)));
    }
    let mut shot = capture.and_then(|t| t.join().ok().flatten());
    // As large as the screen from its first frame (it is placed on its monitor a tick later).
    if let Some(c) = shot.as_ref().filter(|_| host.is_none()) {
        first.window().set_size(slint::PhysicalSize::new(c.size().width, c.size().height));
    }
    let mut frames = kept.and_then(|t| t.join().ok()).unwrap_or_default();
    // A photo kept by the last run for a screen of this size is on the very first frame;
    // otherwise, until the first photo is ready, the window shows the desktop as it was.
    let early = match (frames.first(), &shot) {
        (Some(Some(f)), Some(c)) if c.size() == f.request.target => Some(slint::Image::from_rgba8(f.pixels.clone())),
        _ => None,
    };
    let opened_early = early.is_some();
    if let Some(image) = early.or_else(|| shot.as_ref().and_then(desktop::Capture::whole)) {
        first.global::<crate::SaverAdapter>().set_current(image);
    }
    first.show()?;
    log::debug!("first window shown after {} ms", started.elapsed().as_millis());
    if opened_early {
        show.borrow_mut().opened_early();
    }
    let poll = Timer::default();
    let anim = Rc::new(Timer::default());
    let bars = Rc::new(Timer::default());
    {
        let (show, anim, mode, actions) = (show.clone(), anim.clone(), mode.clone(), actions.clone());
        let (layer_rc, media_rc, bars) = (layer.clone(), media.clone(), bars.clone());
        let first = first.clone_strong();
        let mut pending: Option<Vec<Pending>> = None;
        let mut host = host;
        let mut host_checked = Instant::now();
        let mut x_saver: Option<Option<x_saver::XSaverHold>> = None;
        poll.start(TimerMode::Repeated, POLL, move || {
            if stop.load(Ordering::Relaxed) {
                exit("terminated by signal");
                return;
            }
            let Ok(mut s) = show.try_borrow_mut() else { return };
            if let Some(h) = &mut host {
                if host_checked.elapsed() >= host::CHECK_EVERY {
                    host_checked = Instant::now();
                    host::follow(h, &s);
                }
            }
            match &mut pending {
                None if host.is_some() => pending = Some(host::open_window(&mut s, &first, &mode, &actions)),
                None => {
                    pending = open_windows(&mut s, &first, &mode, &actions, shot.as_ref(), &mut frames);
                    if pending.is_some() {
                        shot = None; // every window has its part of it now
                    }
                    if let Some(p) = &mut pending {
                        place_windows(&mut s, p);
                    }
                }
                Some(p) if !p.is_empty() => place_windows(&mut s, p),
                // Our own windows are all up: the X server's saver must not blank them.
                Some(_) if host.is_none() && x_saver.is_none() => x_saver = Some(x_saver::XSaverHold::take()),
                Some(_) => {}
            }
            let now = Instant::now();
            let (Ok(mut layer), Ok(mut m)) = (layer_rc.try_borrow_mut(), media_rc.try_borrow_mut()) else { return };
            if media_due && (s.first_shown() || started.elapsed() > MEDIA_START_BY) {
                media_due = false;
                *m = media::MediaSession::start(&s.settings);
            }
            if let Some(new) = watch.as_mut().and_then(|w| w.poll(now)) {
                settings_watch::apply(new, &mut s, &mut layer, &mut m, &mode, now);
            }
            let list: Vec<UiEvent> = actions.borrow_mut().drain(..).collect();
            events::handle(list, &mut s, &mut layer, &mut m, &mut interaction, &ctx, now);
            m.poll(&mut layer);
            if s.tick(now) && !anim.running() {
                start_animation(&anim, &show);
            }
            for news in s.take_widget_news() {
                layer.apply(news);
            }
            let work = Instant::now();
            layer.tick(&s.displays, now);
            if let Some(p) = &mut s.perf {
                let took = work.elapsed();
                p.widget_ticks += 1;
                p.widget_tick_time += took;
                p.widget_tick_max = p.widget_tick_max.max(took);
            }
            // At rest the poll tick looks for bars; once they move the frame tick takes over.
            if layer.visualizer_shown() && !bars.running() && m.bars(&mut layer, &s.displays, now) {
                start_bars(&bars, &show, &layer_rc, &media_rc);
            }
        });
    }
    slint::run_event_loop_until_quit()?;
    poll.stop();
    anim.stop();
    bars.stop();
    let mut s = show.borrow_mut();
    // Windows first (a screen host waits for them), then every worker at once.
    for d in &s.displays {
        // Hiding can only fail if the window is already gone, which is what we want anyway.
        let _ = d.window.hide();
    }
    let asked = EXIT_ASKED.get().copied().unwrap_or_else(Instant::now);
    log::info!("exit: windows hidden {} ms after the exit was asked for", asked.elapsed().as_millis());
    s.stop_workers();
    media.borrow().stop_soon();
    if !hosted_run {
        s.keep_start_frames(); // see `kept` above
    }
    let rendered: u64 = s.displays.iter().map(|d| d.clock.borrow().total_frames).sum();
    let dropped = s.events_dropped() + media.borrow().events_dropped();
    let windows = s.displays.len().max(1) as u32;
    if let Some(summary) = &mut s.perf {
        // Per window: the frames and time outside transitions (the first 2 s of start-up,
        // while windows are placed and the first photo arrives, are left out).
        summary.idle_frames = rendered.saturating_sub(summary.frames as u64) / u64::from(windows);
        summary.idle_time = started.elapsed().saturating_sub(summary.transition_time / windows + Duration::from_secs(2));
        summary.events_dropped = dropped;
        log::info!("[PERF] Summary: {summary}");
    }
    if let Some(url) = after_exit.borrow_mut().take() {
        interaction::open_url(&url);
    }
    if s.settings_requested {
        open_settings_then_resume(ctx_path.as_deref(), profile);
    }
    Ok(())
}

/// Starts `srpss settings --resume` (same profile and file): the screensaver comes back when
/// the settings window closes.
fn open_settings_then_resume(config: Option<&std::path::Path>, profile: srpss_core::settings::Profile) {
    let Ok(exe) = std::env::current_exe() else {
        log::error!("cannot find this program to open the settings application");
        return;
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["--profile", profile.name()]);
    if let Some(p) = config {
        cmd.arg("--config").arg(p);
    }
    match cmd.args(["settings", "--resume"]).spawn() {
        Ok(child) => log::info!("opened the settings application (pid {}); the screensaver resumes when it closes", child.id()),
        Err(e) => log::error!("cannot open the settings application: {e}"),
    }
}

fn start_animation(anim: &Rc<Timer>, show: &Rc<RefCell<Slideshow>>) {
    let (show, weak_anim) = (show.clone(), Rc::downgrade(anim));
    anim.start(TimerMode::Repeated, FRAME, move || {
        let Ok(mut s) = show.try_borrow_mut() else { return };
        if !s.animate(Instant::now()) {
            if let Some(a) = weak_anim.upgrade() {
                a.stop();
            }
        }
    });
}

/// The visualizer's frame tick: runs while a visualizer is shown and its bars move.
fn start_bars(timer: &Rc<Timer>, show: &Rc<RefCell<Slideshow>>, layer: &Rc<RefCell<widget_layer::WidgetLayer>>, media: &Rc<RefCell<media::MediaSession>>) {
    let (show, layer, media, weak) = (show.clone(), layer.clone(), media.clone(), Rc::downgrade(timer));
    let mut still_since: Option<Instant> = None;
    timer.start(TimerMode::Repeated, BARS_FRAME, move || {
        let (Ok(s), Ok(mut layer), Ok(mut m)) = (show.try_borrow(), layer.try_borrow_mut(), media.try_borrow_mut()) else { return };
        let now = Instant::now();
        let moving = m.bars(&mut layer, &s.displays, now);
        // At rest for a second (silence, pause) or no visualizer on screen: stop; the poll
        // tick starts it again when bars move.
        still_since = if moving { None } else { still_since.or(Some(now)) };
        if !layer.visualizer_shown() || still_since.is_some_and(|t| now.duration_since(t) > Duration::from_secs(1)) {
            if let Some(t) = weak.upgrade() {
                t.stop();
            }
        }
    });
}

pub(super) fn start_scan(folders: Vec<PathBuf>) -> crossbeam_channel::Receiver<ScanMsg> {
    let (tx, rx) = crossbeam_channel::unbounded();
    let spawned = std::thread::Builder::new().name("srpss-scan".into()).spawn(move || {
        let stats = srpss_image::scan::scan(&folders, |batch| tx.send(ScanMsg::Found(batch)).is_ok());
        log::debug!("scan finished: {stats:?}");
        // The receiver is gone if the screensaver already exited; nothing to report to.
        let _ = tx.send(ScanMsg::Done);
    });
    if let Err(e) = spawned {
        log::error!("cannot start the folder scan: {e}; showing demo pictures");
    }
    rx
}

/// A window waiting for its native (winit) window, to be put on its monitor.
struct Pending {
    display: usize,
    monitor: Option<MonitorHandle>,
    since: Instant,
}

/// Once the first window exists, finds the monitors and opens one window per selected monitor.
/// Returns the windows still to be placed, or None to be called again later.
fn open_windows(
    s: &mut Slideshow,
    first: &SaverWindow,
    mode: &Rc<Cell<InputMode>>,
    actions: &Rc<RefCell<Vec<UiEvent>>>,
    desktop: Option<&desktop::Capture>,
    frames: &mut [Option<start_frame::StartFrame>],
) -> Option<Vec<Pending>> {
    let monitors = first.window().with_winit_window(monitors::distinct)?;
    let selected = s.settings.display.show_on_monitors.select(monitors.len());
    log::info!("{} monitor(s); showing on {:?}", monitors.len(), selected.iter().map(|i| i + 1).collect::<Vec<_>>());
    let targets: Vec<Option<usize>> = if selected.is_empty() { vec![None] } else { selected.into_iter().map(Some).collect() };
    let mut pending = Vec::new();
    let cache = &s.settings.cache;
    // Each display gets the item bound and its share of the memory bound.
    let (max_frames, max_bytes) = (cache.max_items as usize, cache.max_memory_mb as usize * (1 << 20) / targets.len().max(1));
    for (n, target) in targets.into_iter().enumerate() {
        let monitor = target.and_then(|t| monitors.get(t).cloned());
        let window = if n == 0 {
            first.clone_strong()
        } else {
            let opened = SaverWindow::new().and_then(|w| {
                if let Some(m) = &monitor {
                    // Created where and as large as its monitor, even before fullscreen applies.
                    let (p, z) = (m.position(), m.size());
                    w.window().set_position(slint::PhysicalPosition::new(p.x, p.y));
                    w.window().set_size(slint::PhysicalSize::new(z.width, z.height));
                }
                w.show().map(|()| w)
            });
            match opened {
                Ok(w) => w,
                Err(e) => {
                    log::error!("cannot open a window for monitor {}: {e}", target.map_or(0, |t| t + 1));
                    continue;
                }
            }
        };
        let mut display = Display::new(window.clone_strong(), target.map_or(1, |t| t + 1), max_frames, max_bytes);
        install_input(&window, s.displays.len(), mode.clone(), actions.clone(), display.redraws.clone(), false);
        display.group = s.group;
        if s.group == RenderGroup::A {
            display.enable_shaders(s.group_automatic, crate::gl::Fault::from_env());
        }
        if let Some(m) = &monitor {
            let (p, z) = (m.position(), m.size());
            display.size = Some(srpss_core::geometry::Size::new(z.width, z.height));
            if let Some(image) = desktop.and_then(|c| c.crop(p.x, p.y, z.width, z.height)) {
                display.window.global::<crate::SaverAdapter>().set_current(image);
            }
        }
        let index = s.displays.len();
        pending.push(Pending { display: index, monitor, since: Instant::now() });
        s.add_display(display);
        if let Some(frame) = frames.get_mut(n).and_then(Option::take) {
            s.open_on(index, frame);
        }
    }
    Some(pending)
}

/// Puts each pending window fullscreen on its monitor once its native window exists (a window
/// shown during the event loop gets one a little later); keeps the others for the next tick.
fn place_windows(s: &mut Slideshow, pending: &mut Vec<Pending>) {
    pending.retain(|p| {
        let d = &mut s.displays[p.display];
        let placed = d.window.window().with_winit_window(|w| {
            if let Some(m) = &p.monitor {
                // Without a window manager fullscreen is not honoured: place and size explicitly too.
                w.set_outer_position(m.position());
                let _ = w.request_inner_size(m.size()); // applied asynchronously; the Resized event follows
                w.set_fullscreen(Some(Fullscreen::Borderless(Some(m.clone()))));
            } else {
                w.set_fullscreen(Some(Fullscreen::Borderless(None)));
            }
            w.set_cursor_visible(false);
            w.focus_window();
        });
        if placed.is_none() {
            if p.since.elapsed() < SETTLE {
                return true;
            }
            log::warn!("no native window for monitor {} after {SETTLE:?}; asking Slint for fullscreen", d.monitor);
            d.window.window().set_fullscreen(true);
        }
        log::debug!("window for monitor {} placed", d.monitor);
        d.placed = true;
        if p.monitor.is_some() {
            d.settle_by = Some(Instant::now() + SETTLE);
        }
        false
    });
}

/// Routes this window's input through the rules: exits at once, queues everything else
/// (with the pointer's place for the halo and widget clicks). In a host's window (`hosted`)
/// no input is ours: the host decides when we end.
fn install_input(window: &SaverWindow, index: usize, mode: Rc<Cell<InputMode>>, events: Rc<RefCell<Vec<UiEvent>>>, redraws: Rc<display::Redraws>, hosted: bool) {
    let menu_events = events.clone();
    window.global::<crate::OverlayAdapter>().on_menu_action(move |id| {
        menu_events.borrow_mut().push(UiEvent::Menu { window: index, id: id.to_string() });
    });
    let mut origin = input::PointerOrigin::default();
    let mut at = (0.0f32, 0.0f32);
    let mut left_down = false;
    window.window().on_winit_window_event(move |w, event| {
        use slint::winit_030::winit::event::WindowEvent;
        if let WindowEvent::CloseRequested = event {
            exit("window closed");
            return EventResult::Propagate;
        }
        if let WindowEvent::RedrawRequested = event {
            redraws.pass(Instant::now());
            return EventResult::Propagate;
        }
        if hosted {
            return EventResult::Propagate;
        }
        let m = mode.get();
        if let WindowEvent::MouseInput { state, button: slint::winit_030::winit::event::MouseButton::Left, .. } = event {
            left_down = *state == slint::winit_030::winit::event::ElementState::Pressed;
        }
        if let WindowEvent::CursorMoved { position, .. } = event {
            at = (position.x as f32, position.y as f32);
            if m.protected() {
                events.borrow_mut().push(UiEvent::Pointer { window: index, x: at.0, y: at.1 });
                if left_down {
                    events.borrow_mut().push(UiEvent::Drag { window: index, x: at.0, y: at.1 });
                }
            }
        }
        let Some(ev) = input::translate(event, f64::from(w.scale_factor()), &mut origin) else {
            return EventResult::Propagate;
        };
        let click = |button| UiEvent::Click { window: index, button, x: at.0, y: at.1 };
        match decide(ev, m) {
            InputAction::Exit => exit(&format!("{ev:?}")),
            InputAction::BeginInteraction => mode.set(InputMode { ctrl_held: true, ..m }),
            InputAction::EndInteraction => mode.set(InputMode { ctrl_held: false, ..m }),
            InputAction::ContextMenu => events.borrow_mut().push(click(ClickButton::Right)),
            InputAction::Ignore if m.protected() => match (ev, event) {
                (InputEvent::Click(Button::Left), _) => events.borrow_mut().push(click(ClickButton::Left)),
                (InputEvent::Click(Button::Middle), _) => events.borrow_mut().push(click(ClickButton::Middle)),
                (InputEvent::Wheel, WindowEvent::MouseWheel { delta, .. }) => {
                    use slint::winit_030::winit::event::MouseScrollDelta;
                    let notches = match delta {
                        MouseScrollDelta::LineDelta(_, y) => *y,
                        MouseScrollDelta::PixelDelta(p) => (p.y / 50.0) as f32,
                    };
                    events.borrow_mut().push(UiEvent::Wheel { window: index, notches, x: at.0, y: at.1 });
                }
                _ => {}
            },
            InputAction::Ignore => {}
            other => events.borrow_mut().push(UiEvent::Input(other)),
        }
        EventResult::Propagate
    });
}

/// When an exit was first asked for (the windows-hidden line measures from it).
static EXIT_ASKED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

pub(super) fn exit(why: &str) {
    EXIT_ASKED.get_or_init(Instant::now);
    srpss_ipc::supervisor::mark_exiting();
    log::info!("exit: {why}");
    // Only fails if the event loop already stopped, which is the goal.
    let _ = slint::quit_event_loop();
}
