//! The bar mathematics against generated signals: where tones land, silence, a sweep, and the
//! smoothing curve.

use srpss_audio::bars::distance_from_centre;
use srpss_audio::smoothing::{Smoother, ENGINE_TAU_S, RISE_FACTOR, DECAY_FACTOR};
use srpss_audio::{Analyzer, Tuning};

const RATE: f64 = 48_000.0;
const HOP: usize = 512;

/// Runs `seconds` of `signal(t)` through a fresh analyzer; returns the last bars.
fn run(bars: usize, seconds: f64, signal: impl Fn(f64) -> f32) -> Vec<f32> {
    let mut a = Analyzer::new(bars, Tuning::default());
    let mut out = Vec::new();
    let blocks = (seconds * RATE / HOP as f64) as usize;
    for b in 0..blocks {
        let block: Vec<f32> = (0..HOP).map(|i| signal((b * HOP + i) as f64 / RATE)).collect();
        a.push(&block);
        out = a.frame((b + 1) as f64 * HOP as f64 / RATE).to_vec();
    }
    out
}

fn tone(hz: f64) -> impl Fn(f64) -> f32 {
    move |t| (0.5 * (t * hz * std::f64::consts::TAU).sin()) as f32
}

/// Where the light is: the level-weighted mean distance from the centre (0 centre … 1 edge)
/// of the bars over half their peak.
fn brightest(bars: &[f32]) -> f32 {
    let top = bars.iter().cloned().fold(0.0, f32::max);
    let lit = || bars.iter().enumerate().filter(|(_, v)| **v >= top * 0.5);
    let weight: f32 = lit().map(|(_, v)| v).sum();
    lit().map(|(i, v)| v * distance_from_centre(i, bars.len())).sum::<f32>() / weight.max(1e-6)
}

#[test]
fn tones_light_the_centre_middle_or_edges_by_pitch() {
    for count in [19usize, 32, 64] {
        let bass = run(count, 1.0, tone(60.0));
        let mid = run(count, 1.0, tone(1000.0));
        let treble = run(count, 1.0, tone(8000.0));
        let (b, m, t) = (brightest(&bass), brightest(&mid), brightest(&treble));
        assert!(b < 0.25, "{count} bars: 60 Hz peaks at {b} from the centre: {bass:?}");
        assert!((0.35..0.8).contains(&m), "{count} bars: 1 kHz peaks at {m}: {mid:?}");
        assert!(t > 0.75, "{count} bars: 8 kHz peaks at {t}: {treble:?}");
        for bars in [&bass, &mid, &treble] {
            assert!(bars.iter().cloned().fold(0.0, f32::max) > 0.5, "a steady tone reaches the top half: {bars:?}");
            assert!(bars.iter().all(|v| (0.0..=1.0).contains(v)));
        }
        // Symmetric: the two halves mirror each other.
        for i in 0..count / 2 {
            assert!((bass[i] - bass[count - 1 - i]).abs() < 1e-4, "{count}: bar {i} not mirrored");
        }
    }
}

#[test]
fn silence_is_the_floor() {
    let bars = run(19, 1.0, |_| 0.0);
    assert!(bars.iter().all(|v| *v == 0.0), "{bars:?}");
    let after = {
        let mut a = Analyzer::new(19, Tuning::default());
        let loud: Vec<f32> = (0..HOP).map(|i| tone(1000.0)(i as f64 / RATE)).collect();
        for b in 0..40 {
            a.push(&loud);
            a.frame(b as f64 * 0.01);
        }
        let mut last = Vec::new();
        for b in 40..240 {
            a.push(&[0.0; HOP]);
            last = a.frame(b as f64 * 0.01).to_vec();
        }
        last
    };
    assert!(after.iter().all(|v| *v < 0.01), "two seconds of silence after a tone fall to rest (τ 0.36 s): {after:?}");
}

#[test]
fn a_sweep_moves_outward() {
    let mut positions = Vec::new();
    for hz in [40.0, 120.0, 400.0, 1200.0, 4000.0, 12000.0] {
        positions.push(brightest(&run(32, 0.6, tone(hz))));
    }
    assert!(positions.windows(2).all(|w| w[1] >= w[0]), "rising pitch never moves inward: {positions:?}");
    assert!(positions[5] - positions[0] > 0.6, "{positions:?}");
}

#[test]
fn the_engine_smoothing_follows_the_original_curve() {
    // Rising: τ × 0.35; falling: τ × 3.0; at 60 frames a second.
    let dt = 1.0 / 60.0;
    let mut s = Smoother::engine();
    s.step(&[0.0], 0.0);
    let mut t = 0.0;
    let mut v = 0.0;
    for _ in 0..6 {
        t += dt;
        v = s.step(&[1.0], t)[0];
    }
    let rise = 1.0 - (-(t as f32) / (ENGINE_TAU_S * RISE_FACTOR)).exp();
    assert!((v - rise).abs() < 1e-3, "after 0.1 s of rising: {v} vs {rise}");
    assert!((0.90..0.93).contains(&v), "0.1 s into a step the bar is about 91 % up: {v}");
    let top = v;
    let t0 = t;
    for _ in 0..22 {
        t += dt;
        v = s.step(&[0.0], t)[0];
    }
    let fall = top * (-((t - t0) as f32) / (ENGINE_TAU_S * DECAY_FACTOR)).exp();
    assert!((v - fall).abs() < 1e-3, "after {} s of falling: {v} vs {fall}", t - t0);
    // The same curve at another frame rate.
    let mut s30 = Smoother::engine();
    s30.step(&[0.0], 0.0);
    let v30 = (1..=3).map(|i| s30.step(&[1.0], i as f64 / 30.0)[0]).last().unwrap_or(0.0);
    assert!((v30 - rise).abs() < 1e-3, "30 fps reaches the same level at 0.1 s: {v30}");
    // A gap over 2 s resets to the input.
    assert_eq!(s.step(&[0.7], t + 2.5)[0], 0.7);
}

