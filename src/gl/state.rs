//! The GL state our drawing touches, saved before and restored after, so the window's own
//! renderer (femtovg) finds its context as it left it.

use glow::HasContext;
use std::num::NonZeroU32;

pub struct SavedState {
    draw_framebuffer: i32,
    read_framebuffer: i32,
    viewport: [i32; 4],
    program: i32,
    vertex_array: i32,
    array_buffer: i32,
    active_texture: i32,
    textures: [i32; 2],
    unpack_alignment: i32,
    unpack_row_length: i32,
    capabilities: [(u32, bool); 5],
}

const CAPABILITIES: [u32; 5] = [glow::BLEND, glow::SCISSOR_TEST, glow::DEPTH_TEST, glow::STENCIL_TEST, glow::CULL_FACE];

fn object<T>(id: i32, make: fn(NonZeroU32) -> T) -> Option<T> {
    u32::try_from(id).ok().and_then(NonZeroU32::new).map(make)
}

impl SavedState {
    /// # Safety
    /// A GL context must be current on this thread.
    pub unsafe fn save(gl: &glow::Context) -> Self {
        let mut viewport = [0; 4];
        gl.get_parameter_i32_slice(glow::VIEWPORT, &mut viewport);
        let active_texture = gl.get_parameter_i32(glow::ACTIVE_TEXTURE);
        let mut textures = [0; 2];
        for (i, t) in textures.iter_mut().enumerate() {
            gl.active_texture(glow::TEXTURE0 + i as u32);
            *t = gl.get_parameter_i32(glow::TEXTURE_BINDING_2D);
        }
        gl.active_texture(active_texture as u32);
        Self {
            draw_framebuffer: gl.get_parameter_i32(glow::DRAW_FRAMEBUFFER_BINDING),
            read_framebuffer: gl.get_parameter_i32(glow::READ_FRAMEBUFFER_BINDING),
            viewport,
            program: gl.get_parameter_i32(glow::CURRENT_PROGRAM),
            vertex_array: gl.get_parameter_i32(glow::VERTEX_ARRAY_BINDING),
            array_buffer: gl.get_parameter_i32(glow::ARRAY_BUFFER_BINDING),
            active_texture,
            textures,
            unpack_alignment: gl.get_parameter_i32(glow::UNPACK_ALIGNMENT),
            unpack_row_length: gl.get_parameter_i32(glow::UNPACK_ROW_LENGTH),
            capabilities: CAPABILITIES.map(|c| (c, gl.is_enabled(c))),
        }
    }

    /// # Safety
    /// The context this state was saved from must be current.
    pub unsafe fn restore(&self, gl: &glow::Context) {
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, object(self.draw_framebuffer, glow::NativeFramebuffer));
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, object(self.read_framebuffer, glow::NativeFramebuffer));
        let [x, y, w, h] = self.viewport;
        gl.viewport(x, y, w, h);
        gl.use_program(object(self.program, glow::NativeProgram));
        gl.bind_vertex_array(object(self.vertex_array, glow::NativeVertexArray));
        gl.bind_buffer(glow::ARRAY_BUFFER, object(self.array_buffer, glow::NativeBuffer));
        for (i, &t) in self.textures.iter().enumerate() {
            gl.active_texture(glow::TEXTURE0 + i as u32);
            gl.bind_texture(glow::TEXTURE_2D, object(t, glow::NativeTexture));
        }
        gl.active_texture(self.active_texture as u32);
        gl.pixel_store_i32(glow::UNPACK_ALIGNMENT, self.unpack_alignment);
        gl.pixel_store_i32(glow::UNPACK_ROW_LENGTH, self.unpack_row_length);
        for (cap, on) in self.capabilities {
            if on {
                gl.enable(cap);
            } else {
                gl.disable(cap);
            }
        }
    }
}
