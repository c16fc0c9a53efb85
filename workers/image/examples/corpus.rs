//! Writes N photo-like JPEGs of 12 to 24 megapixels (quality 90, gradients, shapes and noise)
//! into a folder, for the throughput and soak benchmarks.
//!   cargo run --release -p srpss-image --example corpus -- DIR N

use image::{ImageEncoder, Rgb, RgbImage};
use std::path::PathBuf;

const SIZES: [(u32, u32); 4] = [(4000, 3000), (4896, 3264), (5472, 3648), (6000, 4000)];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next().map(PathBuf::from), args.next().and_then(|n| n.parse::<u32>().ok())) else {
        eprintln!("usage: corpus DIR N");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("corpus: cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get()) as u32;
    std::thread::scope(|s| {
        for t in 0..threads {
            let dir = &dir;
            s.spawn(move || {
                for i in (t..n).step_by(threads as usize) {
                    let path = dir.join(format!("photo-{i:04}.jpg"));
                    if path.exists() {
                        continue;
                    }
                    let (w, h) = SIZES[i as usize % SIZES.len()];
                    let img = RgbImage::from_fn(w, h, |x, y| {
                        let hash = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ i.wrapping_mul(97)).wrapping_mul(2_246_822_519);
                        let noise = (hash >> 16) % 12;
                        let ring = ((x as f32 - w as f32 / 2.0).hypot(y as f32 - h as f32 / 2.0) / (60.0 + i as f32)).sin() * 40.0;
                        let t = |v: u32, m: u32| (((v * 200 / m) as f32 + ring).clamp(0.0, 220.0) as u8).saturating_add(noise as u8);
                        Rgb([t(x + i * 50, w + n * 50), t(y, h), t(w - x + h - y, w + h)])
                    });
                    let mut bytes = Vec::new();
                    let encoded = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90).write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8);
                    if let Err(e) = encoded.map_err(|e| e.to_string()).and_then(|()| std::fs::write(&path, &bytes).map_err(|e| e.to_string())) {
                        eprintln!("corpus: {}: {e}", path.display());
                    }
                }
            });
        }
    });
}
