//! The first exchange on a connection: the UI process sends [`ToWorker::Hello`], the worker
//! answers [`FromWorker::Hello`]. Each side refuses a different [`PROTOCOL_VERSION`] or the wrong
//! worker kind with an error that names both, and nothing else is read from that connection.

use crate::message::{FromWorker, ToWorker, WorkerConfig, WorkerKind, PROTOCOL_VERSION};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    #[error("protocol version mismatch: the other side speaks {theirs}, this one {ours}; run one build of srpss for both")]
    VersionMismatch { ours: u32, theirs: u32 },
    #[error("worker kind mismatch: asked for {expected}, got {got}")]
    KindMismatch { expected: WorkerKind, got: WorkerKind },
    #[error("expected a hello first, got {0}")]
    NotHello(String),
}

/// Worker side: accepts the UI's hello (returns the generation and settings) or says why not.
pub fn accept_ui_hello(first: &ToWorker, kind: WorkerKind) -> Result<(u64, WorkerConfig), HandshakeError> {
    match first {
        ToWorker::Hello { version, .. } if *version != PROTOCOL_VERSION => {
            Err(HandshakeError::VersionMismatch { ours: PROTOCOL_VERSION, theirs: *version })
        }
        ToWorker::Hello { kind: k, .. } if *k != kind => Err(HandshakeError::KindMismatch { expected: kind, got: *k }),
        ToWorker::Hello { generation, config, .. } => Ok((*generation, config.clone())),
        other => Err(HandshakeError::NotHello(format!("{other:?}"))),
    }
}

/// UI side: accepts the worker's answer (returns its pid) or says why not.
pub fn accept_worker_hello(first: &FromWorker, kind: WorkerKind) -> Result<u32, HandshakeError> {
    match first {
        FromWorker::Hello { version, .. } if *version != PROTOCOL_VERSION => {
            Err(HandshakeError::VersionMismatch { ours: PROTOCOL_VERSION, theirs: *version })
        }
        FromWorker::Hello { kind: k, .. } if *k != kind => Err(HandshakeError::KindMismatch { expected: kind, got: *k }),
        FromWorker::Hello { pid, .. } => Ok(*pid),
        other => Err(HandshakeError::NotHello(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello(version: u32) -> ToWorker {
        let config = WorkerConfig { decoders: 1, slot_prefix: "/tmp/x".into(), feeds: None, ..Default::default() };
        ToWorker::Hello { version, kind: WorkerKind::Image, generation: 4, config }
    }

    #[test]
    fn matching_versions_are_accepted() {
        let (generation, config) = accept_ui_hello(&hello(PROTOCOL_VERSION), WorkerKind::Image).unwrap();
        assert_eq!((generation, config.decoders), (4, 1));
        let reply = FromWorker::Hello { version: PROTOCOL_VERSION, kind: WorkerKind::Image, pid: 77 };
        assert_eq!(accept_worker_hello(&reply, WorkerKind::Image), Ok(77));
    }

    #[test]
    fn a_version_mismatch_is_refused_by_both_sides_with_both_numbers() {
        let err = accept_ui_hello(&hello(PROTOCOL_VERSION + 1), WorkerKind::Image).unwrap_err();
        assert_eq!(err, HandshakeError::VersionMismatch { ours: PROTOCOL_VERSION, theirs: PROTOCOL_VERSION + 1 });
        assert!(err.to_string().contains(&format!("speaks {}", PROTOCOL_VERSION + 1)), "{err}");
        let reply = FromWorker::Hello { version: 0, kind: WorkerKind::Image, pid: 1 };
        assert_eq!(accept_worker_hello(&reply, WorkerKind::Image), Err(HandshakeError::VersionMismatch { ours: PROTOCOL_VERSION, theirs: 0 }));
    }

    #[test]
    fn anything_but_a_hello_first_is_refused() {
        assert!(matches!(accept_ui_hello(&ToWorker::Shutdown, WorkerKind::Image), Err(HandshakeError::NotHello(_))));
        let ack = FromWorker::HeartbeatAck { ping: 1 };
        assert!(matches!(accept_worker_hello(&ack, WorkerKind::Image), Err(HandshakeError::NotHello(_))));
    }
}
