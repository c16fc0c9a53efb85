//! SRPSS image work: everything between a photo file and screen-ready pixels.
//!
//! Owns folder scanning, safe decoding (limits before allocation, EXIF orientation, DCT-scaled
//! JPEG), high-quality scaling into the display mode's geometry, the built-in demo scenes and
//! the `check` pass. Knows nothing of windows or GL; runs on any thread or in a worker process.

pub mod check;
pub mod composite;
pub mod decode;
pub mod demo;
pub mod error;
pub mod frame;
pub mod scale;
pub mod scan;
pub mod shadow;
pub mod worker;

pub use error::ImageError;
pub use frame::{prepare, ImageRequest, ImageSource, PreparedFrame};

/// The default pixel limit (`images.max_megapixels` = 100).
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;

#[cfg(any(test, feature = "testutil"))]
pub mod testutil;
