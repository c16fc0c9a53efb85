//! The visualizer's bars as pixels (upstream-srpss.md §6.4, the GPU bars' geometry): margins
//! 8 × 6, bar gap 2, segment gap 1, inset 5, integer bar and segment sizes centred; a bar lights
//! `round(min(1, value × 1.2) × segments)` segments and never fewer than one (the idle floor);
//! each lit segment is the fill colour inside a 1 px border; ghost segments above the bar show
//! its falling peak in the border colour, fading toward the top. Drawn on the CPU into a small
//! RGBA buffer: a few thousand pixels a frame, the same in every render group and in goldens.

use crate::settings::{Rgba, VisualizerWidget};

const MARGIN_X: u32 = 8;
const MARGIN_Y: u32 = 6;
const BAR_GAP: u32 = 2;
const SEGMENT_GAP: u32 = 1;
const INSET: u32 = 5;
const DRIVE: f32 = 1.2;

#[derive(Debug, Clone, PartialEq)]
pub struct BarStyle {
    pub segments: u32,
    pub fill: Rgba,
    /// The border colour with its opacity applied.
    pub border: Rgba,
    /// Ghost alpha (None: ghosting off).
    pub ghost: Option<f32>,
    /// Ghost peaks fall this share of the height per second (before the gap factor).
    pub ghost_decay: f32,
}

impl BarStyle {
    pub fn from_settings(v: &VisualizerWidget) -> Self {
        let [r, g, b, a] = v.bar_border_color.0;
        BarStyle {
            segments: v.bar_segments.clamp(4, 32),
            fill: v.bar_fill_color,
            border: Rgba([r, g, b, (a as f32 * v.bar_border_opacity.clamp(0.0, 1.0)).round() as u8]),
            ghost: v.ghosting_enabled.then_some(v.ghost_alpha.clamp(0.0, 1.0)),
            ghost_decay: v.ghost_decay.clamp(0.1, 1.0),
        }
    }
}

/// Segments lit for a bar value (at least one).
pub fn lit_segments(value: f32, segments: u32) -> u32 {
    ((value * DRIVE).clamp(0.0, 1.0) * segments as f32).round().max(1.0) as u32
}

/// Each bar's falling peak.
#[derive(Debug, Clone, Default)]
pub struct Ghosts {
    pub peaks: Vec<f32>,
}

impl Ghosts {
    /// Follows `bars` after `dt_s` seconds: a peak jumps up with its bar and falls at
    /// `decay` per second, faster the further it is above the bar (× 0.75–1.5).
    pub fn update(&mut self, bars: &[f32], dt_s: f32, decay: f32) {
        self.peaks.resize(bars.len(), 0.0);
        for (p, b) in self.peaks.iter_mut().zip(bars) {
            let gap = (*p - b).clamp(0.0, 1.0);
            let fall = decay * (0.75 + 0.75 * gap) * dt_s.max(0.0);
            *p = (*p - fall).max(*b);
        }
    }
}

/// The geometry: (bar width, segment height, first bar x, bottom y) for `count` bars.
fn geometry(count: u32, segments: u32, w: u32, h: u32) -> Option<(u32, u32, u32, u32)> {
    let inner_w = w.checked_sub(2 * (MARGIN_X + INSET))?;
    let inner_h = h.checked_sub(2 * (MARGIN_Y + INSET))?;
    let bar_w = inner_w.checked_sub(BAR_GAP * count.saturating_sub(1))? / count.max(1);
    let seg_h = inner_h.checked_sub(SEGMENT_GAP * segments.saturating_sub(1))? / segments.max(1);
    if bar_w == 0 || seg_h == 0 {
        return None;
    }
    let used_w = bar_w * count + BAR_GAP * count.saturating_sub(1);
    let used_h = seg_h * segments + SEGMENT_GAP * segments.saturating_sub(1);
    let x0 = MARGIN_X + INSET + (inner_w - used_w) / 2;
    let bottom = MARGIN_Y + INSET + (inner_h - used_h) / 2 + used_h;
    Some((bar_w, seg_h, x0, bottom))
}

/// Draws `bars` (0–1) with their ghost `peaks` into a transparent `w` × `h` RGBA buffer.
pub fn draw(bars: &[f32], peaks: &[f32], style: &BarStyle, w: u32, h: u32) -> Vec<u8> {
    let mut px = vec![0u8; (w * h * 4) as usize];
    let count = bars.len() as u32;
    let Some((bar_w, seg_h, x0, bottom)) = geometry(count, style.segments, w, h) else { return px };
    let mut rect = |x: u32, y: u32, rw: u32, rh: u32, c: Rgba, alpha: f32| {
        let a = (c.0[3] as f32 * alpha).round().clamp(0.0, 255.0) as u8;
        for row in y..(y + rh).min(h) {
            let start = ((row * w + x) * 4) as usize;
            for p in px[start..start + (rw.min(w - x) * 4) as usize].chunks_exact_mut(4) {
                p.copy_from_slice(&[c.0[0], c.0[1], c.0[2], a]);
            }
        }
    };
    for (i, v) in bars.iter().enumerate() {
        let x = x0 + i as u32 * (bar_w + BAR_GAP);
        let lit = lit_segments(*v, style.segments);
        for s in 0..lit {
            let y = bottom - (s + 1) * seg_h - s * SEGMENT_GAP;
            rect(x, y, bar_w, seg_h, style.border, 1.0);
            if bar_w > 2 && seg_h > 2 {
                rect(x + 1, y + 1, bar_w - 2, seg_h - 2, style.fill, 1.0);
            }
        }
        let Some(ghost_alpha) = style.ghost else { continue };
        let top = lit_segments(peaks.get(i).copied().unwrap_or(0.0), style.segments);
        let trail = top.saturating_sub(lit);
        for k in 0..trail {
            let s = lit + k;
            let y = bottom - (s + 1) * seg_h - s * SEGMENT_GAP;
            // Brightest at the peak, fading down toward the bar.
            let falloff = (k + 1) as f32 / trail as f32;
            rect(x, y, bar_w, seg_h, style.border, ghost_alpha * falloff);
        }
    }
    px
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> BarStyle {
        BarStyle::from_settings(&VisualizerWidget::default())
    }

    fn lit_rows(px: &[u8], w: u32, h: u32, x: u32) -> u32 {
        (0..h).filter(|y| px[((y * w + x) * 4 + 3) as usize] == 255).count() as u32
    }

    #[test]
    fn at_rest_one_segment_is_lit_and_full_lights_all() {
        assert_eq!(lit_segments(0.0, 18), 1);
        assert_eq!(lit_segments(0.5, 18), 11);
        assert_eq!(lit_segments(0.9, 18), 18);
        let (w, h) = (300, 88);
        let px = draw(&[0.0, 1.0], &[0.0, 1.0], &style(), w, h);
        let (bar_w, seg_h, x0, _) = geometry(2, 18, w, h).unwrap();
        let (rest, full) = (lit_rows(&px, w, h, x0 + 1), lit_rows(&px, w, h, x0 + bar_w + BAR_GAP + 1));
        assert_eq!(rest, seg_h, "one segment");
        assert_eq!(full, 18 * seg_h);
    }

    #[test]
    fn a_ghost_trails_above_a_falling_bar() {
        let (w, h) = (200, 88);
        let px = draw(&[0.1], &[0.8], &style(), w, h);
        let (_, _, x0, bottom) = geometry(1, 18, w, h).unwrap();
        let ghosted = (0..bottom).filter(|y| {
            let a = px[((y * w + x0 + 2) * 4 + 3) as usize];
            a > 0 && a < 255
        });
        assert!(ghosted.count() > 10, "ghost segments are drawn translucent above the bar");
        let mut g = Ghosts::default();
        g.update(&[0.8], 0.0, 0.35);
        g.update(&[0.0], 1.0, 0.35);
        assert!(g.peaks[0] < 0.8 && g.peaks[0] > 0.0, "{:?}", g.peaks);
    }
}
