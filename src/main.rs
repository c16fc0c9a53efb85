//! `srpss`: the photo screensaver, its tools, and (later) its settings app and workers.
//!
//! `main` parses the command line, sets up logging and settings, and dispatches. Everything
//! heavy lives in `srpss-image` and `srpss-core`; this crate owns windows and wiring.

mod audio_cli;
mod audio_pipe;
mod bench;
mod bench_audio;
mod bench_settings;
mod bench_widgets;
mod check;
mod cli;
mod config;
mod feed_pipe;
mod gl;
mod idle;
mod install;
mod image_pipe;
mod logging;
mod media_pipe;
mod overlay;
mod perf;
mod render;
mod settings_app;
mod settings_io;
mod sources;
mod saver;
mod worker;

slint::include_modules!();

use cli::{Cli, Command};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let started = Instant::now();
    return_large_blocks_to_the_system();
    let cli = Cli::parse_args();
    if let Some(Command::Worker { kind }) = &cli.command {
        return worker::main(kind, cli.verbose);
    }
    logging::init(cli.verbose);
    match dispatch(cli, started) {
        Ok(code) => code,
        Err(e) => {
            log::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

/// glibc raises its mmap threshold each time a large block is freed, after which full-screen
/// frames (8 MB at 1080p, in our buffers and in llvmpipe's textures) come from the heap and
/// stay in the process when freed: RSS only grows. A fixed threshold keeps every block of
/// 1 MiB or more in its own mapping, returned to the system when it is freed.
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn dispatch(cli: Cli, started: Instant) -> anyhow::Result<ExitCode> {
    let settings = config::load(cli.profile, cli.config.as_deref())?;
    // A `.scr` started with no arguments opens its settings (Windows convention).
    let default = if cfg!(windows) { Command::Settings(Default::default()) } else { Command::Run(Default::default()) };
    match cli.command.unwrap_or(default) {
        Command::Run(args) => {
            let host = args.host_window(std::env::var("XSCREENSAVER_WINDOW").ok().as_deref()).map_err(anyhow::Error::msg)?;
            let folders = config::photo_folders(&settings);
            let path = match &cli.config {
                Some(p) => Some(p.clone()),
                None => config::settings_path(cli.profile).ok(),
            };
            saver::run(settings, folders, started, path, cli.profile, host)?;
        }
        Command::Render(args) => render::render(&args, &settings)?,
        Command::Check(args) => return Ok(check::run(&args, &settings)),
        Command::Bench(args) if args.settings => bench_settings::run(&settings, started)?,
        Command::Bench(args) => bench::run(&args, &settings)?,
        Command::Sources { refresh } => sources::run(&settings, refresh)?,
        Command::Audio(args) => return audio_cli::run(&args, &settings),
        Command::Settings(args) if args.import.is_some() || args.export.is_some() => {
            let path = match &cli.config {
                Some(p) => p.clone(),
                None => config::settings_path(cli.profile)?,
            };
            settings_io::run(&args, &settings, cli.profile, &path)?;
        }
        Command::Settings(args) => {
            open_settings(cli.profile, cli.config.as_deref(), false)?;
            if args.resume {
                resume_saver(cli.profile, cli.config.as_deref());
            }
        }
        Command::Layout => open_settings(cli.profile, cli.config.as_deref(), true)?,
        // Normally dispatched in main before settings and logging; kept whole for completeness.
        Command::Worker { kind } => return Ok(worker::main(&kind, false)),
        Command::Install(a) => {
            let hosts = install::Hosts { xscreensaver: a.xscreensaver, xsecurelock: a.xsecurelock, xss_lock: a.xss_lock, swayidle: a.swayidle, idle_after: a.idle };
            for line in install::install(&install::Places::new(a.user)?, hosts)? {
                println!("{line}");
            }
        }
        Command::Idle { after } => idle::run(std::time::Duration::from_secs(u64::from(after)), cli.profile, cli.config.as_deref())?,
        Command::Uninstall { user } => {
            for line in install::uninstall(&install::Places::new(user)?)? {
                println!("{line}");
            }
        }
        Command::Preview { hwnd } => {
            log::warn!("preview mode (/p {}) is not supported; nothing to show", hwnd.unwrap_or_default());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// After the settings window the S key opened: the screensaver again, as a new process.
fn resume_saver(profile: srpss_core::settings::Profile, config: Option<&std::path::Path>) {
    let mut cmd = match std::env::current_exe() {
        Ok(exe) => std::process::Command::new(exe),
        Err(e) => return log::error!("cannot restart the screensaver: {e}"),
    };
    cmd.args(["--profile", profile.name()]);
    if let Some(p) = config {
        cmd.arg("--config").arg(p);
    }
    if let Err(e) = cmd.arg("run").spawn() {
        log::error!("cannot restart the screensaver: {e}");
    }
}

/// The settings application, or only its layout previewer.
fn open_settings(profile: srpss_core::settings::Profile, config: Option<&std::path::Path>, previewer_only: bool) -> anyhow::Result<()> {
    let path = match config {
        Some(p) => p.to_path_buf(),
        None => config::settings_path(profile)?,
    };
    let state = config::state_dir();
    use anyhow::Context;
    settings_app::run(settings_app::Options {
        profile,
        path,
        screens: Vec::new(),
        previewer_only,
        state_file: state.as_ref().map(|d| d.join("settings-window.toml")),
        time: None,
        data: state.as_deref().map(srpss_feeds::widget_store::load).unwrap_or_default(),
    })
    .context("the settings window needs a display (X11 or Wayland); `srpss settings --import FILE` and `--export FILE` work without one")
}
