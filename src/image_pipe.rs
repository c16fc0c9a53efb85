//! The image pipe: photos are prepared by `srpss worker image` and arrive through shared memory.
//!
//! Requests go in through [`ImagePipe::request`]; prepared frames (already in the pixel buffer
//! type the UI displays) come out through [`ImagePipe::try_results`], which never blocks. Behind
//! those two calls: a [`Supervisor`] keeps the worker running, at most `decoders` requests are in
//! flight (one frame slot each), and a request lost with a worker that crashed or hung is sent
//! again to its replacement. A frame is copied out of its slot into a pixel buffer by the pipe's
//! copy thread, never on the UI thread (an 8 MB copy into fresh pages takes ~8 ms on a slow
//! machine); the slot goes back to the pool when its copy is done.

use slint::{Rgba8Pixel, SharedPixelBuffer};
use srpss_image::worker::source;
use srpss_image::ImageRequest;
use srpss_ipc::message::{Failure, FailureKind, FromWorker, ImageCommand, ImageReply, ToWorker, WorkerConfig};
use srpss_ipc::slot::{remove_with_prefix, segment_prefix, shm_dir, slot_path, Slot, SlotError, SlotHeader};
use srpss_ipc::supervisor::{Event, Launch, Policy, Supervisor};
use srpss_ipc::WorkerKind;
use crossbeam_channel::{Receiver, Sender};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Identifies what a request was for, so the caller can route (or drop) its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    pub display: usize,
}

/// A finished request.
pub struct Prepared {
    pub ticket: Ticket,
    pub request: ImageRequest,
    pub result: Result<SharedPixelBuffer<Rgba8Pixel>, Failure>,
    /// Time the worker spent decoding and scaling.
    pub took: Duration,
}

/// At most this many requests wait for a slot; beyond it `request` refuses (the caller retries).
const QUEUE: usize = 32;

struct InFlight {
    ticket: Ticket,
    request: ImageRequest,
    slot: u32,
}

/// A frame the worker answered, for the copy thread to take out of its slot.
struct CopyJob {
    generation: u64,
    index: u32,
    slot: Arc<Slot>,
    sequence: u64,
    width: u32,
    height: u32,
    ticket: Ticket,
    request: ImageRequest,
    took: Duration,
}

/// A copy done (or refused: the slot did not hold the frame answered).
struct Copied {
    generation: u64,
    index: u32,
    prepared: Prepared,
}

/// The UI side of the image worker. Dropping it shuts the worker down and removes its slots.
pub struct ImagePipe {
    supervisor: Option<Supervisor>,
    decoders: u32,
    dir: PathBuf,
    /// The worker generation that takes requests now (None while none does).
    generation: Option<u64>,
    /// The current generation's slots by index (None: that one could not be created).
    slots: Vec<Option<Arc<Slot>>>,
    free: Vec<u32>,
    /// Frames for the copy thread, and what it has copied.
    copies: Option<Sender<CopyJob>>,
    copied: Receiver<Copied>,
    queue: VecDeque<(Ticket, ImageRequest)>,
    in_flight: HashMap<u64, InFlight>,
    failed: bool,
    /// Whether the current generation has delivered a frame yet (logged once per generation).
    delivered: bool,
}

impl ImagePipe {
    /// Starts `srpss worker image` with `decoders` decoding threads.
    pub fn start(decoders: u32, verbose: bool) -> Self {
        let dir = shm_dir();
        let decoders = decoders.max(1);
        let pid = std::process::id();
        let supervisor = Launch::this_executable(WorkerKind::Image)
            .map(|mut launch| {
                if verbose {
                    launch.args.push("-v".into());
                }
                launch
            })
            .and_then(|launch| {
                let d = dir.clone();
                Supervisor::start(WorkerKind::Image, launch, Policy::default(), move |generation| WorkerConfig {
                    decoders,
                    slot_prefix: segment_prefix(&d, pid, WorkerKind::Image.name(), generation),
                    feeds: None,
                    ..Default::default()
                })
            });
        let supervisor = match supervisor {
            Ok(s) => Some(s),
            Err(e) => {
                log::error!("[HEALTH] cannot supervise the image worker: {e}; no photos can be prepared");
                None
            }
        };
        let failed = supervisor.is_none();
        let (copies, copied) = start_copier();
        Self {
            supervisor,
            decoders,
            dir,
            generation: None,
            slots: Vec::new(),
            free: Vec::new(),
            copies,
            copied,
            queue: VecDeque::new(),
            in_flight: HashMap::new(),
            failed,
            delivered: false,
        }
    }

    /// Queues a request (an `urgent` one before the others); `false` if the queue is full or
    /// the worker has failed for good.
    pub fn request(&mut self, ticket: Ticket, request: ImageRequest, urgent: bool) -> bool {
        if self.failed || self.queue.len() >= QUEUE {
            return false;
        }
        if urgent {
            self.queue.push_front((ticket, request));
        } else {
            self.queue.push_back((ticket, request));
        }
        self.dispatch();
        true
    }

    /// Moves a queued request to the front (a prefetch the screen now waits for).
    pub fn promote(&mut self, ticket: Ticket, request: &ImageRequest) {
        if let Some(i) = self.queue.iter().position(|(t, r)| *t == ticket && r == request) {
            if let Some(item) = self.queue.remove(i) {
                self.queue.push_front(item);
            }
        }
    }

    /// Finished frames and failures so far, without waiting.
    pub fn try_results(&mut self) -> Vec<Prepared> {
        let mut done = Vec::new();
        let events: Vec<Event> = match &self.supervisor {
            Some(s) => s.try_events().collect(),
            None => return done,
        };
        for event in events {
            match event {
                Event::Started { generation, .. } => self.started(generation),
                Event::Message { generation, envelope } if Some(generation) == self.generation => {
                    if let FromWorker::Image(reply) = envelope.body {
                        if let Some(p) = self.answered(generation, envelope.correlation, reply) {
                            done.push(p);
                        }
                    }
                }
                Event::Message { .. } => {} // from a generation already replaced
                Event::Lost { generation, reason } => self.lost(generation, &reason),
                Event::Failed { reason } => {
                    log::error!("image worker failed ({reason}); the screen keeps its current photo");
                    self.failed = true;
                    self.generation = None;
                }
            }
        }
        for c in self.copied.try_iter() {
            // A slot of a generation since replaced is gone with it; the frame is still good.
            if Some(c.generation) == self.generation && self.slots.get(c.index as usize).is_some_and(Option::is_some) {
                self.free.push(c.index);
            }
            done.push(c.prepared);
        }
        self.dispatch();
        done
    }

    /// Where generation `generation`'s slot files live.
    fn prefix(&self, generation: u64) -> PathBuf {
        segment_prefix(&self.dir, std::process::id(), WorkerKind::Image.name(), generation)
    }

    fn started(&mut self, generation: u64) {
        let prefix = self.prefix(generation);
        self.slots.clear();
        self.free.clear();
        for i in 0..self.decoders {
            match Slot::create(&slot_path(&prefix, i), 0) {
                Ok(s) => {
                    self.slots.push(Some(Arc::new(s)));
                    self.free.push(i);
                }
                Err(e) => {
                    log::error!("cannot create frame slot {}: {e}", slot_path(&prefix, i).display());
                    self.slots.push(None); // indices stay the worker's slot numbers
                }
            }
        }
        self.generation = Some(generation);
        self.delivered = false;
    }

    fn lost(&mut self, generation: u64, reason: &str) {
        log::warn!("image worker generation {generation} lost ({reason}); {} request(s) will be sent again", self.in_flight.len());
        self.generation = None;
        // Its requests go first to the next generation, in the order they were made.
        let mut back: Vec<(u64, InFlight)> = self.in_flight.drain().collect();
        back.sort_by_key(|(seq, _)| std::cmp::Reverse(*seq));
        for (_, f) in back {
            self.queue.push_front((f.ticket, f.request));
        }
        self.slots.clear();
        self.free.clear();
        let prefix = self.prefix(generation);
        let name = prefix.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        remove_with_prefix(&self.dir, &format!("{name}-"));
    }

    fn answered(&mut self, generation: u64, correlation: u64, reply: ImageReply) -> Option<Prepared> {
        let f = self.in_flight.remove(&correlation)?;
        match reply {
            ImageReply::Ready { width, height, took_us, .. } => {
                if !self.delivered {
                    self.delivered = true;
                    log::info!("[HEALTH] image worker generation {generation} delivered its first frame");
                }
                let took = Duration::from_micros(took_us);
                let slot = self.slots.get(f.slot as usize).and_then(Option::clone);
                let job = slot.map(|slot| CopyJob {
                    generation,
                    index: f.slot,
                    slot,
                    sequence: correlation,
                    width,
                    height,
                    ticket: f.ticket,
                    request: f.request.clone(),
                    took,
                });
                let refused = match (job, &self.copies) {
                    (Some(job), Some(tx)) => match tx.send(job) {
                        Ok(()) => return None, // the slot comes back with the copy
                        Err(_) => "the frame copy thread has ended",
                    },
                    (None, _) => "no such slot",
                    (Some(_), None) => "the frame copy thread has ended",
                };
                self.free.push(f.slot);
                Some(Prepared { ticket: f.ticket, request: f.request, result: Err(slot_failure(refused.into())), took })
            }
            ImageReply::Failed { failure, .. } => {
                self.free.push(f.slot);
                Some(Prepared { ticket: f.ticket, request: f.request, result: Err(failure), took: Duration::ZERO })
            }
            ImageReply::Checked { .. } => {
                self.free.push(f.slot);
                None // never asked of this pipe
            }
        }
    }

    /// Sends queued requests while the worker is up and slots are free.
    fn dispatch(&mut self) {
        let (Some(sup), Some(_)) = (&self.supervisor, self.generation) else { return };
        while !self.free.is_empty() {
            let Some((ticket, request)) = self.queue.pop_front() else { return };
            let Some(slot) = self.free.pop() else { return };
            let need = request.target.width as usize * request.target.height as usize * 4;
            // A free slot is held by nothing else (its copy, if any, is done).
            let grown = match self.slots.get_mut(slot as usize).and_then(Option::as_mut).and_then(Arc::get_mut) {
                Some(s) => s.ensure_capacity(need).map_err(|e| e.to_string()),
                None => Err("it is still in use".to_string()),
            };
            if let Err(e) = grown {
                log::error!("cannot grow frame slot {slot} to {need} bytes: {e}");
                self.free.push(slot);
                self.queue.push_front((ticket, request));
                return;
            }
            let command = ImageCommand::Prepare {
                source: source(&request.source),
                target: request.target,
                mode: request.mode,
                max_pixels: request.max_pixels,
                slot,
            };
            match sup.send(ToWorker::Image(command)) {
                Some(seq) => {
                    self.in_flight.insert(seq, InFlight { ticket, request, slot });
                }
                None => {
                    self.free.push(slot);
                    self.queue.push_front((ticket, request));
                    return;
                }
            }
        }
    }
}

impl ImagePipe {
    /// Replaceable news the supervisor dropped because the UI fell behind.
    pub fn events_dropped(&self) -> u64 {
        self.supervisor.as_ref().map_or(0, Supervisor::dropped)
    }

    /// The worker is asked to stop now; dropping the pipe reaps it.
    pub fn stop_soon(&self) {
        if let Some(s) = &self.supervisor {
            s.stop_soon();
        }
    }
}

impl Drop for ImagePipe {
    fn drop(&mut self) {
        self.copies = None; // the copy thread ends after its last job
        self.supervisor = None; // shuts the worker down and reaps it
        self.slots.clear();
        remove_with_prefix(&self.dir, &format!("srpss-{}-", std::process::id()));
    }
}

fn slot_failure(message: String) -> Failure {
    Failure { kind: FailureKind::Slot, path: PathBuf::new(), message }
}

/// The copy thread: takes each answered frame out of its slot into the pixel buffer the UI
/// displays. `None` if the thread cannot be started (every frame then fails as a slot failure,
/// logged, rather than copied on the UI thread).
fn start_copier() -> (Option<Sender<CopyJob>>, Receiver<Copied>) {
    let (jobs_tx, jobs) = crossbeam_channel::unbounded::<CopyJob>();
    let (done_tx, done) = crossbeam_channel::unbounded();
    let spawned = std::thread::Builder::new().name("frame-copy".into()).spawn(move || {
        for job in jobs {
            let result = copy_out(&job.slot, job.generation, job.sequence, job.width, job.height);
            let (generation, index) = (job.generation, job.index);
            let prepared = Prepared { ticket: job.ticket, request: job.request, result, took: job.took };
            drop(job.slot); // before the UI hears of it: a free slot is held by nothing else
            if done_tx.send(Copied { generation, index, prepared }).is_err() {
                return;
            }
        }
    });
    match spawned {
        Ok(_) => (Some(jobs_tx), done),
        Err(e) => {
            log::error!("cannot start the frame copy thread: {e}; no photos can be shown");
            (None, done)
        }
    }
}

/// Copies a frame out of its slot after checking it is exactly the one answered (every check
/// of the header is `Slot::read_rgba`'s).
fn copy_out(slot: &Slot, generation: u64, sequence: u64, width: u32, height: u32) -> Result<SharedPixelBuffer<Rgba8Pixel>, Failure> {
    let make = |h: &SlotHeader| {
        if (h.width, h.height) == (width, height) {
            Ok(SharedPixelBuffer::<Rgba8Pixel>::new(width, height))
        } else {
            Err(SlotError::BadHeader(format!("slot says {}x{}, reply {width}x{height}", h.width, h.height)))
        }
    };
    slot.read_rgba(generation, sequence, make, |b| b.make_mut_bytes()).map_err(|e| slot_failure(e.to_string()))
}

/// Removes slot files left by UI processes that crashed; logs what it found.
pub fn remove_stale_segments() {
    let removed = srpss_ipc::slot::remove_stale(&shm_dir());
    if !removed.is_empty() {
        log::info!("removed {} frame slot(s) left by a crashed screensaver", removed.len());
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use srpss_core::geometry::Size;
    use srpss_image::ImageSource;

    fn request() -> ImageRequest {
        ImageRequest { source: ImageSource::Demo(0), target: Size::new(4, 2), mode: Default::default(), max_pixels: 0 }
    }

    fn slot_with_frame(name: &str, sequence: u64) -> (PathBuf, Slot) {
        let path = std::env::temp_dir().join(format!("srpss-copy-test-{}-{name}", std::process::id()));
        let mut slot = Slot::create(&path, 4 * 2 * 4).expect("slot");
        let pixels: Vec<u8> = (0..32).collect();
        slot.write_frame(&SlotHeader::rgba(7, sequence, 4, 2), &pixels).expect("frame");
        (path, slot)
    }

    #[test]
    fn the_copy_thread_copies_the_frame_and_lets_go_of_its_slot_before_answering() {
        let (path, slot) = slot_with_frame("ok", 5);
        let slot = Arc::new(slot);
        let (jobs, copied) = start_copier();
        let jobs = jobs.expect("copy thread");
        let job = |sequence| CopyJob {
            generation: 7,
            index: 1,
            slot: slot.clone(),
            sequence,
            width: 4,
            height: 2,
            ticket: Ticket { display: 0 },
            request: request(),
            took: Duration::ZERO,
        };
        jobs.send(job(5)).expect("job");
        let c = copied.recv_timeout(Duration::from_secs(5)).expect("copied");
        // The UI frees the slot on this answer and may grow it at once: nothing else holds it.
        assert_eq!(Arc::strong_count(&slot), 1);
        assert_eq!((c.generation, c.index), (7, 1));
        let buffer = c.prepared.result.expect("frame");
        assert_eq!(buffer.as_bytes(), (0..32).collect::<Vec<u8>>().as_slice());
        // A slot that holds another frame than the one answered is refused, not shown.
        jobs.send(job(6)).expect("job");
        let c = copied.recv_timeout(Duration::from_secs(5)).expect("copied");
        assert!(matches!(c.prepared.result, Err(Failure { kind: FailureKind::Slot, .. })));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_header_that_disagrees_with_the_answer_is_refused() {
        let (path, slot) = slot_with_frame("size", 3);
        assert!(copy_out(&slot, 7, 3, 4, 2).is_ok());
        assert!(copy_out(&slot, 7, 3, 2, 4).is_err(), "same bytes, other shape");
        assert!(copy_out(&slot, 8, 3, 4, 2).is_err(), "another generation");
        let _ = std::fs::remove_file(path);
    }
}
