//! Why a photo could not be prepared. Every variant is recoverable: the caller skips the photo.

use srpss_core::geometry::Size;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    #[error("cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("empty file (0 bytes)")]
    Empty { path: PathBuf },
    #[error("not an image: {reason}")]
    NotAnImage { path: PathBuf, reason: String },
    #[error("too large: {size} is {megapixels} megapixels, the limit is {limit} (images.max_megapixels)")]
    TooLarge { path: PathBuf, size: Size, megapixels: u64, limit: u64 },
    #[error("truncated: the file ends before the image data does")]
    Truncated { path: PathBuf },
    #[error("corrupt {format}: {reason}")]
    Corrupt { path: PathBuf, format: &'static str, reason: String },
}

impl ImageError {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ImageError::Io { path, .. }
            | ImageError::Empty { path }
            | ImageError::NotAnImage { path, .. }
            | ImageError::TooLarge { path, .. }
            | ImageError::Truncated { path }
            | ImageError::Corrupt { path, .. } => path,
        }
    }
}
