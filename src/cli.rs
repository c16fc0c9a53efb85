//! Command-line parsing, including the Windows screensaver flags (`/s`, `/c`, `/p HWND`).

use clap::{Parser, Subcommand};
use srpss_core::geometry::{DisplayMode, Size};
use srpss_core::settings::Profile;
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Parser, PartialEq)]
#[command(name = "srpss", version, about = "Photo screensaver with smooth transitions", long_about = None)]
pub struct Cli {
    /// Settings profile: screensaver (default) or media-center.
    #[arg(long, global = true, default_value = "screensaver")]
    pub profile: Profile,
    /// Use this settings file instead of the profile's.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also log to stderr (debug level).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum Command {
    /// Show the slideshow fullscreen on every selected monitor (Windows: /s), or inside a
    /// screensaver host's window (--root, --window-id, XSCREENSAVER_WINDOW).
    Run(RunArgs),
    /// Open the settings application (Windows: /c), or import/export settings without it.
    Settings(SettingsArgs),
    /// The widget layout previewer: a miniature of each monitor with the enabled widgets.
    Layout,
    /// Preview inside a parent window (Windows: /p HWND); not supported, exits.
    Preview {
        /// The parent window handle given by the screensaver control panel.
        hwnd: Option<String>,
    },
    /// Write exactly the frame a display of the given size would show, as PNG.
    Render(Box<RenderArgs>),
    /// Decode every photo in a folder as the screensaver would and report failures.
    Check(CheckArgs),
    /// Every configured feed with its state (photos, last success, next poll, health, last
    /// error); --refresh polls each feed now first.
    Sources {
        /// Poll every feed now (politeness pauses still apply to hosts that asked for them).
        #[arg(long)]
        refresh: bool,
    },
    /// Time transition frames headless: each type in group A (shaders on an EGL context) and
    /// group C (CPU compositing), beside a copy of two frames (the memory-bandwidth floor).
    Bench(BenchArgs),
    /// The visualizer's audio input in the terminal: live bars (Ctrl-C ends), --list the
    /// capture devices, or --print N frames of bar values.
    Audio(AudioArgs),
    /// Install the program for this user (--user: ~/.local) or everyone (/usr/local): the
    /// binary, a menu entry for the settings, and on request a screensaver host's setup.
    Install(InstallArgs),
    /// For a desktop with no screensaver host (X11): run the screensaver after SECONDS without
    /// input (not while a video player holds the X saver off), and again after it exits.
    Idle {
        /// Seconds without keyboard or mouse input.
        #[arg(long, value_name = "SECONDS", default_value_t = 600)]
        after: u32,
    },
    /// Remove what `srpss install` wrote (and SRPSS's line in ~/.xscreensaver).
    Uninstall {
        /// Remove the per-user install (~/.local) instead of the system one.
        #[arg(long)]
        user: bool,
    },
    /// Run as a worker process of the screensaver (started by it; speaks the IPC protocol on
    /// stdin/stdout, see docs/ipc.md).
    #[command(hide = true)]
    Worker {
        /// image, feeds, audio or media
        kind: String,
    },
}

#[derive(Debug, clap::Args, PartialEq, Default)]
pub struct InstallArgs {
    /// Into ~/.local/bin and ~/.local/share (no root needed) instead of /usr/local.
    #[arg(long)]
    pub user: bool,
    /// Add SRPSS to ~/.xscreensaver's programs list (a backup of the file is kept).
    #[arg(long)]
    pub xscreensaver: bool,
    /// Write `srpss-xsecurelock`: XSecureLock with SRPSS as its saver.
    #[arg(long)]
    pub xsecurelock: bool,
    /// Start SRPSS through xss-lock on X idle from the next login (autostart entry).
    #[arg(long)]
    pub xss_lock: bool,
    /// A systemd user unit running swayidle with SRPSS (Wayland: sway and other wlroots desktops).
    #[arg(long)]
    pub swayidle: bool,
    /// Start `srpss idle --after SECONDS` from the next login (X11, no host needed).
    #[arg(long, value_name = "SECONDS")]
    pub idle: Option<u32>,
}

/// How a host (XScreenSaver, XSecureLock) starts a saver: `--root` (or `-root`) to draw in the
/// window named by `XSCREENSAVER_WINDOW` (the root window without it), `--window-id ID` (or
/// `-window-id`) for the settings dialog's preview.
#[derive(Debug, clap::Args, PartialEq, Default)]
pub struct RunArgs {
    /// Draw in the host's window (XSCREENSAVER_WINDOW), or the root window: one window, no
    /// fullscreen, the host owns input.
    #[arg(long)]
    pub root: bool,
    /// Draw inside this X window (hex 0x… or decimal), following its size.
    #[arg(long, value_name = "ID", value_parser = parse_window_id)]
    pub window_id: Option<u32>,
}

/// Where a hosted saver draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostWindow {
    /// Inside this X window (the host's, or a preview's).
    Window(u32),
    /// On the screen's root window (`--root` with no XSCREENSAVER_WINDOW).
    Root,
}

impl RunArgs {
    /// The host's window, if a host started us: `--window-id` first, then
    /// `XSCREENSAVER_WINDOW` (hex or decimal, as XScreenSaver and XSecureLock give it), then
    /// `--root` alone. A malformed XSCREENSAVER_WINDOW is an error, not a fullscreen run.
    pub fn host_window(&self, env: Option<&str>) -> Result<Option<HostWindow>, String> {
        if let Some(id) = self.window_id {
            return Ok(Some(HostWindow::Window(id)));
        }
        match env.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => parse_window_id(v).map(|id| Some(HostWindow::Window(id))).map_err(|e| format!("XSCREENSAVER_WINDOW: {e}")),
            None if self.root => Ok(Some(HostWindow::Root)),
            None => Ok(None),
        }
    }
}

/// An X window id as hosts write it: `0x60000A` (XScreenSaver) or `4194305` (XSecureLock).
pub fn parse_window_id(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => t.parse::<u32>(),
    };
    match parsed {
        Ok(0) | Err(_) => Err(format!("{text:?} is not an X window id (0x… or a decimal number)")),
        Ok(id) => Ok(id),
    }
}

#[derive(Debug, clap::Args, PartialEq, Default)]
pub struct SettingsArgs {
    /// Merge this file into the settings: the original's .sst export (JSON) or our .toml.
    /// Prints every change and every key it could not use.
    #[arg(long, value_name = "FILE", conflicts_with = "export")]
    pub import: Option<PathBuf>,
    /// With --import: only print what would change.
    #[arg(long, requires = "import")]
    pub dry_run: bool,
    /// Write the settings to this file: .toml as ours, anything else as an .sst the original
    /// can import.
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
    /// Start the screensaver again when the window closes (the screensaver's S key).
    #[arg(long, hide = true)]
    pub resume: bool,
}

#[derive(Debug, clap::Args, PartialEq)]
pub struct AudioArgs {
    /// List the capture devices and what `default` would capture.
    #[arg(long)]
    pub list: bool,
    /// default (what the computer plays), a device name, wav:PATH or sine:FREQ
    /// (default: widgets.spotify_visualizer.input).
    #[arg(long)]
    pub input: Option<String>,
    /// Print this many frames of bar values (0–1, one line each) and exit.
    #[arg(long, value_name = "N")]
    pub print: Option<u32>,
    /// Bars (8–96; default: widgets.spotify_visualizer.bar_count).
    #[arg(long)]
    pub bars: Option<u32>,
}

#[derive(Debug, clap::Args, PartialEq)]
pub struct RenderArgs {
    /// Display size in physical pixels, e.g. 1920x1080.
    #[arg(long)]
    pub size: Size,
    /// fill, fit or shrink (default: display.mode from the settings).
    #[arg(long)]
    pub mode: Option<DisplayMode>,
    /// Render this photo.
    #[arg(long, conflicts_with_all = ["folder", "transition"])]
    pub image: Option<PathBuf>,
    /// Render the first photo the slideshow would show from this folder.
    #[arg(long, required_unless_present_any = ["image", "transition"], conflicts_with = "transition")]
    pub folder: Option<PathBuf>,
    /// Render a frame of this transition (the original's name, any case, spaces or dashes:
    /// crossfade, slide, wipe, diffuse, blinds, block-puzzle-flip, 3d-block-spins, ...).
    #[arg(long, requires_all = ["from", "to"])]
    pub transition: Option<String>,
    /// Transition progress, 0 (the old photo) to 1 (the new one), after easing.
    #[arg(long, default_value_t = 0.5)]
    pub progress: f32,
    /// The old photo of the transition.
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// The new photo of the transition.
    #[arg(long)]
    pub to: Option<PathBuf>,
    /// Render group: A (shaders, on a headless EGL context) or C (software compositing;
    /// the default). Group B draws with the window's renderer and has no headless form.
    #[arg(long)]
    pub group: Option<String>,
    /// A transition parameter, key=value: direction=left-to-right|right-to-left|top-to-bottom|
    /// bottom-to-top|diagonal-tl-br|diagonal-tr-bl, block_size=4..256, seed=N,
    /// shape=rectangle|membrane, cols=2..25, pieces=4..16, complexity=0.5..2,
    /// mode=directional|swirl|converge, particle_direction=0..9. Repeatable.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// Shuffle seed for --folder (same seed, same photo).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Leave the overlay widgets out (they are drawn by default, with the last weather and
    /// headlines the screensaver saved).
    #[arg(long)]
    pub no_widgets: bool,
    /// The instant the clocks show and headline ages count from, RFC 3339
    /// (2026-11-27T10:30:00Z); default now.
    #[arg(long)]
    pub time: Option<String>,
    /// Draw the widgets of this monitor (1-based): widgets set to another monitor are left out.
    #[arg(long, default_value_t = 1)]
    pub monitor: u32,
    /// Show the media card as if a player played this: "PLAYER|TITLE|ARTIST" (add "|paused"
    /// for a paused one).
    #[arg(long, value_name = "PLAYER|TITLE|ARTIST")]
    pub media: Option<String>,
    /// The media card's artwork (with --media).
    #[arg(long, requires = "media")]
    pub artwork: Option<PathBuf>,
    /// The visualizer's bars, comma-separated values 0–1 (with --media; also the ghost peaks).
    #[arg(long, requires = "media", value_delimiter = ',')]
    pub bars: Vec<f32>,
    /// Output PNG.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args, PartialEq)]
pub struct BenchArgs {
    /// Frame size in physical pixels.
    #[arg(long, default_value = "1920x1080")]
    pub size: Size,
    /// Frames timed per type and group (after 3 untimed ones).
    #[arg(long, default_value_t = 60)]
    pub frames: usize,
    /// Groups to time: A, C or both.
    #[arg(long, default_value = "AC")]
    pub groups: String,
    /// Instead: the saver window drawn by the software renderer, crossfade frames with no
    /// widgets and with a full set (what the widgets add to a frame).
    #[arg(long)]
    pub widgets: bool,
    /// Instead: the audio worker (a real process, as the saver starts it): tone-to-bars
    /// latency as the UI's frame tick sees it, and its CPU while playing and while silent.
    #[arg(long, conflicts_with = "widgets")]
    pub audio: bool,
    /// Instead: the settings window on the window system (Xvfb is enough): time to the window
    /// drawn, and the layout previewer's redraw after a widget setting changes.
    #[arg(long, conflicts_with_all = ["widgets", "audio"])]
    pub settings: bool,
}

#[derive(Debug, clap::Args, PartialEq)]
pub struct CheckArgs {
    /// Folder to check, recursively.
    pub dir: PathBuf,
    /// Pixel limit in megapixels (default: images.max_megapixels from the settings).
    #[arg(long)]
    pub max_megapixels: Option<u32>,
    /// Decoding threads of the image worker (default: cache.max_concurrent from the settings).
    #[arg(long)]
    pub decoders: Option<u32>,
    /// Decode in this process with the foundation's in-thread decoder (a baseline for
    /// benchmarks) instead of the image worker.
    #[arg(long)]
    pub in_process: bool,
}

impl Cli {
    /// Parses the process arguments, translating the Windows screensaver flags first.
    pub fn parse_args() -> Self {
        Self::parse_from(translate_host_flags(translate_windows_flags(std::env::args_os())))
    }
}

/// Maps the X screensaver hosts' conventions onto `run`: `-root`/`--root`, `-window-id ID` and
/// `--window-id ID`, given with or without `run` (XScreenSaver runs `srpss --root`).
pub fn translate_host_flags(args: Vec<OsString>) -> Vec<OsString> {
    let mut out: Vec<OsString> = args
        .into_iter()
        .map(|a| match a.to_str() {
            Some("-root") => "--root".into(),
            Some("-window-id") => "--window-id".into(),
            _ => a,
        })
        .collect();
    let is_host_flag = |a: &OsString| a == "--root" || a == "--window-id" || a.to_str().is_some_and(|s| s.starts_with("--window-id="));
    // A host flag before any subcommand: the run is implied.
    // The first word that is neither a flag nor the value of a global option.
    let mut subcommand_at = None;
    let mut i = 1;
    while i < out.len() {
        match out[i].to_str() {
            Some("--config" | "--profile") => i += 1,
            Some(a) if a.starts_with('-') => {}
            _ => {
                subcommand_at = Some(i);
                break;
            }
        }
        i += 1;
    }
    if let Some(first_flag) = out.iter().skip(1).position(is_host_flag).map(|i| i + 1) {
        if subcommand_at.is_none_or(|at| at > first_flag) {
            out.insert(first_flag, "run".into());
        }
    }
    out
}

/// Maps the `.scr` conventions onto subcommands: `/s` → run, `/c` and `/c:HWND` → settings,
/// `/p HWND` → preview (case-insensitive; `-s`, `-c`, `-p` as the original accepted; note that
/// the original treats `-s` as settings, not run). Other arguments pass through unchanged.
pub fn translate_windows_flags(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    if let Some(first) = args.get(1).and_then(|a| a.to_str()).map(str::to_ascii_lowercase) {
        let replacement = match first.as_str() {
            "/s" => Some(vec!["run"]),
            "-s" | "--s" => Some(vec!["settings"]),
            f if f.starts_with("/c") || f == "-c" => Some(vec!["settings"]),
            f if f.starts_with("/p") || f == "-p" => Some(vec!["preview"]),
            _ => None,
        };
        if let Some(words) = replacement {
            // `/p:1234` carries the handle in the flag itself.
            let inline = first.split_once(':').map(|(_, h)| h.to_string()).filter(|h| !h.is_empty());
            args.splice(1..2, words.into_iter().map(OsString::from));
            if let (Some(h), true) = (inline, first.starts_with("/p")) {
                args.insert(2, h.into());
            }
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        let argv = std::iter::once("srpss").chain(args.iter().copied()).map(OsString::from);
        Cli::try_parse_from(translate_host_flags(translate_windows_flags(argv)))
    }

    fn command(args: &[&str]) -> Option<Command> {
        parse(args).expect("parses").command
    }

    #[test]
    fn windows_flags() {
        assert_eq!(command(&["/s"]), Some(Command::Run(RunArgs::default())));
        assert_eq!(command(&["/S"]), Some(Command::Run(RunArgs::default())));
        assert_eq!(command(&["/c"]), Some(Command::Settings(SettingsArgs::default())));
        assert_eq!(command(&["/c:1234"]), Some(Command::Settings(SettingsArgs::default())));
        assert_eq!(command(&["-c"]), Some(Command::Settings(SettingsArgs::default())));
        assert_eq!(command(&["-s"]), Some(Command::Settings(SettingsArgs::default())), "-s means settings, as in the original");
        assert_eq!(command(&["/p", "4242"]), Some(Command::Preview { hwnd: Some("4242".into()) }));
        assert_eq!(command(&["/p:77"]), Some(Command::Preview { hwnd: Some("77".into()) }));
    }

    #[test]
    fn host_flags_imply_run_and_name_the_window() {
        let run = |args: &[&str]| match command(args) {
            Some(Command::Run(r)) => r,
            other => panic!("{args:?} gave {other:?}"),
        };
        // XScreenSaver: `srpss --root` (a configured -root is rewritten), env in hex.
        assert_eq!(run(&["--root"]).host_window(Some("0x60000A")), Ok(Some(HostWindow::Window(0x60000A))));
        // XSecureLock: `-root`, env in decimal.
        assert_eq!(run(&["-root"]).host_window(Some("4194305")), Ok(Some(HostWindow::Window(4194305))));
        // The settings dialog's preview: the window on the command line wins.
        let preview = run(&["--root", "--window-id", "0x800D5F"]);
        assert_eq!(preview.host_window(Some("0x60000A")), Ok(Some(HostWindow::Window(0x800D5F))));
        assert_eq!(run(&["-window-id", "77"]).window_id, Some(77));
        assert_eq!(run(&["run", "-root"]).host_window(None), Ok(Some(HostWindow::Root)));
        assert_eq!(run(&["-v", "--root"]).host_window(None), Ok(Some(HostWindow::Root)));
        assert_eq!(run(&["--config", "/tmp/s.toml", "--root"]).host_window(None), Ok(Some(HostWindow::Root)));
        assert_eq!(run(&["run"]).host_window(None), Ok(None), "a plain run is fullscreen");
        assert_eq!(run(&["run"]).host_window(Some("0x2a")), Ok(Some(HostWindow::Window(42))), "the env alone hosts it");
        assert!(run(&["--root"]).host_window(Some("banana")).is_err());
        assert!(parse(&["--window-id", "0"]).is_err());
        assert!(parse(&["--window-id", "zz"]).is_err());
        // Other subcommands keep their meaning.
        assert!(matches!(command(&["settings"]), Some(Command::Settings(_))));
    }

    #[test]
    fn subcommands_and_globals() {
        assert_eq!(command(&[]), None);
        let cli = parse(&["run", "--profile", "media-center", "-v", "--config", "/tmp/x.toml"]).unwrap();
        assert_eq!(cli.command, Some(Command::Run(RunArgs::default())));
        assert_eq!(cli.profile, Profile::MediaCenter);
        assert!(cli.verbose);
        assert_eq!(cli.config, Some(PathBuf::from("/tmp/x.toml")));
        assert_eq!(parse(&["/s", "-v"]).unwrap().command, Some(Command::Run(RunArgs::default())));
    }

    #[test]
    fn render_arguments() {
        let Some(Command::Render(r)) = command(&["render", "--size", "1920x1080", "--mode", "fit", "--image", "a.jpg", "-o", "o.png"]) else {
            panic!("not render");
        };
        assert_eq!(r.size, Size::new(1920, 1080));
        assert_eq!(r.mode, Some(DisplayMode::Fit));
        assert_eq!(r.image, Some(PathBuf::from("a.jpg")));
        let Some(Command::Render(r)) = command(&["render", "--size", "64x64", "--folder", "d", "--seed", "9", "-o", "o.png"]) else {
            panic!("not render");
        };
        assert_eq!((r.folder, r.seed), (Some(PathBuf::from("d")), 9));
    }

    #[test]
    fn settings_import_and_export_flags() {
        let Some(Command::Settings(a)) = command(&["settings", "--import", "old.sst", "--dry-run"]) else { panic!("not settings") };
        assert_eq!((a.import, a.dry_run, a.export), (Some(PathBuf::from("old.sst")), true, None));
        let Some(Command::Settings(a)) = command(&["settings", "--export", "mine.sst"]) else { panic!("not settings") };
        assert_eq!(a.export, Some(PathBuf::from("mine.sst")));
        assert!(parse(&["settings", "--dry-run"]).is_err(), "--dry-run needs --import");
        assert!(parse(&["settings", "--import", "a", "--export", "b"]).is_err());
        assert_eq!(command(&["layout"]), Some(Command::Layout));
    }

    #[test]
    fn wrong_flags_are_errors_with_messages() {
        for bad in [
            &["render", "--size", "big", "--image", "a", "-o", "o"][..],
            &["render", "--size", "10x10", "-o", "o"],
            &["render", "--size", "10x10", "--image", "a", "--folder", "b", "-o", "o"],
            &["render", "--size", "10x10", "--mode", "stretch", "--image", "a", "-o", "o"],
            &["--profile", "office"],
            &["dance"],
            &["check"],
        ] {
            let err = parse(bad).expect_err(&format!("{bad:?} should fail"));
            assert!(!err.to_string().is_empty());
        }
    }
}
