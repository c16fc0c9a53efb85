//! `srpss worker audio`'s loop in-process over real pipes: bars reach the board from a
//! generated input, silence pauses the analysis (and says so on the board), and an input that
//! cannot be opened is reported once while the board holds the rest state.

use srpss_ipc::bars::{BoardReader, FLAG_SILENT};
use srpss_ipc::framing::{read_message, write_message};
use srpss_ipc::message::{AudioConfig, AudioReply, Envelope, FromWorker, ToWorker, WorkerConfig, WorkerKind, PROTOCOL_VERSION};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Worker {
    to: std::io::PipeWriter,
    from: std::io::PipeReader,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn board(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("srpss-test-{}-{name}-bars", std::process::id()))
}

fn start(input: &str, board: &Path) -> Worker {
    let (worker_in, mut to) = std::io::pipe().unwrap();
    let (from, worker_out) = std::io::pipe().unwrap();
    let thread = std::thread::spawn(move || {
        let _ = srpss_audio::worker::serve(worker_in, worker_out);
    });
    let audio = AudioConfig {
        input: input.into(),
        bar_count: 19,
        block_size: 512,
        adaptive_sensitivity: true,
        sensitivity: 1.0,
        dynamic_floor: true,
        manual_floor: 1.9,
        board: board.to_path_buf(),
    };
    let hello = ToWorker::Hello { version: PROTOCOL_VERSION, kind: WorkerKind::Audio, generation: 3, config: WorkerConfig { audio: Some(audio), ..Default::default() } };
    write_message(&mut to, &Envelope::new(1, 0, hello)).unwrap();
    let mut w = Worker { to, from, thread: Some(thread) };
    assert!(matches!(w.next().body, FromWorker::Hello { .. }));
    w
}

impl Worker {
    fn next(&mut self) -> Envelope<FromWorker> {
        read_message(&mut self.from).unwrap()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = write_message(&mut self.to, &Envelope::new(9, 0, ToWorker::Shutdown));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads the board until `accept` takes a frame or `timeout` passes.
fn wait_frame(path: &Path, timeout: Duration, accept: impl Fn(&srpss_ipc::bars::Bars) -> bool) -> Option<srpss_ipc::bars::Bars> {
    let start = Instant::now();
    let mut reader = None;
    while start.elapsed() < timeout {
        if reader.is_none() {
            reader = BoardReader::open(path).ok();
        }
        if let Some(b) = reader.as_mut().and_then(BoardReader::latest) {
            if accept(&b) {
                return Some(b);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

#[test]
fn a_tone_reaches_the_board() {
    let path = board("tone");
    let mut w = start("sine:1000", &path);
    assert!(matches!(w.next().body, FromWorker::Audio(AudioReply::Capturing { .. })));
    let b = wait_frame(&path, Duration::from_secs(3), |b| b.values.iter().any(|v| *v > 0.5)).expect("bars above half height");
    assert_eq!((b.values.len(), b.flags), (19, 0));
    assert_eq!(BoardReader::open(&path).unwrap().generation(), 3);
    drop(w);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn silence_pauses_the_analysis() {
    let dir = std::env::temp_dir().join(format!("srpss-test-silence-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wav = dir.join("silence.wav");
    let spec = hound::WavSpec { channels: 1, sample_rate: 48_000, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut writer = hound::WavWriter::create(&wav, spec).unwrap();
    for _ in 0..48_000 {
        writer.write_sample(0i16).unwrap();
    }
    writer.finalize().unwrap();
    let path = board("silence");
    let mut w = start(&format!("wav:{}", wav.display()), &path);
    assert!(matches!(w.next().body, FromWorker::Audio(AudioReply::Capturing { .. })));
    // The rest frame first, then analysis frames, then after 2 s the silent flag.
    let t = Instant::now();
    wait_frame(&path, Duration::from_secs(1), |b| b.flags == 0).expect("analysis frames while the silence is young");
    let silent = wait_frame(&path, Duration::from_secs(4), |b| b.flags & FLAG_SILENT != 0).expect("paused after 2 s of silence");
    assert!(t.elapsed() >= Duration::from_millis(1500), "not before the 2 s");
    assert!(silent.values.iter().all(|v| *v == 0.0));
    drop(w);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn an_input_that_cannot_open_is_said_once_and_the_board_rests() {
    let path = board("missing");
    let mut w = start("no-such-capture-device", &path);
    match w.next().body {
        FromWorker::Audio(AudioReply::Unavailable { reason }) => assert!(reason.contains("no-such-capture-device"), "{reason}"),
        other => panic!("expected unavailable, got {other:?}"),
    }
    let b = wait_frame(&path, Duration::from_secs(1), |_| true).expect("the rest frame");
    assert_eq!(b.flags, FLAG_SILENT);
    assert!(b.values.iter().all(|v| *v == 0.0));
    drop(w);
    let _ = std::fs::remove_file(&path);
}
