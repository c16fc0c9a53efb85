//! Soft drop shadows for the overlay's cards, drawn once on the CPU: a rounded rectangle's
//! coverage blurred by three box passes (close to a Gaussian). The UI shows the result as a
//! still image under the card, so a frame costs one textured quad instead of a blur.

/// An alpha mask `width + 2 * pad` by `height + 2 * pad` (pad = the blur radius, rounded up):
/// the rounded rectangle `width` x `height` with corner `radius`, blurred by `blur` pixels.
/// With `hole = Some((dx, dy))` the card itself, moved by (dx, dy) against the shadow (minus
/// the shadow's offset), is cut out: like CSS's box-shadow, nothing is drawn under a
/// translucent card.
#[derive(Debug, Clone, PartialEq)]
pub struct ShadowMask {
    pub width: u32,
    pub height: u32,
    pub pad: u32,
    pub alpha: Vec<u8>,
}

/// Largest shadow side accepted (a bigger card is shadowed at this size's cost anyway).
const MAX_SIDE: u32 = 4096;

pub fn rounded_rect(width: u32, height: u32, radius: f32, blur: f32, hole: Option<(f32, f32)>) -> ShadowMask {
    let pad = blur.max(0.0).ceil() as u32;
    let (w, h) = ((width + 2 * pad).min(MAX_SIDE), (height + 2 * pad).min(MAX_SIDE));
    let r = radius.max(0.0).min(width.min(height) as f32 / 2.0);
    let mut a = vec![0f32; w as usize * h as usize];
    // Coverage of the rounded rectangle centred at (cx, cy), from its signed distance.
    let (hx, hy) = (width as f32 / 2.0 - r, height as f32 / 2.0 - r);
    let cover = |x: u32, y: u32, cx: f32, cy: f32| {
        let qx = (x as f32 + 0.5 - cx).abs() - hx;
        let qy = (y as f32 + 0.5 - cy).abs() - hy;
        let outside = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt();
        (0.5 - (outside + qx.max(qy).min(0.0) - r)).clamp(0.0, 1.0)
    };
    let (cx, cy) = (pad as f32 + width as f32 / 2.0, pad as f32 + height as f32 / 2.0);
    for y in 0..h {
        for x in 0..w {
            a[(y * w + x) as usize] = cover(x, y, cx, cy);
        }
    }
    let box_r = (blur / 2.0).round() as usize;
    if box_r > 0 {
        let mut tmp = vec![0f32; a.len()];
        for _ in 0..3 {
            box_pass(&a, &mut tmp, w as usize, h as usize, box_r, true);
            box_pass(&tmp, &mut a, w as usize, h as usize, box_r, false);
        }
    }
    if let Some((dx, dy)) = hole {
        for y in 0..h {
            for x in 0..w {
                a[(y * w + x) as usize] *= 1.0 - cover(x, y, cx + dx, cy + dy);
            }
        }
    }
    ShadowMask { width: w, height: h, pad, alpha: a.iter().map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8).collect() }
}

/// A running-sum box blur of radius `r` along rows (`horizontal`) or columns.
fn box_pass(src: &[f32], dst: &mut [f32], w: usize, h: usize, r: usize, horizontal: bool) {
    let (lines, len) = if horizontal { (h, w) } else { (w, h) };
    let at = |line: usize, i: usize| if horizontal { line * w + i } else { i * w + line };
    let norm = 1.0 / (2 * r + 1) as f32;
    for line in 0..lines {
        let mut sum = 0.0;
        for i in 0..=r.min(len - 1) {
            sum += src[at(line, i)];
        }
        for i in 0..len {
            dst[at(line, i)] = sum * norm;
            if i + r + 1 < len {
                sum += src[at(line, i + r + 1)];
            }
            if i >= r {
                sum -= src[at(line, i - r)];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solid_inside_soft_outside_and_symmetric() {
        let m = rounded_rect(100, 60, 8.0, 20.0, None);
        assert_eq!((m.width, m.height, m.pad), (140, 100, 20));
        let a = |x: u32, y: u32| m.alpha[(y * m.width + x) as usize];
        assert_eq!(a(70, 50), 255, "the middle is fully covered");
        assert_eq!(a(0, 0), 0, "the far corner is clear");
        assert!(a(20, 50) > 60 && a(20, 50) < 200, "the edge is soft: {}", a(20, 50));
        assert_eq!(a(10, 50), a(129, 50), "left and right match");
        let sharp = rounded_rect(10, 10, 0.0, 0.0, None);
        assert_eq!(sharp.alpha.iter().filter(|v| **v == 255).count(), 100);
    }

    #[test]
    fn the_card_is_cut_out_where_it_covers_the_shadow() {
        let m = rounded_rect(100, 60, 8.0, 20.0, Some((-4.0, -4.0)));
        let a = |x: u32, y: u32| m.alpha[(y * m.width + x) as usize];
        assert_eq!(a(70, 50), 0, "nothing under the card");
        assert!(a(120, 80) > a(12, 12), "the shadow shows beyond the card on its offset side: {} vs {}", a(120, 80), a(12, 12));
    }

    #[test]
    fn a_circle_is_a_fully_rounded_square() {
        let c = rounded_rect(50, 50, 25.0, 0.0, None);
        assert_eq!(c.alpha[0], 0, "corner outside the circle");
        assert_eq!(c.alpha[(25 * 50 + 25) as usize], 255);
    }
}
