//! A worker's side of the connection, the part every worker shares: the handshake, then
//! reading the UI's messages until `Shutdown` or the end of input, answering heartbeats on
//! the reading thread however busy the worker's own threads are.

use crate::framing::{read_message, FrameError};
use crate::handshake::{accept_ui_hello, HandshakeError};
use crate::message::{Envelope, FromWorker, ToWorker, WorkerConfig, WorkerKind, PROTOCOL_VERSION};
use crate::outbox::Outbox;
use std::io::{Read, Write};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("handshake refused: {0}")]
    Handshake(#[from] HandshakeError),
    #[error("the handshake carried no {0} configuration")]
    NoConfig(WorkerKind),
    #[error("input: {0}")]
    Input(FrameError),
    #[error("output: {0}")]
    Output(FrameError),
}

/// Reads the UI's hello and answers it; returns the generation and the settings, checked by
/// `has_config` (a refusal is also sent to the UI).
pub fn accept<R: Read, W: Write>(
    input: &mut R,
    outbox: &Outbox<W>,
    kind: WorkerKind,
    has_config: impl Fn(&WorkerConfig) -> bool,
) -> Result<(u64, WorkerConfig), ServeError> {
    let first: Envelope<ToWorker> = read_message(input).map_err(ServeError::Input)?;
    let refused = |e: ServeError| {
        let _ = outbox.send(first.seq, FromWorker::Error { message: e.to_string() });
        Err(e)
    };
    let (generation, config) = match accept_ui_hello(&first.body, kind) {
        Ok(ok) => ok,
        Err(e) => return refused(e.into()),
    };
    if !has_config(&config) {
        return refused(ServeError::NoConfig(kind));
    }
    outbox.send(first.seq, FromWorker::Hello { version: PROTOCOL_VERSION, kind, pid: std::process::id() }).map_err(ServeError::Output)?;
    Ok((generation, config))
}

/// Hands every message but heartbeats, hellos and `Shutdown` to `handle`, until `Shutdown` or
/// the end of input (both `Ok`).
pub fn commands<R: Read, W: Write>(input: &mut R, outbox: &Outbox<W>, mut handle: impl FnMut(ToWorker)) -> Result<(), ServeError> {
    loop {
        let envelope: Envelope<ToWorker> = match read_message(input) {
            Ok(m) => m,
            Err(FrameError::Closed) => return Ok(()),
            Err(e) if !e.is_fatal() => {
                log::warn!("bad frame from the UI process, ignored: {e}");
                continue;
            }
            Err(e) => return Err(ServeError::Input(e)),
        };
        match envelope.body {
            ToWorker::Heartbeat { ping } => outbox.send(envelope.seq, FromWorker::HeartbeatAck { ping }).map_err(ServeError::Output)?,
            ToWorker::Shutdown => return Ok(()),
            ToWorker::Hello { .. } => log::warn!("a second hello, ignored"),
            other => handle(other),
        }
    }
}
