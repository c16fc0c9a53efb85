//! Shader sources and their compilation. One fragment shader a transition, all sharing
//! `common.glsl` and the full-screen triangle of `quad.vert`; the GLSL header follows the
//! context (desktop GL or GLES), always with highp precision.

use super::error::GlError;
use glow::HasContext;
use srpss_core::transition::TransitionKind;
use std::collections::HashMap;

const VERTEX: &str = include_str!("shaders/quad.vert");
const COMMON: &str = include_str!("shaders/common.glsl");

/// The fragment shader of each type.
pub fn fragment_source(kind: TransitionKind) -> &'static str {
    match kind {
        TransitionKind::Crossfade => include_str!("shaders/crossfade.frag"),
        TransitionKind::Slide => include_str!("shaders/slide.frag"),
        TransitionKind::Wipe => include_str!("shaders/wipe.frag"),
        TransitionKind::Diffuse => include_str!("shaders/diffuse.frag"),
        TransitionKind::BlockPuzzleFlip => include_str!("shaders/blockflip.frag"),
        TransitionKind::Blinds => include_str!("shaders/blinds.frag"),
        TransitionKind::Peel => include_str!("shaders/peel.frag"),
        TransitionKind::BlockSpins => include_str!("shaders/blockspin.frag"),
        TransitionKind::Ripple => include_str!("shaders/ripple.frag"),
        TransitionKind::WarpDissolve => include_str!("shaders/warp.frag"),
        TransitionKind::Crumble => include_str!("shaders/crumble.frag"),
        TransitionKind::Particle => include_str!("shaders/particle.frag"),
    }
}

/// The `#version` line and precision for this context, or None if its GLSL is too old.
pub fn header(version: &glow::Version) -> Option<&'static str> {
    match (version.is_embedded, version.major, version.minor) {
        (true, 3.., _) => Some("#version 300 es\nprecision highp float;\nprecision highp int;\n"),
        (false, 4.., _) | (false, 3, 3..) => Some("#version 330 core\nprecision highp float;\nprecision highp int;\n"),
        (false, 3, _) => Some("#version 130\nprecision highp float;\nprecision highp int;\n"),
        _ => None,
    }
}

/// A linked program and the locations of the uniforms it uses.
pub struct Program {
    pub program: glow::Program,
    locations: HashMap<&'static str, glow::UniformLocation>,
}

/// Every uniform name any shader declares; unused ones simply have no location.
const UNIFORMS: [&str; 30] = [
    "uOld", "uNew", "uProgress", "uResolution", "uDirection", "uSeed", "uBlockSize", "uShape", "uGrid", "uFlip", "uStrips",
    "uAxisMode", "uSpin", "uSpecDir", "uPieces", "uComplexity", "uWeighting", "uMode", "uPDir", "uRadius", "uTrailLen",
    "uTrailStr", "uTurns", "uOrder", "uShade3d", "uTexMap", "uWobble", "uGloss", "uLight", "uUnused",
];

impl Program {
    pub fn location(&self, name: &str) -> Option<&glow::UniformLocation> {
        self.locations.get(name)
    }

    /// Compiles and links `kind`'s program; `broken` appends a line no GLSL compiler accepts
    /// (the fault injection of the demotion tests).
    pub fn build(gl: &glow::Context, header: &str, kind: TransitionKind, broken: bool) -> Result<Self, GlError> {
        let fault = if broken { "\n#error SRPSS_GL_FAULT=compile\n" } else { "" };
        let vs_src = format!("{header}{VERTEX}");
        let fs_src = format!("{header}{COMMON}\n{}{fault}", fragment_source(kind));
        // SAFETY: plain GL object calls on the context current on this thread; every object
        // created here is either returned in the Program or deleted before returning.
        unsafe {
            let vs = compile(gl, glow::VERTEX_SHADER, &vs_src, kind)?;
            let fs = match compile(gl, glow::FRAGMENT_SHADER, &fs_src, kind) {
                Ok(fs) => fs,
                Err(e) => {
                    gl.delete_shader(vs);
                    return Err(e);
                }
            };
            let program = gl.create_program().map_err(|_| GlError::Resource("a shader program"))?;
            gl.attach_shader(program, vs);
            gl.attach_shader(program, fs);
            gl.link_program(program);
            gl.detach_shader(program, vs);
            gl.detach_shader(program, fs);
            gl.delete_shader(vs);
            gl.delete_shader(fs);
            if !gl.get_program_link_status(program) {
                let log = gl.get_program_info_log(program);
                gl.delete_program(program);
                return Err(GlError::Link { kind: kind.name(), log: log.trim().to_string() });
            }
            let locations = UNIFORMS.iter().filter_map(|&n| gl.get_uniform_location(program, n).map(|l| (n, l))).collect();
            Ok(Self { program, locations })
        }
    }
}

unsafe fn compile(gl: &glow::Context, stage: u32, src: &str, kind: TransitionKind) -> Result<glow::Shader, GlError> {
    let shader = gl.create_shader(stage).map_err(|_| GlError::Resource("a shader"))?;
    gl.shader_source(shader, src);
    gl.compile_shader(shader);
    if gl.get_shader_compile_status(shader) {
        return Ok(shader);
    }
    let log = gl.get_shader_info_log(shader);
    gl.delete_shader(shader);
    Err(GlError::Compile { kind: kind.name(), log: log.trim().to_string() })
}
