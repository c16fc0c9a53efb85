//! Windows: the Global System Media Transport Controls sessions (what Windows shows in its
//! media flyout), behind the same [`MediaSource`] as MPRIS. Each query runs on a thread of its
//! own with a 2.5 s limit (WinRT objects stay on that thread; plain data comes back); a query
//! that does not finish disables GSMTC for the rest of the session, as the original did. The
//! chosen session's thumbnail is written to the artwork cache once per track and handed on as a
//! file:// URL. The volume slider sets the player's mixer session ([`crate::session_volume`]).

use crate::pick::{Candidate, Chooser};
use crate::source::{MediaError, MediaSource};
use srpss_core::media::{clip_text, NowPlaying, Playback, Transport};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use windows::Media::Control::{
    GlobalSystemMediaTransportControlsSession as Session, GlobalSystemMediaTransportControlsSessionManager as Manager,
    GlobalSystemMediaTransportControlsSessionPlaybackStatus as Status,
};
use windows::Storage::Streams::DataReader;

const LIMIT: Duration = Duration::from_millis(2500);
/// Thumbnails larger than this are not read.
const MAX_THUMBNAIL: u64 = 8 << 20;

/// One session as plain data.
#[derive(Debug, Clone, Default)]
struct Seen {
    id: String,
    playback: Playback,
    title: String,
    artist: String,
    album: String,
    can_previous: bool,
    can_next: bool,
    can_play_pause: bool,
}

pub struct Gsmtc {
    pin: String,
    art_dir: PathBuf,
    chooser: Chooser,
    disabled: bool,
    /// The track whose thumbnail was written last, and where.
    thumb: Option<(String, String)>,
}

/// Runs `f` on its own thread; gives up after [`LIMIT`].
fn limited<T: Send + 'static>(what: &str, f: impl FnOnce() -> windows::core::Result<T> + Send + 'static) -> Result<T, MediaError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("srpss-gsmtc".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| MediaError::Player { player: what.into(), message: e.to_string() })?;
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(MediaError::Player { player: what.into(), message: e.message() }),
        Err(_) => Err(MediaError::Timeout(what.into())),
    }
}

fn sessions() -> windows::core::Result<Vec<Session>> {
    let manager = Manager::RequestAsync()?.join()?;
    let list = manager.GetSessions()?;
    (0..list.Size()?).map(|i| list.GetAt(i)).collect()
}

fn find(id: &str) -> windows::core::Result<Option<Session>> {
    Ok(sessions()?.into_iter().find(|s| s.SourceAppUserModelId().is_ok_and(|a| a == id)))
}

fn describe(s: &Session) -> windows::core::Result<Seen> {
    let info = s.GetPlaybackInfo()?;
    let controls = info.Controls()?;
    let playback = match info.PlaybackStatus()? {
        Status::Playing => Playback::Playing,
        Status::Paused => Playback::Paused,
        _ => Playback::Stopped,
    };
    let props = s.TryGetMediaPropertiesAsync()?.join()?;
    Ok(Seen {
        id: s.SourceAppUserModelId()?.to_string(),
        playback,
        title: clip_text(&props.Title()?.to_string()),
        artist: clip_text(&props.Artist()?.to_string()),
        album: clip_text(&props.AlbumTitle()?.to_string()),
        can_previous: controls.IsPreviousEnabled()?,
        can_next: controls.IsNextEnabled()?,
        can_play_pause: controls.IsPlayPauseToggleEnabled()?,
    })
}

fn thumbnail(id: &str) -> windows::core::Result<Option<Vec<u8>>> {
    let Some(s) = find(id)? else { return Ok(None) };
    let props = s.TryGetMediaPropertiesAsync()?.join()?;
    let Ok(reference) = props.Thumbnail() else { return Ok(None) };
    let stream = reference.OpenReadAsync()?.join()?;
    let size = stream.Size()?;
    if size == 0 || size > MAX_THUMBNAIL {
        return Ok(None);
    }
    let reader = DataReader::CreateDataReader(&stream)?;
    reader.LoadAsync(size as u32)?.join()?;
    let mut bytes = vec![0u8; size as usize];
    reader.ReadBytes(&mut bytes)?;
    Ok(Some(bytes))
}

/// The player's name from its app id ("Spotify.exe" → "Spotify").
fn name_of(id: &str) -> String {
    let last = id.rsplit(['!', '\\', '/']).next().unwrap_or(id);
    last.trim_end_matches(".exe").trim_end_matches(".EXE").to_string()
}

impl Gsmtc {
    pub fn connect(pin: &str, art_dir: PathBuf) -> Result<Self, MediaError> {
        limited("GSMTC", || Manager::RequestAsync()?.join().map(|_| ()))?;
        Ok(Gsmtc { pin: pin.to_string(), art_dir, chooser: Chooser::default(), disabled: false, thumb: None })
    }

    fn guard<T>(&mut self, r: Result<T, MediaError>) -> Result<T, MediaError> {
        if let Err(MediaError::Timeout(_)) = &r {
            log::warn!("[MEDIA] GSMTC did not answer within {} ms; media sessions are off for this run", LIMIT.as_millis());
            self.disabled = true;
        }
        r
    }

    /// The artwork URL of the chosen track (written once per track).
    fn artwork(&mut self, seen: &Seen) -> String {
        let key = format!("{}\u{1f}{}\u{1f}{}", seen.id, seen.title, seen.artist);
        if let Some((k, url)) = &self.thumb {
            if *k == key {
                return url.clone();
            }
        }
        let id = seen.id.clone();
        let url = match self.guard(limited("GSMTC thumbnail", move || thumbnail(&id))) {
            Ok(Some(bytes)) => {
                let hash = key.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
                let path = self.art_dir.join(format!("gsmtc-{hash:016x}.img"));
                let written = std::fs::create_dir_all(&self.art_dir).and_then(|()| std::fs::write(&path, bytes));
                match written {
                    Ok(()) => format!("file:///{}", path.display().to_string().replace('\\', "/")),
                    Err(e) => {
                        log::warn!("[MEDIA] artwork {}: {e}", path.display());
                        String::new()
                    }
                }
            }
            _ => String::new(),
        };
        self.thumb = Some((key, url.clone()));
        url
    }
}

impl MediaSource for Gsmtc {
    fn now_playing(&mut self) -> Result<Option<NowPlaying>, MediaError> {
        if self.disabled {
            return Ok(None);
        }
        let seen = limited("GSMTC", || sessions()?.iter().map(describe).collect::<windows::core::Result<Vec<Seen>>>());
        let seen = self.guard(seen)?;
        let candidates: Vec<Candidate> = seen.iter().map(|s| Candidate { id: s.id.clone(), name: name_of(&s.id), playback: s.playback }).collect();
        let Some(i) = self.chooser.choose(&candidates, &self.pin) else { return Ok(None) };
        let s = &seen[i];
        let art_url = self.artwork(s);
        let name = candidates[i].name.clone();
        let volume = limited("GSMTC volume", move || crate::session_volume::get(&name)).ok().flatten();
        Ok(Some(NowPlaying {
            player: candidates[i].name.clone(),
            id: s.id.clone(),
            title: s.title.clone(),
            artist: s.artist.clone(),
            album: s.album.clone(),
            playback: s.playback,
            can_go_previous: s.can_previous,
            can_go_next: s.can_next,
            can_play_pause: s.can_play_pause,
            art_url,
            volume,
            ..NowPlaying::default()
        }))
    }

    fn transport(&mut self, id: &str, button: Transport) -> Result<(), MediaError> {
        let id = id.to_string();
        let r = limited("GSMTC", move || {
            let Some(s) = find(&id)? else { return Ok(()) };
            let op = match button {
                Transport::Previous => s.TrySkipPreviousAsync()?,
                Transport::PlayPause => s.TryTogglePlayPauseAsync()?,
                Transport::Next => s.TrySkipNextAsync()?,
            };
            op.join().map(|_| ())
        });
        self.guard(r)
    }

    fn set_volume(&mut self, id: &str, volume: f64) -> Result<(), MediaError> {
        let name = name_of(id);
        limited("GSMTC volume", move || crate::session_volume::set(&name, volume))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn player_names_from_app_ids() {
        assert_eq!(super::name_of("Spotify.exe"), "Spotify");
        assert_eq!(super::name_of("Microsoft.ZuneMusic_8wekyb3d8bbwe!Microsoft.ZuneMusic"), "Microsoft.ZuneMusic");
    }
}
