//! Length-prefixed frames: a little-endian `u32` byte count, then that many bytes of JSON.
//!
//! A frame over [`MAX_FRAME`] is refused before anything is allocated, in either direction: the
//! stream can no longer be trusted and the reader stops ([`FrameError::is_fatal`]). A frame of
//! the right size that is not a valid message is a [`FrameError::Garbage`]: logged by the
//! caller, skipped, and reading goes on with the next frame.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::{ErrorKind, Read, Write};

/// The largest frame either side sends or accepts. Messages carry no pixels; the largest
/// (a request with a long path) is a few kilobytes.
pub const MAX_FRAME: u32 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The other side closed the stream between frames.
    #[error("closed")]
    Closed,
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("frame of {len} bytes is over the {max}-byte limit")]
    Oversize { len: u64, max: u32 },
    #[error("not a valid message: {0}")]
    Garbage(String),
}

impl FrameError {
    /// True if nothing more can be read from this stream.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, FrameError::Garbage(_))
    }
}

/// Writes one message as one frame and flushes.
pub fn write_message<W: Write, T: Serialize>(w: &mut W, message: &T) -> Result<(), FrameError> {
    let body = serde_json::to_vec(message).map_err(|e| FrameError::Garbage(e.to_string()))?;
    let len = u32::try_from(body.len()).ok().filter(|&l| l <= MAX_FRAME).ok_or(FrameError::Oversize { len: body.len() as u64, max: MAX_FRAME })?;
    let mut frame = Vec::with_capacity(4 + body.len());
    frame.extend_from_slice(&len.to_le_bytes());
    frame.extend_from_slice(&body);
    w.write_all(&frame)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame and parses it; partial reads are completed, a clean end between frames is
/// [`FrameError::Closed`], an end inside a frame is an i/o error.
pub fn read_message<R: Read, T: DeserializeOwned>(r: &mut R) -> Result<T, FrameError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Io(ErrorKind::UnexpectedEof.into())),
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(FrameError::Oversize { len: u64::from(len), max: MAX_FRAME });
    }
    let mut body = vec![0u8; len as usize];
    r.read_exact(&mut body)?;
    serde_json::from_slice(&body).map_err(|e| FrameError::Garbage(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::*;
    use srpss_core::geometry::{DisplayMode, Size};
    use std::io::Cursor;

    /// A reader that hands out at most `step` bytes per call, like a busy pipe.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn config() -> WorkerConfig {
        WorkerConfig { decoders: 2, slot_prefix: "/dev/shm/srpss-1-image-g1".into(), feeds: None, ..Default::default() }
    }

    fn every_to_worker() -> Vec<ToWorker> {
        let (target, mode) = (Size::new(1920, 1080), DisplayMode::Fill);
        vec![
            ToWorker::Hello { version: PROTOCOL_VERSION, kind: WorkerKind::Image, generation: 3, config: config() },
            ToWorker::Heartbeat { ping: 7 },
            ToWorker::Config(config()),
            ToWorker::Image(ImageCommand::Prepare { source: Source::File("/p/ä b.jpg".into()), target, mode, max_pixels: 100_000_000, slot: 1 }),
            ToWorker::Image(ImageCommand::Prepare { source: Source::Demo(4), target, mode: DisplayMode::Shrink, max_pixels: 1, slot: 0 }),
            ToWorker::Image(ImageCommand::Check { path: "/p/x.png".into(), target, mode: DisplayMode::Fit, max_pixels: 5 }),
            ToWorker::Shutdown,
        ]
    }

    fn every_from_worker() -> Vec<FromWorker> {
        let failure = |kind| Failure { kind, path: "/p/x.jpg".into(), message: "why".into() };
        let mut v = vec![
            FromWorker::Hello { version: PROTOCOL_VERSION, kind: WorkerKind::Image, pid: 42 },
            FromWorker::HeartbeatAck { ping: 7 },
            FromWorker::Image(ImageReply::Ready { slot: 2, width: 1920, height: 1080, source_size: Size::new(6000, 4000), took_us: 93_000 }),
            FromWorker::Image(ImageReply::Checked { took_us: 5 }),
            FromWorker::Error { message: "bad frame".into() },
        ];
        use FailureKind::*;
        for kind in [Io, Empty, NotAnImage, TooLarge, Truncated, Corrupt, Slot, Crashed] {
            v.push(FromWorker::Image(ImageReply::Failed { slot: Some(1), failure: failure(kind) }));
        }
        v
    }

    #[test]
    fn every_message_round_trips_through_a_trickling_pipe() {
        let mut wire = Vec::new();
        let to: Vec<_> = every_to_worker().into_iter().enumerate().map(|(i, b)| Envelope::new(i as u64 + 1, 0, b)).collect();
        let from: Vec<_> = every_from_worker().into_iter().enumerate().map(|(i, b)| Envelope::new(i as u64 + 1, 9, b)).collect();
        for m in &to {
            write_message(&mut wire, m).unwrap();
        }
        for m in &from {
            write_message(&mut wire, m).unwrap();
        }
        for step in [1, 3, 4, 5, 4096] {
            let mut r = Trickle { data: &wire, step };
            for m in &to {
                assert_eq!(&read_message::<_, Envelope<ToWorker>>(&mut r).unwrap(), m, "step {step}");
            }
            for m in &from {
                assert_eq!(&read_message::<_, Envelope<FromWorker>>(&mut r).unwrap(), m, "step {step}");
            }
            assert!(matches!(read_message::<_, Envelope<ToWorker>>(&mut r), Err(FrameError::Closed)));
        }
    }

    #[test]
    fn oversize_frames_are_refused_both_ways_without_allocating() {
        let mut wire = (MAX_FRAME + 1).to_le_bytes().to_vec();
        wire.extend_from_slice(b"{}");
        let err = read_message::<_, Envelope<ToWorker>>(&mut Cursor::new(wire)).unwrap_err();
        assert!(matches!(err, FrameError::Oversize { .. }) && err.is_fatal(), "{err}");
        // u32::MAX claims 4 GiB: refused from the prefix alone.
        let err = read_message::<_, Envelope<ToWorker>>(&mut Cursor::new(u32::MAX.to_le_bytes().to_vec())).unwrap_err();
        assert!(matches!(err, FrameError::Oversize { len: 4_294_967_295, .. }), "{err}");
        let huge = ToWorker::Image(ImageCommand::Check {
            path: "x".repeat(MAX_FRAME as usize).into(),
            target: Size::new(1, 1),
            mode: DisplayMode::Fill,
            max_pixels: 1,
        });
        let mut out = Vec::new();
        assert!(matches!(write_message(&mut out, &Envelope::new(1, 0, huge)), Err(FrameError::Oversize { .. })));
        assert!(out.is_empty(), "nothing of a refused frame is written");
    }

    #[test]
    fn garbage_is_skipped_and_the_next_frame_still_reads() {
        let mut wire = Vec::new();
        for junk in [&b"\xff\xfe not json"[..], b"{\"seq\":1}", b"[1,2,3]", b""] {
            wire.extend_from_slice(&(junk.len() as u32).to_le_bytes());
            wire.extend_from_slice(junk);
        }
        let good = Envelope::new(5, 0, ToWorker::Heartbeat { ping: 1 });
        write_message(&mut wire, &good).unwrap();
        let mut r = Cursor::new(wire);
        for _ in 0..4 {
            let err = read_message::<_, Envelope<ToWorker>>(&mut r).unwrap_err();
            assert!(matches!(err, FrameError::Garbage(_)) && !err.is_fatal(), "{err}");
        }
        assert_eq!(read_message::<_, Envelope<ToWorker>>(&mut r).unwrap(), good);
    }

    #[test]
    fn a_frame_cut_short_is_an_error_not_a_message() {
        let mut wire = Vec::new();
        write_message(&mut wire, &Envelope::new(1, 0, ToWorker::Shutdown)).unwrap();
        for cut in [1, 3, 6, wire.len() - 1] {
            let err = read_message::<_, Envelope<ToWorker>>(&mut Cursor::new(&wire[..cut])).unwrap_err();
            assert!(matches!(&err, FrameError::Io(e) if e.kind() == ErrorKind::UnexpectedEof), "cut {cut}: {err}");
        }
    }
}
