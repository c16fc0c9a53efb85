//! Every message between the UI process and a worker. Each travels in an [`Envelope`] with a
//! sequence number, a correlation id (the `seq` of the request a reply answers, 0 otherwise)
//! and the sender's clock. Bump [`PROTOCOL_VERSION`] on any change and note it in `docs/ipc.md`.

use serde::{Deserialize, Serialize};
use srpss_core::geometry::{DisplayMode, Size};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Both sides must speak exactly this version; the handshake refuses any other.
pub const PROTOCOL_VERSION: u32 = 4;

/// Which worker a process is (`srpss worker <kind>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkerKind {
    /// Decode, orient, limit and scale photos into shared-memory slots.
    Image,
    /// Poll feeds and download their images into the disk cache.
    Feeds,
    /// Capture what plays, FFT, publish the visualizer's bars.
    Audio,
    /// Follow the media player (MPRIS/GSMTC), fetch its artwork, send its controls.
    Media,
}

impl WorkerKind {
    pub fn name(self) -> &'static str {
        match self {
            WorkerKind::Image => "image",
            WorkerKind::Feeds => "feeds",
            WorkerKind::Audio => "audio",
            WorkerKind::Media => "media",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "image" => Some(WorkerKind::Image),
            "feeds" => Some(WorkerKind::Feeds),
            "audio" => Some(WorkerKind::Audio),
            "media" => Some(WorkerKind::Media),
            _ => None,
        }
    }
}

impl std::fmt::Display for WorkerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A message with its bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<B> {
    /// Per-sender, per-connection counter starting at 1.
    pub seq: u64,
    /// The `seq` of the request this answers; 0 when it answers nothing.
    pub correlation: u64,
    /// Sender's wall clock, microseconds since the Unix epoch.
    pub sent_us: u64,
    pub body: B,
}

impl<B> Envelope<B> {
    pub fn new(seq: u64, correlation: u64, body: B) -> Self {
        Self { seq, correlation, sent_us: now_us(), body }
    }
}

/// Microseconds since the Unix epoch (0 if the clock is before it).
pub fn now_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as u64)
}

/// UI process → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// First message on every connection.
    Hello { version: u32, kind: WorkerKind, generation: u64, config: WorkerConfig },
    /// Answer with [`FromWorker::HeartbeatAck`] at once, however busy.
    Heartbeat { ping: u64 },
    /// New settings while running.
    Config(WorkerConfig),
    Image(ImageCommand),
    Media(MediaCommand),
    /// Finish nothing more and exit 0.
    Shutdown,
}

/// Settings a worker needs; sent in the handshake and whenever they change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkerConfig {
    /// Image worker: decoding threads (at least 1).
    pub decoders: u32,
    /// Image worker: where the frame slots live, as `<prefix>-s<index>` files.
    pub slot_prefix: PathBuf,
    /// Feeds worker: its sources and where it keeps its cache and health (absent for others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feeds: Option<FeedsConfig>,
    /// Audio worker: what to capture and where the bars go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioConfig>,
    /// Media worker: which player and where the artwork goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaConfig>,
}

/// The audio worker's input and the visualizer's tuning (`widgets.spotify_visualizer`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioConfig {
    /// `default` (what the computer plays), a device name, `wav:PATH` or `sine:FREQ`.
    pub input: String,
    pub bar_count: u32,
    /// Frames per capture block (0: the driver's).
    pub block_size: u32,
    pub adaptive_sensitivity: bool,
    pub sensitivity: f32,
    pub dynamic_floor: bool,
    pub manual_floor: f32,
    /// The bars board file (`srpss_ipc::bars`).
    pub board: PathBuf,
}

/// The media worker's player choice and artwork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaConfig {
    /// Follow only this player (a bus-name or name substring, any case); empty: automatic.
    pub player: String,
    /// Artwork is scaled to cover a square of this many pixels.
    pub artwork_size: u32,
    /// The artwork's two frame slots: `<prefix>-s0` and `-s1` (created by the worker).
    pub artwork_slot: PathBuf,
    /// Where downloaded artwork is kept.
    pub artwork_cache: PathBuf,
    /// How often the player is asked, in milliseconds.
    pub poll_ms: u32,
}

/// Media worker requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaCommand {
    Transport(srpss_core::media::Transport),
    /// Set the player's volume (0–1); only the latest of several waiting is sent.
    Volume(f64),
}

/// Audio worker news.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AudioReply {
    /// Capture runs; bars are on the board.
    Capturing { description: String },
    /// No capture (said once); the board holds the rest state.
    Unavailable { reason: String },
}

/// Media worker news.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaReply {
    /// What plays now (`None`: nothing, hide the card). Sent on every change.
    NowPlaying(Option<Box<srpss_core::media::NowPlaying>>),
}

/// What the feeds worker polls and where it keeps what it fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedsConfig {
    pub feeds: Vec<String>,
    pub cache_dir: PathBuf,
    /// Feed health, kept across restarts.
    pub state_file: PathBuf,
    pub refresh_minutes: u32,
    /// Images fetched per feed per poll.
    pub max_images: u32,
    /// A folder that gets a copy of each online photo (`sources.rss_save_to_disk`).
    #[serde(default)]
    pub save_dir: Option<PathBuf>,
    /// What the overlay widgets need fetched (weather, Reddit headlines).
    #[serde(default)]
    pub widgets: Option<WidgetFetch>,
}

/// The widgets' fetches: weather for a location and headlines per subreddit; results are
/// saved under `state_dir` and sent as [`FeedsReply::Weather`] / [`FeedsReply::Headlines`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WidgetFetch {
    pub weather_location: Option<String>,
    pub subreddits: Vec<String>,
    pub state_dir: PathBuf,
}

/// An online image on disk in the feeds cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineImage {
    pub path: PathBuf,
    /// Where it came from (empty for images found in the cache at start).
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub feed: String,
}

/// The feeds worker's news.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedsReply {
    /// Images on disk now: the cache at start (`from_cache`), then each poll's images.
    Images { images: Vec<OnlineImage>, from_cache: bool },
    /// One poll ended: how many images it added, and its error if it failed.
    Polled { feed: String, added: u32, error: Option<String> },
    /// The weather card's new state.
    Weather { state: srpss_core::cards::weather::WeatherState },
    /// A subreddit's latest headlines.
    Headlines { news: srpss_core::cards::headlines::Headlines },
}

/// Where the pixels of an image request come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    File(PathBuf),
    /// A built-in demo scene by index.
    Demo(u32),
}

/// Image worker requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageCommand {
    /// Decode, orient and scale `source` for a `target` screen into frame slot `slot`, which the
    /// worker owns until it answers.
    Prepare { source: Source, target: Size, mode: DisplayMode, max_pixels: u64, slot: u32 },
    /// Decode and scale as `Prepare` would, keeping no pixels (`srpss check`).
    Check { path: PathBuf, target: Size, mode: DisplayMode, max_pixels: u64 },
}

/// Worker → UI process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// Answer to [`ToWorker::Hello`].
    Hello { version: u32, kind: WorkerKind, pid: u32 },
    HeartbeatAck { ping: u64 },
    Image(ImageReply),
    Feeds(FeedsReply),
    Audio(AudioReply),
    Media(MediaReply),
    /// Something the worker could not do that answers no request (a bad frame, a bad message).
    Error { message: String },
}

/// Image worker answers (correlated with their request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageReply {
    /// The frame is in `slot`; the slot is the UI's again.
    Ready { slot: u32, width: u32, height: u32, source_size: Size, took_us: u64 },
    /// `Check` succeeded.
    Checked { took_us: u64 },
    /// The photo cannot be shown; the slot (if any) is the UI's again.
    Failed { slot: Option<u32>, failure: Failure },
}

/// Why a photo failed, as the image crate's typed error says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: FailureKind,
    pub path: PathBuf,
    /// The error's own words.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    Io,
    Empty,
    NotAnImage,
    TooLarge,
    Truncated,
    Corrupt,
    /// The worker could not use the slot it was given (too small, missing).
    Slot,
    /// The worker died while preparing it (named by `srpss check`).
    Crashed,
}

impl Failure {
    /// The file the failure is about.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
