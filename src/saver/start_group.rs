//! The session's render group at start: forced, set, or chosen from a headless GL probe before
//! any window exists, and the windowing backend opened with the renderer it needs.

use srpss_core::render_group::{self, RenderGroup};
use srpss_core::settings::Settings;
use std::time::Instant;

/// The session's render group and whether it was chosen automatically.
pub fn choose(settings: &Settings) -> (RenderGroup, bool) {
    let forced = std::env::var("SRPSS_RENDER_GROUP").ok().and_then(|g| {
        let parsed = RenderGroup::from_name(&g);
        if parsed.is_none() {
            log::warn!("SRPSS_RENDER_GROUP={g:?} is not A, B or C; ignored");
        }
        parsed
    });
    let automatic = forced.is_none() && settings.display.hw_accel && settings.display.render_group == render_group::GroupSetting::Auto;
    let caps = if automatic { probe_gl() } else { render_group::Capabilities::unprobed(true) };
    let (group, why) = render_group::initial(settings.display.render_group, settings.display.hw_accel, forced, caps);
    log::info!("render group {} ({why})", group.name());
    (group, automatic)
}

/// Opens the windowing backend before any window exists: group C with Slint's software
/// renderer, A and B with the default (GL) one; in a host's window, every window is made its
/// child.
pub fn select_renderer(group: RenderGroup, host: Option<&super::host::Host>) {
    let mut selector = slint::BackendSelector::new().backend_name("winit".into());
    if let Some(h) = host {
        selector = selector.with_winit_window_attributes_hook(h.attributes());
    }
    let selected = if group == RenderGroup::C { selector.renderer_name("software".into()).select() } else { selector.select() };
    if let Err(e) = selected {
        log::warn!("cannot select the {} renderer ({e}); the default one draws", if group == RenderGroup::C { "software" } else { "default" });
    }
}

/// Which GL the windows would get, from a headless context (a few milliseconds): software GL
/// starts the session in C. Without EGL (or on a failure) nothing is known and the session
/// starts at A; a window that then meets software GL moves to B.
fn probe_gl() -> render_group::Capabilities {
    if let Some(why) = no_gpu_device() {
        // Nothing but Mesa's software rasteriser can draw here; asking EGL costs ~70 ms.
        return render_group::Capabilities { shaders: true, gl_renderer: Some(why), software_gl: true };
    }
    let started = Instant::now();
    match crate::gl::headless::renderer_name() {
        Ok(name) => {
            log::debug!("GL probe: {name} in {:?}", started.elapsed());
            let software_gl = crate::gl::is_software_renderer(&name);
            render_group::Capabilities { shaders: true, gl_renderer: Some(name), software_gl }
        }
        Err(e) => {
            log::debug!("GL probe failed ({e}) in {:?}", started.elapsed());
            render_group::Capabilities::unprobed(true)
        }
    }
}

/// Linux without a GPU device node (DRM render node or NVIDIA's): GL can only be software.
fn no_gpu_device() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let has = |dir: &str, prefix: &str| {
        std::fs::read_dir(dir).is_ok_and(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with(prefix)))
    };
    (!has("/dev/dri", "renderD") && !has("/dev", "nvidia")).then(|| "no GPU device: no /dev/dri render node".to_string())
}

