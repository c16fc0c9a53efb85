//! Group B's cut-up layers: the grid and each cell's start (0..1) for the Diffuse and Block
//! Puzzle Flip layers of `ui/saver.slint`, the columns of Blinds and the strips of Peel, and
//! the photos cut into those pieces. Each piece is an image of its own size: femtovg keeps one
//! texture per image element, so a cell that clipped the whole photo cost a full-screen texture
//! (336 of them for a 24 x 14 grid: gigabytes on software GL). Grids are capped so the window
//! draws a few hundred images a frame, not thousands.

use slint::{Rgba8Pixel, SharedPixelBuffer};
use srpss_core::rng::Rng;
use srpss_core::transition::Direction;

/// Blinds' columns and Peel's strips.
pub const BLINDS: u32 = 14;
pub const PEEL_STRIPS: u32 = 12;

/// A piece's place in whole physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// `count` bands across `length` pixels, edges rounded to whole pixels (every pixel in exactly
/// one band): (start, length) of each.
fn spans(length: u32, count: u32) -> impl Iterator<Item = (u32, u32)> {
    let edge = move |i: u32| (f64::from(i) * f64::from(length) / f64::from(count.max(1))).round() as u32;
    (0..count).map(move |i| (edge(i), edge(i + 1) - edge(i)))
}

/// `count` bands side by side (`across` = columns) or stacked (rows) over a w x h window.
pub fn bands(width: u32, height: u32, count: u32, across: bool) -> Vec<Rect> {
    if across {
        spans(width, count).map(|(x, w)| Rect { x, y: 0, width: w, height }).collect()
    } else {
        spans(height, count).map(|(y, h)| Rect { x: 0, y, width, height: h }).collect()
    }
}

/// The part `r` of a photo as its own image (None: the photo does not cover it).
pub fn cut(photo: &SharedPixelBuffer<Rgba8Pixel>, r: Rect) -> Option<slint::Image> {
    let (pw, ph) = (photo.width(), photo.height());
    if r.width == 0 || r.height == 0 || r.x + r.width > pw || r.y + r.height > ph {
        return None;
    }
    let mut piece = SharedPixelBuffer::<Rgba8Pixel>::new(r.width, r.height);
    let (src, row) = (photo.as_bytes(), r.width as usize * 4);
    for (y, out) in piece.make_mut_bytes().chunks_exact_mut(row).enumerate() {
        let from = ((r.y as usize + y) * pw as usize + r.x as usize) * 4;
        out.copy_from_slice(&src[from..from + row]);
    }
    Some(slint::Image::from_rgba8(piece))
}

/// At most this many columns in group B's grids (rows follow the aspect).
pub const MAX_COLS: u32 = 24;

/// A grid and the start of each cell, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    pub cols: u32,
    pub rows: u32,
    pub starts: Vec<f32>,
}

impl Cells {
    /// Each cell's place in a w x h window, row by row (the order of `starts`).
    pub fn rects(&self, width: u32, height: u32) -> Vec<Rect> {
        let rows: Vec<(u32, u32)> = spans(height, self.rows).collect();
        let cols: Vec<(u32, u32)> = spans(width, self.cols).collect();
        rows.iter().flat_map(|&(y, h)| cols.iter().map(move |&(x, w)| Rect { x, y, width: w, height: h })).collect()
    }
}

fn rows_for(cols: u32, width: u32, height: u32) -> u32 {
    ((cols as f32 * height as f32 / width.max(1) as f32).round() as u32).max(1)
}

/// Diffuse: cells of `block_size` pixels (larger if the grid would exceed `MAX_COLS`), each
/// starting at pow(random, 1.35) x 0.82, as the shader does.
pub fn diffuse(width: u32, height: u32, block_size: u32, seed: u64) -> Cells {
    let cols = width.div_ceil(block_size.max(4)).clamp(1, MAX_COLS);
    let rows = rows_for(cols, width, height);
    let mut rng = Rng::new(seed);
    let starts = (0..cols * rows).map(|_| (rng.unit().powf(1.35) * 0.82) as f32).collect();
    Cells { cols, rows, starts }
}

/// Block Puzzle Flip: square blocks, each starting by its distance from the leading edge plus
/// a jitter of +-0.35/max(cols, rows) (random order for a diagonal), scaled so the last block
/// ends its turn at 1.
pub fn block_flip(width: u32, height: u32, cols: u32, direction: Direction, seed: u64, flip: f32) -> Cells {
    let cols = cols.clamp(2, MAX_COLS);
    let rows = rows_for(cols, width, height).max(2);
    let mut rng = Rng::new(seed);
    let mut starts = Vec::with_capacity((cols * rows) as usize);
    for r in 0..rows {
        for c in 0..cols {
            let (x, y) = ((c as f32 + 0.5) / cols as f32, (r as f32 + 0.5) / rows as f32);
            let order = match direction {
                Direction::LeftToRight => x + (y - 0.5).abs() * 0.2,
                Direction::RightToLeft => 1.0 - x + (y - 0.5).abs() * 0.2,
                Direction::TopToBottom => y + (x - 0.5).abs() * 0.2,
                Direction::BottomToTop => 1.0 - y + (x - 0.5).abs() * 0.2,
                Direction::DiagonalTlBr | Direction::DiagonalTrBl => rng.unit() as f32,
            };
            let jitter = (rng.unit() as f32 - 0.5) * 0.7 / cols.max(rows) as f32;
            starts.push(((order + jitter) / 1.1).clamp(0.0, 1.0) * (1.0 - flip));
        }
    }
    Cells { cols, rows, starts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_are_capped_and_every_cell_finishes_by_the_end() {
        let d = diffuse(1920, 1080, 18, 3);
        assert_eq!((d.cols, d.rows), (24, 14));
        assert!(d.starts.iter().all(|&s| (0.0..=0.82).contains(&s)), "each cell has its 0.18 window before 1");
        let f = block_flip(1920, 1080, 48, Direction::LeftToRight, 3, 0.1);
        assert_eq!(f.starts.len(), (f.cols * f.rows) as usize);
        assert!(f.starts.iter().all(|&s| s + 0.1 <= 1.0 + 1e-6), "every block has turned by progress 1");
    }

    #[test]
    fn pieces_tile_the_window_exactly() {
        let cells = diffuse(1918, 1081, 18, 1);
        let rects = cells.rects(1918, 1081);
        assert_eq!(rects.len(), cells.starts.len());
        let area: u64 = rects.iter().map(|r| u64::from(r.width) * u64::from(r.height)).sum();
        assert_eq!(area, 1918 * 1081, "every pixel in exactly one cell");
        assert_eq!(rects.last().map(|r| (r.x + r.width, r.y + r.height)), Some((1918, 1081)));
        for across in [true, false] {
            let b = bands(641, 479, BLINDS, across);
            let total: u32 = b.iter().map(|r| if across { r.width } else { r.height }).sum();
            assert_eq!(total, if across { 641 } else { 479 });
        }
    }

    #[test]
    fn a_piece_is_its_part_of_the_photo() {
        let mut photo = SharedPixelBuffer::<Rgba8Pixel>::new(8, 4);
        for (i, p) in photo.make_mut_slice().iter_mut().enumerate() {
            *p = Rgba8Pixel { r: i as u8, g: 0, b: 0, a: 255 };
        }
        let piece = cut(&photo, Rect { x: 2, y: 1, width: 3, height: 2 }).and_then(|i| i.to_rgba8()).expect("inside the photo");
        let reds: Vec<u8> = piece.as_slice().iter().map(|p| p.r).collect();
        assert_eq!(reds, vec![10, 11, 12, 18, 19, 20]);
        assert!(cut(&photo, Rect { x: 6, y: 0, width: 3, height: 1 }).is_none(), "outside the photo");
    }

    #[test]
    fn block_flip_starts_from_the_leading_edge() {
        let f = block_flip(1600, 900, 16, Direction::RightToLeft, 1, 0.1);
        let row = &f.starts[..f.cols as usize];
        assert!(row[f.cols as usize - 1] < row[0], "right to left: the rightmost block turns first");
    }
}
