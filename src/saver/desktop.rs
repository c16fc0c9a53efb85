//! A picture of the desktop as it is before the screensaver's windows open (X11), shown until
//! the first photo is ready, so the start is never a black screen. Taken on its own thread
//! while the first window is built (not shown); elsewhere (Wayland, Windows) there is none and
//! the window stays black for that moment.

use slint::{Rgba8Pixel, SharedPixelBuffer};

/// The root window's pixels, RGBA, rows top first.
pub struct Capture {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Capture {
    /// The captured screen's size (a single monitor's, when there is one).
    pub fn size(&self) -> srpss_core::geometry::Size {
        srpss_core::geometry::Size::new(self.width, self.height)
    }

    /// All of it (what the first window shows before it knows its monitor).
    pub fn whole(&self) -> Option<slint::Image> {
        self.crop(0, 0, self.width, self.height)
    }

    /// The part of the desktop at (x, y) of `width` x `height` (a monitor), None if it is not
    /// all on the captured screen.
    pub fn crop(&self, x: i32, y: i32, width: u32, height: u32) -> Option<slint::Image> {
        let (x, y) = (u32::try_from(x).ok()?, u32::try_from(y).ok()?);
        if width == 0 || height == 0 || x + width > self.width || y + height > self.height {
            return None;
        }
        let mut out = SharedPixelBuffer::<Rgba8Pixel>::new(width, height);
        let row = width as usize * 4;
        for (r, dst) in out.make_mut_bytes().chunks_exact_mut(row).enumerate() {
            let from = ((y as usize + r) * self.width as usize + x as usize) * 4;
            dst.copy_from_slice(&self.rgba[from..from + row]);
        }
        Some(slint::Image::from_rgba8(out))
    }
}

/// Starts the capture (None where there is no X display to capture).
pub fn start() -> Option<std::thread::JoinHandle<Option<Capture>>> {
    if std::env::var_os("DISPLAY").is_none() || std::env::var_os("WAYLAND_DISPLAY").is_some() {
        return None;
    }
    std::thread::Builder::new().name("srpss-desktop".into()).spawn(capture).ok()
}

#[cfg(target_os = "linux")]
fn capture() -> Option<Capture> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat, ImageOrder};
    let started = std::time::Instant::now();
    let (conn, screen) = x11rb::connect(None).map_err(|e| log::debug!("no desktop capture: {e}")).ok()?;
    let setup = conn.setup();
    let root = setup.roots.get(screen)?;
    // Only the common layout: 24-bit colour in 32-bit pixels, least significant byte first (BGRX).
    let bpp = setup.pixmap_formats.iter().find(|f| f.depth == root.root_depth).map(|f| f.bits_per_pixel);
    if root.root_depth != 24 || bpp != Some(32) || setup.image_byte_order != ImageOrder::LSB_FIRST {
        log::debug!("no desktop capture: root depth {} at {bpp:?} bits per pixel", root.root_depth);
        return None;
    }
    let (w, h) = (root.width_in_pixels, root.height_in_pixels);
    let reply = conn.get_image(ImageFormat::Z_PIXMAP, root.root, 0, 0, w, h, !0).ok()?.reply().ok()?;
    let mut rgba = reply.data;
    if rgba.len() != usize::from(w) * usize::from(h) * 4 {
        return None;
    }
    for px in rgba.chunks_exact_mut(4) {
        px.swap(0, 2);
        px[3] = 255;
    }
    log::debug!("desktop captured ({w}x{h}) in {:?}", started.elapsed());
    Some(Capture { width: u32::from(w), height: u32::from(h), rgba })
}

#[cfg(not(target_os = "linux"))]
fn capture() -> Option<Capture> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monitor_is_cut_from_the_desktop() {
        let rgba: Vec<u8> = (0..4 * 2 * 4).map(|i| i as u8).collect();
        let c = Capture { width: 4, height: 2, rgba };
        let right = c.crop(2, 0, 2, 2).and_then(|i| i.to_rgba8()).expect("inside");
        assert_eq!(right.as_bytes()[..4], [8, 9, 10, 11]);
        assert_eq!(right.as_bytes()[8..12], [24, 25, 26, 27]);
        assert!(c.crop(3, 0, 2, 2).is_none(), "past the right edge");
        assert!(c.crop(-1, 0, 1, 1).is_none());
    }
}
