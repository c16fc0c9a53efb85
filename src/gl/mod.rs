//! Group A: every transition as a GLSL shader, drawn with `glow` into a texture that the saver
//! window shows as its photo (inside Slint's rendering notifier), or headless through EGL for
//! `srpss render --group A`.

mod compositor;
mod error;
pub mod headless;
mod params;
mod program;
mod state;

pub use compositor::{Compositor, Layer};
pub use error::GlError;
pub use params::ShaderParams;
pub use state::SavedState;

/// Test-only faults (`SRPSS_GL_FAULT`): `compile` makes every shader fail to compile,
/// `gl-error` reports a GL error on the first transition frame, `framebuffer` makes the
/// compositor's render target incomplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    Compile,
    GlError,
    Framebuffer,
}

impl Fault {
    pub fn from_env() -> Self {
        match std::env::var("SRPSS_GL_FAULT").as_deref() {
            Ok("compile") => Fault::Compile,
            Ok("gl-error") => Fault::GlError,
            Ok("framebuffer") => Fault::Framebuffer,
            Ok(other) if !other.is_empty() => {
                log::warn!("SRPSS_GL_FAULT={other:?} is not compile, gl-error or framebuffer; ignored");
                Fault::None
            }
            _ => Fault::None,
        }
    }
}

/// Renderer names of software GL implementations (the original's list, §5.7).
pub fn is_software_renderer(renderer: &str) -> bool {
    let r = renderer.to_ascii_lowercase();
    ["llvmpipe", "softpipe", "swrast", "mesa software", "gdi generic", "microsoft basic render driver", "lavapipe"]
        .iter()
        .any(|s| r.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_renderers_are_recognised() {
        assert!(is_software_renderer("llvmpipe (LLVM 15.0.6, 256 bits)"));
        assert!(is_software_renderer("GDI Generic"));
        assert!(!is_software_renderer("NVIDIA GeForce RTX 4070/PCIe/SSE2"));
        assert!(!is_software_renderer("AMD Radeon Graphics (radeonsi, renoir, LLVM 15.0.7, DRM 3.54)"));
    }
}
