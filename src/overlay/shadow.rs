//! Card shadows as still images: each (size, corner, blur) is blurred once on the CPU
//! (`srpss_image::shadow`) and kept, so a frame draws a textured quad instead of blurring
//! again (on Mesa's llvmpipe a blurred box shadow cost ~50 ms a frame; see PERFORMANCE.md).
//! The colour is baked into the pixels: Slint's `colorize` would redo the work every frame.

use slint::{Image, Rgba8Pixel, SharedPixelBuffer};
use std::cell::RefCell;
use std::collections::HashMap;

/// Distinct shadows kept; a theme or size change starts afresh past this.
const KEEP: usize = 64;

/// Card width, height, corner radius, blur and offset (quarter pixels), colour.
type Key = (u32, u32, u32, u32, (i32, i32), [u8; 4]);

thread_local! {
    static CACHE: RefCell<HashMap<Key, (Image, f32)>> = RefCell::new(HashMap::new());
}

/// The shadow of a `width` x `height` card with corner `radius` blurred by `blur` pixels in
/// `color`, drawn `offset` away from the card (which is cut out of it), and how far it extends
/// beyond the card on each side.
pub fn image(width: u32, height: u32, radius: f32, blur: f32, offset: (f32, f32), color: [u8; 4]) -> (Image, f32) {
    let key = (width, height, (radius * 4.0) as u32, (blur * 4.0) as u32, ((offset.0 * 4.0) as i32, (offset.1 * 4.0) as i32), color);
    CACHE.with(|c| {
        if let Some(hit) = c.borrow().get(&key) {
            return hit.clone();
        }
        let m = srpss_image::shadow::rounded_rect(width, height, radius, blur, Some((-offset.0, -offset.1)));
        let mut buf = SharedPixelBuffer::<Rgba8Pixel>::new(m.width, m.height);
        for (px, a) in buf.make_mut_slice().iter_mut().zip(&m.alpha) {
            let alpha = (u16::from(*a) * u16::from(color[3]) / 255) as u8;
            *px = Rgba8Pixel { r: color[0], g: color[1], b: color[2], a: alpha };
        }
        let made = (Image::from_rgba8(buf), m.pad as f32);
        let mut cache = c.borrow_mut();
        if cache.len() >= KEEP {
            cache.clear();
        }
        cache.insert(key, made.clone());
        made
    })
}
