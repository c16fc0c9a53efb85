//! `srpss bench --audio`: the audio worker as the saver runs it (a supervised `srpss worker
//! audio` process, the bars read from its board on the UI's 16 ms frame tick), fed WAV files
//! paced in real time: the latency from a tone's first sample to bars above half height, and
//! the worker's CPU (from /proc) while a tone plays and while the input is silent.

use crate::audio_pipe::AudioPipe;
use srpss_core::settings::Settings;
use srpss_ipc::message::AudioReply;
use std::path::Path;
use std::time::{Duration, Instant};

const RATE: u32 = 48_000;
const TICK: Duration = Duration::from_millis(16);
/// Silence before each tone in the latency WAV.
const LEAD: f64 = 1.0;
const ROUNDS: usize = 8;

fn write_wav(path: &Path, seconds: f64, sample: impl Fn(f64) -> f32) -> anyhow::Result<()> {
    let spec = hound::WavSpec { channels: 1, sample_rate: RATE, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec)?;
    for i in 0..(seconds * RATE as f64) as u64 {
        w.write_sample((sample(i as f64 / RATE as f64).clamp(-1.0, 1.0) * 32767.0) as i16)?;
    }
    w.finalize()?;
    Ok(())
}

/// The worker started on `input`, after it said it captures; returns the pipe and when.
fn start(settings: &Settings, input: &Path) -> anyhow::Result<(AudioPipe, Instant)> {
    let mut s = settings.clone();
    s.widgets.media.card.enabled = true;
    s.widgets.spotify_visualizer.enabled = true;
    s.widgets.spotify_visualizer.input = format!("wav:{}", input.display());
    let mut pipe = AudioPipe::start(&s).ok_or_else(|| anyhow::anyhow!("the audio worker did not start"))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        pipe.latest();
        match &pipe.status {
            Some(AudioReply::Capturing { .. }) => return Ok((pipe, Instant::now())),
            Some(AudioReply::Unavailable { reason }) => anyhow::bail!("{reason}"),
            None => std::thread::sleep(Duration::from_millis(2)),
        }
    }
    anyhow::bail!("the audio worker never started capturing")
}

/// User + system CPU seconds of process `pid` so far (Linux: /proc; elsewhere unknown).
#[cfg(not(target_os = "linux"))]
fn cpu_seconds(_pid: u32) -> Option<f64> {
    None
}

#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    Some(ticks / hz)
}

/// Percent of one core the worker used over `span` while the UI tick read its bars.
fn cpu_while(pipe: &mut AudioPipe, span: Duration) -> f64 {
    let pid = pipe.pid();
    let (t0, c0) = (Instant::now(), cpu_seconds(pid).unwrap_or(0.0));
    while t0.elapsed() < span {
        pipe.latest();
        std::thread::sleep(TICK);
    }
    (cpu_seconds(pid).unwrap_or(0.0) - c0) / t0.elapsed().as_secs_f64() * 100.0
}

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("srpss-bench-audio-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let tone = |t: f64| (0.5 * (t * 440.0 * std::f64::consts::TAU).sin()) as f32;
    // Each round: LEAD s of silence, then 1 s of tone; the file loops, so rounds follow on.
    let latency_wav = dir.join("latency.wav");
    write_wav(&latency_wav, LEAD + 1.5, |t| if t < LEAD { 0.0 } else { tone(t) })?;
    let period = LEAD + 1.5;
    let (mut pipe, opened) = start(settings, &latency_wav)?;
    let mut latencies = Vec::new();
    for round in 0..ROUNDS {
        let onset = opened + Duration::from_secs_f64(period * round as f64 + LEAD);
        // Wait for the silence of this round, then watch for the tone.
        while Instant::now() < onset - Duration::from_millis(200) {
            pipe.latest();
            std::thread::sleep(TICK);
        }
        let seen = loop {
            let now = Instant::now();
            if pipe.latest().is_some_and(|b| b.values.iter().any(|v| *v >= 0.5)) && now >= onset {
                break now;
            }
            if now > onset + Duration::from_secs(1) {
                anyhow::bail!("round {round}: no bars within 1 s of the tone");
            }
            std::thread::sleep(TICK);
        };
        latencies.push(seen.duration_since(onset).as_secs_f64() * 1000.0);
    }
    let playing = cpu_while(&mut pipe, Duration::from_secs(10));
    drop(pipe);
    let silent_wav = dir.join("silent.wav");
    write_wav(&silent_wav, 3.0, |_| 0.0)?;
    let (mut pipe, _) = start(settings, &silent_wav)?;
    std::thread::sleep(Duration::from_secs(3)); // past the 2 s that pause the analysis
    let silent = cpu_while(&mut pipe, Duration::from_secs(10));
    drop(pipe);
    let _ = std::fs::remove_dir_all(&dir);
    latencies.sort_by(f64::total_cmp);
    let mean = latencies.iter().sum::<f64>() / latencies.len() as f64;
    println!("# srpss worker audio, WAV input paced in real time, bars read every {} ms as the UI does", TICK.as_millis());
    println!("tone to bars >= 0.5 (ms, {ROUNDS} rounds): min {:.1}  mean {mean:.1}  max {:.1}", latencies[0], latencies[latencies.len() - 1]);
    println!("worker CPU, % of one core: playing {playing:.2}  silent {silent:.2}");
    Ok(())
}
