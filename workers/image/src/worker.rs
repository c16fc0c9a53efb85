//! `srpss worker image`: the image worker process's loop. Reads requests from stdin, answers
//! heartbeats at once from the reading thread, prepares photos on `decoders` threads (so both
//! cores work: two photos decode in parallel), writes each frame into the shared-memory slot the
//! request names, and answers on stdout. Exits when told to, or when stdin closes (the UI
//! process is gone).
//!
//! Fault injection for tests: `SRPSS_WORKER_FAULT=abort-on:<text>` aborts the process when a
//! request's path contains `<text>`, as a decoder crash would.

use crate::error::ImageError;
use crate::frame::{decode_for, prepare, ImageRequest, ImageSource};
use crate::scale::compose_into;
use crossbeam_channel::Receiver;
use srpss_ipc::framing::{read_message, FrameError};
use srpss_ipc::outbox::Outbox;
use srpss_ipc::handshake::{accept_ui_hello, HandshakeError};
use srpss_ipc::message::{Envelope, Failure, FailureKind, FromWorker, ImageCommand, ImageReply, Source, ToWorker, WorkerConfig, WorkerKind, PROTOCOL_VERSION};
use srpss_ipc::slot::{slot_path, Slot, SlotHeader};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("handshake refused: {0}")]
    Handshake(#[from] HandshakeError),
    #[error("input: {0}")]
    Input(FrameError),
    #[error("output: {0}")]
    Output(FrameError),
}

struct Job {
    seq: u64,
    command: ImageCommand,
}

/// Runs the worker until `Shutdown` or the end of `input`.
pub fn serve<R: Read, W: Write + Send + 'static>(mut input: R, output: W) -> Result<(), WorkerError> {
    let outbox = Arc::new(Outbox::new(output));
    let first: Envelope<ToWorker> = read_message(&mut input).map_err(WorkerError::Input)?;
    let (generation, config) = match accept_ui_hello(&first.body, WorkerKind::Image) {
        Ok(ok) => ok,
        Err(e) => {
            // Say why before leaving, so the UI logs it; it may not be listening any more.
            let _ = outbox.send(first.seq, FromWorker::Error { message: e.to_string() });
            return Err(e.into());
        }
    };
    outbox.send(first.seq, FromWorker::Hello { version: PROTOCOL_VERSION, kind: WorkerKind::Image, pid: std::process::id() }).map_err(WorkerError::Output)?;
    log::debug!("image worker generation {generation} with {} decoders", config.decoders);

    let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
    let fault = std::env::var("SRPSS_WORKER_FAULT").ok().and_then(|f| f.strip_prefix("abort-on:").map(String::from));
    let shared = Arc::new(Decoding { generation, prefix: Mutex::new(config.slot_prefix.clone()), fault });
    let mut decoders = 0;
    start_decoders(&mut decoders, &config, &job_rx, &shared, &outbox);
    loop {
        let envelope: Envelope<ToWorker> = match read_message(&mut input) {
            Ok(m) => m,
            Err(FrameError::Closed) => return Ok(()),
            Err(e) if !e.is_fatal() => {
                log::warn!("bad frame from the UI process, ignored: {e}");
                outbox.send(0, FromWorker::Error { message: format!("bad frame ignored: {e}") }).map_err(WorkerError::Output)?;
                continue;
            }
            Err(e) => return Err(WorkerError::Input(e)),
        };
        match envelope.body {
            ToWorker::Heartbeat { ping } => outbox.send(envelope.seq, FromWorker::HeartbeatAck { ping }).map_err(WorkerError::Output)?,
            ToWorker::Image(command) => {
                // The decoders outlive this loop; a send only fails once they are all gone.
                if jobs.send(Job { seq: envelope.seq, command }).is_err() {
                    log::error!("no decoder threads are left");
                }
            }
            ToWorker::Config(c) => {
                if let Ok(mut p) = shared.prefix.lock() {
                    p.clone_from(&c.slot_prefix);
                }
                start_decoders(&mut decoders, &c, &job_rx, &shared, &outbox);
            }
            ToWorker::Shutdown => return Ok(()),
            ToWorker::Hello { .. } => log::warn!("a second hello, ignored"),
            ToWorker::Media(_) => log::warn!("a media request sent to the {} worker, ignored", env!("CARGO_PKG_NAME")),
        }
    }
}

struct Decoding {
    generation: u64,
    prefix: Mutex<PathBuf>,
    fault: Option<String>,
}

fn start_decoders<W: Write + Send + 'static>(
    running: &mut u32,
    config: &WorkerConfig,
    jobs: &Receiver<Job>,
    shared: &Arc<Decoding>,
    outbox: &Arc<Outbox<W>>,
) {
    while *running < config.decoders.max(1) {
        let (jobs, shared, outbox) = (jobs.clone(), shared.clone(), outbox.clone());
        let spawned = std::thread::Builder::new().name(format!("srpss-decode-{running}")).spawn(move || decode_loop(&jobs, &shared, &outbox));
        match spawned {
            Ok(_) => *running += 1,
            Err(e) => {
                log::error!("cannot start decoder thread {running}: {e}");
                return;
            }
        }
    }
}

fn decode_loop<W: Write>(jobs: &Receiver<Job>, shared: &Decoding, outbox: &Outbox<W>) {
    // Each decoder keeps its own mappings of the slots it has written, reused frame after frame.
    let mut slots: HashMap<PathBuf, Slot> = HashMap::new();
    for job in jobs.iter() {
        let reply = run(job.seq, job.command, shared, &mut slots);
        if let Err(e) = outbox.send(job.seq, FromWorker::Image(reply)) {
            log::debug!("cannot answer (the UI process is gone?): {e}");
            return;
        }
    }
}

fn run(seq: u64, command: ImageCommand, shared: &Decoding, slots: &mut HashMap<PathBuf, Slot>) -> ImageReply {
    let start = Instant::now();
    match command {
        ImageCommand::Prepare { source, target, mode, max_pixels, slot } => {
            let source = match source {
                Source::File(p) => ImageSource::File(p),
                Source::Demo(i) => ImageSource::Demo(i as usize),
            };
            injected_fault(shared, &source);
            let req = ImageRequest { source: source.clone(), target, mode, max_pixels };
            // Decoded first (the slot keeps its old frame until the photo is known to be good),
            // then placed straight into the slot: the frame is never copied in this process.
            let decoded = if target.is_empty() { None } else {
                match decode_for(&req) {
                    Ok(d) => Some(d),
                    Err(e) => return ImageReply::Failed { slot: Some(slot), failure: failure(&e) },
                }
            };
            let source_size = decoded.as_ref().map_or(target, |d| d.full_size);
            let prefix = shared.prefix.lock().map(|p| p.clone()).unwrap_or_default();
            let path = slot_path(&prefix, slot);
            let header = SlotHeader::rgba(shared.generation, seq, target.width, target.height);
            if let Err(e) = write_slot(slots, &path, &header, |canvas| {
                if let Some(d) = decoded {
                    compose_into(d.image, d.full_size, target, mode, canvas);
                }
            }) {
                let failure = Failure { kind: FailureKind::Slot, path: source_path(&source), message: format!("slot {}: {e}", path.display()) };
                return ImageReply::Failed { slot: Some(slot), failure };
            }
            let took_us = start.elapsed().as_micros() as u64;
            ImageReply::Ready { slot, width: target.width, height: target.height, source_size, took_us }
        }
        ImageCommand::Check { path, target, mode, max_pixels } => {
            let source = ImageSource::File(path);
            injected_fault(shared, &source);
            match prepare(&ImageRequest { source, target, mode, max_pixels }) {
                Ok(_) => ImageReply::Checked { took_us: start.elapsed().as_micros() as u64 },
                Err(e) => ImageReply::Failed { slot: None, failure: failure(&e) },
            }
        }
    }
}

fn write_slot(slots: &mut HashMap<PathBuf, Slot>, path: &Path, header: &SlotHeader, fill: impl FnOnce(&mut [u8])) -> Result<(), srpss_ipc::slot::SlotError> {
    let slot = match slots.entry(path.to_path_buf()) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => e.insert(Slot::open(path)?),
    };
    slot.refresh()?;
    slot.write_with(header, |canvas| {
        fill(canvas);
        Ok::<(), std::convert::Infallible>(())
    })
    .map(|_| ())
}

fn injected_fault(shared: &Decoding, source: &ImageSource) {
    if let (Some(needle), ImageSource::File(p)) = (&shared.fault, source) {
        if p.to_string_lossy().contains(needle.as_str()) {
            log::error!("SRPSS_WORKER_FAULT: aborting on {}", p.display());
            std::process::abort();
        }
    }
}

fn source_path(source: &ImageSource) -> PathBuf {
    match source {
        ImageSource::File(p) => p.clone(),
        ImageSource::Demo(i) => PathBuf::from(format!("demo:{i}")),
    }
}

/// The typed error as it travels.
pub fn failure(e: &ImageError) -> Failure {
    let kind = match e {
        ImageError::Io { .. } => FailureKind::Io,
        ImageError::Empty { .. } => FailureKind::Empty,
        ImageError::NotAnImage { .. } => FailureKind::NotAnImage,
        ImageError::TooLarge { .. } => FailureKind::TooLarge,
        ImageError::Truncated { .. } => FailureKind::Truncated,
        ImageError::Corrupt { .. } => FailureKind::Corrupt,
    };
    Failure { kind, path: e.path().to_path_buf(), message: e.to_string() }
}

/// Puts a request in the protocol's terms.
pub fn source(s: &ImageSource) -> Source {
    match s {
        ImageSource::File(p) => Source::File(p.clone()),
        ImageSource::Demo(i) => Source::Demo(u32::try_from(*i).unwrap_or(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use srpss_ipc::framing::write_message;
    use srpss_core::geometry::{DisplayMode, Size};
    use srpss_ipc::slot::segment_prefix;

    struct Conn {
        to: std::io::PipeWriter,
        from: std::io::PipeReader,
        seq: u64,
        thread: std::thread::JoinHandle<Result<(), WorkerError>>,
    }

    impl Conn {
        fn start() -> Self {
            let (in_r, to) = std::io::pipe().unwrap();
            let (from, out_w) = std::io::pipe().unwrap();
            let thread = std::thread::spawn(move || serve(in_r, out_w));
            Self { to, from, seq: 0, thread }
        }

        fn send(&mut self, body: ToWorker) -> u64 {
            self.seq += 1;
            write_message(&mut self.to, &Envelope::new(self.seq, 0, body)).unwrap();
            self.seq
        }

        fn recv(&mut self) -> Envelope<FromWorker> {
            read_message(&mut self.from).unwrap()
        }
    }

    fn hello(version: u32, prefix: PathBuf) -> ToWorker {
        ToWorker::Hello { version, kind: WorkerKind::Image, generation: 7, config: WorkerConfig { decoders: 2, slot_prefix: prefix, feeds: None, ..Default::default() } }
    }

    #[test]
    fn prepares_into_the_slot_answers_heartbeats_and_reports_bad_files() {
        let dir = crate::testutil::temp_dir("worker-serve");
        let prefix = segment_prefix(&dir, 1, "image", 7);
        let target = Size::new(64, 36);
        let mut ui_slot = Slot::create(&slot_path(&prefix, 0), 64 * 36 * 4).unwrap();
        let mut c = Conn::start();
        c.send(hello(PROTOCOL_VERSION, prefix));
        assert!(matches!(c.recv().body, FromWorker::Hello { version: PROTOCOL_VERSION, .. }));
        let prep = c.send(ToWorker::Image(ImageCommand::Prepare { source: Source::Demo(1), target, mode: DisplayMode::Fill, max_pixels: 1 << 30, slot: 0 }));
        let bad = dir.join("bad.jpg");
        std::fs::write(&bad, b"not a jpeg").unwrap();
        let check = c.send(ToWorker::Image(ImageCommand::Check { path: bad.clone(), target, mode: DisplayMode::Fill, max_pixels: 1 << 30 }));
        let beat = c.send(ToWorker::Heartbeat { ping: 99 });
        let mut seen = 0;
        while seen < 3 {
            let m = c.recv();
            match m.body {
                FromWorker::HeartbeatAck { ping } => assert_eq!((ping, m.correlation), (99, beat)),
                FromWorker::Image(ImageReply::Ready { slot, width, height, .. }) => {
                    assert_eq!((m.correlation, slot, width, height), (prep, 0, 64, 36));
                    ui_slot.refresh().unwrap();
                    let (h, pixels) = ui_slot.read_frame(7, prep).expect("the slot holds exactly this frame");
                    assert_eq!((h.width, h.height), (64, 36));
                    let expect = prepare(&ImageRequest { source: ImageSource::Demo(1), target, mode: DisplayMode::Fill, max_pixels: 1 << 30 }).unwrap();
                    assert_eq!(pixels, &expect.pixels[..], "the same pixels as the in-thread path");
                }
                FromWorker::Image(ImageReply::Failed { slot: None, failure }) => {
                    assert_eq!((m.correlation, failure.kind, failure.path.as_path()), (check, FailureKind::NotAnImage, bad.as_path()));
                }
                other => panic!("unexpected {other:?}"),
            }
            seen += 1;
        }
        c.send(ToWorker::Shutdown);
        assert!(c.thread.join().unwrap().is_ok());
    }

    #[test]
    fn a_protocol_version_mismatch_is_refused_with_a_reason() {
        let mut c = Conn::start();
        c.send(hello(PROTOCOL_VERSION + 1, PathBuf::from("/nonexistent")));
        match c.recv().body {
            FromWorker::Error { message } => assert!(message.contains("version mismatch"), "{message}"),
            other => panic!("expected an error, got {other:?}"),
        }
        assert!(matches!(c.thread.join().unwrap(), Err(WorkerError::Handshake(HandshakeError::VersionMismatch { .. }))));
    }

    #[test]
    fn a_too_small_slot_is_a_slot_failure_not_a_crash() {
        let dir = crate::testutil::temp_dir("worker-small");
        let prefix = segment_prefix(&dir, 1, "image", 7);
        Slot::create(&slot_path(&prefix, 3), 16).unwrap();
        let mut c = Conn::start();
        c.send(hello(PROTOCOL_VERSION, prefix));
        c.recv();
        c.send(ToWorker::Image(ImageCommand::Prepare { source: Source::Demo(0), target: Size::new(32, 32), mode: DisplayMode::Fit, max_pixels: 1 << 30, slot: 3 }));
        match c.recv().body {
            FromWorker::Image(ImageReply::Failed { slot: Some(3), failure }) => assert_eq!(failure.kind, FailureKind::Slot, "{failure:?}"),
            other => panic!("unexpected {other:?}"),
        }
        drop(c.to); // the UI process went away: the worker ends
        assert!(c.thread.join().unwrap().is_ok());
    }
}
