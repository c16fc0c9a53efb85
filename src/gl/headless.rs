//! A GL context without a window (EGL on a device, e.g. Mesa's software device, made current
//! with no surface), for `srpss render --group A` and the shader tests and benchmarks.

use super::error::GlError;
use glutin::api::egl::context::PossiblyCurrentContext;
use glutin::api::egl::device::Device;
use glutin::api::egl::display::Display;
use glutin::config::{ConfigSurfaceTypes, ConfigTemplateBuilder};
use glutin::context::{ContextApi, ContextAttributesBuilder, Version};
use glutin::display::GlDisplay;

/// A current headless context; keep it alive while its `glow::Context` is used.
pub struct Headless {
    _context: PossiblyCurrentContext,
    _display: Display,
}

/// Opens a GLES 3.0 context (or any the driver offers) on the first EGL device and makes it
/// current on this thread, surfaceless.
pub fn open() -> Result<(Headless, glow::Context), GlError> {
    let err = |what: &str, e: &dyn std::fmt::Display| GlError::Context(format!("{what}: {e}"));
    let mut devices = Device::query_devices().map_err(|e| err("no EGL devices (is Mesa's libEGL installed?)", &e))?;
    let device = devices.next().ok_or_else(|| GlError::Context("no EGL device".into()))?;
    // SAFETY: a display for a device EGL just listed, with no native display.
    let display = unsafe { Display::with_device(&device, None) }.map_err(|e| err("cannot open the EGL device", &e))?;
    let template = ConfigTemplateBuilder::new().with_surface_type(ConfigSurfaceTypes::empty()).build();
    // SAFETY: plain EGL queries on the display opened above.
    let config = unsafe { display.find_configs(template) }
        .map_err(|e| err("no EGL config", &e))?
        .next()
        .ok_or_else(|| GlError::Context("no EGL config".into()))?;
    let wanted = [ContextApi::Gles(Some(Version::new(3, 0))), ContextApi::OpenGl(Some(Version::new(3, 3)))];
    let mut last = None;
    for api in wanted {
        let attributes = ContextAttributesBuilder::new().with_context_api(api).build(None);
        // SAFETY: a context for the config of this display.
        match unsafe { display.create_context(&config, &attributes) } {
            Ok(not_current) => {
                let context = not_current.make_current_surfaceless().map_err(|e| err("cannot make the context current", &e))?;
                // SAFETY: the loader resolves names on the display whose context is current.
                let gl = unsafe { glow::Context::from_loader_function_cstr(|name| display.get_proc_address(name)) };
                return Ok((Headless { _context: context, _display: display }, gl));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(GlError::Context(format!("cannot create a GL context: {}", last.map_or_else(String::new, |e| e.to_string()))))
}

/// The GL renderer's name on the first EGL device (what a window on this machine would get),
/// asked before any window exists so the session's group is chosen once.
pub fn renderer_name() -> Result<String, GlError> {
    let (_context, gl) = open()?;
    // SAFETY: a string query on the context made current by `open`.
    Ok(unsafe { glow::HasContext::get_parameter_string(&gl, glow::RENDERER) })
}

/// One transition frame drawn by the shader compositor on a headless context: RGBA8, rows
/// top first.
pub fn render_frame(
    kind: srpss_core::transition::TransitionKind,
    params: &super::ShaderParams,
    old: &srpss_image::PreparedFrame,
    new: &srpss_image::PreparedFrame,
    progress: f32,
) -> Result<Vec<u8>, GlError> {
    let (_context, gl) = open()?;
    let mut compositor = super::Compositor::new(gl, super::Fault::from_env())?;
    compositor.upload(super::Layer::Old, old.width, old.height, &old.pixels)?;
    compositor.upload(super::Layer::New, new.width, new.height, &new.pixels)?;
    compositor.draw(kind, params, progress)?;
    compositor.read_target()
}
