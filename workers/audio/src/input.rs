//! Where the samples come from: what the computer plays (the monitor of the default sink
//! through ALSA's pulse plugin on Linux, WASAPI loopback on Windows), a device the user names,
//! or a generated input for demos and tests (`wav:PATH`, `sine:FREQ`). Every input ends in the
//! same place: mono samples pushed into a wait-free ring that the analysis thread drains. The
//! capture callback does nothing else: mix to mono, push, count what did not fit.

use crate::ring::{self, SampleRing};
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to capture, as written in settings and on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum InputSpec {
    /// What the computer plays (never a microphone).
    Default,
    /// A capture device by name (the user's choice; may be a microphone).
    Device(String),
    /// A WAV file, looped, at its own rate.
    Wav(PathBuf),
    /// A sine tone at this frequency (Hz), 48 kHz.
    Sine(f32),
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("unknown input {0:?} (expected default, a device name, wav:PATH or sine:FREQ)")]
    Spec(String),
    #[error("no capture of what the computer plays: {0}")]
    NoLoopback(String),
    #[error("no capture device named {0:?} (see `srpss audio --list`)")]
    NoDevice(String),
    #[error("audio device: {0}")]
    Device(String),
    #[error("{path}: {message}")]
    Wav { path: PathBuf, message: String },
}

impl FromStr for InputSpec {
    type Err = InputError;

    fn from_str(s: &str) -> Result<Self, InputError> {
        let t = s.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("default") || t.eq_ignore_ascii_case("auto") {
            return Ok(InputSpec::Default);
        }
        if let Some(p) = t.strip_prefix("wav:") {
            return Ok(InputSpec::Wav(PathBuf::from(p)));
        }
        if let Some(f) = t.strip_prefix("sine:") {
            return match f.trim().trim_end_matches("Hz").trim().parse::<f32>() {
                Ok(hz) if hz > 0.0 && hz < 24_000.0 => Ok(InputSpec::Sine(hz)),
                _ => Err(InputError::Spec(s.to_string())),
            };
        }
        if let Some(d) = t.strip_prefix("device:") {
            return Ok(InputSpec::Device(d.to_string()));
        }
        Ok(InputSpec::Device(t.to_string()))
    }
}

/// One capture device as `--list` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    pub name: String,
    pub host: String,
    /// Plays back what the computer plays (a monitor or loopback).
    pub loopback: bool,
    /// Looks like a Bluetooth headset (never chosen automatically).
    pub bluetooth: bool,
}

fn looks_bluetooth(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["bluez", "bluetooth", "headset", "hfp", "hsp", "handsfree"].iter().any(|k| n.contains(k))
}

fn looks_loopback(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("monitor") || n.contains("loopback")
}

/// How the automatic choice captures what plays, given the device names on this system.
#[derive(Debug, Clone, PartialEq)]
pub enum AutoPick {
    /// ALSA's pulse plugin recording the default sink's monitor (PulseAudio and PipeWire).
    PulseMonitor,
    /// A device that is itself a monitor or loopback.
    Named(String),
}

/// The automatic choice: never a microphone, never a Bluetooth headset.
pub fn auto_pick(names: &[String]) -> Result<AutoPick, InputError> {
    if names.iter().any(|n| n == "pulse") {
        return Ok(AutoPick::PulseMonitor);
    }
    if let Some(n) = names.iter().find(|n| looks_loopback(n) && !looks_bluetooth(n)) {
        return Ok(AutoPick::Named(n.clone()));
    }
    Err(InputError::NoLoopback(format!(
        "no PulseAudio/PipeWire (ALSA device \"pulse\") and no monitor or loopback device among {} capture devices; \
         name one with widgets.spotify_visualizer.input or `srpss audio --input`",
        names.len()
    )))
}

/// Every capture device of every host.
pub fn list_devices() -> Vec<DeviceInfo> {
    let mut out = Vec::new();
    for id in cpal::available_hosts() {
        let Ok(host) = cpal::host_from_id(id) else { continue };
        if let Ok(devices) = host.input_devices() {
            for d in devices {
                let name = d.name().unwrap_or_else(|_| "?".into());
                out.push(DeviceInfo { loopback: looks_loopback(&name), bluetooth: looks_bluetooth(&name), name, host: id.name().to_string() });
            }
        }
    }
    out
}

/// A running input; dropping it stops the capture.
pub struct Capture {
    pub samples: SampleRing,
    pub description: String,
    pub sample_rate: u32,
    _source: Source,
}

/// What keeps the input running: the cpal stream (dropping it stops the capture) or the
/// generator thread's stop flag.
struct Source {
    _stream: Option<cpal::Stream>,
    stop: Option<Arc<AtomicBool>>,
}

impl Drop for Source {
    fn drop(&mut self) {
        if let Some(stop) = &self.stop {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Opens `spec`; `block` is the preferred block size in frames (0: the driver's).
pub fn open(spec: &InputSpec, block: u32) -> Result<Capture, InputError> {
    match spec {
        InputSpec::Sine(hz) => {
            let hz = *hz;
            let rate = 48_000;
            let mut phase = 0.0f64;
            generated(format!("sine {hz} Hz"), rate, block, move |out: &mut [f32]| {
                for s in out {
                    *s = (0.5 * (phase * std::f64::consts::TAU).sin()) as f32;
                    phase = (phase + hz as f64 / rate as f64).fract();
                }
            })
        }
        InputSpec::Wav(path) => {
            let (rate, mono) = read_wav(path)?;
            let mut at = 0usize;
            generated(format!("wav {}", path.display()), rate, block, move |out: &mut [f32]| {
                for s in out {
                    *s = mono[at];
                    at = (at + 1) % mono.len();
                }
            })
        }
        InputSpec::Default | InputSpec::Device(_) => open_device(spec, block),
    }
}

fn read_wav(path: &PathBuf) -> Result<(u32, Vec<f32>), InputError> {
    let err = |message: String| InputError::Wav { path: path.clone(), message };
    let mut reader = hound::WavReader::open(path).map_err(|e| err(e.to_string()))?;
    let spec = reader.spec();
    let channels = spec.channels.max(1) as usize;
    let interleaved: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => reader.samples::<f32>().collect::<Result<_, _>>().map_err(|e| err(e.to_string()))?,
        hound::SampleFormat::Int => {
            let scale = 1.0 / (1i64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            reader.samples::<i32>().map(|s| s.map(|v| v as f32 * scale)).collect::<Result<_, _>>().map_err(|e| err(e.to_string()))?
        }
    };
    let mono: Vec<f32> = interleaved.chunks(channels).map(|f| f.iter().sum::<f32>() / channels as f32).collect();
    if mono.is_empty() {
        return Err(err("no samples".into()));
    }
    Ok((spec.sample_rate.max(1), mono))
}

/// A generated input: a thread fills blocks at the real rate, as a sound card would.
fn generated(description: String, rate: u32, block: u32, mut fill: impl FnMut(&mut [f32]) + Send + 'static) -> Result<Capture, InputError> {
    let (mut producer, samples) = ring::new(rate as usize);
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let block = if block == 0 { 512 } else { block as usize };
    let period = Duration::from_secs_f64(block as f64 / rate as f64);
    std::thread::Builder::new()
        .name("srpss-audio-gen".into())
        .spawn(move || {
            let mut buf = vec![0.0f32; block];
            let start = Instant::now();
            let mut n = 0u32;
            while !stopped.load(Ordering::Relaxed) {
                fill(&mut buf);
                producer.push_slice(&buf);
                n += 1;
                let due = start + period * n;
                if let Some(wait) = due.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
        })
        .map_err(|e| InputError::Device(format!("cannot start the generator: {e}")))?;
    Ok(Capture { samples, description, sample_rate: rate, _source: Source { _stream: None, stop: Some(stop) } })
}

fn open_device(spec: &InputSpec, block: u32) -> Result<Capture, InputError> {
    let host = cpal::default_host();
    let device = match spec {
        InputSpec::Device(want) if want.eq_ignore_ascii_case("default") => host.default_input_device(),
        InputSpec::Device(want) => find_device(&host, want),
        _ => {
            // Listing opens every device; only the automatic choice needs it.
            let names: Vec<String> = host.input_devices().map(|ds| ds.filter_map(|d| d.name().ok()).collect()).unwrap_or_default();
            loopback_device(&host, &names)?
        }
    };
    let device = device.ok_or_else(|| match spec {
        InputSpec::Device(want) => InputError::NoDevice(want.clone()),
        _ => InputError::NoLoopback("the chosen device disappeared".into()),
    })?;
    let name = device.name().unwrap_or_else(|_| "?".into());
    let config = default_config(&device).map_err(|e| InputError::Device(format!("{name}: {e}")))?;
    let channels = config.channels().max(1) as usize;
    let rate = config.sample_rate().0;
    let mut stream_config: cpal::StreamConfig = config.clone().into();
    let (mut producer, mut samples) = ring::new(rate as usize);
    let mut stream = Err(cpal::BuildStreamError::StreamConfigNotSupported);
    if block > 0 {
        stream_config.buffer_size = cpal::BufferSize::Fixed(block);
        stream = build_stream(&device, &stream_config, config.sample_format(), channels, producer);
        if let Err(e) = &stream {
            // Not every driver takes a fixed block size; the driver's own is fine.
            log::debug!("{name}: block size {block}: {e}; using the driver's");
            stream_config.buffer_size = cpal::BufferSize::Default;
            (producer, samples) = ring::new(rate as usize);
        } else {
            producer = ring::new(1).0;
        }
    }
    if stream.is_err() {
        stream = build_stream(&device, &stream_config, config.sample_format(), channels, producer);
    }
    let stream = stream.map_err(|e| InputError::Device(format!("{name}: {e}")))?;
    stream.play().map_err(|e| InputError::Device(format!("{name}: {e}")))?;
    let description = format!("{name} ({rate} Hz, {channels} ch, {})", config.sample_format());
    Ok(Capture { samples, description, sample_rate: rate, _source: Source { _stream: Some(stream), stop: None } })
}

/// On Windows the default output device captured through WASAPI loopback; elsewhere the
/// input device config.
fn default_config(device: &cpal::Device) -> Result<cpal::SupportedStreamConfig, String> {
    match device.default_input_config() {
        Ok(c) => Ok(c),
        #[cfg(windows)]
        Err(_) => device.default_output_config().map_err(|e| e.to_string()),
        #[cfg(not(windows))]
        Err(e) => Err(e.to_string()),
    }
}

fn find_device(host: &cpal::Host, want: &str) -> Option<cpal::Device> {
    let devices: Vec<cpal::Device> = host.input_devices().ok()?.collect();
    let exact = devices.iter().position(|d| d.name().is_ok_and(|n| n == want));
    let loose = || devices.iter().position(|d| d.name().is_ok_and(|n| n.to_lowercase().contains(&want.to_lowercase())));
    exact.or_else(loose).map(|i| devices[i].clone())
}

/// WASAPI: an input stream on an output device is a loopback capture of it.
#[cfg(windows)]
fn loopback_device(host: &cpal::Host, _names: &[String]) -> Result<Option<cpal::Device>, InputError> {
    Ok(host.default_output_device())
}

#[cfg(not(windows))]
fn loopback_device(host: &cpal::Host, names: &[String]) -> Result<Option<cpal::Device>, InputError> {
    match auto_pick(names)? {
        AutoPick::PulseMonitor => {
            if std::env::var_os("PULSE_SOURCE").is_none() {
                // Read by the pulse plugin when it connects: record the default sink's monitor.
                std::env::set_var("PULSE_SOURCE", "@DEFAULT_MONITOR@");
            }
            Ok(find_device(host, "pulse"))
        }
        AutoPick::Named(n) => Ok(find_device(host, &n)),
    }
}

fn build_stream(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    format: cpal::SampleFormat,
    channels: usize,
    producer: ring::SampleProducer,
) -> Result<cpal::Stream, cpal::BuildStreamError> {
    use cpal::SampleFormat as F;
    match format {
        F::F32 => typed::<f32>(device, config, channels, producer),
        F::I16 => typed::<i16>(device, config, channels, producer),
        F::I32 => typed::<i32>(device, config, channels, producer),
        F::U16 => typed::<u16>(device, config, channels, producer),
        F::U8 => typed::<u8>(device, config, channels, producer),
        F::I8 => typed::<i8>(device, config, channels, producer),
        F::F64 => typed::<f64>(device, config, channels, producer),
        _ => Err(cpal::BuildStreamError::StreamConfigNotSupported),
    }
}

fn typed<T>(device: &cpal::Device, config: &cpal::StreamConfig, channels: usize, mut producer: ring::SampleProducer) -> Result<cpal::Stream, cpal::BuildStreamError>
where
    T: cpal::SizedSample,
    f32: cpal::FromSample<T>,
{
    let reported = AtomicBool::new(false);
    device.build_input_stream(
        config,
        move |data: &[T], _: &cpal::InputCallbackInfo| {
            producer.push_frames(data, channels, |s| s.to_sample::<f32>());
        },
        move |e| {
            if !reported.swap(true, Ordering::Relaxed) {
                log::warn!("audio capture: {e}");
            }
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!("default".parse::<InputSpec>().unwrap(), InputSpec::Default);
        assert_eq!("".parse::<InputSpec>().unwrap(), InputSpec::Default);
        assert_eq!("sine:1000".parse::<InputSpec>().unwrap(), InputSpec::Sine(1000.0));
        assert_eq!("sine:60Hz".parse::<InputSpec>().unwrap(), InputSpec::Sine(60.0));
        assert_eq!("wav:/x/y.wav".parse::<InputSpec>().unwrap(), InputSpec::Wav("/x/y.wav".into()));
        assert_eq!("hw:1,0".parse::<InputSpec>().unwrap(), InputSpec::Device("hw:1,0".into()));
        assert!("sine:-3".parse::<InputSpec>().is_err());
        assert!("sine:loud".parse::<InputSpec>().is_err());
    }

    #[test]
    fn the_automatic_choice_is_never_a_microphone_or_a_headset() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(auto_pick(&names(&["default", "pulse", "sysdefault:CARD=PCH"])).unwrap(), AutoPick::PulseMonitor);
        assert_eq!(auto_pick(&names(&["bluez_headset.monitor", "Loopback PCM"])).unwrap(), AutoPick::Named("Loopback PCM".into()));
        assert!(matches!(auto_pick(&names(&["default", "sysdefault:CARD=PCH", "bluez_source.hfp"])), Err(InputError::NoLoopback(_))));
    }
}
