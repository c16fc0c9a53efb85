//! The supervisor: starts a worker (`srpss worker <kind>`, the same executable), says hello,
//! sends a heartbeat every second, and replaces a worker that exits, crashes, or misses five
//! heartbeats, with backoff (0.5 s doubling to 30 s; at most 5 restarts in 5 minutes, then the
//! worker is declared failed). Workers die with the UI process even when it is killed
//! (`PR_SET_PDEATHSIG` on Linux, and every worker exits when its stdin closes).
//!
//! Threads, per worker: the supervisor thread (start, heartbeat, watch, restart), and per running
//! child a writer (stdin), a reader (stdout → events) and a stderr forwarder (→ this log). The UI
//! thread only calls [`Supervisor::send`] and [`Supervisor::try_events`], neither of which blocks.
//!
//! Events reach the UI through the ordered queue in `events.rs`, which never drops a lifecycle
//! event or an answer; [`Supervisor::dropped`] counts the replaceable news it dropped.

use crate::child::{describe_exit, die_with_parent, ended_by_session_signal, forward_log, write_loop};
use crate::framing::{read_message, FrameError};
use crate::handshake::accept_worker_hello;
use crate::message::{Envelope, FromWorker, ToWorker, WorkerConfig, WorkerKind, PROTOCOL_VERSION};
use crossbeam_channel::{Receiver, Sender};
pub use crate::restarts::{Policy, Restarts};
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use crate::events::{Event, EVENT_CAPACITY};
use crate::events::EventQueue;
/// Messages waiting for a worker's stdin, at most (more are dropped and counted).
const OUTBOX: usize = 256;

/// How a worker is started.
#[derive(Debug, Clone)]
pub struct Launch {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
}

impl Launch {
    /// `srpss worker <kind>` with this very executable.
    pub fn this_executable(kind: WorkerKind) -> std::io::Result<Self> {
        Ok(Self { program: std::env::current_exe()?, args: vec!["worker".into(), kind.name().into()], env: Vec::new() })
    }
}


struct Shared {
    events: EventQueue,
    dropped: AtomicU64,
    seq: AtomicU64,
    pid: AtomicU32,
}

impl Shared {
    fn new() -> Self {
        Self { events: EventQueue::default(), dropped: AtomicU64::new(0), seq: AtomicU64::new(0), pid: AtomicU32::new(0) }
    }

    fn emit(&self, event: Event) {
        if self.events.push(event) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Messages from a child's reader thread to the supervisor thread.
enum Internal {
    Hello { generation: u64, pid: u32 },
    Ack { generation: u64, ping: u64 },
    Refused { generation: u64, reason: String },
    Closed { generation: u64, reason: String },
}

/// Set once the process is on its way out (an exit input, or a host's SIGTERM that may also
/// reach the workers through the process group): a worker that ends then is not restarted.
static EXITING: AtomicBool = AtomicBool::new(false);

/// How long a worker ended by SIGTERM/SIGINT/SIGHUP waits for this process to say it exits.
const SIGNAL_GRACE: Duration = Duration::from_millis(200);

/// Says the process is exiting (safe from a signal handler: one atomic store).
pub fn mark_exiting() {
    EXITING.store(true, Ordering::SeqCst);
}


/// One supervised worker. Dropping it shuts the worker down (asks, then kills) and reaps it.
pub struct Supervisor {
    kind: WorkerKind,
    shared: Arc<Shared>,
    commands: Sender<Envelope<ToWorker>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Supervisor {
    /// Starts the worker at once; `config` gives the settings for each new generation.
    pub fn start(
        kind: WorkerKind,
        launch: Launch,
        policy: Policy,
        config: impl Fn(u64) -> WorkerConfig + Send + 'static,
    ) -> std::io::Result<Self> {
        let shared = Arc::new(Shared::new());
        let (commands, command_rx) = crossbeam_channel::bounded(OUTBOX);
        let stop = Arc::new(AtomicBool::new(false));
        let mut run = Run {
            kind,
            launch,
            policy,
            config: Box::new(config),
            shared: shared.clone(),
            commands: command_rx,
            stop: stop.clone(),
            generation: 0,
            child: None,
            restarts: Restarts::new(policy),
            next_start: Some(Instant::now()),
            failed: false,
            pings: HashMap::new(),
            latencies: Vec::new(),
            last_health_log: Instant::now(),
        };
        let (internal_tx, internal_rx) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new().name(format!("srpss-supervise-{kind}")).spawn(move || run.main(&internal_tx, &internal_rx))?;
        Ok(Self { kind, shared, commands, stop, thread: Some(thread) })
    }

    pub fn kind(&self) -> WorkerKind {
        self.kind
    }

    /// Queues a message for the current worker; returns its `seq` (the correlation id of the
    /// answer), or None if the outbox is full. Never blocks.
    pub fn send(&self, body: ToWorker) -> Option<u64> {
        let seq = self.shared.next_seq();
        match self.commands.try_send(Envelope::new(seq, 0, body)) {
            Ok(()) => Some(seq),
            Err(_) => {
                self.shared.dropped.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Events so far, without waiting.
    pub fn try_events(&self) -> impl Iterator<Item = Event> + use<> {
        self.shared.events.take().into_iter()
    }

    /// Waits up to `timeout` for the next event (for command-line tools, never the UI thread).
    pub fn recv_event(&self, timeout: Duration) -> Option<Event> {
        self.shared.events.next_within(timeout)
    }

    /// Messages and events dropped by the overflow rules so far.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// Asks the worker to stop without waiting (dropping then only reaps it), so a program
    /// that exits stops all its workers at once rather than one after another.
    pub fn stop_soon(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// The running worker's pid (0 while none runs).
    pub fn pid(&self) -> u32 {
        self.shared.pid.load(Ordering::Relaxed)
    }
}

impl Drop for Supervisor {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join(); // a panic there has been reported by the panic hook already
        }
    }
}

struct Running {
    child: Child,
    generation: u64,
    outbox: Sender<Envelope<ToWorker>>,
    started: Instant,
    /// Set once the worker answered the handshake.
    ready: bool,
    last_ack: Instant,
    last_ping: Instant,
    healthy_noted: bool,
}

struct Run {
    kind: WorkerKind,
    launch: Launch,
    policy: Policy,
    config: Box<dyn Fn(u64) -> WorkerConfig + Send>,
    shared: Arc<Shared>,
    commands: Receiver<Envelope<ToWorker>>,
    stop: Arc<AtomicBool>,
    generation: u64,
    child: Option<Running>,
    restarts: Restarts,
    next_start: Option<Instant>,
    failed: bool,
    pings: HashMap<u64, Instant>,
    latencies: Vec<Duration>,
    last_health_log: Instant,
}

/// How often the supervisor thread looks at its worker when nothing arrives.
const TICK: Duration = Duration::from_millis(50);
/// How long a worker may take to exit after `Shutdown` before it is killed (the program's
/// own exit must be done within a second, also under load).
const GRACE: Duration = Duration::from_millis(400);
/// How often heartbeat latency is logged.
const HEALTH_LOG: Duration = Duration::from_secs(60);

impl Run {
    fn main(&mut self, internal_tx: &Sender<Internal>, internal: &Receiver<Internal>) {
        while !self.stop.load(Ordering::Relaxed) {
            crossbeam_channel::select! {
                recv(self.commands) -> m => if let Ok(m) = m { self.forward(m) },
                recv(internal) -> m => if let Ok(m) = m { self.internal(m) },
                default(TICK) => {}
            }
            self.watch(internal_tx);
        }
        self.shutdown();
    }

    fn forward(&mut self, envelope: Envelope<ToWorker>) {
        let Some(r) = &self.child else { return }; // lost with the worker; the UI resends on Started
        if r.outbox.try_send(envelope).is_err() {
            self.shared.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn internal(&mut self, m: Internal) {
        let current = self.child.as_ref().map(|r| r.generation);
        match m {
            Internal::Hello { generation, pid } if Some(generation) == current => {
                if let Some(r) = &mut self.child {
                    r.ready = true;
                    r.last_ack = Instant::now();
                }
                log::info!("[HEALTH] {} worker started: generation {generation}, pid {pid}", self.kind);
                self.shared.emit(Event::Started { generation, pid });
            }
            Internal::Ack { generation, ping } if Some(generation) == current => {
                if let Some(sent) = self.pings.remove(&ping) {
                    self.latencies.push(sent.elapsed());
                }
                if let Some(r) = &mut self.child {
                    r.last_ack = Instant::now();
                }
            }
            Internal::Refused { generation, reason } if Some(generation) == current => {
                self.lose(&reason);
                self.fail(&format!("it cannot work with this program: {reason}"));
            }
            Internal::Closed { generation, reason } if Some(generation) == current => {
                // The exit status tells more than the closed pipe; the watch below collects it.
                log::debug!("{} worker generation {generation}: {reason}", self.kind);
            }
            _ => {} // from a generation already replaced
        }
    }

    /// Starts, heartbeats and replaces the worker as due.
    fn watch(&mut self, internal_tx: &Sender<Internal>) {
        let now = Instant::now();
        if self.child.is_none() && !self.failed && self.next_start.is_some_and(|t| now >= t) {
            self.next_start = None;
            self.spawn(internal_tx);
        }
        let policy = self.policy;
        let Some(r) = &mut self.child else { return };
        match r.child.try_wait() {
            Ok(Some(status)) => {
                // The same signal may be on its way to this process's handler, which marks
                // the exit: give it a moment, so the worker is not called lost and restarted.
                if ended_by_session_signal(status) {
                    let by = now + SIGNAL_GRACE;
                    while !EXITING.load(Ordering::SeqCst) && Instant::now() < by {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                }
                let reason = describe_exit(status);
                self.lose(&reason);
                return;
            }
            Ok(None) => {}
            Err(e) => log::warn!("cannot check on the {} worker: {e}", self.kind),
        }
        if now.duration_since(r.last_ping) >= policy.heartbeat {
            r.last_ping = now;
            let seq = self.shared.next_seq();
            self.pings.insert(seq, now);
            self.pings.retain(|_, &mut t| now.duration_since(t) < policy.heartbeat * (policy.missed + 1));
            // A full outbox means the worker is not reading; missing acks will say so.
            let _ = r.outbox.try_send(Envelope::new(seq, 0, ToWorker::Heartbeat { ping: seq }));
        }
        let silent = now.duration_since(r.last_ack);
        if silent >= policy.heartbeat * policy.missed {
            let what = if r.ready { "heartbeats" } else { "its handshake" };
            let reason = format!("no answer to {what} for {:.1} s ({} missed)", silent.as_secs_f32(), policy.missed);
            self.lose(&reason);
            return;
        }
        if r.ready && !r.healthy_noted && now.duration_since(r.started) >= policy.budget_window / 5 {
            r.healthy_noted = true;
            self.restarts.healthy();
        }
        if now.duration_since(self.last_health_log) >= HEALTH_LOG && !self.latencies.is_empty() {
            self.last_health_log = now;
            self.latencies.sort();
            let p50 = self.latencies[self.latencies.len() / 2];
            let max = self.latencies[self.latencies.len() - 1];
            log::info!("[HEALTH] {} worker heartbeat latency p50 {p50:?} max {max:?} over {} beats", self.kind, self.latencies.len());
            self.latencies.clear();
        }
    }

    fn spawn(&mut self, internal_tx: &Sender<Internal>) {
        self.generation += 1;
        let generation = self.generation;
        let mut cmd = Command::new(&self.launch.program);
        cmd.args(&self.launch.args).envs(self.launch.env.iter().cloned()).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        die_with_parent(&mut cmd);
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                log::error!("[HEALTH] cannot start the {} worker ({}): {e}", self.kind, self.launch.program.display());
                self.schedule_restart(&format!("cannot start: {e}"));
                return;
            }
        };
        let pid = child.id();
        self.shared.pid.store(pid, Ordering::Relaxed);
        let (Some(stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            self.schedule_restart("its pipes could not be set up");
            return;
        };
        let (outbox, outbox_rx) = crossbeam_channel::bounded(OUTBOX);
        let hello = ToWorker::Hello { version: PROTOCOL_VERSION, kind: self.kind, generation, config: (self.config)(generation) };
        let _ = outbox.try_send(Envelope::new(self.shared.next_seq(), 0, hello)); // empty channel: fits
        let kind = self.kind;
        let spawned = [
            std::thread::Builder::new().name(format!("srpss-{kind}-stdin")).spawn(move || write_loop(stdin, &outbox_rx)),
            std::thread::Builder::new().name(format!("srpss-{kind}-stdout")).spawn({
                let (shared, internal) = (self.shared.clone(), internal_tx.clone());
                move || read_loop(kind, generation, stdout, &shared, &internal)
            }),
            std::thread::Builder::new().name(format!("srpss-{kind}-stderr")).spawn(move || forward_log(kind, stderr)),
        ];
        let now = Instant::now();
        self.child = Some(Running { child, generation, outbox, started: now, ready: false, last_ack: now, last_ping: now, healthy_noted: false });
        if let Some(Err(e)) = spawned.into_iter().find(Result::is_err) {
            self.lose(&format!("cannot start its i/o threads: {e}"));
        }
    }

    /// The current worker is gone or must go: kill, reap, tell the UI, plan the next start.
    fn lose(&mut self, reason: &str) {
        let Some(mut r) = self.child.take() else { return };
        let _ = r.child.kill(); // it may have exited already
        let _ = r.child.wait();
        self.shared.pid.store(0, Ordering::Relaxed);
        self.pings.clear();
        self.shared.emit(Event::Lost { generation: r.generation, reason: reason.to_string() });
        self.schedule_restart(reason);
    }

    fn schedule_restart(&mut self, reason: &str) {
        if self.failed {
            return;
        }
        if EXITING.load(Ordering::SeqCst) {
            log::info!("[HEALTH] {} worker ended while the screensaver exits ({reason}); not restarted", self.kind);
            self.next_start = None;
            return;
        }
        match self.restarts.lost(Instant::now()) {
            Some(delay) => {
                log::warn!("[HEALTH] {} worker lost ({reason}); restarting in {delay:?}", self.kind);
                self.next_start = Some(Instant::now() + delay);
            }
            None => {
                let p = self.policy;
                self.fail(&format!("{} restarts within {} s; last: {reason}", p.budget, p.budget_window.as_secs()));
            }
        }
    }

    fn fail(&mut self, reason: &str) {
        if self.failed {
            return;
        }
        self.failed = true;
        self.next_start = None;
        log::error!("[HEALTH] {} worker failed, no more restarts: {reason}", self.kind);
        self.shared.emit(Event::Failed { reason: reason.to_string() });
    }

    fn shutdown(&mut self) {
        let Some(mut r) = self.child.take() else { return };
        let _ = r.outbox.try_send(Envelope::new(self.shared.next_seq(), 0, ToWorker::Shutdown));
        drop(r.outbox); // the writer ends, closing stdin: a second reason to exit
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = r.child.try_wait() {
                log::info!("[HEALTH] {} worker stopped", self.kind);
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        log::warn!("[HEALTH] {} worker did not exit within {GRACE:?}; killed", self.kind);
        let _ = r.child.kill();
        let _ = r.child.wait();
        log::info!("[HEALTH] {} worker stopped", self.kind);
    }
}


fn read_loop(kind: WorkerKind, generation: u64, stdout: std::process::ChildStdout, shared: &Shared, internal: &Sender<Internal>) {
    let mut r = BufReader::new(stdout);
    let mut greeted = false;
    loop {
        let envelope: Envelope<FromWorker> = match read_message(&mut r) {
            Ok(m) => m,
            Err(e) if !e.is_fatal() => {
                log::warn!("{kind} worker sent a bad frame, ignored: {e}");
                continue;
            }
            Err(e) => {
                let reason = match e {
                    FrameError::Closed => "closed its output".to_string(),
                    other => format!("output unreadable: {other}"),
                };
                let _ = internal.send(Internal::Closed { generation, reason });
                return;
            }
        };
        if !greeted {
            match accept_worker_hello(&envelope.body, kind) {
                Ok(pid) => {
                    greeted = true;
                    let _ = internal.send(Internal::Hello { generation, pid });
                }
                Err(e) => {
                    let reason = match &envelope.body {
                        FromWorker::Error { message } => format!("{e} ({message})"),
                        _ => e.to_string(),
                    };
                    let _ = internal.send(Internal::Refused { generation, reason });
                    return;
                }
            }
            continue;
        }
        match envelope.body {
            FromWorker::HeartbeatAck { ping } => {
                let _ = internal.send(Internal::Ack { generation, ping });
            }
            FromWorker::Error { message } => log::warn!("{kind} worker: {message}"),
            _ => shared.emit(Event::Message { generation, envelope }),
        }
    }
}
