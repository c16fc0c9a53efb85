//! MPRIS against a real session bus (a private dbus-daemon) and test players served on it.

#![cfg(unix)]

use srpss_core::media::{Playback, Transport};
use srpss_media::mpris::Mpris;
use srpss_media::testplayer::{PlayerState, SessionBus, TestPlayer};
use srpss_media::MediaSource;
use std::time::{Duration, Instant};

fn bus() -> SessionBus {
    SessionBus::start().expect("dbus-daemon (package dbus) is needed for the media tests")
}

#[test]
fn metadata_is_read_and_buttons_reach_the_player() {
    let bus = bus();
    let player = TestPlayer::start(&bus.address, "spotify", PlayerState::playing("Spotify", "Song Title", "Some Artist")).unwrap();
    let mut m = Mpris::connect_to(&bus.address, "").unwrap();
    let now = m.now_playing().unwrap().expect("a playing player is shown");
    assert_eq!((now.player.as_str(), now.title.as_str(), now.artist.as_str(), now.album.as_str()), ("Spotify", "Song Title", "Some Artist", "Album"));
    assert_eq!(now.playback, Playback::Playing);
    assert!(now.can_go_next && now.can_go_previous && now.can_play_pause);
    assert_eq!((now.volume, now.position_us, now.length_us), (Some(0.5), Some(42_000_000), Some(180_000_000)));
    m.transport(&now.id, Transport::PlayPause).unwrap();
    m.transport(&now.id, Transport::Next).unwrap();
    m.transport(&now.id, Transport::Previous).unwrap();
    m.set_volume(&now.id, 0.8).unwrap();
    assert_eq!(player.calls(), ["PlayPause", "Next", "Previous", "Volume=0.80"]);
    assert_eq!(m.now_playing().unwrap().map(|n| n.playback), Some(Playback::Paused));
}

#[test]
fn a_player_that_goes_away_and_comes_back() {
    let bus = bus();
    let mut m = Mpris::connect_to(&bus.address, "").unwrap();
    assert_eq!(m.now_playing().unwrap(), None, "no player, nothing shown");
    let player = TestPlayer::start(&bus.address, "vlc", PlayerState::playing("VLC media player", "One", "A")).unwrap();
    assert_eq!(m.now_playing().unwrap().map(|n| n.title), Some("One".into()));
    drop(player);
    assert_eq!(m.now_playing().unwrap(), None, "gone from the bus, gone from the card");
    let _again = TestPlayer::start(&bus.address, "vlc", PlayerState::playing("VLC media player", "Two", "B")).unwrap();
    assert_eq!(m.now_playing().unwrap().map(|n| n.title), Some("Two".into()));
}

#[test]
fn a_player_that_never_answers_is_left_out_and_the_others_still_show() {
    let bus = bus();
    let _silent = TestPlayer::start_silent(&bus.address, "aaa_hung").unwrap();
    let _good = TestPlayer::start(&bus.address, "mpv", PlayerState::playing("mpv", "Fine", "C")).unwrap();
    let mut m = Mpris::connect_to(&bus.address, "").unwrap();
    let t = Instant::now();
    assert_eq!(m.now_playing().unwrap().map(|n| n.title), Some("Fine".into()));
    let first = t.elapsed();
    assert!(first >= Duration::from_millis(1900), "the hung player cost one timeout: {first:?}");
    let t = Instant::now();
    assert_eq!(m.now_playing().unwrap().map(|n| n.title), Some("Fine".into()));
    assert!(t.elapsed() < Duration::from_secs(1), "and is then left out: {:?}", t.elapsed());
}

#[test]
fn spotify_wins_when_two_play_and_a_pin_overrides() {
    let bus = bus();
    let _mpv = TestPlayer::start(&bus.address, "mpv", PlayerState::playing("mpv", "Other", "X")).unwrap();
    let _spotify = TestPlayer::start(&bus.address, "spotify", PlayerState::playing("Spotify", "Tune", "Y")).unwrap();
    let mut auto = Mpris::connect_to(&bus.address, "").unwrap();
    assert_eq!(auto.now_playing().unwrap().map(|n| n.player), Some("Spotify".into()));
    let mut pinned = Mpris::connect_to(&bus.address, "mpv").unwrap();
    assert_eq!(pinned.now_playing().unwrap().map(|n| n.player), Some("mpv".into()));
}
