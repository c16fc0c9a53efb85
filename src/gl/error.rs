//! What can go wrong in the shader compositor, and which group each failure demotes to.

use srpss_core::render_group::RenderGroup;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum GlError {
    #[error("no usable OpenGL context: {0}")]
    Context(String),
    #[error("OpenGL {0} has no GLSL this compositor can use (needs GL 3.0 or GLES 3.0)")]
    Unsupported(String),
    #[error("the {kind} shader did not compile: {log}")]
    Compile { kind: &'static str, log: String },
    #[error("the {kind} shader did not link: {log}")]
    Link { kind: &'static str, log: String },
    #[error("cannot create {0}")]
    Resource(&'static str),
    #[error("the render target is incomplete (status {0:#x})")]
    Framebuffer(u32),
    #[error("GL error {0:#x} while drawing {1}")]
    Gl(u32, &'static str),
}

impl GlError {
    /// The group the session falls back to: shader and drawing faults leave the window's
    /// compositor usable (B); a compositor that cannot render at all leaves only software (C).
    pub fn demotes_to(&self) -> RenderGroup {
        match self {
            GlError::Framebuffer(_) | GlError::Context(_) => RenderGroup::C,
            _ => RenderGroup::B,
        }
    }
}
