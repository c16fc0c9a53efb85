//! `srpss worker <kind>`: the worker side of the process split, entered from `main` before any
//! settings, window or GPU work. The loops themselves live in the worker crates.

use srpss_ipc::message::WorkerConfig;
use srpss_ipc::supervisor::{Launch, Policy, Supervisor};
use srpss_ipc::WorkerKind;
use std::process::ExitCode;

/// Starts `srpss worker <kind>` (this executable) under a supervisor; `-v` when the UI logs
/// debug lines; `config` gives each new generation its settings.
pub fn supervise(kind: WorkerKind, config: impl Fn(u64) -> WorkerConfig + Send + 'static) -> std::io::Result<Supervisor> {
    let mut launch = Launch::this_executable(kind)?;
    if log::max_level() >= log::LevelFilter::Debug {
        launch.args.push("-v".into());
    }
    Supervisor::start(kind, launch, Policy::default(), config)
}

pub fn main(kind: &str, verbose: bool) -> ExitCode {
    crate::logging::init_worker(verbose);
    let Some(kind) = WorkerKind::from_name(kind) else {
        eprintln!("srpss worker: unknown kind {kind:?} (known: image, feeds, audio, media)");
        return ExitCode::from(2);
    };
    if orphaned() {
        return ExitCode::from(3);
    }
    let result = match kind {
        WorkerKind::Image => srpss_image::worker::serve(std::io::stdin().lock(), std::io::stdout()).map_err(|e| e.to_string()),
        WorkerKind::Feeds => srpss_feeds::worker::serve(std::io::stdin().lock(), std::io::stdout()).map_err(|e| e.to_string()),
        WorkerKind::Audio => srpss_audio::worker::serve(std::io::stdin().lock(), std::io::stdout()).map_err(|e| e.to_string()),
        WorkerKind::Media => srpss_media::worker::serve(std::io::stdin().lock(), std::io::stdout()).map_err(|e| e.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::error!("{kind} worker: {e}");
            ExitCode::from(2)
        }
    }
}

/// True if the process that started us is already gone (it died between our fork and the
/// death signal being armed), so nothing would ever stop us.
fn orphaned() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: getppid cannot fail.
        unsafe { libc::getppid() == 1 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}
