//! Logging: a size-capped rotating file in the platform's state directory, plus stderr.
//!
//! stderr shows warnings and errors always, everything (debug) with `-v`. The file keeps info
//! and above (debug too with `-v`), rotating at 1 MiB into `srpss.log.1` … `srpss.log.4`.

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Rotate when the file passes this size.
const MAX_BYTES: u64 = 1 << 20;
/// Rotated files kept besides the live one.
const KEEP: u32 = 4;

struct RotatingFile {
    path: PathBuf,
    file: File,
    written: u64,
}

impl RotatingFile {
    fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let written = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Self { path: path.into(), file, written })
    }

    fn write_line(&mut self, line: &str) {
        if self.written + line.len() as u64 > MAX_BYTES {
            self.rotate();
        }
        if self.file.write_all(line.as_bytes()).is_ok() {
            self.written += line.len() as u64;
        }
    }

    fn rotate(&mut self) {
        let numbered = |n: u32| self.path.with_extension(format!("log.{n}"));
        for n in (1..KEEP).rev() {
            // A missing older file is normal; rotation is best effort and must never stop logging.
            let _ = std::fs::rename(numbered(n), numbered(n + 1));
        }
        let _ = std::fs::rename(&self.path, numbered(1));
        if let Ok(f) = OpenOptions::new().create(true).write(true).truncate(true).open(&self.path) {
            self.file = f;
            self.written = 0;
        }
    }
}

struct Logger {
    file: Option<Mutex<RotatingFile>>,
    verbose: bool,
}

impl Log for Logger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        let ours = metadata.target().starts_with("srpss");
        match metadata.level() {
            Level::Error | Level::Warn => true,
            Level::Info => ours || self.verbose,
            Level::Debug => ours && self.verbose,
            Level::Trace => false,
        }
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let stamp = srpss_core::timestamp::file_stamp(std::time::SystemTime::now());
        let line = format!("{stamp} {:5} {}: {}\n", record.level(), record.target(), record.args());
        if self.verbose || record.level() <= Level::Warn {
            eprint!("{line}");
        }
        if let Some(file) = &self.file {
            if let Ok(mut f) = file.lock() {
                f.write_line(&line);
            }
        }
    }

    fn flush(&self) {
        if let Some(Ok(mut f)) = self.file.as_ref().map(|m| m.lock()) {
            let _ = f.file.flush(); // nothing useful to do if the log file cannot be flushed
        }
    }
}

/// The log file's path: `$XDG_STATE_HOME/srpss/srpss.log` on Linux.
pub fn log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "srpss")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("srpss.log"))
}

/// Installs the logger. A log file that cannot be opened is reported on stderr, not fatal.
pub fn init(verbose: bool) {
    let file = log_path().and_then(|p| match RotatingFile::open(&p) {
        Ok(f) => Some(Mutex::new(f)),
        Err(e) => {
            eprintln!("srpss: cannot open log file {}: {e}; logging to stderr only", p.display());
            None
        }
    });
    let logger = Logger { file, verbose };
    if log::set_boxed_logger(Box::new(logger)).is_ok() {
        log::set_max_level(if verbose { LevelFilter::Debug } else { LevelFilter::Info });
    }
}

/// A worker process logs `LEVEL target: message` lines to stderr only; its supervisor reads
/// them into the UI process's log, so there is one log file and one writer of it.
struct WorkerLogger {
    verbose: bool,
}

impl Log for WorkerLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        let ours = metadata.target().starts_with("srpss");
        match metadata.level() {
            Level::Error | Level::Warn => true,
            Level::Info => ours,
            Level::Debug => ours && self.verbose,
            Level::Trace => false,
        }
    }

    fn log(&self, record: &Record) {
        if self.enabled(record.metadata()) {
            // One write per line, so lines of different threads never interleave.
            eprint!("{}", format_args!("{} {}: {}\n", record.level(), record.target(), record.args()));
        }
    }

    fn flush(&self) {}
}

/// Installs the worker process's logger.
pub fn init_worker(verbose: bool) {
    if log::set_boxed_logger(Box::new(WorkerLogger { verbose })).is_ok() {
        log::set_max_level(if verbose { LevelFilter::Debug } else { LevelFilter::Info });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_at_the_cap_and_keeps_four() {
        let dir = std::env::temp_dir().join(format!("srpss-log-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir); // may not exist
        let path = dir.join("srpss.log");
        let mut f = RotatingFile::open(&path).unwrap();
        let line = format!("{}\n", "x".repeat(1023));
        for _ in 0..(6 * 1024 + 10) {
            f.write_line(&line);
        }
        assert!(std::fs::metadata(&path).unwrap().len() <= MAX_BYTES);
        for n in 1..=KEEP {
            let rotated = path.with_extension(format!("log.{n}"));
            let len = std::fs::metadata(&rotated).unwrap().len();
            assert!(len > MAX_BYTES / 2 && len <= MAX_BYTES, "{} is {len} bytes", rotated.display());
        }
        assert!(!path.with_extension(format!("log.{}", KEEP + 1)).exists());
    }
}
