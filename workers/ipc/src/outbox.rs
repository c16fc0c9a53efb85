//! A worker's side of stdout: messages from any of its threads, serialised, each with this
//! side's next sequence number.

use crate::framing::{write_message, FrameError};
use crate::message::{Envelope, FromWorker};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub struct Outbox<W: Write> {
    out: Mutex<W>,
    seq: AtomicU64,
}

impl<W: Write> Outbox<W> {
    pub fn new(out: W) -> Self {
        Self { out: Mutex::new(out), seq: AtomicU64::new(0) }
    }

    /// Sends `body`, answering the message numbered `correlation` (0: none).
    pub fn send(&self, correlation: u64, body: FromWorker) -> Result<(), FrameError> {
        let envelope = Envelope::new(self.seq.fetch_add(1, Ordering::Relaxed) + 1, correlation, body);
        // A poisoned lock means another thread panicked mid-write; the stream is lost anyway.
        let mut out = self.out.lock().map_err(|_| FrameError::Io(std::io::Error::other("output lock poisoned")))?;
        write_message(&mut *out, &envelope)
    }
}
