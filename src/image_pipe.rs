//! The image pipe: photos are prepared by `srpss worker image` and arrive through shared memory.
//!
//! Requests go in through [`ImagePipe::request`]; prepared frames (already in the pixel buffer
//! type the UI displays) come out through [`ImagePipe::try_results`], which never blocks. Behind
//! those two calls: a [`Supervisor`] keeps the worker running, at most `decoders` requests are in
//! flight (one frame slot each), and a request lost with a worker that crashed or hung is sent
//! again to its replacement. A frame is copied out of its slot into a pixel buffer, and the slot
//! goes back to the pool at once.

use slint::{Rgba8Pixel, SharedPixelBuffer};
use srpss_image::worker::source;
use srpss_image::ImageRequest;
use srpss_ipc::message::{Failure, FailureKind, FromWorker, ImageCommand, ImageReply, ToWorker, WorkerConfig};
use srpss_ipc::slot::{remove_with_prefix, segment_prefix, shm_dir, slot_path, Slot};
use srpss_ipc::supervisor::{Event, Launch, Policy, Supervisor};
use srpss_ipc::WorkerKind;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
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

/// The UI side of the image worker. Dropping it shuts the worker down and removes its slots.
pub struct ImagePipe {
    supervisor: Option<Supervisor>,
    decoders: u32,
    dir: PathBuf,
    /// The worker generation that takes requests now (None while none does).
    generation: Option<u64>,
    slots: Vec<Slot>,
    free: Vec<u32>,
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
        Self {
            supervisor,
            decoders,
            dir,
            generation: None,
            slots: Vec::new(),
            free: Vec::new(),
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
                        if let Some(p) = self.answered(envelope.correlation, reply) {
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
                    self.slots.push(s);
                    self.free.push(i);
                }
                Err(e) => log::error!("cannot create frame slot {}: {e}", slot_path(&prefix, i).display()),
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

    fn answered(&mut self, correlation: u64, reply: ImageReply) -> Option<Prepared> {
        let f = self.in_flight.remove(&correlation)?;
        self.free.push(f.slot);
        let (result, took) = match reply {
            ImageReply::Ready { width, height, took_us, .. } => {
                if !self.delivered {
                    self.delivered = true;
                    log::info!("[HEALTH] image worker generation {} delivered its first frame", self.generation.unwrap_or(0));
                }
                (self.copy_out(f.slot, correlation, width, height), took_us)
            }
            ImageReply::Failed { failure, .. } => (Err(failure), 0),
            ImageReply::Checked { .. } => return None, // never asked of this pipe
        };
        Some(Prepared { ticket: f.ticket, request: f.request, result, took: Duration::from_micros(took) })
    }

    /// Copies a frame out of its slot after checking it is exactly the one answered.
    fn copy_out(&mut self, slot: u32, seq: u64, width: u32, height: u32) -> Result<SharedPixelBuffer<Rgba8Pixel>, Failure> {
        let generation = self.generation.unwrap_or(0);
        let slot_failure = |message: String| Failure { kind: FailureKind::Slot, path: PathBuf::new(), message };
        let s = self.slots.get(slot as usize).ok_or_else(|| slot_failure(format!("no slot {slot}")))?;
        let (h, pixels) = s.read_frame(generation, seq).map_err(|e| slot_failure(e.to_string()))?;
        if (h.width, h.height) != (width, height) || h.stride != width * 4 {
            return Err(slot_failure(format!("slot says {}x{} stride {}, reply {width}x{height}", h.width, h.height, h.stride)));
        }
        let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(width, height);
        buffer.make_mut_bytes().copy_from_slice(pixels);
        Ok(buffer)
    }

    /// Sends queued requests while the worker is up and slots are free.
    fn dispatch(&mut self) {
        let (Some(sup), Some(_)) = (&self.supervisor, self.generation) else { return };
        while !self.free.is_empty() {
            let Some((ticket, request)) = self.queue.pop_front() else { return };
            let Some(slot) = self.free.pop() else { return };
            let need = request.target.width as usize * request.target.height as usize * 4;
            if let Err(e) = self.slots[slot as usize].ensure_capacity(need) {
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
    /// The worker is asked to stop now; dropping the pipe reaps it.
    pub fn stop_soon(&self) {
        if let Some(s) = &self.supervisor {
            s.stop_soon();
        }
    }
}

impl Drop for ImagePipe {
    fn drop(&mut self) {
        self.supervisor = None; // shuts the worker down and reaps it
        self.slots.clear();
        remove_with_prefix(&self.dir, &format!("srpss-{}-", std::process::id()));
    }
}

/// Removes slot files left by UI processes that crashed; logs what it found.
pub fn remove_stale_segments() {
    let removed = srpss_ipc::slot::remove_stale(&shm_dir());
    if !removed.is_empty() {
        log::info!("removed {} frame slot(s) left by a crashed screensaver", removed.len());
    }
}

