//! The worker processes of SRPSS, GUI-free: what the UI process and its workers say to each
//! other ([`message`]), how it travels over the child's stdin/stdout ([`framing`]), the
//! handshake that refuses a protocol mismatch ([`handshake`]), the shared-memory frame slots
//! pixels travel in ([`slot`]), and the [`supervisor`] that starts, watches and restarts workers.
//! `docs/ipc.md` describes the protocol and its version history.

mod child;
pub mod bars;
pub mod events;
pub mod framing;
pub mod handshake;
pub mod message;
pub mod outbox;
pub mod restarts;
pub mod serve;
pub mod slot;
pub mod supervisor;

pub use message::{Envelope, FromWorker, ToWorker, WorkerKind, PROTOCOL_VERSION};
