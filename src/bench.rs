//! `srpss bench`: frame times of every transition type, group A (the shader compositor on a
//! headless EGL context, each frame finished before the clock stops) beside group C (the CPU
//! compositor on this thread) and a plain copy of two frames, in one process on one machine.

use crate::cli::BenchArgs;
use crate::gl::{self, Compositor, Layer, ShaderParams};
use anyhow::Context;
use srpss_core::settings::Settings;
use srpss_core::transition::{Direction, TransitionKind};
use srpss_image::{composite, prepare, ImageRequest, ImageSource};
use std::time::{Duration, Instant};

/// p50, p95, p99 and max of `samples`, in milliseconds.
fn percentiles(samples: &mut [Duration]) -> [f64; 4] {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    [at(0.5), at(0.95), at(0.99), at(1.0)]
}

fn time(frames: usize, mut frame: impl FnMut(f32) -> anyhow::Result<()>) -> anyhow::Result<[f64; 4]> {
    for i in 0..3 {
        frame(0.3 + 0.1 * i as f32)?;
    }
    let mut samples = Vec::with_capacity(frames);
    for i in 0..frames {
        let p = (i as f32 + 0.5) / frames as f32;
        let t = Instant::now();
        frame(p)?;
        samples.push(t.elapsed());
    }
    Ok(percentiles(&mut samples))
}

pub fn run(args: &BenchArgs, settings: &Settings) -> anyhow::Result<()> {
    anyhow::ensure!(args.frames > 0, "--frames must be at least 1");
    let request = |i| ImageRequest { source: ImageSource::Demo(i), target: args.size, mode: settings.display.mode, max_pixels: u64::MAX };
    let (old, new) = (prepare(&request(0))?, prepare(&request(1))?);
    if args.audio {
        return crate::bench_audio::run(settings);
    }
    if args.widgets {
        let [none, all] = crate::bench_widgets::run(args.size, args.frames, settings, &old)?;
        println!("# saver window at {}, software renderer, {} whole frames of a crossfade; milliseconds per frame", args.size, args.frames);
        println!("{:<12} {:>8} {:>8} {:>8}", "widgets", "p50", "p95", "max");
        for (name, t) in [("none", none), ("all", all)] {
            println!("{name:<12} {:>8.2} {:>8.2} {:>8.2}", t[0], t[1], t[2]);
        }
        return Ok(());
    }
    let params = ShaderParams::from_settings(&settings.transitions, Direction::LeftToRight, 7);
    println!("# {} frames per row at {}; milliseconds per frame", args.frames, args.size);
    println!("{:<20} {:>5} {:>8} {:>8} {:>8} {:>8}", "type", "group", "p50", "p95", "p99", "max");
    let row = |name: &str, group: &str, t: [f64; 4]| {
        println!("{name:<20} {group:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2}", t[0], t[1], t[2], t[3]);
    };
    let mut out = new.pixels.clone();
    let copy = time(args.frames, |_| {
        // Two frames' worth of bytes, as a blend reads: the memory-bandwidth floor.
        out.copy_from_slice(&old.pixels);
        out.copy_from_slice(std::hint::black_box(&new.pixels));
        Ok(())
    })?;
    row("copy of two frames", "-", copy);
    let groups = args.groups.to_ascii_uppercase();
    let mut compositor = None;
    if groups.contains('A') {
        let (context, glc) = gl::headless::open().context("group A needs an EGL device (Mesa's libEGL)")?;
        let mut c = Compositor::new(glc, gl::Fault::None)?;
        c.upload(Layer::Old, old.width, old.height, &old.pixels)?;
        c.upload(Layer::New, new.width, new.height, &new.pixels)?;
        // SAFETY: a string query on the current headless context.
        let renderer = unsafe { glow::HasContext::get_parameter_string(c.gl(), glow::RENDERER) };
        println!("# group A renderer: {renderer}");
        compositor = Some((context, c));
    }
    for kind in TransitionKind::ALL {
        if let Some((_, c)) = &mut compositor {
            let t = time(args.frames, |p| {
                c.draw(kind, &params, p)?;
                // SAFETY: waits for the frame on the current context.
                unsafe { glow::HasContext::finish(c.gl()) };
                Ok(())
            })?;
            row(kind.name(), "A", t);
        }
        if groups.contains('C') && composite::software_kind(kind) == kind {
            let sw = composite::Params { direction: params.direction, block_size: params.block_size, seed: params.seed };
            let t = time(args.frames, |p| Ok(composite::composite(kind, &sw, old.view(), new.view(), p, &mut out)?))?;
            row(kind.name(), "C", t);
        }
    }
    Ok(())
}
