//! One screensaver window: what it shows, what it waits for, and its crossfade.

use super::gl_layer::{GlLayer, Job};
use super::layer_cells;
use super::SaverWindow;
use crate::gl::ShaderParams;
use crate::perf::{FrameClock, TransitionStats};
use crate::{LayerPiece, SaverAdapter};
use slint::ComponentHandle;
use srpss_core::easing::Easing;
use srpss_core::geometry::Size;
use srpss_image::ImageSource;
use std::cell::RefCell;
use slint::{Rgba8Pixel, SharedPixelBuffer};
use srpss_core::lru::Lru;
use srpss_core::pan::Pan;
use srpss_core::rng::Rng;
use srpss_core::render_group::RenderGroup;
use srpss_core::transition::{Direction, TransitionKind};
use srpss_image::composite;
use std::collections::HashSet;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Prepared frames one display holds at most: the previous, the current and the next photo.
/// Going back further asks the image worker again (the current photo stays until it comes).
pub const FRAMES_PER_DISPLAY: usize = 3;

/// A crossfade in progress.
#[derive(Debug, Clone)]
pub struct Crossfade {
    pub start: Instant,
    pub duration: Duration,
    pub easing: Easing,
}

impl Crossfade {
    /// Linear progress at `now`, clamped to 1.
    pub fn linear(&self, now: Instant) -> f32 {
        if self.duration.is_zero() {
            return 1.0;
        }
        (now.saturating_duration_since(self.start).as_secs_f32() / self.duration.as_secs_f32()).min(1.0)
    }
}

/// What a change looks like: the transition type and its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub kind: TransitionKind,
    pub params: composite::Params,
    /// What the shaders use (group A).
    pub shader: ShaderParams,
}

/// A group C transition: both photos' pixels, composited on the CPU at each step.
struct Software {
    look: Look,
    old: SharedPixelBuffer<Rgba8Pixel>,
    new: SharedPixelBuffer<Rgba8Pixel>,
    new_image: slint::Image,
}

impl Software {
    /// None when either photo's pixels are not at hand or the sizes differ (then the layers
    /// crossfade instead).
    fn new(look: Look, old: Option<SharedPixelBuffer<Rgba8Pixel>>, new_image: &slint::Image) -> Option<Self> {
        let (old, new) = (old?, new_image.to_rgba8()?);
        (old.width() == new.width() && old.height() == new.height()).then(|| Self { look, old, new, new_image: new_image.clone() })
    }

    fn frame(&self, progress: f32) -> slint::Image {
        let (w, h) = (self.new.width(), self.new.height());
        let mut out = SharedPixelBuffer::<Rgba8Pixel>::new(w, h);
        let old = composite::Frame { width: w, height: h, pixels: self.old.as_bytes() };
        let new = composite::Frame { width: w, height: h, pixels: self.new.as_bytes() };
        if let Err(e) = composite::composite(self.look.kind, &self.look.params, old, new, progress, out.make_mut_bytes()) {
            log::warn!("software transition frame failed ({e}); showing the new photo");
            return self.new_image.clone();
        }
        slint::Image::from_rgba8(out)
    }
}

/// The types group B draws with its two layers (the others as a crossfade).
pub const LAYER_KINDS: [TransitionKind; 7] = [
    TransitionKind::Crossfade,
    TransitionKind::Slide,
    TransitionKind::Wipe,
    TransitionKind::Blinds,
    TransitionKind::Diffuse,
    TransitionKind::BlockPuzzleFlip,
    TransitionKind::Peel,
];

/// `SaverAdapter.effect` and `.direction` for a look: slide and wipe travel along the four
/// cardinal directions (a diagonal wipe runs left to right or right to left).
fn layer_effect(look: Look) -> (i32, i32) {
    let direction = match look.params.direction {
        Direction::LeftToRight | Direction::DiagonalTlBr => 0,
        Direction::RightToLeft | Direction::DiagonalTrBl => 1,
        Direction::TopToBottom => 2,
        Direction::BottomToTop => 3,
    };
    match look.kind {
        TransitionKind::Slide => (1, direction),
        TransitionKind::Wipe => (2, direction),
        TransitionKind::Blinds => (3, 0),
        TransitionKind::Diffuse => (4, 0),
        TransitionKind::BlockPuzzleFlip => (5, direction),
        TransitionKind::Peel => (6, direction),
        _ => (0, 0),
    }
}

/// The pieces group B cuts the photos into for `look` in a window of `w` x `h` (empty for the
/// types drawn as whole layers): where each goes, when it starts, and its parts of the old
/// and the new photo, as far as that type draws them.
fn layer_pieces(look: Look, w: u32, h: u32, old: Option<&SharedPixelBuffer<Rgba8Pixel>>, new: Option<&SharedPixelBuffer<Rgba8Pixel>>) -> Vec<LayerPiece> {
    let s = look.shader;
    let (rects, starts, old_part, new_part) = match look.kind {
        TransitionKind::Diffuse => {
            let c = layer_cells::diffuse(w, h, s.block_size, s.seed);
            (c.rects(w, h), c.starts, false, true)
        }
        TransitionKind::BlockPuzzleFlip => {
            let c = layer_cells::block_flip(w, h, s.flip_cols, s.direction, s.seed, s.flip_fraction);
            (c.rects(w, h), c.starts, true, true)
        }
        TransitionKind::Blinds => (layer_cells::bands(w, h, layer_cells::BLINDS, true), Vec::new(), false, true),
        TransitionKind::Peel => {
            let across = layer_effect(look).1 <= 1;
            (layer_cells::bands(w, h, layer_cells::PEEL_STRIPS, across), Vec::new(), true, false)
        }
        _ => return Vec::new(),
    };
    let part = |photo: Option<&SharedPixelBuffer<Rgba8Pixel>>, wanted: bool, r: layer_cells::Rect| {
        photo.filter(|_| wanted).and_then(|p| layer_cells::cut(p, r)).unwrap_or_default()
    };
    rects
        .into_iter()
        .enumerate()
        .map(|(i, r)| LayerPiece {
            x: r.x as i32,
            y: r.y as i32,
            width: r.width as i32,
            height: r.height as i32,
            start: starts.get(i).copied().unwrap_or(0.0),
            old: part(old, old_part, r),
            new: part(new, new_part, r),
        })
        .collect()
}

/// How a step of the animation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Idle,
    Running,
    Finished(TransitionStats),
    /// The watchdog snapped a stuck transition to its end.
    TimedOut(TransitionStats),
}

pub struct Display {
    pub window: SaverWindow,
    /// 1-based monitor number, for messages.
    pub monitor: usize,
    /// Physical size once the window is placed on its monitor.
    pub size: Option<Size>,
    pub placed: bool,
    /// Window sizes are trusted once the window has taken its monitor's size (or after the
    /// deadline), so the pre-placement size never causes a wasted decode.
    pub settle_by: Option<Instant>,
    /// On screen now (the incoming photo during a transition).
    pub shown: Option<ImageSource>,
    /// Asked for, waiting for its frame.
    pub wanted: Option<ImageSource>,
    /// Prepared frames, bounded by `cache.max_items` and this display's share of
    /// `cache.max_memory_mb`; what is shown or wanted is never evicted.
    frames: Lru<ImageSource, (Size, slint::Image)>,
    pub in_flight: HashSet<(ImageSource, Size)>,
    transition: Option<Crossfade>,
    /// The render group of the session (C composites transitions on the CPU).
    pub group: RenderGroup,
    software: Option<Software>,
    pub clock: Rc<RefCell<FrameClock>>,
    /// Frames are counted by the renderer's notifier; false on renderers without one.
    pub counts_frames: bool,
    /// Group A's shader compositor in this window's GL context.
    pub gl: Rc<RefCell<GlLayer>>,
    /// Pan & scan drift, the size it is for, and when it last moved.
    pan: Option<(Pan, Size, Instant)>,
    /// Redraw passes the window system delivered to this window.
    pub redraws: Rc<Redraws>,
    /// The current stretch of rest (no transition, no pan): since when, and the counts then.
    rest: Option<(Instant, RestCount)>,
}

/// Redraw passes of one window, counted as the window system delivers them.
#[derive(Default)]
pub struct Redraws {
    passes: std::cell::Cell<u64>,
    /// Passes that came within `FOLLOW_UP` of the one before.
    follow_ups: std::cell::Cell<u64>,
    last: std::cell::Cell<Option<Instant>>,
}

/// On X11 Slint's frame throttle asks for one more pass a refresh interval (16 ms) after every
/// frame. The software renderer finds nothing changed then and draws nothing; femtovg draws the
/// whole frame again (its notifier counts it).
const FOLLOW_UP: Duration = Duration::from_millis(25);

impl Redraws {
    /// A redraw pass is starting.
    pub fn pass(&self, now: Instant) {
        self.passes.set(self.passes.get() + 1);
        if self.last.replace(Some(now)).is_some_and(|t| now.saturating_duration_since(t) < FOLLOW_UP) {
            self.follow_ups.set(self.follow_ups.get() + 1);
        }
    }
}

/// Frames drawn and redraw passes so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RestCount {
    pub frames: u64,
    pub passes: u64,
}

impl std::ops::Sub for RestCount {
    type Output = RestCount;
    fn sub(self, o: RestCount) -> RestCount {
        RestCount { frames: self.frames - o.frames, passes: self.passes - o.passes }
    }
}

/// Frames counted at rest are reported over this long (`[PERF] [REST]`).
pub const REST_WINDOW: Duration = Duration::from_secs(3);

impl Display {
    pub fn new(window: SaverWindow, monitor: usize, max_frames: usize, max_bytes: usize) -> Self {
        let clock = Rc::new(RefCell::new(FrameClock::default()));
        let notifier_clock = clock.clone();
        let gl = Rc::new(RefCell::new(GlLayer::default()));
        let (notifier_gl, weak) = (gl.clone(), window.as_weak());
        let mut render_start = None;
        let counts_frames = window
            .window()
            .set_rendering_notifier(move |state, api| {
                if let slint::RenderingState::BeforeRendering = state {
                    render_start = Some(Instant::now());
                }
                // Never re-entered: the notifier runs inside rendering, outside our timers.
                if let Ok(mut g) = notifier_gl.try_borrow_mut() {
                    g.notify(&state, api, &weak);
                }
                if let slint::RenderingState::AfterRendering = state {
                    let now = Instant::now();
                    let mut c = notifier_clock.borrow_mut();
                    if let Some(t) = render_start.take() {
                        c.render(now - t);
                    }
                    c.frame(now);
                }
            })
            .is_ok();
        Self {
            window,
            monitor,
            size: None,
            placed: false,
            settle_by: None,
            shown: None,
            wanted: None,
            frames: Lru::new(max_frames.clamp(1, FRAMES_PER_DISPLAY), max_bytes),
            in_flight: HashSet::new(),
            transition: None,
            group: RenderGroup::B,
            software: None,
            clock,
            counts_frames,
            gl,
            pan: None,
            redraws: Rc::default(),
            rest: None,
        }
    }

    /// Frames drawn so far: what the renderer's notifier counted (femtovg), else the passes
    /// less the throttle's follow-ups, in which the software renderer draws nothing.
    fn rest_count(&self) -> RestCount {
        let passes = self.redraws.passes.get();
        let frames = if self.counts_frames { self.clock.borrow().total_frames } else { passes - self.redraws.follow_ups.get() };
        RestCount { frames, passes }
    }

    /// Frames drawn over the last `REST_WINDOW` of rest, once per window of it (a transition or
    /// pan & scan starts the count again).
    pub fn rest_frames(&mut self, now: Instant) -> Option<(RestCount, Duration)> {
        if self.transition.is_some() || self.pan.is_some() {
            self.rest = None;
            return None;
        }
        let count = self.rest_count();
        match self.rest {
            Some((since, at)) if now.saturating_duration_since(since) >= REST_WINDOW => {
                self.rest = Some((now, count));
                Some((count - at, now - since))
            }
            Some(_) => None,
            None => {
                self.rest = Some((now, count));
                None
            }
        }
    }

    /// Starts (or restarts, for a new size) pan & scan at `speed` pixels a second.
    pub fn start_pan(&mut self, speed: f32) {
        let Some(size) = self.size else { return };
        let pan = Pan::new(size.width, size.height, speed, Rng::from_entropy());
        log::debug!("pan & scan on monitor {}: {speed:.1} px/s over up to {:.0} px", self.monitor, pan.room());
        let adapter = self.window.global::<SaverAdapter>();
        adapter.set_software(self.group == RenderGroup::C);
        adapter.set_zoom(srpss_core::pan::ZOOM);
        self.pan = Some((pan, size, Instant::now()));
    }

    pub fn pans(&self) -> bool {
        self.pan.is_some()
    }

    pub fn pan_size(&self) -> Option<Size> {
        self.pan.as_ref().map(|p| p.1)
    }

    /// Moves the drift to `now`; true while panning.
    pub fn pan_step(&mut self, now: Instant) -> bool {
        let Some((pan, _, last)) = &mut self.pan else { return false };
        pan.step(now.saturating_duration_since(*last).as_secs_f32());
        *last = now;
        let adapter = self.window.global::<SaverAdapter>();
        adapter.set_pan_x(pan.x);
        adapter.set_pan_y(pan.y);
        true
    }

    /// Moves this window to `group` (a session demotion): a shader transition in progress
    /// ends on its new photo.
    pub fn demote(&mut self, group: RenderGroup) {
        self.group = group;
        let job = {
            let mut g = self.gl.borrow_mut();
            g.active = false;
            g.job.take()
        };
        if let Some(job) = job {
            // The transition ends at its next step, on the new photo.
            self.window.global::<SaverAdapter>().set_current(slint::Image::from_rgba8(job.new));
            if let Some(t) = &mut self.transition {
                t.duration = Duration::ZERO;
            }
        }
    }

    /// Turns the shader compositor on for this window (group A).
    pub fn enable_shaders(&mut self, automatic: bool, fault: crate::gl::Fault) {
        let mut g = self.gl.borrow_mut();
        g.active = true;
        g.automatic = automatic;
        g.fault = fault;
    }

    pub fn has_frame(&self, source: &ImageSource) -> bool {
        self.frame(source).is_some()
    }

    pub fn frame(&self, source: &ImageSource) -> Option<&slint::Image> {
        match (self.frames.peek(source), self.size) {
            (Some((s, img)), Some(size)) if *s == size => Some(img),
            _ => None,
        }
    }

    /// Stores a prepared frame if it is for this display's current size.
    pub fn store(&mut self, source: ImageSource, size: Size, image: slint::Image) -> bool {
        self.in_flight.remove(&(source.clone(), size));
        if Some(size) != self.size {
            return false;
        }
        let bytes = size.width as usize * size.height as usize * 4;
        let keep: Vec<ImageSource> = self.shown.iter().chain(self.wanted.iter()).cloned().collect();
        let keep: Vec<&ImageSource> = keep.iter().collect();
        self.frames.insert(source, (size, image), bytes, &keep);
        log::debug!("monitor {} holds {} frames ({} MB)", self.monitor, self.frames.len(), self.frames.bytes() >> 20);
        true
    }

    /// Drops frames prepared for another size than the display has now.
    pub fn drop_other_sizes(&mut self) {
        let size = self.size;
        self.frames.retain(|_, (s, _)| Some(*s) == size);
    }

    pub fn is_transitioning(&self) -> bool {
        self.transition.is_some()
    }

    /// Puts `source` on screen: instantly if nothing is shown yet, else with the transition
    /// `look` (group C composites it on the CPU; otherwise a crossfade of the two layers). A
    /// transition already running is snapped to its end first. Returns the stats of a
    /// transition cut short, if any.
    pub fn show(&mut self, source: ImageSource, look: Look, duration: Duration, easing: Easing, now: Instant) -> Option<TransitionStats> {
        let image = self.frame(&source)?.clone();
        self.frames.get(&source); // most recently used now
        let cut = self.transition.take().map(|_| self.clock.borrow_mut().end(now));
        let adapter = self.window.global::<SaverAdapter>();
        // A software transition cut short ends on its new photo, which becomes the old one.
        let cut_job = self.gl.borrow_mut().job.take();
        let old = match (self.software.take(), cut_job) {
            (Some(sw), _) => Some(sw.new),
            (None, Some(job)) => Some(job.new),
            (None, None) => adapter.get_current().to_rgba8(),
        };
        self.wanted = None;
        let shader_job = match (self.group, &old, image.to_rgba8()) {
            (RenderGroup::A, Some(o), Some(n)) if (o.width(), o.height()) == (n.width(), n.height()) => {
                Some(Job::new(look.kind, look.shader, o.clone(), n))
            }
            _ => None,
        };
        let software = if self.group == RenderGroup::C { Software::new(look, old.clone(), &image) } else { None };
        if self.shown.is_none() || duration.is_zero() {
            adapter.set_previous(slint::Image::default());
            adapter.set_current(image);
            adapter.set_progress(1.0);
        } else if let Some(job) = shader_job.filter(|_| self.shown.is_some()) {
            // Group A: the notifier draws each frame from the two textures; until the first
            // one, the old photo stays on screen.
            adapter.set_previous(slint::Image::default());
            adapter.set_current(slint::Image::from_rgba8(job.old.clone()));
            adapter.set_progress(1.0);
            self.gl.borrow_mut().job = Some(job);
            self.transition = Some(Crossfade { start: now, duration, easing });
            self.clock.borrow_mut().begin(now);
            self.window.window().request_redraw();
        } else if let Some(sw) = software {
            // Group C: one layer, composited frame by frame from the two photos.
            adapter.set_previous(slint::Image::default());
            adapter.set_current(slint::Image::from_rgba8(sw.old.clone()));
            adapter.set_progress(1.0);
            self.software = Some(sw);
            self.transition = Some(Crossfade { start: now, duration, easing });
            self.clock.borrow_mut().begin(now);
        } else {
            // Group B: the two layers, drawn by saver.slint as this type.
            let (effect, direction) = layer_effect(look);
            if let Some(z) = self.size {
                let pieces = layer_pieces(look, z.width, z.height, old.as_ref(), image.to_rgba8().as_ref());
                adapter.set_flip_share(look.shader.flip_fraction);
                adapter.set_pieces(slint::ModelRc::new(slint::VecModel::from(pieces)));
            }
            adapter.set_effect(effect);
            adapter.set_direction(direction);
            adapter.set_previous(adapter.get_current());
            adapter.set_current(image);
            adapter.set_progress(0.0);
            self.transition = Some(Crossfade { start: now, duration, easing });
            self.clock.borrow_mut().begin(now);
        }
        self.shown = Some(source);
        cut
    }

    /// Replaces the shown frame in place (same photo, new size), without a transition.
    pub fn refresh(&mut self) {
        let Some(src) = self.shown.clone() else { return };
        if self.transition.is_none() {
            if let Some(img) = self.frame(&src).cloned() {
                self.window.global::<SaverAdapter>().set_current(img);
            }
        }
    }

    /// Advances the crossfade to `now`.
    pub fn step(&mut self, now: Instant, watchdog: Duration) -> Step {
        let Some(t) = &self.transition else { return Step::Idle };
        let adapter = self.window.global::<SaverAdapter>();
        if !self.counts_frames {
            self.clock.borrow_mut().frame(now);
        }
        let linear = t.linear(now);
        let timed_out = now.saturating_duration_since(t.start) > watchdog;
        if linear < 1.0 && !timed_out {
            let p = t.easing.apply(linear);
            let work = Instant::now();
            match (&self.software, self.gl.borrow_mut().job.as_mut()) {
                (Some(sw), _) => adapter.set_current(sw.frame(p)),
                (None, Some(job)) => {
                    job.progress = p;
                    self.window.window().request_redraw();
                }
                (None, None) => adapter.set_progress(p),
            }
            self.clock.borrow_mut().tick(work.elapsed());
            return Step::Running;
        }
        // Snap to new: the last frame is exactly the new photo.
        if let Some(sw) = self.software.take() {
            adapter.set_current(sw.new_image);
        }
        if let Some(job) = self.gl.borrow_mut().job.take() {
            adapter.set_current(slint::Image::from_rgba8(job.new));
        }
        adapter.set_progress(1.0);
        adapter.set_previous(slint::Image::default());
        adapter.set_effect(0);
        adapter.set_pieces(slint::ModelRc::default());
        self.transition = None;
        let stats = self.clock.borrow_mut().end(now);
        if timed_out && linear < 1.0 {
            Step::TimedOut(stats)
        } else {
            Step::Finished(stats)
        }
    }
}
