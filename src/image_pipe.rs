//! The image pipe: prepares frames off the UI thread.
//!
//! Requests go in through [`ImagePipe::request`]; prepared frames (already in the pixel buffer
//! type the UI displays) come out through [`ImagePipe::try_results`], which never blocks. Today
//! the work runs on a small pool of threads of this process; the worker-process issue moves it
//! into `srpss worker image` behind the same two calls.

use crossbeam_channel::{Receiver, Sender, TrySendError};
use slint::{Rgba8Pixel, SharedPixelBuffer};
use srpss_image::{prepare, ImageError, ImageRequest};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Identifies what a request was for, so the caller can route (or drop) its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    pub display: usize,
}

/// A finished request.
pub struct Prepared {
    pub ticket: Ticket,
    pub request: ImageRequest,
    pub result: Result<SharedPixelBuffer<Rgba8Pixel>, ImageError>,
    /// Time spent decoding and scaling.
    pub took: Duration,
}

struct Job(Ticket, ImageRequest);

/// Owns the preparing threads; dropping it stops and joins them (each finishes at most the
/// photo it is on; queued requests are abandoned).
pub struct ImagePipe {
    /// `None` once shutting down: dropping the sender is the threads' signal to stop.
    jobs: Option<Sender<Job>>,
    quit: Arc<AtomicBool>,
    results: Receiver<Prepared>,
    threads: Vec<JoinHandle<()>>,
}

/// At most this many requests wait; beyond it `request` refuses (the caller retries later).
const QUEUE: usize = 32;

impl ImagePipe {
    pub fn start(threads: usize) -> Self {
        let (jobs, job_rx) = crossbeam_channel::bounded::<Job>(QUEUE);
        // Results are few and small (handles to pixel buffers); unbounded is safe here.
        let (result_tx, results) = crossbeam_channel::unbounded();
        let quit = Arc::new(AtomicBool::new(false));
        let threads = (0..threads.max(1))
            .filter_map(|i| {
                let (rx, tx, quit) = (job_rx.clone(), result_tx.clone(), quit.clone());
                let spawned = std::thread::Builder::new().name(format!("srpss-image-{i}")).spawn(move || work(rx, tx, &quit));
                spawned.map_err(|e| log::error!("cannot start image thread {i}: {e}")).ok()
            })
            .collect();
        Self { jobs: Some(jobs), quit, results, threads }
    }

    /// Queues a request; `false` if the queue is full (nothing is dropped silently).
    pub fn request(&self, ticket: Ticket, request: ImageRequest) -> bool {
        let Some(jobs) = &self.jobs else { return false };
        match jobs.try_send(Job(ticket, request)) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => false,
            Err(TrySendError::Disconnected(_)) => {
                log::error!("image threads are gone; no new photos can be prepared");
                false
            }
        }
    }

    /// Finished frames, without waiting.
    pub fn try_results(&self) -> impl Iterator<Item = Prepared> + '_ {
        self.results.try_iter()
    }
}

impl Drop for ImagePipe {
    fn drop(&mut self) {
        self.quit.store(true, Ordering::Relaxed);
        self.jobs = None;
        for t in self.threads.drain(..) {
            let _ = t.join(); // a panicked thread has already logged; exiting anyway
        }
    }
}

fn work(jobs: Receiver<Job>, results: Sender<Prepared>, quit: &AtomicBool) {
    while let Ok(Job(ticket, request)) = jobs.recv() {
        if quit.load(Ordering::Relaxed) {
            return;
        }
        let start = Instant::now();
        let result = prepare(&request).map(|frame| {
            let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(frame.width, frame.height);
            buffer.make_mut_bytes().copy_from_slice(&frame.pixels);
            buffer
        });
        let took = start.elapsed();
        if results.send(Prepared { ticket, request, result, took }).is_err() {
            return;
        }
    }
}
