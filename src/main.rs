//! `srpss`: the photo screensaver, its tools, and (later) its settings app and workers.
//!
//! `main` parses the command line, sets up logging and settings, and dispatches. Everything
//! heavy lives in `srpss-image` and `srpss-core`; this crate owns windows and wiring.

mod cli;
mod config;
mod image_pipe;
mod logging;
mod perf;
mod render;
mod saver;

slint::include_modules!();

use cli::{Cli, Command};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse_args();
    logging::init(cli.verbose);
    match dispatch(cli, started) {
        Ok(code) => code,
        Err(e) => {
            log::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli, started: Instant) -> anyhow::Result<ExitCode> {
    let settings = config::load(cli.profile, cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => {
            let folders = config::photo_folders(&settings);
            saver::run(settings, folders, started)?;
        }
        Command::Render(args) => render::render(&args, &settings)?,
        Command::Check(args) => return Ok(check(&args, &settings)),
        Command::Settings => {
            eprintln!("srpss: the settings application is not available yet; edit {}", config_hint(&cli.config, cli.profile));
            return Ok(ExitCode::from(2));
        }
        Command::Preview { hwnd } => {
            log::warn!("preview mode (/p {}) is not supported; nothing to show", hwnd.unwrap_or_default());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn config_hint(config: &Option<std::path::PathBuf>, profile: srpss_core::settings::Profile) -> String {
    config
        .clone()
        .or_else(|| config::settings_path(profile).ok())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "the settings file".into())
}

fn check(args: &cli::CheckArgs, settings: &srpss_core::settings::Settings) -> ExitCode {
    let mp = args.max_megapixels.unwrap_or(settings.images.max_megapixels);
    if !args.dir.is_dir() {
        eprintln!("srpss check: {} is not a folder", args.dir.display());
        return ExitCode::from(2);
    }
    let screen = srpss_core::geometry::Size::new(1920, 1080);
    let summary = srpss_image::check::check(std::slice::from_ref(&args.dir), screen, settings.display.mode, u64::from(mp) * 1_000_000, |e| {
        println!("{}: {e}", e.path().display());
    });
    println!(
        "{} good, {} bad, {:.2} s, peak memory {} MiB",
        summary.good,
        summary.bad,
        summary.elapsed.as_secs_f64(),
        peak_rss_mib().map_or("?".into(), |m| m.to_string())
    );
    if summary.bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Peak resident memory of this process (Linux `VmHWM`), for `check`'s summary.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
