//! The request/response interface of image preparation: a path, a target size and a mode in;
//! a screen-sized, opaque RGBA frame (or a typed error) out.
//! `srpss worker image` runs the same two halves, [`decode_for`] then
//! [`crate::scale::compose_into`], with the frame's shared-memory slot as the canvas.

use crate::decode::{decode_file, DecodeOptions, Decoded};
use crate::demo;
use crate::error::ImageError;
use crate::scale::compose;
use srpss_core::geometry::{DisplayMode, Size};
use std::path::PathBuf;

/// Where the pixels come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImageSource {
    File(PathBuf),
    /// One of the built-in demo scenes, by index (wraps around).
    Demo(usize),
}

impl std::fmt::Display for ImageSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageSource::File(p) => write!(f, "{}", p.display()),
            ImageSource::Demo(i) => write!(f, "demo:{}", demo::name(*i)),
        }
    }
}

/// One photo, prepared for one screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRequest {
    pub source: ImageSource,
    pub target: Size,
    pub mode: DisplayMode,
    /// Refuse photos with more pixels than this.
    pub max_pixels: u64,
}

/// A frame exactly the size of the screen: RGBA8, opaque, rows of `width * 4` bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedFrame {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    /// The upright size of the original photo.
    pub source_size: Size,
}

impl std::fmt::Debug for PreparedFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PreparedFrame({}x{} from {})", self.width, self.height, self.source_size)
    }
}

impl PreparedFrame {
    pub fn size(&self) -> Size {
        Size::new(self.width, self.height)
    }

    /// The frame as the software compositor takes it.
    pub fn view(&self) -> crate::composite::Frame<'_> {
        crate::composite::Frame { width: self.width, height: self.height, pixels: &self.pixels }
    }

    /// The RGBA bytes of pixel (x, y).
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2], self.pixels[i + 3]]
    }
}

/// Decodes, orients and scales one photo for one screen. Never panics on bad input.
pub fn prepare(req: &ImageRequest) -> Result<PreparedFrame, ImageError> {
    if req.target.is_empty() {
        return Ok(PreparedFrame { width: 0, height: 0, pixels: Vec::new(), source_size: req.target });
    }
    let decoded = decode_for(req)?;
    Ok(compose(decoded.image, decoded.full_size, req.target, req.mode))
}

/// The first half of [`prepare`]: the photo decoded (at the smallest DCT scale that still covers
/// the target) and upright, not yet placed. The image worker places it with
/// [`crate::scale::compose_into`] straight into its shared-memory slot.
pub fn decode_for(req: &ImageRequest) -> Result<Decoded, ImageError> {
    match &req.source {
        ImageSource::File(path) => {
            let opts = DecodeOptions { max_pixels: req.max_pixels, target: Some((req.target, req.mode)) };
            decode_file(path, &opts)
        }
        ImageSource::Demo(i) => Ok(demo::scene(*i, req.target)),
    }
}
