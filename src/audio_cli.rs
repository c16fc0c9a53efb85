//! `srpss audio`: the visualizer's input, in the terminal. Lists capture devices, draws the
//! bars live (like cava) so a user can check their capture, or prints N frames of bar values
//! as numbers. The same capture and analysis as the audio worker (`srpss_audio::pump`).

use crate::cli::AudioArgs;
use srpss_audio::input::{self, InputSpec};
use srpss_audio::pump::{Pump, Step};
use srpss_audio::worker::tuning;
use srpss_audio::Analyzer;
use srpss_core::settings::Settings;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Rows of the live display.
const ROWS: usize = 12;
const LIVE_FRAME: Duration = Duration::from_millis(33);

pub fn run(args: &AudioArgs, settings: &Settings) -> anyhow::Result<std::process::ExitCode> {
    if args.list {
        list();
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let vis = &settings.widgets.spotify_visualizer;
    let spec_text = args.input.clone().unwrap_or_else(|| vis.input.clone());
    let spec: InputSpec = spec_text.parse()?;
    let capture = input::open(&spec, vis.audio_block_size)?;
    eprintln!("capturing {}", capture.description);
    let mut config = crate::audio_pipe::audio_config(settings, std::path::PathBuf::new());
    if let Some(n) = args.bars {
        config.bar_count = n.clamp(8, 96);
    }
    let analyzer = Analyzer::new(config.bar_count as usize, tuning(&config));
    let mut pump = Pump::new(capture, analyzer, config.block_size);
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // Ctrl-C ends the live view with the terminal restored.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let mut out = std::io::stdout().lock();
    match args.print {
        Some(n) => print_frames(&mut pump, n, &stop, &mut out)?,
        None => live(&mut pump, &stop, &mut out)?,
    }
    if pump.capture.samples.dropped() > 0 {
        eprintln!("{} samples dropped (the analysis fell behind)", pump.capture.samples.dropped());
    }
    Ok(std::process::ExitCode::SUCCESS)
}

fn list() {
    let devices = input::list_devices();
    if devices.is_empty() {
        println!("no capture devices");
    }
    for d in &devices {
        let mut notes = Vec::new();
        if d.loopback {
            notes.push("what plays");
        }
        if d.bluetooth {
            notes.push("bluetooth: never chosen automatically");
        }
        let notes = if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) };
        println!("{:<8} {}{}", d.host, d.name, notes);
    }
    let names: Vec<String> = devices.iter().map(|d| d.name.clone()).collect();
    match input::auto_pick(&names) {
        Ok(input::AutoPick::PulseMonitor) => println!("default: the monitor of the default output (through \"pulse\")"),
        Ok(input::AutoPick::Named(n)) => println!("default: {n}"),
        Err(e) => println!("default: none ({e})"),
    }
}

/// Waits for the next frame; silence counts as a frame of rest.
fn next_frame(pump: &mut Pump, stop: &AtomicBool) -> Option<Vec<f32>> {
    while !stop.load(Ordering::Relaxed) {
        match pump.step() {
            Step::Frame => return Some(pump.bars().to_vec()),
            Step::WentSilent | Step::Silent => {
                std::thread::sleep(Duration::from_millis(50));
                return Some(vec![0.0; pump.analyzer.bar_count()]);
            }
            Step::Waiting => std::thread::sleep(Duration::from_millis(2)),
        }
    }
    None
}

fn print_frames(pump: &mut Pump, n: u32, stop: &AtomicBool, out: &mut impl Write) -> std::io::Result<()> {
    for _ in 0..n {
        let Some(bars) = next_frame(pump, stop) else { break };
        let line: Vec<String> = bars.iter().map(|v| format!("{v:.3}")).collect();
        writeln!(out, "{}", line.join(" "))?;
    }
    out.flush()
}

fn live(pump: &mut Pump, stop: &AtomicBool, out: &mut impl Write) -> std::io::Result<()> {
    write!(out, "\x1b[?25l\x1b[2J")?;
    let mut shown = Instant::now();
    while let Some(bars) = next_frame(pump, stop) {
        if shown.elapsed() < LIVE_FRAME {
            continue;
        }
        shown = Instant::now();
        write!(out, "\x1b[H{}", draw(&bars, ROWS))?;
        out.flush()?;
    }
    writeln!(out, "\x1b[?25h")?;
    out.flush()
}

/// The bars as text, `rows` high, two columns a bar, eighth-block resolution.
pub fn draw(bars: &[f32], rows: usize) -> String {
    const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let mut s = String::new();
    for row in (0..rows).rev() {
        for v in bars {
            let eighths = (v.clamp(0.0, 1.0) * (rows * 8) as f32).round() as usize;
            let here = eighths.saturating_sub(row * 8).min(8);
            s.push(BLOCKS[here]);
            s.push(BLOCKS[here]);
            s.push(' ');
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn bars_draw_bottom_up() {
        let text = super::draw(&[0.0, 0.5, 1.0], 2);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines, ["      ██ ", "   ██ ██ "]);
    }
}
