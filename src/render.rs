//! `srpss render`: the frame a display of a given size would show, written to PNG, with no
//! window system. Uses the same preparation (`srpss_image::prepare`) and the same Slint
//! component as `run`, drawn by Slint's software renderer.

use crate::cli::RenderArgs;
use crate::overlay::{FadeIn, WidgetView, Widgets};
use crate::{OverlayAdapter, SaverAdapter, SaverWindow};
use anyhow::Context;
use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::Rgb8Pixel;
use slint::platform::{Platform, WindowAdapter};
use slint::ComponentHandle;
use srpss_core::playlist::Playlist;
use srpss_core::rng::Rng;
use crate::gl::ShaderParams;
use srpss_core::render_group::RenderGroup;
use srpss_core::settings::{DiffuseShape, ParticleMode, Settings, TransitionSettings};
use srpss_core::transition::{Direction, TransitionKind};
use srpss_image::{composite, demo, prepare, ImageRequest, ImageSource};
use srpss_core::media::{NowPlaying, Playback};
use std::rc::Rc;

struct Headless(Rc<MinimalSoftwareWindow>);

impl Platform for Headless {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.0.clone())
    }
}

/// What `run` would put on screen first for this folder and seed, and the notice with it.
fn pick(args: &RenderArgs, settings: &Settings) -> (ImageSource, String) {
    if let Some(image) = &args.image {
        return (ImageSource::File(image.clone()), String::new());
    }
    let folder = args.folder.clone().unwrap_or_default();
    let mut found = Vec::new();
    srpss_image::scan::scan(std::slice::from_ref(&folder), |batch| {
        found.extend(batch);
        true
    });
    let mut playlist = Playlist::new(settings.queue.shuffle, 50, Rng::new(args.seed));
    playlist.add(found.into_iter().map(ImageSource::File));
    if let Some(first) = playlist.advance() {
        return (first, String::new());
    }
    let mut demos = Playlist::new(settings.queue.shuffle, 50, Rng::new(args.seed));
    demos.add((0..demo::COUNT).map(ImageSource::Demo));
    let notice = crate::saver::demo_notice("No photos found", &crate::config::display_path(&folder));
    (demos.advance().unwrap_or(ImageSource::Demo(0)), notice)
}

pub fn render(args: &RenderArgs, settings: &Settings) -> anyhow::Result<()> {
    if let Some(name) = &args.transition {
        return render_transition(args, settings, name);
    }
    let (source, notice) = pick(args, settings);
    let request = ImageRequest {
        source: source.clone(),
        target: args.size,
        mode: args.mode.unwrap_or(settings.display.mode),
        max_pixels: u64::from(settings.images.max_megapixels) * 1_000_000,
    };
    let frame = prepare(&request).with_context(|| format!("cannot render {source}"))?;
    let pixels = draw(&frame, &notice, &widgets(args, settings)?)?;
    save(args, &pixels)?;
    log::info!("rendered {source} at {} ({}) to {}", args.size, request.mode.name(), args.output.display());
    Ok(())
}

fn save(args: &RenderArgs, pixels: &[Rgb8Pixel]) -> anyhow::Result<()> {
    let (w, h) = (args.size.width, args.size.height);
    let bytes: Vec<u8> = pixels.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
    image::save_buffer(&args.output, &bytes, w, h, image::ExtendedColorType::Rgb8)
        .with_context(|| format!("cannot write {}", args.output.display()))
}

/// One frame of a transition between `--from` and `--to`: group C composites it on the CPU
/// and draws it in the saver window like any frame; group A draws it with the shader
/// compositor on a headless GL context.
fn render_transition(args: &RenderArgs, settings: &Settings, name: &str) -> anyhow::Result<()> {
    let kind = TransitionKind::from_loose_name(name).with_context(|| {
        let known: Vec<&str> = TransitionKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown transition {name:?} (one of {})", known.join(", "))
    })?;
    let group = match args.group.as_deref() {
        None => RenderGroup::C,
        Some(g) => RenderGroup::from_name(g).with_context(|| format!("unknown render group {g:?} (A, B or C)"))?,
    };
    anyhow::ensure!(
        group != RenderGroup::B,
        "render group B draws with the window's own renderer and cannot render headless; use --group A or C"
    );
    anyhow::ensure!((0.0..=1.0).contains(&args.progress), "--progress must be between 0 and 1, not {}", args.progress);
    let params = parse_params(&args.params, &settings.transitions)?;
    let mode = args.mode.unwrap_or(settings.display.mode);
    let max_pixels = u64::from(settings.images.max_megapixels) * 1_000_000;
    let frame = |path: &Option<std::path::PathBuf>| -> anyhow::Result<srpss_image::PreparedFrame> {
        let path = path.clone().context("--from and --to are needed with --transition")?;
        let request = ImageRequest { source: ImageSource::File(path.clone()), target: args.size, mode, max_pixels };
        prepare(&request).with_context(|| format!("cannot render {}", path.display()))
    };
    let (old, new) = (frame(&args.from)?, frame(&args.to)?);
    if group == RenderGroup::A {
        let pixels = crate::gl::headless::render_frame(kind, &params, &old, &new, args.progress)?;
        let rgb: Vec<slint::Rgb8Pixel> = pixels.chunks_exact(4).map(|p| slint::Rgb8Pixel { r: p[0], g: p[1], b: p[2] }).collect();
        save(args, &rgb)?;
        log::info!("rendered {} (group A) at progress {} to {}", kind.name(), args.progress, args.output.display());
        return Ok(());
    }
    let drawn = composite::software_kind(kind);
    if drawn != kind {
        log::info!("{} has no software version; group C draws it as {}", kind.name(), drawn.name());
    }
    let mut mixed = new.clone();
    let sw = composite::Params { direction: params.direction, block_size: params.block_size, seed: params.seed };
    composite::composite(kind, &sw, old.view(), new.view(), args.progress, &mut mixed.pixels)?;
    let pixels = draw(&mixed, "", &widgets(args, settings)?)?;
    save(args, &pixels)?;
    log::info!("rendered {} (group C) at progress {} to {}", drawn.name(), args.progress, args.output.display());
    Ok(())
}

fn parse_params(params: &[String], transitions: &TransitionSettings) -> anyhow::Result<ShaderParams> {
    let mut p = ShaderParams::from_settings(transitions, Direction::LeftToRight, 0);
    for kv in params {
        let (key, value) = kv.split_once('=').with_context(|| format!("--param {kv:?}: expected key=value"))?;
        let value = value.trim();
        let number = |lo: f32, hi: f32| -> anyhow::Result<f32> {
            value.parse::<f32>().ok().filter(|v| (lo..=hi).contains(v)).with_context(|| format!("{key} {value:?}: {lo} to {hi}"))
        };
        match key.trim() {
            "direction" => {
                p.direction = Direction::from_name(value).with_context(|| {
                    let known: Vec<&str> = Direction::WIPE.iter().map(|d| d.name()).collect();
                    format!("unknown direction {value:?} (one of {})", known.join(", "))
                })?;
            }
            "block_size" => p.block_size = number(4.0, 256.0)? as u32,
            "seed" => p.seed = value.parse().with_context(|| format!("seed {value:?}: a whole number"))?,
            "shape" => {
                p.diffuse_shape = match value.to_ascii_lowercase().as_str() {
                    "rectangle" => DiffuseShape::Rectangle,
                    "membrane" => DiffuseShape::Membrane,
                    _ => anyhow::bail!("shape {value:?}: rectangle or membrane"),
                }
            }
            "cols" => p.flip_cols = number(2.0, 25.0)? as u32 * 2,
            "pieces" => p.crumble.piece_count = number(4.0, 16.0)? as u32,
            "complexity" => p.crumble.crack_complexity = number(0.5, 2.0)?,
            "mode" => {
                p.particle.mode = match value.to_ascii_lowercase().as_str() {
                    "directional" => ParticleMode::Directional,
                    "swirl" => ParticleMode::Swirl,
                    "converge" => ParticleMode::Converge,
                    _ => anyhow::bail!("mode {value:?}: directional, swirl or converge"),
                }
            }
            "particle_direction" => p.particle.direction = number(0.0, 9.0)? as u32,
            other => anyhow::bail!(
                "unknown transition parameter {other:?} (direction, block_size, seed, shape, cols, pieces, complexity, mode, particle_direction)"
            ),
        }
    }
    Ok(p)
}

/// What the widget layer draws: the enabled widgets at `--time` with the saved data, on
/// `--monitor`; nothing with `--no-widgets`.
struct WidgetsAt {
    widgets: Option<Widgets>,
    now: srpss_core::clock::DateTime<srpss_core::clock::Utc>,
    monitor: u32,
    art: slint::Image,
    bars: Vec<f32>,
}

/// `--media "PLAYER|TITLE|ARTIST[|paused]"` as a player state (with a volume at 60 %).
fn now_playing(spec: &str) -> anyhow::Result<NowPlaying> {
    let parts: Vec<&str> = spec.split('|').collect();
    anyhow::ensure!((3..=4).contains(&parts.len()), "--media {spec:?}: expected \"PLAYER|TITLE|ARTIST\" (optionally \"|paused\")");
    let paused = parts.get(3).is_some_and(|p| p.eq_ignore_ascii_case("paused"));
    Ok(NowPlaying {
        player: parts[0].into(),
        id: format!("org.mpris.MediaPlayer2.{}", parts[0].to_lowercase()),
        title: parts[1].into(),
        artist: parts[2].into(),
        playback: if paused { Playback::Paused } else { Playback::Playing },
        can_go_previous: true,
        can_go_next: true,
        can_play_pause: true,
        volume: Some(0.6),
        ..NowPlaying::default()
    })
}

/// The artwork as the media worker would prepare it (cover-scaled to the card's square).
fn artwork(path: &std::path::Path, size: u32) -> anyhow::Result<slint::Image> {
    let req = srpss_image::ImageRequest {
        source: srpss_image::ImageSource::File(path.to_path_buf()),
        target: srpss_core::geometry::Size::new(size, size),
        mode: srpss_core::geometry::DisplayMode::Fill,
        max_pixels: 40_000_000,
    };
    let f = srpss_image::prepare(&req).with_context(|| format!("--artwork {}", path.display()))?;
    let mut buf = slint::SharedPixelBuffer::<slint::Rgba8Pixel>::new(f.width, f.height);
    buf.make_mut_bytes().copy_from_slice(&f.pixels);
    Ok(slint::Image::from_rgba8(buf))
}

fn widgets(args: &RenderArgs, settings: &Settings) -> anyhow::Result<WidgetsAt> {
    let now = match &args.time {
        Some(t) => srpss_core::clock::parse_instant(t).with_context(|| format!("--time {t:?} is not an RFC 3339 instant (2026-11-27T10:30:00Z)"))?,
        None => srpss_core::clock::Utc::now(),
    };
    anyhow::ensure!(args.monitor >= 1, "--monitor counts from 1");
    let mut data = crate::config::state_dir().map(|d| srpss_feeds::widget_store::load(&d)).unwrap_or_default();
    let mut art = slint::Image::default();
    if let Some(spec) = &args.media {
        let mut now = now_playing(spec)?;
        if let Some(path) = &args.artwork {
            art = artwork(path, settings.widgets.media.artwork_size)?;
            let s = art.size();
            now.artwork = Some(srpss_core::media::ArtworkRef { slot: 0, sequence: 1, width: s.width, height: s.height });
        }
        data.media = Some(now);
    }
    let widgets = (!args.no_widgets).then(|| Widgets::new(settings, data));
    Ok(WidgetsAt { widgets, now, monitor: args.monitor, art, bars: args.bars.clone() })
}

/// The saver window on Slint's software renderer with no window system, `width` x `height`,
/// showing `photo` (as both layers); once per process (the platform is set here).
pub(crate) fn headless_window(width: u32, height: u32, photo: &srpss_image::PreparedFrame) -> anyhow::Result<(Rc<MinimalSoftwareWindow>, SaverWindow)> {
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    slint::platform::set_platform(Box::new(Headless(window.clone())))
        .map_err(|e| anyhow::anyhow!("cannot set up headless rendering: {e}"))?;
    let ui = SaverWindow::new()?;
    ui.window().set_size(slint::PhysicalSize::new(width, height));
    ui.show()?;
    let mut buffer = slint::SharedPixelBuffer::<slint::Rgba8Pixel>::new(photo.width, photo.height);
    buffer.make_mut_bytes().copy_from_slice(&photo.pixels);
    let adapter = ui.global::<SaverAdapter>();
    adapter.set_previous(slint::Image::from_rgba8(buffer.clone()));
    adapter.set_current(slint::Image::from_rgba8(buffer));
    adapter.set_progress(1.0);
    adapter.set_notice("".into());
    adapter.set_software(true);
    Ok((window, ui))
}

/// Draws the saver window with `frame` fully shown, headless, with its widgets.
fn draw(frame: &srpss_image::PreparedFrame, notice: &str, at: &WidgetsAt) -> anyhow::Result<Vec<Rgb8Pixel>> {
    let (window, ui) = headless_window(frame.width, frame.height, frame)?;
    ui.global::<SaverAdapter>().set_notice(notice.into());
    let overlay = ui.global::<OverlayAdapter>();
    let view = WidgetView::new(&overlay, FadeIn::done(std::time::Instant::now()));
    if let Some(w) = &at.widgets {
        let cards = w.cards(at.now);
        let layout = view.show(&cards, at.monitor, frame.width, frame.height, &at.art);
        if let Some(bars) = crate::overlay::bars_for_cards(&cards, &w.settings, &at.bars) {
            overlay.set_bars(bars);
        }
        for p in &layout.placed {
            log::info!("widget {} at {},{} {}x{}", cards[p.id].name, p.rect.x, p.rect.y, p.rect.width, p.rect.height);
        }
        overlay.set_dim(w.dim);
    }
    let mut pixels = vec![Rgb8Pixel::default(); frame.width as usize * frame.height as usize];
    window.request_redraw();
    window.draw_if_needed(|renderer| {
        renderer.render(&mut pixels, frame.width as usize);
    });
    ui.hide()?;
    Ok(pixels)
}
