//! `srpss`: the photo screensaver, its tools, and (later) its settings app and workers.
//!
//! `main` parses the command line, sets up logging and settings, and dispatches. Everything
//! heavy lives in `srpss-image` and `srpss-core`; this crate owns windows and wiring.

mod audio_cli;
mod audio_pipe;
mod bench;
mod bench_audio;
mod bench_widgets;
mod check;
mod cli;
mod config;
mod feed_pipe;
mod gl;
mod image_pipe;
mod logging;
mod media_pipe;
mod overlay;
mod perf;
mod render;
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

fn dispatch(cli: Cli, started: Instant) -> anyhow::Result<ExitCode> {
    let settings = config::load(cli.profile, cli.config.as_deref())?;
    // A `.scr` started with no arguments opens its settings (Windows convention).
    let default = if cfg!(windows) { Command::Settings(Default::default()) } else { Command::Run };
    match cli.command.unwrap_or(default) {
        Command::Run => {
            let folders = config::photo_folders(&settings);
            let path = match &cli.config {
                Some(p) => Some(p.clone()),
                None => config::settings_path(cli.profile).ok(),
            };
            saver::run(settings, folders, started, path)?;
        }
        Command::Render(args) => render::render(&args, &settings)?,
        Command::Check(args) => return Ok(check::run(&args, &settings)),
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
        Command::Settings(_) | Command::Layout => {
            eprintln!("srpss: the settings application is not available yet; edit {}", config_hint(&cli.config, cli.profile));
            return Ok(ExitCode::from(2));
        }
        // Normally dispatched in main before settings and logging; kept whole for completeness.
        Command::Worker { kind } => return Ok(worker::main(&kind, false)),
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
