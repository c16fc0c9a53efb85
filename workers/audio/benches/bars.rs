//! FFT + bars for one block beside a bare rustfft call of the same size.

use criterion::{criterion_group, criterion_main, Criterion};
use rustfft::num_complex::Complex;
use rustfft::FftPlanner;
use srpss_audio::spectrum::WINDOW;
use srpss_audio::{Analyzer, Tuning};
use std::hint::black_box;

fn tone() -> Vec<f32> {
    (0..WINDOW).map(|i| 0.5 * (i as f32 * 1000.0 / 48_000.0 * std::f32::consts::TAU).sin()).collect()
}

fn bench(c: &mut Criterion) {
    let samples = tone();
    let fft = FftPlanner::<f32>::new().plan_fft_forward(WINDOW);
    let mut buf: Vec<Complex<f32>> = samples.iter().map(|s| Complex::new(*s, 0.0)).collect();
    c.bench_function("bare rustfft 2048", |b| {
        b.iter(|| {
            for (o, s) in buf.iter_mut().zip(&samples) {
                *o = Complex::new(*s, 0.0);
            }
            fft.process(black_box(&mut buf));
        })
    });
    for bars in [19usize, 64] {
        let mut a = Analyzer::new(bars, Tuning::default());
        a.push(&samples);
        let mut t = 0.0;
        c.bench_function(&format!("fft + {bars} bars (one block)"), |b| {
            b.iter(|| {
                t += 0.01;
                black_box(a.frame(t));
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
