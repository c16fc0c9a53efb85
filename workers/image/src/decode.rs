//! Decoding a photo file into upright RGBA pixels, safely.
//!
//! Order of work, cheapest refusal first: read the bytes (zero bytes refused), sniff the real
//! format from the signature (the extension lies sometimes), read the header for the pixel
//! count and refuse anything over the limit before allocating, then decode. JPEGs much larger
//! than needed are decoded at 1/2, 1/4 or 1/8 scale in the DCT domain. EXIF orientation (all 8
//! values) is applied so the result is upright.

use crate::error::ImageError;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat, ImageReader, RgbImage};
use srpss_core::geometry::{place, DisplayMode, Size};
use std::io::Cursor;
use std::path::Path;

/// A decoded, upright photo.
#[derive(Debug)]
pub struct Decoded {
    pub image: DynamicImage,
    /// The upright size of the full-resolution photo (before any DCT downscale).
    pub full_size: Size,
}

/// Decode limits and hints.
#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// Photos with more pixels than this are refused.
    pub max_pixels: u64,
    /// The screen and mode the photo is for. JPEGs are decoded at the coarsest DCT scale that
    /// still covers the size the photo will be drawn at. `None`: full resolution.
    pub target: Option<(Size, DisplayMode)>,
}

/// Decodes `path` into an upright image.
pub fn decode_file(path: &Path, opts: &DecodeOptions) -> Result<Decoded, ImageError> {
    let bytes = std::fs::read(path).map_err(|source| ImageError::Io { path: path.into(), source })?;
    decode_bytes(path, &bytes, opts)
}

/// As [`decode_file`], from bytes already in memory; `path` is for messages.
pub fn decode_bytes(path: &Path, bytes: &[u8], opts: &DecodeOptions) -> Result<Decoded, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty { path: path.into() });
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::NotAnImage {
        path: path.into(),
        reason: "no known image signature at the start of the file".into(),
    })?;
    let raw = match png_ihdr_size(format, bytes) {
        Some(size) => size,
        None => {
            let reader = ImageReader::with_format(Cursor::new(bytes), format);
            let (w, h) = reader.into_dimensions().map_err(|e| corrupt(path, format, &e))?;
            Size::new(w, h)
        }
    };
    let megapixels = raw.area().div_ceil(1_000_000);
    if raw.area() > opts.max_pixels {
        return Err(ImageError::TooLarge {
            path: path.into(),
            size: raw,
            megapixels,
            limit: opts.max_pixels / 1_000_000,
        });
    }
    if raw.is_empty() {
        return Err(ImageError::Corrupt { path: path.into(), format: format_name(format), reason: "zero-sized image".into() });
    }
    if format == ImageFormat::Jpeg {
        return decode_jpeg(path, bytes, raw, opts);
    }
    decode_generic(path, bytes, format, opts)
}

/// Any format through `image`, with an allocation limit and EXIF orientation.
fn decode_generic(path: &Path, bytes: &[u8], format: ImageFormat, opts: &DecodeOptions) -> Result<Decoded, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    // Room for the decoded frame plus the decoder's own working buffers.
    limits.max_alloc = Some(opts.max_pixels.saturating_mul(16).max(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| corrupt(path, format, &e))?;
    use image::ImageDecoder;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(path, format, &e))?;
    image.apply_orientation(orientation);
    Ok(Decoded { full_size: Size::new(image.width(), image.height()), image })
}

/// JPEG through libjpeg-turbo, decoded at the smallest M/8 DCT scale that still covers the
/// size the photo will be drawn at, straight into RGB.
fn decode_jpeg(path: &Path, bytes: &[u8], raw: Size, opts: &DecodeOptions) -> Result<Decoded, ImageError> {
    if !has_end_marker(bytes) {
        return Err(ImageError::Truncated { path: path.into() });
    }
    let orientation = exif_orientation(bytes).unwrap_or(Orientation::NoTransforms);
    let swaps = rotates_quarter(orientation);
    let upright = if swaps { Size::new(raw.height, raw.width) } else { raw };
    let mut d = turbojpeg::Decompressor::new().map_err(|e| jpeg_error(path, &e))?;
    let header = d.read_header(bytes).map_err(|e| jpeg_error(path, &e))?;
    if matches!(header.colorspace, turbojpeg::Colorspace::CMYK | turbojpeg::Colorspace::YCCK) {
        // libjpeg-turbo cannot convert CMYK to RGB; `image` can.
        return decode_generic(path, bytes, ImageFormat::Jpeg, opts);
    }
    let factor = match opts.target {
        Some((screen, mode)) => {
            let want = place(upright, screen, mode).scaled;
            let want_raw = if swaps { Size::new(want.height, want.width) } else { want };
            dct_factor(raw, want_raw)
        }
        None => turbojpeg::ScalingFactor::ONE,
    };
    d.set_scaling_factor(factor).map_err(|e| jpeg_error(path, &e))?;
    let scaled = header.scaled(factor);
    let (w, h) = (scaled.width, scaled.height);
    let mut pixels = vec![0u8; w * h * 3];
    let out = turbojpeg::Image { pixels: &mut pixels[..], width: w, pitch: w * 3, height: h, format: turbojpeg::PixelFormat::RGB };
    d.decompress(bytes, out).map_err(|e| jpeg_error(path, &e))?;
    let rgb = RgbImage::from_raw(w as u32, h as u32, pixels).ok_or_else(|| ImageError::Corrupt {
        path: path.into(),
        format: "JPEG",
        reason: format!("decoder returned the wrong amount of data for {w}x{h}"),
    })?;
    let mut image = DynamicImage::ImageRgb8(rgb);
    image.apply_orientation(orientation);
    Ok(Decoded { image, full_size: upright })
}

/// The smallest supported downscale (M/8) whose output still covers `want` in both directions.
fn dct_factor(raw: Size, want: Size) -> turbojpeg::ScalingFactor {
    let mut factors: Vec<_> = turbojpeg::Decompressor::supported_scaling_factors()
        .into_iter()
        .filter(|f| f.num() <= f.denom())
        .collect();
    factors.sort_by(|a, b| (a.num() * b.denom()).cmp(&(b.num() * a.denom())));
    factors
        .into_iter()
        .find(|f| f.scale(raw.width as usize) >= want.width as usize && f.scale(raw.height as usize) >= want.height as usize)
        .unwrap_or(turbojpeg::ScalingFactor::ONE)
}

/// The EXIF orientation from a JPEG's APP1 segment, read without decoding anything.
fn exif_orientation(bytes: &[u8]) -> Option<Orientation> {
    let mut i = 2; // after SOI
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xDA || marker == 0xD9 {
            return None; // start of scan / end of image: no metadata after this
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let segment = bytes.get(i + 4..i + 2 + len)?;
        if marker == 0xE1 && segment.starts_with(b"Exif\0\0") {
            return Orientation::from_exif_chunk(&segment[6..]);
        }
        i += 2 + len;
    }
    None
}

/// A PNG's size straight from its IHDR (always the first chunk), so the pixel limit applies
/// even when the rest of the file is missing or hostile.
fn png_ihdr_size(format: ImageFormat, bytes: &[u8]) -> Option<Size> {
    if format != ImageFormat::Png || bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    Some(Size::new(be(16), be(20)))
}

/// A complete JPEG ends with the EOI marker; cameras may append a little data after it, so
/// look near the end rather than only at the last two bytes.
fn has_end_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

fn rotates_quarter(o: Orientation) -> bool {
    matches!(o, Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH)
}

fn jpeg_error(path: &Path, e: &turbojpeg::Error) -> ImageError {
    let reason = e.to_string();
    if reason.contains("Premature end") || reason.contains("EOF") {
        ImageError::Truncated { path: path.into() }
    } else {
        ImageError::Corrupt { path: path.into(), format: "JPEG", reason }
    }
}

fn corrupt(path: &Path, format: ImageFormat, e: &image::ImageError) -> ImageError {
    let reason = e.to_string();
    let lower = reason.to_ascii_lowercase();
    if lower.contains("eof") || lower.contains("end of file") || lower.contains("truncated") || lower.contains("unexpected end") {
        ImageError::Truncated { path: path.into() }
    } else {
        ImageError::Corrupt { path: path.into(), format: format_name(format), reason }
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::Gif => "GIF",
        ImageFormat::WebP => "WebP",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Ico => "ICO",
        _ => "image",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    const R: [u8; 3] = [255, 0, 0];
    const G: [u8; 3] = [0, 255, 0];
    const B: [u8; 3] = [0, 0, 255];
    const W: [u8; 3] = [255, 255, 255];

    fn opts() -> DecodeOptions {
        DecodeOptions { max_pixels: 100_000_000, target: None }
    }

    fn close(a: [u8; 4], b: [u8; 3]) -> bool {
        (0..3).all(|i| a[i].abs_diff(b[i]) < 40)
    }

    /// Stored quadrants R G / B W; for each EXIF orientation the upright corners and size.
    #[test]
    fn all_eight_exif_orientations() {
        let stored = jpeg(&quadrants(64, 32));
        type Row = (u16, [[u8; 3]; 4], (u32, u32));
        let table: [Row; 8] = [
            (1, [R, G, B, W], (64, 32)),
            (2, [G, R, W, B], (64, 32)),
            (3, [W, B, G, R], (64, 32)),
            (4, [B, W, R, G], (64, 32)),
            (5, [R, B, G, W], (32, 64)),
            (6, [B, R, W, G], (32, 64)),
            (7, [W, G, B, R], (32, 64)),
            (8, [G, W, R, B], (32, 64)),
        ];
        for (o, [tl, tr, bl, br], (w, h)) in table {
            let bytes = with_exif_orientation(&stored, o);
            let d = decode_bytes(Path::new("o.jpg"), &bytes, &opts()).expect("decodes");
            let img = d.image.to_rgba8();
            assert_eq!((img.width(), img.height()), (w, h), "orientation {o} size");
            assert_eq!(d.full_size, Size::new(w, h));
            let at = |x: u32, y: u32| img.get_pixel(x, y).0;
            let corners = [at(4, 4), at(w - 5, 4), at(4, h - 5), at(w - 5, h - 5)];
            for (got, want) in corners.iter().zip([tl, tr, bl, br]) {
                assert!(close(*got, want), "orientation {o}: corners {corners:?}");
            }
        }
    }

    #[test]
    fn big_jpeg_is_decoded_at_reduced_scale() {
        let bytes = jpeg(&quadrants(2000, 1000));
        let o = DecodeOptions { max_pixels: 100_000_000, target: Some((Size::new(480, 270), DisplayMode::Fill)) };
        let d = decode_bytes(Path::new("big.jpg"), &bytes, &o).unwrap();
        assert_eq!(d.full_size, Size::new(2000, 1000));
        // Fill needs 540x270; 2/8 scale (500x250) would not cover it, 3/8 (750x375) does.
        assert_eq!((d.image.width(), d.image.height()), (750, 375));
        // Rotated by EXIF, the needed size is computed upright (480x960 → raw 960x480 → 4/8).
        let rotated = with_exif_orientation(&bytes, 6);
        let d = decode_bytes(Path::new("r.jpg"), &rotated, &o).unwrap();
        assert_eq!(d.full_size, Size::new(1000, 2000));
        assert_eq!((d.image.width(), d.image.height()), (500, 1000));
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let p = Path::new("x");
        assert!(matches!(decode_bytes(p, b"", &opts()), Err(ImageError::Empty { .. })));
        assert!(matches!(decode_bytes(p, b"hello, I am text", &opts()), Err(ImageError::NotAnImage { .. })));
        let full = jpeg(&quadrants(200, 100));
        assert!(matches!(decode_bytes(p, &full[..full.len() / 2], &opts()), Err(ImageError::Truncated { .. })));
        let png = png(&quadrants(200, 100));
        assert!(decode_bytes(p, &png[..png.len() / 2], &opts()).is_err());
        let bomb = png_header_only(100_000, 100_000);
        match decode_bytes(p, &bomb, &opts()) {
            Err(ImageError::TooLarge { megapixels, limit, .. }) => assert_eq!((megapixels, limit), (10_000, 100)),
            other => panic!("expected TooLarge, got {other:?}"),
        }
        let small_limit = DecodeOptions { max_pixels: 10_000, target: None };
        assert!(matches!(decode_bytes(p, &full, &small_limit), Err(ImageError::TooLarge { .. })));
    }

    #[test]
    fn png_decodes_full_size() {
        let d = decode_bytes(Path::new("p.png"), &png(&quadrants(30, 20)), &opts()).unwrap();
        assert_eq!(d.full_size, Size::new(30, 20));
        assert_eq!(d.image.to_rgba8().get_pixel(0, 0).0, [255, 0, 0, 255]);
    }
}
