//! Group B's cell layouts: the grid and each cell's start (0..1) for the Diffuse and Block
//! Puzzle Flip layers of `ui/saver.slint`. Grids are capped so the window draws a few hundred
//! images a frame, not thousands.

use srpss_core::rng::Rng;
use srpss_core::transition::Direction;

/// At most this many columns in group B's grids (rows follow the aspect).
pub const MAX_COLS: u32 = 24;

/// A grid and the start of each cell, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    pub cols: u32,
    pub rows: u32,
    pub starts: Vec<f32>,
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
    fn block_flip_starts_from_the_leading_edge() {
        let f = block_flip(1600, 900, 16, Direction::RightToLeft, 1, 0.1);
        let row = &f.starts[..f.cols as usize];
        assert!(row[f.cols as usize - 1] < row[0], "right to left: the rightmost block turns first");
    }
}
