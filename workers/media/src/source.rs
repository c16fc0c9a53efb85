//! One interface for every platform's media session: MPRIS on Linux ([`crate::mpris`]),
//! GSMTC on Windows (not built yet: there the media card stays hidden).

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

/// The platform's source.
pub fn open(pin: &str) -> Result<Box<dyn MediaSource>, MediaError> {
    #[cfg(unix)]
    {
        Ok(Box::new(crate::mpris::Mpris::connect(pin)?))
    }
    #[cfg(not(unix))]
    {
        let _ = pin;
        Err(MediaError::Unsupported)
    }
}
