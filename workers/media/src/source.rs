//! One interface for every platform's media session: MPRIS on Linux ([`crate::mpris`]),
//! GSMTC on Windows ([`crate::gsmtc`]); elsewhere none (the media card stays hidden).

use srpss_core::media::{NowPlaying, Transport};

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("no session bus: {0}")]
    NoBus(String),
    #[error("player {player}: {message}")]
    Player { player: String, message: String },
    #[error("player {0} did not answer in time; left out for a while")]
    Timeout(String),
    #[error("media sessions are not supported on this platform yet")]
    Unsupported,
}

pub trait MediaSource {
    /// What the chosen player plays now (`None`: nothing to show).
    fn now_playing(&mut self) -> Result<Option<NowPlaying>, MediaError>;
    /// Presses a transport button on the player `id`.
    fn transport(&mut self, id: &str, button: Transport) -> Result<(), MediaError>;
    /// Sets the player's volume (0–1).
    fn set_volume(&mut self, id: &str, volume: f64) -> Result<(), MediaError>;
}

/// The platform's source; `art_dir` is where a platform that hands over artwork as bytes
/// (GSMTC) writes it.
pub fn open(pin: &str, art_dir: &std::path::Path) -> Result<Box<dyn MediaSource>, MediaError> {
    #[cfg(unix)]
    {
        let _ = art_dir;
        Ok(Box::new(crate::mpris::Mpris::connect(pin)?))
    }
    #[cfg(windows)]
    {
        Ok(Box::new(crate::gsmtc::Gsmtc::connect(pin, art_dir.to_path_buf())?))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (pin, art_dir);
        Err(MediaError::Unsupported)
    }
}
