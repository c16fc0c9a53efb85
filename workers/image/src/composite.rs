//! Group C: transitions composited on the CPU, frame by frame, for the software renderer (and
//! for `srpss render --group C`). Crossfade, Slide, Wipe, Diffuse and Blinds run here; every
//! other type is drawn as a Crossfade ([`software_kind`]). Progress 0 is exactly the old frame
//! and progress 1 exactly the new one, for every type.

use srpss_core::transition::{Direction, TransitionKind};

/// One opaque RGBA8 frame, rows of `width * 4` bytes.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pub width: u32,
    pub height: u32,
    pub pixels: &'a [u8],
}

/// Per-type parameters the software path uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Slide and Wipe (Slide takes the four cardinals; a diagonal slides left to right).
    pub direction: Direction,
    /// Diffuse block edge in pixels (4–256).
    pub block_size: u32,
    /// Diffuse block order.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Self { direction: Direction::LeftToRight, block_size: 18, seed: 0 }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CompositeError {
    #[error("frames differ in size: {0}x{1} and {2}x{3}")]
    SizeMismatch(u32, u32, u32, u32),
    #[error("a frame's pixel buffer does not match its size")]
    BadBuffer,
}

/// Types the software path draws as themselves.
pub const SOFTWARE_KINDS: [TransitionKind; 5] =
    [TransitionKind::Crossfade, TransitionKind::Slide, TransitionKind::Wipe, TransitionKind::Diffuse, TransitionKind::Blinds];

/// What the software path draws for `kind`.
pub fn software_kind(kind: TransitionKind) -> TransitionKind {
    if SOFTWARE_KINDS.contains(&kind) {
        kind
    } else {
        TransitionKind::Crossfade
    }
}

/// Draws `kind` at `progress` (0..=1, already eased) from `old` to `new` into `out`.
pub fn composite(kind: TransitionKind, params: &Params, old: Frame, new: Frame, progress: f32, out: &mut [u8]) -> Result<(), CompositeError> {
    if (old.width, old.height) != (new.width, new.height) {
        return Err(CompositeError::SizeMismatch(old.width, old.height, new.width, new.height));
    }
    let len = old.width as usize * old.height as usize * 4;
    if old.pixels.len() != len || new.pixels.len() != len || out.len() != len {
        return Err(CompositeError::BadBuffer);
    }
    let t = progress.clamp(0.0, 1.0);
    // Exact ends for every type, whatever its arithmetic does near them.
    if t <= 0.0 {
        out.copy_from_slice(old.pixels);
        return Ok(());
    }
    if t >= 1.0 {
        out.copy_from_slice(new.pixels);
        return Ok(());
    }
    let (w, h) = (old.width as usize, old.height as usize);
    match software_kind(kind) {
        TransitionKind::Slide => slide(params.direction, old.pixels, new.pixels, w, h, t, out),
        TransitionKind::Wipe => wipe(params.direction, old.pixels, new.pixels, w, h, t, out),
        TransitionKind::Diffuse => diffuse(params, old.pixels, new.pixels, w, h, t, out),
        TransitionKind::Blinds => by_column_weights(old.pixels, new.pixels, w, h, &blinds_alpha_row(w, t), out),
        _ => {
            let a = (t * 256.0).round() as u32;
            blend(old.pixels, new.pixels, a, out);
        }
    }
    Ok(())
}

/// `out = old + (new - old) * a / 256` for every byte (alpha stays opaque).
fn blend(old: &[u8], new: &[u8], a: u32, out: &mut [u8]) {
    for ((o, n), d) in old.iter().zip(new).zip(out.iter_mut()) {
        *d = ((u32::from(*o) * (256 - a) + u32::from(*n) * a + 128) >> 8) as u8;
    }
}

/// Mixes per pixel with a weight 0..=256 of the new frame from `weight(x, y)`: the definition
/// the faster span and run copies are tested against.
#[cfg(test)]
fn by_pixel(old: &[u8], new: &[u8], w: usize, h: usize, out: &mut [u8], weight: impl Fn(usize, usize) -> u32) {
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) * 4;
            let a = weight(x, y);
            for c in i..i + 4 {
                out[c] = ((u32::from(old[c]) * (256 - a) + u32::from(new[c]) * a + 128) >> 8) as u8;
            }
        }
    }
}

/// Wipe: the new frame where the travel coordinate is below `t`. Along a row that coordinate
/// only rises or only falls, so each row is two spans copied whole, split where it crosses `t`.
fn wipe(d: Direction, old: &[u8], new: &[u8], w: usize, h: usize, t: f32, out: &mut [u8]) {
    let row = w * 4;
    for y in 0..h {
        let is_new = |x: usize| wipe_axis(d, x, y, w, h) < t;
        let (first_new, last_new) = (is_new(0), is_new(w - 1));
        // The first x whose side differs from x = 0 (w when the whole row is one side).
        let split = if first_new == last_new {
            w // monotonic: both ends on one side means the whole row is
        } else {
            let (mut lo, mut hi) = (0, w - 1); // is_new(lo) == first_new, is_new(hi) != first_new
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if is_new(mid) == first_new { lo = mid } else { hi = mid }
            }
            hi
        };
        let (left, right) = if first_new { (new, old) } else { (old, new) };
        let r = y * row..(y + 1) * row;
        let (src_l, src_r, dst) = (&left[r.clone()], &right[r.clone()], &mut out[r]);
        dst[..split * 4].copy_from_slice(&src_l[..split * 4]);
        dst[split * 4..].copy_from_slice(&src_r[split * 4..]);
    }
}

/// Diffuse: square blocks switch from old to new each at its own threshold; rows are copied
/// block span by block span.
fn diffuse(p: &Params, old: &[u8], new: &[u8], w: usize, h: usize, t: f32, out: &mut [u8]) {
    let b = p.block_size.clamp(4, 256) as usize;
    for y in 0..h {
        for bx in 0..w.div_ceil(b) {
            let (x0, x1) = (bx * b, ((bx + 1) * b).min(w));
            let src = if block_threshold(p.seed, bx, y / b) < t { new } else { old };
            let r = (y * w + x0) * 4..(y * w + x1) * 4;
            out[r.clone()].copy_from_slice(&src[r]);
        }
    }
}

/// Mixes with a weight per column: runs of 0 or 256 are copied whole, only the edges blend.
fn by_column_weights(old: &[u8], new: &[u8], w: usize, h: usize, weights: &[u32], out: &mut [u8]) {
    // Runs of equal weight along a row: (first x, end x, weight).
    let mut runs: Vec<(usize, usize, u32)> = Vec::new();
    for (x, &a) in weights.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.2 == a => r.1 = x + 1,
            _ => runs.push((x, x + 1, a)),
        }
    }
    for y in 0..h {
        for &(x0, x1, a) in &runs {
            let r = (y * w + x0) * 4..(y * w + x1) * 4;
            match a {
                0 => out[r.clone()].copy_from_slice(&old[r]),
                256 => out[r.clone()].copy_from_slice(&new[r]),
                _ => blend(&old[r.clone()], &new[r.clone()], a, &mut out[r]),
            }
        }
    }
}

/// The wipe's travel coordinate at a pixel centre, 0 where it starts, below 1 where it ends
/// (the original's shader axes).
fn wipe_axis(d: Direction, x: usize, y: usize, w: usize, h: usize) -> f32 {
    let u = (x as f32 + 0.5) / w as f32;
    let v = (y as f32 + 0.5) / h as f32;
    match d {
        Direction::LeftToRight => u,
        Direction::RightToLeft => 1.0 - u,
        Direction::TopToBottom => v,
        Direction::BottomToTop => 1.0 - v,
        Direction::DiagonalTlBr => (u + v) / 2.0,
        Direction::DiagonalTrBl => ((1.0 - u) + v) / 2.0,
    }
}

/// A block's reveal threshold in [0, 1), the same for a given seed.
fn block_threshold(seed: u64, bx: usize, by: usize) -> f32 {
    let mut z = seed ^ ((bx as u64) << 32 | by as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 40) as f32 / (1u64 << 24) as f32
}

fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Blinds: 14 columns, each revealing a band that grows from its centre, feather 0.08, and a
/// global tail from 0.96 (upstream-srpss.md §5.3). The weight depends on x only.
fn blinds_alpha_row(w: usize, t: f32) -> Vec<u32> {
    const COLS: f32 = 14.0;
    const FEATHER: f32 = 0.08;
    let edge = t * (1.0 + FEATHER);
    let tail = smoothstep(0.96, 1.0, t);
    (0..w)
        .map(|x| {
            let cell = (x as f32 + 0.5) / w as f32 * COLS;
            let d = (cell.fract() - 0.5).abs() * 2.0;
            let a = (1.0 - smoothstep(edge - FEATHER, edge, d)).max(tail);
            (a * 256.0).round() as u32
        })
        .collect()
}

/// Slide: the new frame pushes the old one out in `d`'s direction.
fn slide(d: Direction, old: &[u8], new: &[u8], w: usize, h: usize, t: f32, out: &mut [u8]) {
    let row = w * 4;
    match d {
        Direction::TopToBottom | Direction::BottomToTop => {
            let off = ((t * h as f32).round() as usize).min(h);
            for y in 0..h {
                // Top to bottom: rows [0, off) are the new frame's bottom rows; below, the old moved down.
                let (src, sy) = if d == Direction::TopToBottom {
                    if y < off { (new, y + h - off) } else { (old, y - off) }
                } else if y + off >= h {
                    (new, y + off - h)
                } else {
                    (old, y + off)
                };
                out[y * row..(y + 1) * row].copy_from_slice(&src[sy * row..(sy + 1) * row]);
            }
        }
        _ => {
            let off = ((t * w as f32).round() as usize).min(w);
            for y in 0..h {
                let (o, n, dst) = (&old[y * row..(y + 1) * row], &new[y * row..(y + 1) * row], &mut out[y * row..(y + 1) * row]);
                if d == Direction::RightToLeft {
                    // Old moves left by off; the new frame's left part enters at the right.
                    dst[..(w - off) * 4].copy_from_slice(&o[off * 4..]);
                    dst[(w - off) * 4..].copy_from_slice(&n[..off * 4]);
                } else {
                    dst[..off * 4].copy_from_slice(&n[(w - off) * 4..]);
                    dst[off * 4..].copy_from_slice(&o[..(w - off) * 4]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: u32 = 64;
    const H: u32 = 40;

    fn solid(rgb: [u8; 3]) -> Vec<u8> {
        (0..W * H).flat_map(|_| [rgb[0], rgb[1], rgb[2], 255]).collect()
    }

    fn run(kind: TransitionKind, params: &Params, t: f32) -> Vec<u8> {
        let (old, new) = (solid([200, 30, 30]), solid([30, 30, 200]));
        let mut out = vec![0; old.len()];
        composite(kind, params, frame(&old), frame(&new), t, &mut out).unwrap();
        out
    }

    fn frame(p: &[u8]) -> Frame<'_> {
        Frame { width: W, height: H, pixels: p }
    }

    /// Shares of pixels that are exactly old, exactly new.
    fn shares(out: &[u8]) -> (f32, f32) {
        let n = out.len() / 4;
        let old = out.chunks(4).filter(|p| p[..3] == [200, 30, 30]).count();
        let new = out.chunks(4).filter(|p| p[..3] == [30, 30, 200]).count();
        (old as f32 / n as f32, new as f32 / n as f32)
    }

    fn all_params() -> Vec<Params> {
        Direction::WIPE.iter().map(|&direction| Params { direction, block_size: 8, seed: 3 }).collect()
    }

    #[test]
    fn every_type_starts_on_the_old_frame_and_ends_on_the_new() {
        for kind in TransitionKind::ALL {
            for p in all_params() {
                assert_eq!(shares(&run(kind, &p, 0.0)), (1.0, 0.0), "{kind:?} {p:?} at 0");
                assert_eq!(shares(&run(kind, &p, 1.0)), (0.0, 1.0), "{kind:?} {p:?} at 1");
            }
        }
    }

    #[test]
    fn mid_frames_show_both_photos_and_never_go_dark() {
        for kind in SOFTWARE_KINDS {
            for p in all_params() {
                for t in [0.25, 0.5, 0.75] {
                    let out = run(kind, &p, t);
                    let dark = out.chunks(4).filter(|px| px[..3].iter().all(|&c| c < 20)).count();
                    assert_eq!(dark, 0, "{kind:?} at {t}: no black pixels");
                    if kind != TransitionKind::Crossfade {
                        let (o, n) = shares(&out);
                        assert!(o > 0.05 && n > 0.05, "{kind:?} {p:?} at {t}: old {o}, new {n}");
                    }
                }
            }
        }
        let mid = run(TransitionKind::Crossfade, &Params::default(), 0.5);
        assert_eq!(&mid[..4], &[115, 30, 115, 255], "a crossfade halfway is the mean");
    }

    #[test]
    fn wipe_and_slide_reveal_from_the_side_they_name() {
        let p = |direction| Params { direction, ..Params::default() };
        let px = |out: &[u8], x: u32, y: u32| out[((y * W + x) * 4) as usize];
        let l2r = run(TransitionKind::Wipe, &p(Direction::LeftToRight), 0.3);
        assert_eq!((px(&l2r, 0, 20), px(&l2r, W - 1, 20)), (30, 200), "new at the left, old at the right");
        let b2t = run(TransitionKind::Slide, &p(Direction::BottomToTop), 0.3);
        assert_eq!((px(&b2t, 10, 0), px(&b2t, 10, H - 1)), (200, 30), "new enters at the bottom");
        let r2l = run(TransitionKind::Slide, &p(Direction::RightToLeft), 0.5);
        assert_eq!((px(&r2l, 0, 0), px(&r2l, W - 1, 0)), (200, 30));
    }

    #[test]
    fn span_copies_match_the_per_pixel_definition() {
        let (w, h) = (37usize, 23usize);
        let old: Vec<u8> = (0..w * h * 4).map(|i| (i % 251) as u8).collect();
        let new: Vec<u8> = (0..w * h * 4).map(|i| 255 - (i % 241) as u8).collect();
        for t in [0.01, 0.2, 0.5, 0.77, 0.99] {
            for d in Direction::WIPE {
                let mut fast = vec![0; old.len()];
                wipe(d, &old, &new, w, h, t, &mut fast);
                let mut slow = vec![0; old.len()];
                by_pixel(&old, &new, w, h, &mut slow, |x, y| u32::from(wipe_axis(d, x, y, w, h) < t) * 256);
                assert_eq!(fast, slow, "wipe {d:?} at {t}");
            }
            let p = Params { block_size: 5, seed: 9, ..Params::default() };
            let mut fast = vec![0; old.len()];
            diffuse(&p, &old, &new, w, h, t, &mut fast);
            let mut slow = vec![0; old.len()];
            by_pixel(&old, &new, w, h, &mut slow, |x, y| u32::from(block_threshold(9, x / 5, y / 5) < t) * 256);
            assert_eq!(fast, slow, "diffuse at {t}");
        }
    }

    #[test]
    fn blinds_runs_match_the_per_pixel_mix() {
        let (w, h) = (53usize, 7usize);
        let old: Vec<u8> = (0..w * h * 4).map(|i| (i % 251) as u8).collect();
        let new: Vec<u8> = (0..w * h * 4).map(|i| 255 - (i % 241) as u8).collect();
        for t in [0.05, 0.3, 0.6, 0.97] {
            let a = blinds_alpha_row(w, t);
            let mut fast = vec![0; old.len()];
            by_column_weights(&old, &new, w, h, &a, &mut fast);
            let mut slow = vec![0; old.len()];
            by_pixel(&old, &new, w, h, &mut slow, |x, _| a[x]);
            assert_eq!(fast, slow, "blinds at {t}");
        }
    }

    #[test]
    fn unsupported_types_are_drawn_as_crossfade_and_sizes_must_match() {
        let p = Params::default();
        assert_eq!(run(TransitionKind::Particle, &p, 0.4), run(TransitionKind::Crossfade, &p, 0.4));
        let a = solid([0, 0, 0]);
        let small = Frame { width: 2, height: 2, pixels: &a[..16] };
        let big = Frame { width: W, height: H, pixels: &a };
        let mut out = vec![0; a.len()];
        assert_eq!(composite(TransitionKind::Wipe, &p, big, small, 0.5, &mut out), Err(CompositeError::SizeMismatch(W, H, 2, 2)));
    }
}
