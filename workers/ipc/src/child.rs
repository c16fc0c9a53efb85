//! The operating-system side of one worker child: its stdin writer, its stderr forwarded into
//! this log, how its exit is described, and dying with the parent.

use crate::framing::write_message;
use crate::message::{Envelope, ToWorker, WorkerKind};
use crossbeam_channel::Receiver;
use std::io::{BufRead, BufReader};
use std::process::{ChildStdin, Command};

pub(crate) fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("killed by signal {sig}");
        }
    }
    format!("exited ({status})")
}

/// Whether the worker died of a signal that ends a whole session (SIGTERM, SIGINT, SIGHUP):
/// a host that signals our process group reaches the workers too, and may reach them first.
pub(crate) fn ended_by_session_signal(status: std::process::ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        matches!(status.signal(), Some(libc::SIGTERM | libc::SIGINT | libc::SIGHUP))
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

pub(crate) fn write_loop(mut stdin: ChildStdin, outbox: &Receiver<Envelope<ToWorker>>) {
    for m in outbox.iter() {
        if let Err(e) = write_message(&mut stdin, &m) {
            log::debug!("worker stdin closed: {e}");
            return;
        }
    }
}

/// Worker log lines (`LEVEL message` on its stderr) into this process's log.
pub(crate) fn forward_log(kind: WorkerKind, stderr: std::process::ChildStderr) {
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { return };
        let (level, text) = match line.split_once(' ') {
            Some((l, t)) => match l.parse::<log::Level>() {
                Ok(level) => (level, t),
                Err(_) => (log::Level::Warn, line.as_str()),
            },
            None => (log::Level::Warn, line.as_str()),
        };
        log::log!(level, "[{kind} worker] {text}");
    }
}

/// The child gets SIGKILL when the thread that started it (the supervisor thread, which lives
/// as long as the UI process wants the worker) or the whole UI process dies.
pub(crate) fn die_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        // Elsewhere the worker exits when its stdin closes, which the OS does when we die.
        let _ = cmd;
    }
}
