//! `srpss render`: the frame a display of a given size would show, written to PNG, with no
//! window system. Uses the same preparation (`srpss_image::prepare`) and the same Slint
//! component as `run`, drawn by Slint's software renderer.

use crate::cli::RenderArgs;
use crate::{SaverAdapter, SaverWindow};
use anyhow::Context;
use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::Rgb8Pixel;
use slint::platform::{Platform, WindowAdapter};
use slint::ComponentHandle;
use srpss_core::playlist::Playlist;
use srpss_core::rng::Rng;
use srpss_core::settings::Settings;
use srpss_image::{demo, prepare, ImageRequest, ImageSource};
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
    let (source, notice) = pick(args, settings);
    let request = ImageRequest {
        source: source.clone(),
        target: args.size,
        mode: args.mode.unwrap_or(settings.display.mode),
        max_pixels: u64::from(settings.images.max_megapixels) * 1_000_000,
    };
    let frame = prepare(&request).with_context(|| format!("cannot render {source}"))?;
    let pixels = draw(&frame, &notice)?;
    let (w, h) = (args.size.width, args.size.height);
    let bytes: Vec<u8> = pixels.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
    image::save_buffer(&args.output, &bytes, w, h, image::ExtendedColorType::Rgb8)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    log::info!("rendered {source} at {} ({}) to {}", args.size, request.mode.name(), args.output.display());
    Ok(())
}

/// Draws the saver window with `frame` fully shown, headless.
fn draw(frame: &srpss_image::PreparedFrame, notice: &str) -> anyhow::Result<Vec<Rgb8Pixel>> {
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    slint::platform::set_platform(Box::new(Headless(window.clone())))
        .map_err(|e| anyhow::anyhow!("cannot set up headless rendering: {e}"))?;
    let ui = SaverWindow::new()?;
    ui.window().set_size(slint::PhysicalSize::new(frame.width, frame.height));
    ui.show()?;
    let adapter = ui.global::<SaverAdapter>();
    let mut buffer = slint::SharedPixelBuffer::<slint::Rgba8Pixel>::new(frame.width, frame.height);
    buffer.make_mut_bytes().copy_from_slice(&frame.pixels);
    adapter.set_current(slint::Image::from_rgba8(buffer));
    adapter.set_progress(1.0);
    adapter.set_notice(notice.into());
    let mut pixels = vec![Rgb8Pixel::default(); frame.width as usize * frame.height as usize];
    window.request_redraw();
    window.draw_if_needed(|renderer| {
        renderer.render(&mut pixels, frame.width as usize);
    });
    ui.hide()?;
    Ok(pixels)
}
