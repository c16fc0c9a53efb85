//! What a media player is playing, as the media worker reports it and the media card shows it
//! (upstream-srpss.md §6.3). Plain data: the worker fills it from MPRIS (Linux) or GSMTC
//! (Windows); the card and the interaction rules read it.

use serde::{Deserialize, Serialize};

/// Longest title/artist/album kept (the original's 256 characters).
pub const MAX_TEXT: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Playback {
    Playing,
    Paused,
    #[default]
    Stopped,
}

/// A transport button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Previous,
    PlayPause,
    Next,
}

/// The artwork's pixels: in the media worker's artwork slot `slot` (of two, used in turn, so
/// the one announced last is never rewritten while the UI copies it) under this sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtworkRef {
    pub slot: u32,
    pub sequence: u64,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NowPlaying {
    /// The player's own name ("Spotify", "VLC media player").
    pub player: String,
    /// Its bus name (`org.mpris.MediaPlayer2.spotify`) or session id.
    pub id: String,
    pub title: String,
    pub artist: String,
    pub album: String,
    pub playback: Playback,
    pub can_go_previous: bool,
    pub can_go_next: bool,
    pub can_play_pause: bool,
    /// 0–1, when the player has a volume it lets us set.
    pub volume: Option<f64>,
    /// Position and length in microseconds, when known.
    pub position_us: Option<i64>,
    pub length_us: Option<i64>,
    pub art_url: String,
    pub artwork: Option<ArtworkRef>,
}

/// Cuts `s` to [`MAX_TEXT`] characters.
pub fn clip_text(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

impl NowPlaying {
    /// What the play/pause button does to the shown state right away (before the player says).
    pub fn toggled(&self) -> Playback {
        match self.playback {
            Playback::Playing => Playback::Paused,
            Playback::Paused | Playback::Stopped => Playback::Playing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn play_pause_flips_the_shown_state_and_text_is_clipped() {
        let mut n = NowPlaying { playback: Playback::Playing, ..Default::default() };
        assert_eq!(n.toggled(), Playback::Paused);
        n.playback = Playback::Stopped;
        assert_eq!(n.toggled(), Playback::Playing);
        assert_eq!(clip_text(&"é".repeat(300)).chars().count(), MAX_TEXT);
    }
}
