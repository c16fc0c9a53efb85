//! `srpss worker audio`: opens the input, drains the capture ring every few milliseconds,
//! analyses each new block and publishes the bars on the board (shared memory). Silent for
//! 2 s, it stops analysing, publishes the rest state once and looks at the ring once a second
//! until sound returns. A missing device or a failed capture is said once; the board then
//! holds the rest state and the worker waits for new settings.

use crate::analyzer::Analyzer;
use crate::bars::Tuning;
use crate::input::{self, InputSpec};
use crate::pump::{Pump, Step, SILENT_AFTER};
use srpss_ipc::bars::{BoardWriter, FLAG_SILENT};
use srpss_ipc::message::{AudioConfig, AudioReply, FromWorker, ToWorker, WorkerKind};
use srpss_ipc::outbox::Outbox;
use srpss_ipc::serve::{self, ServeError};
use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// How often the ring is drained while sound plays.
const ACTIVE_POLL: Duration = Duration::from_millis(4);
/// How often the ring is looked at while silent.
const IDLE_POLL: Duration = Duration::from_secs(1);

enum Control {
    Config(AudioConfig),
    Stop,
}

/// Runs the worker until `Shutdown` or the end of `input`.
pub fn serve<R: Read, W: Write + Send + 'static>(mut input: R, output: W) -> Result<(), ServeError> {
    let outbox = Arc::new(Outbox::new(output));
    let (generation, config) = serve::accept(&mut input, &outbox, WorkerKind::Audio, |c| c.audio.is_some())?;
    let Some(audio) = config.audio else { return Err(ServeError::NoConfig(WorkerKind::Audio)) };
    let (control, rx) = mpsc::channel();
    let out = outbox.clone();
    let thread = std::thread::Builder::new().name("srpss-audio".into()).spawn(move || analysis_loop(audio, generation, &rx, &out));
    if let Err(e) = &thread {
        log::error!("cannot start the analysis thread: {e}");
    }
    let result = serve::commands(&mut input, &outbox, |body| match body {
        ToWorker::Config(c) => {
            if let Some(a) = c.audio {
                let _ = control.send(Control::Config(a));
            }
        }
        other => log::warn!("not for the audio worker, ignored: {other:?}"),
    });
    let _ = control.send(Control::Stop);
    if let Ok(t) = thread {
        let _ = t.join();
    }
    result
}

pub fn tuning(c: &AudioConfig) -> Tuning {
    Tuning { adaptive_sensitivity: c.adaptive_sensitivity, sensitivity: c.sensitivity, dynamic_floor: c.dynamic_floor, manual_floor: c.manual_floor }
}

/// What the loop does next after a configuration ends.
enum Next {
    Reconfigure(AudioConfig),
    Stop,
}

fn analysis_loop<W: Write>(mut config: AudioConfig, generation: u64, control: &Receiver<Control>, outbox: &Outbox<W>) {
    let mut board = match BoardWriter::create(&config.board, generation) {
        Ok(b) => b,
        Err(e) => {
            let _ = outbox.send(0, FromWorker::Audio(AudioReply::Unavailable { reason: format!("{}: {e}", config.board.display()) }));
            return;
        }
    };
    loop {
        let next = run_config(&config, &mut board, control, outbox);
        match next {
            Next::Reconfigure(c) => config = c,
            Next::Stop => return,
        }
    }
}

fn run_config<W: Write>(config: &AudioConfig, board: &mut BoardWriter, control: &Receiver<Control>, outbox: &Outbox<W>) -> Next {
    let analyzer = Analyzer::new(config.bar_count as usize, tuning(config));
    let rest = vec![0.0f32; analyzer.bar_count()];
    board.publish(&rest, FLAG_SILENT);
    let opened = config.input.parse::<InputSpec>().and_then(|spec| input::open(&spec, config.block_size));
    let capture = match opened {
        Ok(c) => {
            log::info!("capturing {}", c.description);
            let _ = outbox.send(0, FromWorker::Audio(AudioReply::Capturing { description: c.description.clone() }));
            c
        }
        Err(e) => {
            log::warn!("{e}; the visualizer shows its rest state");
            let _ = outbox.send(0, FromWorker::Audio(AudioReply::Unavailable { reason: e.to_string() }));
            return match control.recv() {
                Ok(Control::Config(c)) => Next::Reconfigure(c),
                Ok(Control::Stop) | Err(_) => Next::Stop,
            };
        }
    };
    let mut pump = Pump::new(capture, analyzer, config.block_size);
    loop {
        match control.recv_timeout(if pump.is_silent() { IDLE_POLL } else { ACTIVE_POLL }) {
            Ok(Control::Config(c)) => return Next::Reconfigure(c),
            Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return Next::Stop,
            Err(RecvTimeoutError::Timeout) => {}
        }
        match pump.step() {
            Step::Frame => board.publish(pump.bars(), 0),
            Step::WentSilent => {
                log::debug!("silent for {} s; analysis paused", SILENT_AFTER.as_secs());
                board.publish(&rest, FLAG_SILENT);
            }
            Step::Waiting | Step::Silent => {}
        }
    }
}
