//! Which player the card follows: a pinned one if the user named it; else one that is Playing
//! (Spotify first when several play, as the original followed only Spotify; then the one that
//! started playing last); else the one last active (Paused). Stopped players are never shown.

use srpss_core::media::Playback;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Bus name (unique per player instance).
    pub id: String,
    /// The player's own name.
    pub name: String,
    pub playback: Playback,
}

/// Remembers when each player last started playing.
#[derive(Debug, Default)]
pub struct Chooser {
    tick: u64,
    started: HashMap<String, u64>,
    was_playing: HashMap<String, bool>,
}

fn matches(c: &Candidate, pin: &str) -> bool {
    let pin = pin.to_lowercase();
    c.id.to_lowercase().contains(&pin) || c.name.to_lowercase().contains(&pin)
}

fn is_spotify(c: &Candidate) -> bool {
    matches(c, "spotify")
}

impl Chooser {
    /// The index of the player to follow among `players`, seen now.
    pub fn choose(&mut self, players: &[Candidate], pin: &str) -> Option<usize> {
        self.tick += 1;
        for c in players {
            let playing = c.playback == Playback::Playing;
            if playing && !self.was_playing.get(&c.id).copied().unwrap_or(false) {
                self.started.insert(c.id.clone(), self.tick);
            }
            self.was_playing.insert(c.id.clone(), playing);
        }
        self.was_playing.retain(|id, _| players.iter().any(|c| &c.id == id));
        let allowed = |c: &Candidate| (pin.trim().is_empty() || matches(c, pin.trim())) && c.playback != Playback::Stopped;
        let started = |c: &Candidate| self.started.get(&c.id).copied().unwrap_or(0);
        let playing = players.iter().enumerate().filter(|(_, c)| allowed(c) && c.playback == Playback::Playing);
        if let Some((i, _)) = playing.max_by_key(|(_, c)| (is_spotify(c), started(c))) {
            return Some(i);
        }
        players.iter().enumerate().filter(|(_, c)| allowed(c)).max_by_key(|(_, c)| (started(c), is_spotify(c))).map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, playback: Playback) -> Candidate {
        Candidate { id: format!("org.mpris.MediaPlayer2.{id}"), name: id.to_string(), playback }
    }

    #[test]
    fn playing_beats_paused_and_spotify_beats_others() {
        let mut ch = Chooser::default();
        let list = [c("vlc", Playback::Paused), c("mpv", Playback::Playing)];
        assert_eq!(ch.choose(&list, ""), Some(1));
        let list = [c("mpv", Playback::Playing), c("spotify", Playback::Playing)];
        assert_eq!(ch.choose(&list, ""), Some(1));
    }

    #[test]
    fn the_last_active_wins_when_nothing_plays_and_stopped_is_never_shown() {
        let mut ch = Chooser::default();
        ch.choose(&[c("vlc", Playback::Playing), c("mpv", Playback::Paused)], "");
        ch.choose(&[c("vlc", Playback::Paused), c("mpv", Playback::Playing)], "");
        assert_eq!(ch.choose(&[c("vlc", Playback::Paused), c("mpv", Playback::Paused)], ""), Some(1), "mpv played last");
        assert_eq!(ch.choose(&[c("vlc", Playback::Stopped)], ""), None);
    }

    #[test]
    fn a_pin_keeps_to_its_player() {
        let mut ch = Chooser::default();
        let list = [c("spotify", Playback::Playing), c("vlc", Playback::Paused)];
        assert_eq!(ch.choose(&list, "VLC"), Some(1));
        assert_eq!(ch.choose(&[c("spotify", Playback::Playing)], "vlc"), None);
    }
}
