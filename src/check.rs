//! `srpss check DIR`: every photo prepared by the image worker exactly as the screensaver would
//! (or, with `--in-process`, by the foundation's in-thread decoder, as a baseline). Prints one
//! line per failure, then the counts. A file that makes the worker die is named as such: when a
//! worker dies with several files in flight, each is tried again alone to find the one.

use crate::cli::CheckArgs;
use srpss_core::geometry::{DisplayMode, Size};
use srpss_core::settings::Settings;
use srpss_ipc::message::{FromWorker, ImageCommand, ImageReply, ToWorker, WorkerConfig};
use srpss_ipc::slot::shm_dir;
use srpss_ipc::supervisor::{Event, Launch, Policy, Supervisor};
use srpss_ipc::WorkerKind;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The screen size photos are prepared for.
const SCREEN: Size = Size::new(1920, 1080);

#[derive(Debug, Default)]
struct Tally {
    good: usize,
    bad: usize,
    restarts: usize,
}

pub fn run(args: &CheckArgs, settings: &Settings) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("srpss check: {} is not a folder", args.dir.display());
        return ExitCode::from(2);
    }
    let max_pixels = u64::from(args.max_megapixels.unwrap_or(settings.images.max_megapixels)) * 1_000_000;
    let mode = settings.display.mode;
    let start = Instant::now();
    let (tally, worker_peak) = if args.in_process {
        let s = srpss_image::check::check(std::slice::from_ref(&args.dir), SCREEN, mode, max_pixels, |e| println!("{}: {e}", e.path().display()));
        (Tally { good: s.good, bad: s.bad, restarts: 0 }, None)
    } else {
        let decoders = args.decoders.unwrap_or(settings.cache.max_concurrent).max(1);
        match through_worker(&args.dir, mode, max_pixels, decoders) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("srpss check: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let restarts = if tally.restarts > 0 { format!(", {} worker restart(s)", tally.restarts) } else { String::new() };
    let worker = worker_peak.map_or(String::new(), |m| format!(", worker {m} MiB"));
    println!(
        "{} good, {} bad, {:.2} s, peak memory {} MiB{worker}{restarts}",
        tally.good,
        tally.bad,
        start.elapsed().as_secs_f64(),
        peak_rss_mib("self").map_or("?".into(), |m| m.to_string())
    );
    if tally.bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn through_worker(dir: &std::path::Path, mode: DisplayMode, max_pixels: u64, decoders: u32) -> anyhow::Result<(Tally, Option<u64>)> {
    let mut pending: VecDeque<PathBuf> = VecDeque::new();
    srpss_image::scan::scan(&[dir.to_path_buf()], |batch| {
        pending.extend(batch);
        true
    });
    let launch = Launch::this_executable(WorkerKind::Image)?;
    let prefix = shm_dir().join(format!("srpss-{}-check", std::process::id()));
    let sup = Supervisor::start(WorkerKind::Image, launch, Policy::default(), move |_| WorkerConfig { decoders, slot_prefix: prefix.clone(), feeds: None, ..Default::default() })?;
    let mut tally = Tally::default();
    let mut in_flight: HashMap<u64, PathBuf> = HashMap::new();
    // Files that were in flight when a worker died with several at once: tried one at a time.
    let mut suspects: VecDeque<PathBuf> = VecDeque::new();
    let mut ready = false;
    let mut worker_peak: Option<u64> = None;
    while !(pending.is_empty() && suspects.is_empty() && in_flight.is_empty()) {
        let limit = if suspects.is_empty() { decoders as usize } else { 1 };
        while ready && in_flight.len() < limit {
            let Some(path) = suspects.pop_front().or_else(|| pending.pop_front()) else { break };
            let command = ImageCommand::Check { path: path.clone(), target: SCREEN, mode, max_pixels };
            match sup.send(ToWorker::Image(command)) {
                Some(seq) => {
                    in_flight.insert(seq, path);
                }
                None => {
                    pending.push_front(path);
                    break;
                }
            }
        }
        let Some(event) = sup.recv_event(Duration::from_millis(200)) else { continue };
        match event {
            Event::Started { .. } => ready = true,
            Event::Message { envelope, .. } => {
                let Some(path) = in_flight.remove(&envelope.correlation) else { continue };
                worker_peak = worker_peak.max(peak_rss_mib(&sup.pid().to_string()));
                match envelope.body {
                    FromWorker::Image(ImageReply::Checked { .. }) => tally.good += 1,
                    FromWorker::Image(ImageReply::Failed { failure, .. }) => {
                        tally.bad += 1;
                        println!("{}: {failure}", path.display());
                    }
                    other => log::warn!("unexpected answer from the image worker: {other:?}"),
                }
            }
            Event::Lost { reason, .. } => {
                ready = false;
                tally.restarts += 1;
                let mut lost: Vec<(u64, PathBuf)> = in_flight.drain().collect();
                lost.sort();
                if let [(_, path)] = lost.as_slice() {
                    tally.bad += 1;
                    println!("{}: crashed the image decoder ({reason}; worker restarted)", path.display());
                } else {
                    suspects.extend(lost.into_iter().map(|(_, p)| p));
                }
            }
            Event::Failed { reason } => {
                let left = pending.len() + suspects.len() + in_flight.len();
                tally.bad += left;
                for path in in_flight.values().chain(&suspects).chain(&pending) {
                    println!("{}: not checked: the image worker failed ({reason})", path.display());
                }
                break;
            }
        }
    }
    Ok((tally, worker_peak))
}

/// Peak resident memory of a process (`self` or a pid; Linux `VmHWM`).
fn peak_rss_mib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
