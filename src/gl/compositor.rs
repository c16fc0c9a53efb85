//! The shader compositor of one GL context: the two photos as textures, one program a
//! transition (all compiled, and so warmed, when it is created), and a render target texture
//! the transition is drawn into.

use super::error::GlError;
use super::params::ShaderParams;
use super::program::{self, Program};
use super::Fault;
use glow::HasContext;
use srpss_core::settings::DiffuseShape;
use srpss_core::transition::TransitionKind;
use std::collections::BTreeMap;
use std::num::NonZeroU32;

/// Which photo a texture holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Old,
    New,
}

struct Texture {
    texture: glow::Texture,
    width: u32,
    height: u32,
}

struct Target {
    framebuffer: glow::Framebuffer,
    texture: Texture,
}

pub struct Compositor {
    gl: glow::Context,
    programs: BTreeMap<TransitionKind, Program>,
    vertex_array: glow::VertexArray,
    old: Option<Texture>,
    new: Option<Texture>,
    target: Option<Target>,
    fault: Fault,
}

impl Compositor {
    /// Compiles every transition's program on `gl` (a context current on this thread).
    pub fn new(gl: glow::Context, fault: Fault) -> Result<Self, GlError> {
        // SAFETY: queries and object creation on the current context.
        let (renderer, version) = unsafe { (gl.get_parameter_string(glow::RENDERER), gl.get_parameter_string(glow::VERSION)) };
        let header = program::header(gl.version()).ok_or_else(|| GlError::Unsupported(version.clone()))?;
        let mut programs = BTreeMap::new();
        for kind in TransitionKind::ALL {
            match Program::build(&gl, header, kind, fault == Fault::Compile) {
                Ok(p) => {
                    programs.insert(kind, p);
                }
                Err(e) => {
                    // SAFETY: deleting the programs this function created.
                    unsafe { programs.values().for_each(|p: &Program| gl.delete_program(p.program)) };
                    return Err(e);
                }
            }
        }
        // SAFETY: as above.
        let vertex_array = unsafe { gl.create_vertex_array() }.map_err(|_| GlError::Resource("a vertex array"))?;
        let mut c = Self { gl, programs, vertex_array, old: None, new: None, target: None, fault: Fault::None };
        c.warm()?;
        c.fault = fault;
        log::debug!("shader compositor ready on {renderer} ({version}): {} programs compiled and warmed", c.programs.len());
        Ok(c)
    }

    /// Draws every program once into a 1x1 target, so drivers that finish compiling at the
    /// first draw do it now, not on a transition's first frame.
    fn warm(&mut self) -> Result<(), GlError> {
        let px = [0u8, 0, 0, 255];
        self.upload(Layer::Old, 1, 1, &px)?;
        self.upload(Layer::New, 1, 1, &px)?;
        let params = ShaderParams::default();
        for kind in TransitionKind::ALL {
            self.draw(kind, &params, 0.5)?;
        }
        Ok(())
    }

    pub fn gl(&self) -> &glow::Context {
        &self.gl
    }

    /// Uploads a photo (RGBA8, rows top first) into `layer`'s texture.
    pub fn upload(&mut self, layer: Layer, width: u32, height: u32, rgba: &[u8]) -> Result<(), GlError> {
        if rgba.len() != width as usize * height as usize * 4 || width == 0 || height == 0 {
            return Err(GlError::Resource("a texture from a frame whose size does not match its pixels"));
        }
        let gl = &self.gl;
        let slot = match layer {
            Layer::Old => &mut self.old,
            Layer::New => &mut self.new,
        };
        // SAFETY: texture calls on the current context with a buffer of the declared size.
        unsafe {
            if slot.as_ref().is_some_and(|t| (t.width, t.height) != (width, height)) {
                if let Some(t) = slot.take() {
                    gl.delete_texture(t.texture);
                }
            }
            gl.active_texture(glow::TEXTURE0);
            gl.pixel_store_i32(glow::UNPACK_ALIGNMENT, 4);
            gl.pixel_store_i32(glow::UNPACK_ROW_LENGTH, 0);
            let pixels = glow::PixelUnpackData::Slice(Some(rgba));
            match slot {
                Some(t) => {
                    gl.bind_texture(glow::TEXTURE_2D, Some(t.texture));
                    gl.tex_sub_image_2d(glow::TEXTURE_2D, 0, 0, 0, width as i32, height as i32, glow::RGBA, glow::UNSIGNED_BYTE, pixels);
                }
                None => {
                    let texture = new_texture(gl, width, height, Some(rgba))?;
                    *slot = Some(Texture { texture, width, height });
                }
            }
            check(gl, "a texture upload")
        }
    }

    /// Draws `kind` at `progress` (0..=1, eased) from the old to the new texture into the
    /// render target, returning the target texture's id. Progress 0 and 1 are drawn as the
    /// plain old and new photo (the snap).
    pub fn draw(&mut self, kind: TransitionKind, params: &ShaderParams, progress: f32) -> Result<NonZeroU32, GlError> {
        let (Some(old), Some(new)) = (&self.old, &self.new) else {
            return Err(GlError::Resource("a transition frame before both photos were uploaded"));
        };
        let (width, height) = (new.width, new.height);
        let (old_tex, new_tex) = (old.texture, new.texture);
        self.ensure_target(width, height)?;
        let Some(target) = &self.target else { return Err(GlError::Resource("a render target")) };
        let snapped = !(progress > 0.0 && progress < 1.0);
        let drawn = if snapped { TransitionKind::Crossfade } else { kind };
        let Some(program) = self.programs.get(&drawn) else { return Err(GlError::Resource("a program for this transition")) };
        let gl = &self.gl;
        // SAFETY: drawing with objects this compositor owns on the current context.
        unsafe {
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(target.framebuffer));
            gl.viewport(0, 0, width as i32, height as i32);
            for cap in [glow::BLEND, glow::SCISSOR_TEST, glow::DEPTH_TEST, glow::STENCIL_TEST, glow::CULL_FACE] {
                gl.disable(cap);
            }
            gl.use_program(Some(program.program));
            gl.bind_vertex_array(Some(self.vertex_array));
            gl.active_texture(glow::TEXTURE0);
            gl.bind_texture(glow::TEXTURE_2D, Some(old_tex));
            gl.active_texture(glow::TEXTURE1);
            gl.bind_texture(glow::TEXTURE_2D, Some(new_tex));
            let p = if snapped { progress.clamp(0.0, 1.0).round() } else { progress };
            set_uniforms(gl, program, drawn, params, p, width, height);
            gl.draw_arrays(glow::TRIANGLES, 0, 3);
            check(gl, drawn.name())?;
        }
        if self.fault == Fault::GlError && !snapped {
            return Err(GlError::Gl(glow::INVALID_OPERATION, kind.name()));
        }
        Ok(target.texture.texture.0)
    }

    /// The render target's pixels (RGBA8, rows top first), for headless rendering.
    pub fn read_target(&self) -> Result<Vec<u8>, GlError> {
        let Some(t) = &self.target else { return Err(GlError::Resource("pixels before anything was drawn")) };
        let (w, h) = (t.texture.width, t.texture.height);
        let mut out = vec![0u8; w as usize * h as usize * 4];
        // SAFETY: reads into a buffer of exactly the target's size.
        unsafe {
            self.gl.bind_framebuffer(glow::FRAMEBUFFER, Some(t.framebuffer));
            self.gl.pixel_store_i32(glow::PACK_ALIGNMENT, 4);
            self.gl.read_pixels(0, 0, w as i32, h as i32, glow::RGBA, glow::UNSIGNED_BYTE, glow::PixelPackData::Slice(Some(&mut out)));
            check(&self.gl, "reading the frame back")?;
        }
        Ok(out)
    }

    fn ensure_target(&mut self, width: u32, height: u32) -> Result<(), GlError> {
        if self.target.as_ref().is_some_and(|t| (t.texture.width, t.texture.height) == (width, height)) {
            return Ok(());
        }
        let gl = &self.gl;
        // SAFETY: object creation and deletion on the current context.
        unsafe {
            if let Some(t) = self.target.take() {
                gl.delete_framebuffer(t.framebuffer);
                gl.delete_texture(t.texture.texture);
            }
            let texture = new_texture(gl, width, height, None)?;
            let framebuffer = gl.create_framebuffer().map_err(|_| GlError::Resource("a framebuffer"))?;
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(framebuffer));
            let attached = if self.fault == Fault::Framebuffer { None } else { Some(texture) };
            gl.framebuffer_texture_2d(glow::FRAMEBUFFER, glow::COLOR_ATTACHMENT0, glow::TEXTURE_2D, attached, 0);
            let status = gl.check_framebuffer_status(glow::FRAMEBUFFER);
            self.target = Some(Target { framebuffer, texture: Texture { texture, width, height } });
            if status != glow::FRAMEBUFFER_COMPLETE {
                return Err(GlError::Framebuffer(status));
            }
        }
        Ok(())
    }
}

impl Drop for Compositor {
    fn drop(&mut self) {
        let gl = &self.gl;
        // SAFETY: deleting this compositor's objects; the owner drops it while its context is
        // current (RenderingTeardown, or the headless context before it goes).
        unsafe {
            for p in self.programs.values() {
                gl.delete_program(p.program);
            }
            gl.delete_vertex_array(self.vertex_array);
            for t in [self.old.take(), self.new.take()].into_iter().flatten() {
                gl.delete_texture(t.texture);
            }
            if let Some(t) = self.target.take() {
                gl.delete_framebuffer(t.framebuffer);
                gl.delete_texture(t.texture.texture);
            }
        }
    }
}

unsafe fn new_texture(gl: &glow::Context, width: u32, height: u32, rgba: Option<&[u8]>) -> Result<glow::Texture, GlError> {
    let texture = gl.create_texture().map_err(|_| GlError::Resource("a texture"))?;
    gl.bind_texture(glow::TEXTURE_2D, Some(texture));
    for (k, v) in [
        (glow::TEXTURE_MIN_FILTER, glow::LINEAR),
        (glow::TEXTURE_MAG_FILTER, glow::LINEAR),
        (glow::TEXTURE_WRAP_S, glow::CLAMP_TO_EDGE),
        (glow::TEXTURE_WRAP_T, glow::CLAMP_TO_EDGE),
    ] {
        gl.tex_parameter_i32(glow::TEXTURE_2D, k, v as i32);
    }
    let data = glow::PixelUnpackData::Slice(rgba);
    gl.tex_image_2d(glow::TEXTURE_2D, 0, glow::RGBA8 as i32, width as i32, height as i32, 0, glow::RGBA, glow::UNSIGNED_BYTE, data);
    Ok(texture)
}

unsafe fn check(gl: &glow::Context, what: &'static str) -> Result<(), GlError> {
    match gl.get_error() {
        glow::NO_ERROR => Ok(()),
        e => Err(GlError::Gl(e, what)),
    }
}

unsafe fn set_uniforms(gl: &glow::Context, p: &Program, kind: TransitionKind, s: &ShaderParams, progress: f32, w: u32, h: u32) {
    let f = |name: &str, v: f32| gl.uniform_1_f32(p.location(name), v);
    let i = |name: &str, v: i32| gl.uniform_1_i32(p.location(name), v);
    i("uOld", 0);
    i("uNew", 1);
    f("uProgress", progress);
    gl.uniform_2_f32(p.location("uResolution"), w as f32, h as f32);
    i("uDirection", s.direction_index(kind));
    f("uSeed", s.seed_uniform());
    f("uBlockSize", s.block_size as f32);
    i("uShape", i32::from(s.diffuse_shape == DiffuseShape::Membrane));
    let cols = s.flip_cols as f32;
    gl.uniform_2_f32(p.location("uGrid"), cols, (cols * h as f32 / w as f32).round().max(2.0));
    f("uFlip", s.flip_fraction);
    f("uStrips", s.peel_strips as f32);
    let (axis, spin) = s.spin();
    i("uAxisMode", axis);
    f("uSpin", spin);
    gl.uniform_3_f32(p.location("uSpecDir"), -0.4, 0.6, 1.0);
    f("uPieces", s.crumble.piece_count.clamp(4, 16) as f32);
    f("uComplexity", s.crumble.crack_complexity.clamp(0.5, 2.0));
    i("uWeighting", s.crumble.weighting.index());
    let pa = &s.particle;
    i("uMode", pa.mode.index());
    i("uPDir", pa.direction.min(9) as i32);
    f("uRadius", pa.particle_radius.max(8.0));
    f("uTrailLen", pa.trail_length.clamp(0.0, 1.0));
    f("uTrailStr", pa.trail_strength.clamp(0.0, 1.0));
    f("uTurns", pa.swirl_turns);
    i("uOrder", pa.swirl_order.min(2) as i32);
    i("uShade3d", i32::from(pa.use_3d_shading));
    i("uTexMap", i32::from(pa.texture_mapping));
    i("uWobble", i32::from(pa.wobble));
    f("uGloss", pa.gloss_size);
    i("uLight", pa.light_direction.min(4) as i32);
}
