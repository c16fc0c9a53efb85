//! Scaling a decoded photo onto a screen-sized black canvas (fill crops, fit/shrink centre).
//!
//! Only the visible part of the photo is resampled (Lanczos3 via `fast_image_resize`), straight
//! into its place on the canvas, so FILL on a panorama never scales pixels it then crops.

use crate::frame::PreparedFrame;
use fast_image_resize::images::Image as FrImage;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;
use srpss_core::geometry::{place, DisplayMode, Size};

/// Places `image` (whose full-resolution upright size is `full_size`; the pixels may be a DCT
/// downscale of it) on a `screen`-sized canvas the way `mode` says.
pub fn compose(image: DynamicImage, full_size: Size, screen: Size, mode: DisplayMode) -> PreparedFrame {
    let mut canvas = vec![0u8; screen.area() as usize * 4];
    compose_into(image, full_size, screen, mode, &mut canvas);
    PreparedFrame { width: screen.width, height: screen.height, pixels: canvas, source_size: full_size }
}

/// [`compose`] straight into `canvas` (exactly `screen.area() * 4` bytes, e.g. a shared-memory
/// slot): the image worker's frames are never copied after they are scaled.
pub fn compose_into(image: DynamicImage, full_size: Size, screen: Size, mode: DisplayMode, canvas: &mut [u8]) {
    debug_assert_eq!(canvas.len(), screen.area() as usize * 4);
    for px in canvas.chunks_exact_mut(4) {
        px.copy_from_slice(&[0, 0, 0, 255]);
    }
    let placement = place(full_size, screen, mode);
    if placement.scaled.is_empty() || image.width() == 0 || image.height() == 0 {
        return;
    }
    // Visible rectangle of the scaled photo, in scaled coordinates.
    let vis_x0 = (-placement.offset_x).max(0) as u32;
    let vis_y0 = (-placement.offset_y).max(0) as u32;
    let vis_w = placement.scaled.width.min(screen.width).min(placement.scaled.width - vis_x0);
    let vis_h = placement.scaled.height.min(screen.height).min(placement.scaled.height - vis_y0);
    if vis_w == 0 || vis_h == 0 {
        return;
    }
    // The same rectangle in the decoded image's pixel coordinates.
    let (full_w, full_h) = (image.width(), image.height());
    let fx = f64::from(full_w) / f64::from(placement.scaled.width);
    let fy = f64::from(full_h) / f64::from(placement.scaled.height);
    let has_alpha = image.color().has_alpha();
    // Opaque photos are resampled as RGB (a quarter less work) and widened while copying.
    let (mut src, pixel_type, channels) = match image {
        DynamicImage::ImageRgb8(rgb) => (rgb.into_raw(), PixelType::U8x3, 3),
        other if !has_alpha => (other.into_rgb8().into_raw(), PixelType::U8x3, 3),
        other => (other.into_rgba8().into_raw(), PixelType::U8x4, 4),
    };
    let (sw, sh) = (full_w, full_h);
    let mut dst = FrImage::new(vis_w, vis_h, pixel_type);
    // Clamped: f64 rounding can push the box a hair past the edge, which the resizer refuses.
    let (left, top) = (f64::from(vis_x0) * fx, f64::from(vis_y0) * fy);
    let crop_w = (f64::from(vis_w) * fx).min(f64::from(full_w) - left);
    let crop_h = (f64::from(vis_h) * fy).min(f64::from(full_h) - top);
    let opts = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(left, top, crop_w, crop_h)
        .use_alpha(has_alpha);
    let resized = match FrImage::from_slice_u8(sw, sh, &mut src, pixel_type) {
        Ok(view) => Resizer::new().resize(&view, &mut dst, &opts).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = resized {
        log::warn!("resize of a {sw}x{sh} image failed ({e}); showing black");
        return;
    }
    let dst_x = placement.offset_x.max(0) as usize;
    let dst_y = placement.offset_y.max(0) as usize;
    let row_bytes = vis_w as usize * channels;
    let stride = screen.width as usize * 4;
    for (row, src_row) in dst.buffer().chunks_exact(row_bytes).enumerate() {
        let start = (dst_y + row) * stride + dst_x * 4;
        let out = &mut canvas[start..start + vis_w as usize * 4];
        if channels == 3 {
            for (o, i) in out.chunks_exact_mut(4).zip(src_row.chunks_exact(3)) {
                o[..3].copy_from_slice(i);
            }
            continue;
        }
        out.copy_from_slice(src_row);
        // Composite over black: premultiply, then make opaque.
        for px in out.chunks_exact_mut(4) {
            let a = u16::from(px[3]);
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * a + 127) / 255) as u8;
            }
            px[3] = 255;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::quadrants;

    fn frame(w: u32, h: u32, screen: Size, mode: DisplayMode) -> PreparedFrame {
        let img = DynamicImage::ImageRgb8(quadrants(w, h));
        compose(img, Size::new(w, h), screen, mode)
    }

    #[test]
    fn fit_letterboxes_with_black_and_fill_covers() {
        let screen = Size::new(160, 90);
        let f = frame(400, 100, screen, DisplayMode::Fit); // 4:1 → 160x40 at y=25
        assert_eq!(f.size(), screen);
        assert_eq!(f.pixel(80, 10), [0, 0, 0, 255], "top bar is black");
        assert_eq!(f.pixel(80, 80), [0, 0, 0, 255], "bottom bar is black");
        assert!(f.pixel(10, 30)[0] > 200, "red quadrant inside the picture");
        let f = frame(400, 100, screen, DisplayMode::Fill); // 360x90, cropped 100 px each side
        assert!(f.pixels.chunks_exact(4).all(|p| p[3] == 255));
        assert!(f.pixels.chunks_exact(4).all(|p| p[..3] != [0, 0, 0]), "no black anywhere in fill");
    }

    /// Regression: 2000x1500 pixels of a 4000x3000 photo (DCT 1/2) filled onto 1920x1080 put the
    /// crop box 1e-13 px past the edge and the whole frame came out black.
    #[test]
    fn dct_scaled_fill_never_falls_off_the_edge() {
        for (full, decoded, screen) in [
            ((4000, 3000), (2000, 1500), (1920, 1080)),
            ((6000, 4000), (2250, 1500), (1920, 1080)),
            ((6000, 4000), (3750, 2500), (3840, 2160)),
            ((3000, 4000), (1500, 2000), (1920, 1080)),
            ((1234, 987), (1234, 987), (1366, 768)),
        ] {
            let img = DynamicImage::ImageRgb8(quadrants(decoded.0, decoded.1));
            for mode in DisplayMode::ALL {
                let f = compose(img.clone(), Size::new(full.0, full.1), Size::new(screen.0, screen.1), mode);
                let centre = f.pixel(screen.0 / 2 + 3, screen.1 / 2 + 3);
                assert_ne!(&centre[..3], &[0, 0, 0], "{full:?} as {decoded:?} on {screen:?} {mode:?} came out black");
            }
        }
    }

    #[test]
    fn shrink_keeps_small_images_at_one_to_one() {
        let f = frame(20, 10, Size::new(100, 50), DisplayMode::Shrink);
        // Placed at (40, 20); its red quadrant is 10x5 pixels there.
        assert_eq!(f.pixel(39, 20), [0, 0, 0, 255]);
        assert_eq!(&f.pixel(40, 20)[..3], &[255, 0, 0]);
        assert_eq!(&f.pixel(59, 29)[..3], &[255, 255, 255]);
        assert_eq!(f.pixel(60, 29), [0, 0, 0, 255]);
    }

    #[test]
    fn transparency_is_composited_over_black() {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(10, 10, image::Rgba([255, 255, 255, 128])));
        let f = compose(img, Size::new(10, 10), Size::new(10, 10), DisplayMode::Fill);
        let p = f.pixel(5, 5);
        assert!((120..=136).contains(&p[0]) && p[3] == 255, "{p:?}");
    }
}
