//! The slideshow: playlist, displays, and the rotation, driven by timers on the UI thread.
//!
//! Everything here is cheap: it moves handles around and sets properties. Decoding happens in
//! the [`ImagePipe`]; scanning on the scan thread. An empty channel means "keep showing".

mod reconfigure;
mod sources;
mod start;

use super::display::{Display, Look, Step};
use super::online::Online;
use super::session_group::{self, drawn_as};
use crate::image_pipe::{ImagePipe, Ticket};
use crate::perf::Summary;
use crate::SaverAdapter;
use crossbeam_channel::Receiver;
use slint::ComponentHandle;
use srpss_core::input::InputAction;
use srpss_core::playlist::Playlist;
use srpss_core::rng::Rng;
use crate::gl::ShaderParams;
use srpss_core::render_group::RenderGroup;
use srpss_core::settings::Settings;
use srpss_core::transition::TransitionKind;
use srpss_core::transition_pick::{Choice, Picker};
use srpss_image::{composite, ImageRequest, ImageSource};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A change of photo asked for while a transition runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Next,
    Previous,
}

/// Messages from the scan thread.
pub enum ScanMsg {
    Found(Vec<PathBuf>),
    Done,
}

/// Photos tried in a row for one change before waiting for the next one.
const MAX_TRIES: usize = 10;

/// Scan batches (up to 512 paths each) taken per poll tick.
const MAX_BATCHES_PER_TICK: usize = 8;

/// How long to gather photos before the first pick, so a shuffled slideshow does not always
/// open on the first file found. Small folders finish scanning well within it.
const FIRST_PICK_WAIT: Duration = Duration::from_millis(150);

pub struct Slideshow {
    pub settings: Settings,
    pub displays: Vec<Display>,
    /// Local photos (or the demo pictures).
    playlist: Playlist<ImageSource>,
    online: Online,
    /// Online photos have arrived at least once (for the log line with the time it took).
    online_seen: bool,
    /// No local photos: the demo starts then unless online photos came first.
    demo_due: Option<Instant>,
    pipe: ImagePipe,
    scan: Option<Receiver<ScanMsg>>,
    first_found: Option<Instant>,
    started: Instant,
    next_change: Option<Instant>,
    demo: bool,
    /// The corner notice every window shows (empty: none).
    notice: String,
    folders: Vec<PathBuf>,
    failed: HashSet<ImageSource>,
    first_shown: bool,
    /// Photos that failed in a row; after `MAX_TRIES` the next change tries again.
    failures_in_row: usize,
    /// The next photos are to be prepared once no transition runs.
    prefetch_due: bool,
    picker: Picker,
    /// The transition of the current change.
    choice: Choice,
    /// Changes so far (seeds the Diffuse block order).
    changes: u64,
    /// The session's render group; it only ever moves down (A to B to C).
    pub group: RenderGroup,
    /// The group was chosen automatically (not forced by the setting or the environment).
    pub group_automatic: bool,
    /// A change that waits for the running transition to end.
    deferred: Option<Change>,
    pub perf: Option<Summary>,
    /// S was pressed: open the settings application on the way out.
    pub settings_requested: bool,
}

impl Slideshow {
    /// `salt` (a host window's id, else 0) goes into the shuffle's seed.
    pub fn new(settings: Settings, folders: Vec<PathBuf>, scan: Receiver<ScanMsg>, perf: bool, started: Instant, salt: u64) -> Self {
        let threads = settings.cache.max_concurrent;
        let seed = Rng::from_entropy().next_u64() ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let playlist = Playlist::new(settings.queue.shuffle, settings.queue.history_size as usize, Rng::new(seed));
        let online = Online::start(&settings, log::max_level() >= log::LevelFilter::Debug);
        Self {
            online,
            online_seen: false,
            demo_due: None,
            settings,
            displays: Vec::new(),
            playlist,
            pipe: ImagePipe::start(threads, log::max_level() >= log::LevelFilter::Debug),
            scan: Some(scan),
            first_found: None,
            started,
            next_change: None,
            demo: false,
            notice: String::new(),
            folders,
            failed: HashSet::new(),
            first_shown: false,
            failures_in_row: 0,
            prefetch_due: false,
            picker: Picker::new(Rng::from_entropy()),
            choice: Choice { kind: TransitionKind::Crossfade, direction: None },
            changes: 0,
            group: RenderGroup::B,
            group_automatic: true,
            deferred: None,
            perf: perf.then(Summary::default),
            settings_requested: false,
        }
    }

    /// A photo has been on screen.
    pub fn first_shown(&self) -> bool {
        self.first_shown
    }

    /// Replaceable worker news dropped because the UI fell behind (image and feeds workers).
    pub fn events_dropped(&self) -> u64 {
        self.pipe.events_dropped() + self.online.events_dropped()
    }

    /// The image and feeds workers are asked to stop now (at exit).
    pub fn stop_workers(&self) {
        self.pipe.stop_soon();
        self.online.stop_soon();
    }

    /// Adds a window; it shows the demo notice too if the demo is already on.
    pub fn add_display(&mut self, d: Display) {
        d.window.global::<SaverAdapter>().set_notice(self.notice.as_str().into());
        self.displays.push(d);
    }

    fn interval(&self) -> Duration {
        Duration::from_secs(u64::from(self.settings.timing.interval))
    }

    /// The poll tick: channels, sizes, rotation. Returns true while the animation tick is
    /// needed (a transition runs, or photos pan).
    pub fn tick(&mut self, now: Instant) -> bool {
        self.check_renderers();
        self.drain_scan(now);
        self.drain_online();
        self.drain_pipe(now);
        self.update_sizes();
        let ready = self.first_found.is_some_and(|t| now >= t + FIRST_PICK_WAIT) || (self.scan.is_none() && !self.no_photos())
            || (self.first_found.is_none() && !self.online.photos.is_empty());
        let due = match self.next_change {
            None => ready,
            Some(t) => now >= t,
        };
        // A request refused by a full queue is asked again here.
        for i in 0..self.displays.len() {
            if let Some(src) = self.displays[i].wanted.clone() {
                self.request(i, src, true);
            }
        }
        let waiting = self.displays.iter().any(|d| d.wanted.is_some());
        // Prefetches wait for the photo a display waits for (at the start, the first one).
        if self.prefetch_due && !waiting && !self.displays.iter().any(Display::is_transitioning) {
            self.prefetch_due = false;
            self.prefetch();
        }
        let transitioning = self.displays.iter().any(Display::is_transitioning);
        if transitioning {
            // The interval counts from the end of the transition: the timer never fires
            // during one (so it never piles a second change onto a deferred one).
            let later = now + self.interval();
            if let Some(t) = &mut self.next_change {
                *t = (*t).max(later);
            }
        } else if due && !waiting && !self.no_photos() {
            self.advance(now);
        } else {
            // A change asked for (X, Z) during the transition that just ended.
            match self.deferred.take() {
                Some(Change::Next) => self.advance(now),
                Some(Change::Previous) => self.go_back(now),
                None => {}
            }
        }
        if self.perf.is_some() && self.first_shown {
            for d in &mut self.displays {
                if let Some((n, over)) = d.rest_frames(now) {
                    log::info!("[PERF] [REST] monitor={} frames={} redraws={} over {:.1} s", d.monitor, n.frames, n.passes, over.as_secs_f32());
                }
            }
        }
        self.displays.iter().any(|d| d.is_transitioning() || d.pans())
    }

    /// Group A: a window whose shaders failed, or an automatic choice that met a software GL
    /// renderer, moves the whole session down, logged once with the reason.
    fn check_renderers(&mut self) {
        if self.group != RenderGroup::A {
            return;
        }
        if let Some(d) = session_group::pending_demotion(&self.displays) {
            self.demote(d.to, &d.why, d.error);
        }
    }

    /// Moves the session to `to` (never up).
    /// Weather and headlines the feeds worker sent since the last call.
    pub fn take_widget_news(&mut self) -> Vec<crate::feed_pipe::WidgetNews> {
        self.online.take_news()
    }

    pub fn demote(&mut self, to: RenderGroup, why: &str, error: bool) {
        session_group::demote(&mut self.group, &mut self.displays, to, why, error);
    }

    /// Keeps a change asked for during a transition until it ends (the latest ask wins).
    fn defer(&mut self, change: Change) {
        if self.deferred.replace(change).is_none() {
            log::debug!("{change:?} deferred until the transition ends");
            if let Some(p) = &mut self.perf {
                p.deferred += 1;
            }
        }
    }

    /// The animation tick (frame rate, while a transition runs or the photos pan). Returns
    /// true while it is needed.
    pub fn animate(&mut self, now: Instant) -> bool {
        let watchdog = Duration::from_secs_f32(self.settings.transitions.watchdog_timeout_sec);
        let kind = self.choice.kind;
        let mut running = false;
        for d in &mut self.displays {
            running |= d.pan_step(now);
            match d.step(now, watchdog) {
                Step::Running => running = true,
                Step::Idle => {}
                Step::Finished(stats) | Step::TimedOut(stats) if self.perf.is_some() => {
                    log::info!("[PERF] [TRANSITION] {} monitor={} {stats}", drawn_as(kind, d.group), d.monitor);
                    if let Some(p) = &mut self.perf {
                        p.add_transition(&stats);
                    }
                }
                Step::TimedOut(_) => log::warn!("[WATCHDOG] Transition timeout on monitor {}; snapped to the new photo", d.monitor),
                Step::Finished(_) => {}
            }
        }
        running
    }

    /// The context menu's choice: this type from now on, not random.
    pub fn set_transition(&mut self, kind: srpss_core::transition::TransitionKind) {
        let t = &mut self.settings.transitions;
        t.kind = kind;
        t.random_always = false;
        self.picker.reset();
        log::info!("transition type now {}", drawn_as(kind, self.group));
    }

    pub fn handle(&mut self, action: InputAction, now: Instant) {
        match action {
            InputAction::NextImage | InputAction::PreviousImage if self.displays.iter().any(Display::is_transitioning) => {
                self.defer(if action == InputAction::NextImage { Change::Next } else { Change::Previous });
            }
            InputAction::NextImage => self.advance(now),
            InputAction::PreviousImage => self.go_back(now),
            InputAction::CycleTransition => {
                let t = &mut self.settings.transitions;
                t.kind = Picker::cycled(t, self.group == RenderGroup::A);
                t.random_always = false;
                self.picker.reset();
                log::info!("transition type now {} for this session", drawn_as(t.kind, self.group));
            }
            InputAction::OpenSettings => {
                // As the original: the screensaver makes way for the settings window and comes
                // back when it closes (run() starts it with --resume on the way out).
                self.settings_requested = true;
                super::exit("the settings application was asked for (S)");
            }
            // The context menu opens where the click happened (saver/interaction.rs).
            InputAction::ContextMenu
            | InputAction::BeginInteraction | InputAction::EndInteraction | InputAction::Ignore | InputAction::Exit => {}
        }
    }

    fn drain_pipe(&mut self, now: Instant) {
        let done = self.pipe.try_results();
        for p in done {
            let Some(d) = self.displays.get_mut(p.ticket.display) else { continue };
            let source = p.request.source.clone();
            match p.result {
                Ok(buffer) => {
                    if let Some(perf) = &mut self.perf {
                        perf.prepared += 1;
                        perf.prepare_time += p.took;
                    }
                    log::debug!("prepared {source} for {} in {:?}", p.request.target, p.took);
                    if !d.store(source.clone(), p.request.target, slint::Image::from_rgba8(buffer)) {
                        continue; // prepared for a size this display no longer has
                    }
                    if d.wanted.as_ref() == Some(&source) {
                        self.put_on_screen(p.ticket.display, source, now);
                    } else if d.shown.as_ref() == Some(&source) {
                        d.refresh();
                    }
                }
                Err(e) => {
                    d.in_flight.remove(&(source.clone(), p.request.target));
                    log::warn!("skipping {}: {e}", e.path().display());
                    if let Some(perf) = &mut self.perf {
                        perf.failed += 1;
                    }
                    self.failed.insert(source.clone());
                    self.playlist.remove(&source);
                    self.online.forget(&source);
                    self.replace_failed(&source);
                }
            }
        }
    }

    /// Every display that wanted a photo that failed gets another one (up to `MAX_TRIES` in a
    /// row; then it keeps what it shows until the next change).
    fn replace_failed(&mut self, source: &ImageSource) {
        for i in 0..self.displays.len() {
            if self.displays[i].wanted.as_ref() != Some(source) {
                continue;
            }
            self.displays[i].wanted = None;
            self.failures_in_row += 1;
            if self.failures_in_row >= MAX_TRIES {
                log::warn!("{MAX_TRIES} photos in a row could not be shown; trying again at the next change");
                self.failures_in_row = 0;
                continue;
            }
            if self.no_photos() && self.scan.is_none() {
                self.fall_back_to_demo("No displayable photos");
            }
            if let Some(next) = self.next_source() {
                self.want(i, next);
            }
        }
    }

    fn put_on_screen(&mut self, display: usize, source: ImageSource, now: Instant) {
        let t = &self.settings.transitions;
        let (duration, easing) = (Duration::from_millis(u64::from(t.duration_of(self.choice.kind))), t.easing);
        let params = composite::Params {
            direction: self.choice.direction.unwrap_or(srpss_core::transition::Direction::LeftToRight),
            block_size: t.diffuse.block_size,
            seed: self.changes,
        };
        let direction = params.direction;
        let look = Look { kind: self.choice.kind, params, shader: ShaderParams::from_settings(t, direction, self.changes) };
        let d = &mut self.displays[display];
        let (monitor, group) = (d.monitor, d.group);
        if let (Some(cut), Some(perf)) = (d.show(source, look, duration, easing, now), &mut self.perf) {
            log::info!("[PERF] [TRANSITION] {} cut short by the next change, monitor={monitor} {cut}", drawn_as(self.choice.kind, group));
            perf.add_transition(&cut);
        }
        self.failures_in_row = 0;
        if !self.first_shown {
            self.first_shown = true;
            log::info!("first photo on screen after {} ms", self.started.elapsed().as_millis());
        }
    }

    /// Physical sizes of placed windows; a change re-prepares what is shown and wanted.
    fn update_sizes(&mut self) {
        for i in 0..self.displays.len() {
            let d = &mut self.displays[i];
            if !d.placed {
                continue;
            }
            if let Some(size) = d.size.filter(|&z| self.settings.display.pan_and_scan && d.pan_size() != Some(z)) {
                let room = (srpss_core::pan::ZOOM - 1.0) * size.width.max(size.height) as f32;
                let ds = &self.settings.display;
                d.start_pan(srpss_core::pan::speed(ds.pan_auto_speed, ds.pan_speed, room, self.settings.timing.interval as f32));
            }
            let s = d.window.window().size();
            let size = srpss_core::geometry::Size::new(s.width, s.height);
            if let Some(deadline) = d.settle_by {
                if d.size != Some(size) && Instant::now() < deadline {
                    continue;
                }
                d.settle_by = None;
            }
            if size.is_empty() || d.size == Some(size) {
                continue;
            }
            log::debug!("monitor {} is {size}", d.monitor);
            d.size = Some(size);
            let redo: Vec<ImageSource> = d.shown.iter().chain(d.wanted.iter()).cloned().collect();
            for src in redo {
                self.request(i, src, true);
            }
            self.displays[i].drop_other_sizes();
        }
    }

    /// Asks for `source` at display `display`'s size; `urgent` (the display waits for it) goes
    /// before prefetches.
    fn request(&mut self, display: usize, source: ImageSource, urgent: bool) {
        let d = &mut self.displays[display];
        let Some(size) = d.size else { return };
        if d.has_frame(&source) {
            return;
        }
        let req = ImageRequest {
            source: source.clone(),
            target: size,
            mode: self.settings.display.mode,
            max_pixels: u64::from(self.settings.images.max_megapixels) * 1_000_000,
        };
        if d.in_flight.contains(&(source.clone(), size)) {
            if urgent {
                self.pipe.promote(Ticket { display }, &req);
            }
            return;
        }
        if self.pipe.request(Ticket { display }, req, urgent) {
            d.in_flight.insert((source, size));
        }
    }

    /// Asks display `i` to show `source` as soon as its frame is ready.
    fn want(&mut self, i: usize, source: ImageSource) {
        if self.displays[i].shown.as_ref() == Some(&source) && !self.displays[i].is_transitioning() {
            return;
        }
        self.displays[i].wanted = Some(source.clone());
        if self.displays[i].has_frame(&source) {
            self.put_on_screen(i, source, Instant::now());
        } else {
            self.request(i, source, true);
        }
    }

    /// The next photo on every display (X key, timer).
    fn advance(&mut self, now: Instant) {
        let n = self.displays.len();
        if n == 0 || self.no_photos() {
            return;
        }
        if self.changes == 0 {
            log::debug!("first photo asked for after {} ms", self.started.elapsed().as_millis());
        }
        // One transition per change, the same on every display.
        self.choice = self.picker.next(&self.settings.transitions, self.group == RenderGroup::A);
        self.changes += 1;
        log::debug!("next transition: {} {:?}", self.choice.kind.name(), self.choice.direction.map(|d| d.name()));
        // The first change leaves alone a display that opened on a start frame.
        let open: Vec<usize> = (0..n).filter(|&i| self.changes > 1 || self.displays[i].shown.is_none()).collect();
        let picks: Vec<ImageSource> = if open.is_empty() {
            Vec::new()
        } else if self.settings.display.same_image_all_monitors {
            self.next_source().map(|p| vec![p; open.len()]).unwrap_or_default()
        } else {
            open.iter().filter_map(|_| self.next_source()).collect()
        };
        for (i, src) in open.into_iter().zip(picks) {
            self.want(i, src);
        }
        self.next_change = Some(now + self.interval());
        self.prefetch_due = true;
    }

    /// The previous photo on every display (Z key).
    fn go_back(&mut self, now: Instant) {
        let n = if self.settings.display.same_image_all_monitors { 1 } else { self.displays.len() };
        if (0..n).filter_map(|_| self.playlist.previous()).count() == 0 {
            log::info!("Z: no earlier photo in the history");
            return;
        }
        let mut recent: Vec<ImageSource> = self.playlist.history().rev().take(n).cloned().collect();
        recent.reverse();
        for i in 0..self.displays.len() {
            let pick = recent.get(i).or(recent.last()).cloned();
            if let Some(src) = pick {
                self.want(i, src);
            }
        }
        self.next_change = Some(now + self.interval());
    }

    /// Prepares the next `cache.prefetch_ahead` photos of each display, so a change never waits
    /// on a decode. Called between transitions only, so decoding never competes with one.
    fn prefetch(&mut self) {
        let n = if self.settings.display.same_image_all_monitors { 1 } else { self.displays.len() };
        // The UI holds the next photo only (FRAMES_PER_DISPLAY); more would evict each other.
        let ahead = (self.settings.cache.prefetch_ahead as usize).min(super::display::FRAMES_PER_DISPLAY - 2);
        let upcoming = self.playlist.peek_many(n * ahead);
        for i in 0..self.displays.len() {
            for j in 0..ahead {
                // Display i shows every n-th photo from its own offset (or all the same ones).
                let pick = if n == 1 { upcoming.get(j) } else { upcoming.get(j * n + i) };
                if let Some(src) = pick.cloned() {
                    self.request(i, src, false);
                }
            }
        }
    }
}

/// The corner notice shown with the demo pictures; `render` uses the same words.
pub fn demo_notice(why: &str, folders: &str) -> String {
    format!("{why} in {folders} — showing built-in demo pictures")
}
