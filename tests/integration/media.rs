//! The media group end to end: goldens of the card and the visualizer from `srpss render`; the
//! saver following a real MPRIS player on a private session bus (metadata and artwork shown,
//! buttons and volume sent, the card hiding and coming back); and sound captured by cpal
//! through ALSA (a `file` PCM fed by the test) reaching the bars on screen.

use crate::harness::{load_rgb, srpss, test_photo, Saver, TempDir, XServer};
use image::{Rgb, RgbImage};
use srpss_core::cards::media::MediaBody;
use srpss_core::cards::{self, Body, WidgetData};
use srpss_core::layout::Rect;
use srpss_core::media::{NowPlaying, Playback};
use srpss_core::settings::{repair_document, Settings};
use srpss_core::theme::Theme;
use srpss_media::testplayer::{PlayerState, SessionBus, TestPlayer};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const W: u32 = 1024;
const H: u32 = 640;
const STARTUP: Duration = Duration::from_secs(20);
/// A colour no test photo has (their marker is magenta).
const ART: [u8; 3] = [30, 160, 220];
const ONLY_MEDIA: &str = "[widgets]\nclocks = []\nreddit = []\n[widgets.weather.card]\nenabled = false\n[widgets.media.card]\nmonitor = \"ALL\"\n";

fn art(home: &Path) -> std::path::PathBuf {
    let p = home.join("art.png");
    RgbImage::from_pixel(300, 300, Rgb(ART)).save(&p).unwrap();
    p
}

/// Where the layout puts the media group for `config` and `now` on a `w` x `h` display, in
/// screen pixels: (group rect, body).
fn group(config: &str, now: &NowPlaying, w: u32, h: u32) -> (Rect, MediaBody) {
    let (settings, _) = repair_document(config, &Settings::default()).expect("settings");
    let (theme, _) = Theme::named(&settings.widgets.theme);
    let data = WidgetData { media: Some(now.clone()), ..WidgetData::default() };
    let built = cards::build(&settings.widgets, &theme, &data, srpss_core::clock::utc(2026, 11, 27, 10, 30, 0));
    let id = built.iter().position(|c| matches!(c.body, Body::Media(_))).expect("a media card");
    let rect = cards::place(&built, 1, w as i32, h as i32).rect(id).expect("placed");
    let Body::Media(b) = &built[id].body else { unreachable!() };
    (rect, (**b).clone())
}

fn at(g: Rect, r: Rect) -> Rect {
    Rect { x: g.x + r.x, y: g.y + r.y, ..r }
}

fn centre(r: Rect) -> (u32, u32) {
    ((r.x + r.width / 2) as u32, (r.y + r.height / 2) as u32)
}

fn near(p: [u8; 3], c: [u8; 3], tolerance: i32) -> bool {
    p.iter().zip(c).all(|(a, b)| (*a as i32 - b as i32).abs() <= tolerance)
}

/// Rows of the visualizer card's middle column that are lit white (bars are white).
fn lit_rows(img: &RgbImage, vis: Rect, x: u32) -> u32 {
    (vis.y as u32..(vis.y + vis.height) as u32).filter(|y| img.get_pixel(x, *y).0.iter().all(|c| *c > 200)).count() as u32
}

#[test]
fn media_card_and_visualizer_goldens() {
    let home = TempDir::new("media-golden");
    let art = art(home.path());
    let grey = home.path().join("grey.png");
    RgbImage::from_pixel(64, 36, Rgb([128, 128, 128])).save(&grey).unwrap();
    let cfg = home.path().join("media.toml");
    std::fs::write(&cfg, ONLY_MEDIA).unwrap();
    let bars = "0.05,0.2,0.4,0.6,0.8,1.0,0.7,0.5,0.3,0.9,0.3,0.5,0.7,1.0,0.8,0.6,0.4,0.2,0.05";
    let render = |extra: &[&str], name: &str| {
        let out = home.path().join(name);
        let o = srpss(home.path())
            .env_remove("SRPSS_WIDGETS")
            .arg("--config")
            .arg(&cfg)
            .args(["render", "--size", "800x450", "--time", "2026-11-27T10:30:00Z", "--image"])
            .arg(&grey)
            .args(extra)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("run srpss render");
        assert!(o.status.success(), "render failed: {}", String::from_utf8_lossy(&o.stderr));
        load_rgb(&out)
    };
    let img = render(&["--media", "Spotify|Bohemian Rhapsody|Queen", "--artwork", art.to_str().unwrap(), "--bars", bars], "media.png");
    crate::render::compare_golden("widget-media", &img);
    // The artwork and the bars are where srpss-core puts them.
    let now = NowPlaying { player: "Spotify".into(), title: "Bohemian Rhapsody".into(), artist: "Queen".into(), playback: Playback::Playing, volume: Some(0.6), ..Default::default() };
    let (g, b) = group(ONLY_MEDIA, &now, 800, 450);
    let (ax, ay) = centre(at(g, b.art));
    assert!(near(img.get_pixel(ax, ay).0, ART, 2), "artwork at {ax},{ay}: {:?}", img.get_pixel(ax, ay).0);
    let vis = at(g, b.visualizer.expect("visualizer on"));
    assert!(lit_rows(&img, vis, (vis.x + vis.width / 2) as u32) > 20, "the middle bar (0.9) is tall");
    // Paused, no bars given: every bar rests on one lit segment.
    let paused = render(&["--media", "Spotify|Bohemian Rhapsody|Queen|paused"], "paused.png");
    crate::render::compare_golden("widget-media-paused", &paused);
    let rest = lit_rows(&paused, vis, (vis.x + vis.width / 2) as u32);
    assert!((1..=6).contains(&rest), "one segment at rest: {rest} rows");
}

fn photos(home: &Path) -> std::path::PathBuf {
    let dir = home.join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    test_photo(W, H, [90, 90, 90]).save(dir.join("a.png")).unwrap();
    dir
}

fn config(folder: &Path, input: &str) -> String {
    format!(
        "[sources]\nfolders = [{folder:?}]\n[timing]\ninterval = 600\n[input]\nhard_exit = true\n{ONLY_MEDIA}\
         [widgets.spotify_visualizer]\ninput = {input:?}\n"
    )
}

fn start(x: &XServer, home: &Path, cfg: &str, bus: &SessionBus) -> Saver {
    Saver::start_with_env(x, home, cfg, &[("SRPSS_WIDGETS", "1"), ("DBUS_SESSION_BUS_ADDRESS", &bus.address)])
}

fn wait_calls(player: &TestPlayer, want: &str, timeout: Duration) {
    wait_count(player, want, 1, timeout);
}

/// Waits until the player got `want` at least `count` times.
fn wait_count(player: &TestPlayer, want: &str, count: usize, timeout: Duration) {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if player.calls().iter().filter(|c| *c == want).count() >= count {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the player never got {want:?} {count} times: {:?}", player.calls());
}

fn click(x: &XServer, (px, py): (u32, u32), button: &str) {
    x.xdotool(&["mousemove", &px.to_string(), &py.to_string()]);
    std::thread::sleep(Duration::from_millis(150));
    x.xdotool(&["click", button]);
}

#[test]
fn the_saver_follows_a_real_mpris_player() {
    let home = TempDir::new("media-mpris");
    let bus = SessionBus::start().expect("dbus-daemon (package dbus)");
    let art = art(home.path());
    let mut state = PlayerState::playing("Spotify", "Song One", "Artist A");
    state.art_url = format!("file://{}", art.display());
    let player = TestPlayer::start(&bus.address, "spotify", state).unwrap();
    let x = XServer::start(W, H);
    let cfg = config(&photos(home.path()), "default");
    let mut saver = start(&x, home.path(), &cfg, &bus);
    saver.wait_log("[MEDIA] Spotify: Playing Artist A — Song One", 1, STARTUP);
    // No sound system here: said once, and the visualizer rests.
    saver.wait_log("[AUDIO]", 1, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(2500)); // the fade-in
    let now = NowPlaying { player: "Spotify".into(), title: "Song One".into(), artist: "Artist A".into(), playback: Playback::Playing, volume: Some(0.5), ..Default::default() };
    let (g, b) = group(&cfg, &now, W, H);
    let shot = x.screenshot(&home.path().join("playing.png"));
    let (ax, ay) = centre(at(g, b.art));
    assert!(near(shot.get_pixel(ax, ay).0, ART, 3), "the player's artwork on screen at {ax},{ay}: {:?}", shot.get_pixel(ax, ay).0);
    let vis = at(g, b.visualizer.unwrap());
    let rest = lit_rows(&shot, vis, (vis.x + vis.width / 2) as u32);
    assert!((1..=6).contains(&rest), "no capture: bars rest on one segment ({rest} rows)");
    assert_eq!(saver.log_text().matches("[AUDIO]").count(), 1, "the missing device is said once");

    // The transport row: next, play/pause, previous; right click next, middle click previous.
    let card = at(g, b.card);
    let row = (card.bottom() - 25) as u32;
    let third = |n: i32| (card.x + card.width * (2 * n + 1) / 6) as u32;
    click(&x, (third(2), row), "1");
    wait_calls(&player, "Next", Duration::from_secs(5));
    click(&x, (third(1), row), "1");
    wait_calls(&player, "PlayPause", Duration::from_secs(5));
    saver.wait_log("[MEDIA] Spotify: Paused", 1, Duration::from_secs(5));
    click(&x, (third(0), row), "1");
    wait_calls(&player, "Previous", Duration::from_secs(5));
    // Right click on the card is next (and opens no menu); middle click is previous.
    click(&x, centre(at(g, b.text)), "3");
    wait_count(&player, "Next", 2, Duration::from_secs(5));
    assert!(!saver.log_text().contains("context menu opened"), "a right click on the card opens no menu");
    click(&x, centre(at(g, b.text)), "2");
    wait_count(&player, "Previous", 2, Duration::from_secs(5));

    // Volume: a click on the slider sets it; the wheel moves it by 5 %.
    let (slider, _) = b.volume.unwrap();
    let slider = at(g, slider);
    click(&x, ((slider.x + slider.width / 2) as u32, (slider.y + 6) as u32), "1");
    wait_calls(&player, "Volume=1.00", Duration::from_secs(5));
    x.xdotool(&["click", "5"]);
    wait_calls(&player, "Volume=0.95", Duration::from_secs(5));
    // A drag down the slider to its bottom sets it to zero.
    let sx = (slider.x + slider.width / 2).to_string();
    x.xdotool(&["mousemove", &sx, &(slider.y + slider.height / 2).to_string(), "mousedown", "1"]);
    x.xdotool(&["mousemove", &sx, &(slider.bottom() + 20).to_string()]);
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["mouseup", "1"]);
    wait_calls(&player, "Volume=0.00", Duration::from_secs(5));

    // The player goes away: the card hides; it comes back: the card shows again.
    drop(player);
    saver.wait_log("[MEDIA] nothing playing", 1, Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    let gone = x.screenshot(&home.path().join("gone.png"));
    assert!(!near(gone.get_pixel(ax, ay).0, ART, 30), "no artwork without a player");
    let _back = TestPlayer::start(&bus.address, "spotify", PlayerState::playing("Spotify", "Song Two", "Artist B")).unwrap();
    saver.wait_log("[MEDIA] Spotify: Playing Artist B — Song Two", 1, Duration::from_secs(5));
}

#[test]
fn a_player_that_never_answers_does_not_stop_the_saver() {
    let home = TempDir::new("media-hung");
    let bus = SessionBus::start().expect("dbus-daemon (package dbus)");
    let _hung = TestPlayer::start_silent(&bus.address, "aaa_hung").unwrap();
    let _good = TestPlayer::start(&bus.address, "vlc", PlayerState::playing("VLC media player", "Still Here", "Someone")).unwrap();
    let x = XServer::start(W, H);
    let mut saver = start(&x, home.path(), &config(&photos(home.path()), "default"), &bus);
    saver.wait_log("did not answer within 2 s", 1, STARTUP);
    saver.wait_log("[MEDIA] VLC media player: Playing Someone — Still Here", 1, Duration::from_secs(10));
    assert!(saver.child.try_wait().ok().flatten().is_none(), "still running");
}

/// `~/.asoundrc` for the test: the default capture PCM is ALSA's `file` plugin reading raw
/// S16LE stereo 48 kHz from `fifo` (timed by nothing: it reads as fast as it is fed).
fn asoundrc(home: &Path, fifo: &Path) {
    std::fs::write(
        home.join(".asoundrc"),
        format!(
            "pcm.srpss_test_file {{\n type file\n slave.pcm \"null\"\n file \"/dev/null\"\n infile \"{}\"\n format \"raw\"\n}}\n\
             pcm.!default {{\n type plug\n slave {{\n  pcm \"srpss_test_file\"\n  format S16_LE\n  rate 48000\n  channels 2\n }}\n}}\n",
            fifo.display()
        ),
    )
    .unwrap();
}

#[test]
fn sound_captured_through_alsa_reaches_the_bars_on_screen() {
    let home = TempDir::new("media-alsa");
    let fifo = home.path().join("tone.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    asoundrc(home.path(), &fifo);
    // A 1 kHz tone, one period repeated, written as fast as the capture reads it.
    let period: Vec<u8> = (0..48)
        .flat_map(|i| {
            let s = (12_000.0 * (i as f64 / 48.0 * std::f64::consts::TAU).sin()) as i16;
            [s.to_le_bytes(), s.to_le_bytes()].concat()
        })
        .collect();
    let block: Vec<u8> = period.iter().copied().cycle().take(period.len() * 200).collect();
    let feeder_path = fifo.clone();
    // ALSA opens the PCM (and so the FIFO) more than once while the device is set up: write
    // to each reader until it closes, then wait for the next.
    std::thread::spawn(move || loop {
        match std::fs::OpenOptions::new().write(true).open(&feeder_path) {
            Ok(mut f) => while f.write_all(&block).is_ok() {},
            Err(_) => return,
        }
    });
    let bus = SessionBus::start().expect("dbus-daemon (package dbus)");
    let _player = TestPlayer::start(&bus.address, "spotify", PlayerState::playing("Spotify", "Tone", "Generator")).unwrap();
    let x = XServer::start(W, H);
    let cfg = config(&photos(home.path()), "device:default");
    let mut saver = start(&x, home.path(), &cfg, &bus);
    saver.wait_log("[AUDIO] capturing default", 1, STARTUP);
    saver.wait_log("[MEDIA] Spotify: Playing", 1, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(3000));
    let now = NowPlaying { player: "Spotify".into(), title: "Tone".into(), artist: "Generator".into(), playback: Playback::Playing, volume: Some(0.5), ..Default::default() };
    let (g, b) = group(&cfg, &now, W, H);
    let vis = at(g, b.visualizer.unwrap());
    let shot = x.screenshot(&home.path().join("bars.png"));
    let tallest = (vis.x as u32..(vis.x + vis.width) as u32).map(|col| lit_rows(&shot, vis, col)).max().unwrap_or(0);
    assert!(tallest > 25, "the tone lifts bars well above the rest segment: tallest column {tallest} rows");
}

/// Files in /dev/shm of UI process `pid` whose names contain `part`.
fn shm_files(pid: u32, part: &str) -> Vec<String> {
    let prefix = format!("srpss-{pid}-");
    std::fs::read_dir("/dev/shm")
        .map(|d| d.flatten().filter_map(|e| e.file_name().to_str().map(String::from)).filter(|n| n.starts_with(&prefix) && n.contains(part)).collect())
        .unwrap_or_default()
}

fn worker_pid(saver: &mut Saver, kind: &str, generation: u64) -> u32 {
    saver.worker_pid(kind, generation, STARTUP)
}

/// A killed audio or media worker is replaced, and the replaced generation's board and artwork
/// slots are removed at once (not only at exit).
#[test]
fn replaced_audio_and_media_workers_leave_no_files_behind() {
    let home = TempDir::new("media-replaced");
    let bus = SessionBus::start().expect("dbus-daemon (package dbus)");
    let art = art(home.path());
    let mut state = PlayerState::playing("Spotify", "Song One", "Artist A");
    state.art_url = format!("file://{}", art.display());
    let _player = TestPlayer::start(&bus.address, "spotify", state).unwrap();
    let x = XServer::start(W, H);
    let mut saver = start(&x, home.path(), &config(&photos(home.path()), "sine:440"), &bus);
    let ui = saver.child.id();
    let (audio, media) = (worker_pid(&mut saver, "audio", 1), worker_pid(&mut saver, "media", 1));
    saver.wait_log("[MEDIA] Spotify: Playing Artist A — Song One", 1, STARTUP);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!shm_files(ui, "-audio-g1-bars").is_empty(), "the first board exists");
    assert!(!shm_files(ui, "-media-g1-art").is_empty(), "the first artwork slot exists");
    for pid in [audio, media] {
        assert!(std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap().success());
    }
    worker_pid(&mut saver, "audio", 2);
    worker_pid(&mut saver, "media", 2);
    saver.wait_log("[MEDIA] Spotify: Playing Artist A — Song One", 2, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(shm_files(ui, "-audio-g1-"), Vec::<String>::new(), "the replaced audio generation's board is gone");
    assert_eq!(shm_files(ui, "-media-g1-"), Vec::<String>::new(), "the replaced media generation's slots are gone");
    assert!(!shm_files(ui, "-audio-g2-bars").is_empty(), "the new board is in use");
    assert!(!shm_files(ui, "-media-g2-art").is_empty(), "the new artwork slot is in use");
    // Killed again and again (backoff 1, 2, 4 s): each replaced board goes, not only the first.
    for generation in 3..=5 {
        let pid = worker_pid(&mut saver, "audio", generation - 1);
        assert!(std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap().success());
        worker_pid(&mut saver, "audio", generation);
    }
    std::thread::sleep(Duration::from_millis(1500));
    let boards = shm_files(ui, "-audio-g");
    assert_eq!(boards.len(), 1, "only the newest generation's board is left: {boards:?}");
    assert!(boards[0].contains("-audio-g5-bars"), "{boards:?}");
}
