//! Decode + orient + scale a 24-megapixel JPEG for 1080p and 4K screens in every mode, beside
//! the baseline of `image`'s own decode and Lanczos3 resize, measured in the same run.
//!
//! `cargo bench -p srpss-image --bench prepare`; numbers go to docs/PERFORMANCE.md.

use criterion::{criterion_group, criterion_main, Criterion};
use image::{ImageEncoder, Rgb, RgbImage};
use srpss_core::geometry::{DisplayMode, Size};
use srpss_image::{prepare, ImageRequest, ImageSource};
use std::path::PathBuf;
use std::time::Duration;

/// A 6000x4000 JPEG: gradients, large shapes and per-pixel noise of `noise` levels (8 gives
/// about 5 MB, like a camera photo at base ISO; 32 about 8.5 MB, like a high-ISO one).
fn photo_24mp(noise: u32) -> PathBuf {
    let path = std::env::temp_dir().join(format!("srpss-bench-24mp-noise{noise}.jpg"));
    if path.exists() {
        return path;
    }
    let (w, h) = (6000u32, 4000u32);
    let img = RgbImage::from_fn(w, h, |x, y| {
        let hash = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)).wrapping_mul(2_246_822_519);
        let n = (hash >> 16) % noise;
        let ring = ((x as f32 - 3000.0).hypot(y as f32 - 2000.0) / 90.0).sin() * 40.0;
        let t = |v: u32, m: u32| (((v * 200 / m) as f32 + ring).clamp(0.0, 220.0) as u8).saturating_add(n as u8);
        Rgb([t(x, w), t(y, h), t(w - x + h - y, w + h)])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("encode");
    std::fs::write(&path, bytes).expect("write bench photo");
    path
}

fn bench(c: &mut Criterion) {
    let path = photo_24mp(8);
    let noisy = photo_24mp(32);
    for (name, p) in [("typical", &path), ("noisy", &noisy)] {
        let bytes = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        eprintln!("bench photo {name}: 6000x4000, {:.1} MB", bytes as f64 / 1e6);
    }
    let mut g = c.benchmark_group("prepare_24mp");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    let noisy_req = ImageRequest { source: ImageSource::File(noisy.clone()), target: Size::new(1920, 1080), mode: DisplayMode::Fill, max_pixels: 100_000_000 };
    g.bench_function("srpss_noisy/1920x1080/fill", |b| b.iter(|| prepare(&noisy_req).expect("prepares")));
    for screen in [Size::new(1920, 1080), Size::new(3840, 2160)] {
        for mode in DisplayMode::ALL {
            let req = ImageRequest { source: ImageSource::File(path.clone()), target: screen, mode, max_pixels: 100_000_000 };
            g.bench_function(format!("srpss/{screen}/{}", mode.name()), |b| b.iter(|| prepare(&req).expect("prepares")));
        }
        g.bench_function(format!("baseline_image_crate/{screen}/fill"), |b| {
            b.iter(|| {
                let img = image::open(&path).expect("decodes");
                img.resize_to_fill(screen.width, screen.height, image::imageops::FilterType::Lanczos3)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
