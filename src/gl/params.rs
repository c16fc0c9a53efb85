//! The uniforms of one transition run, from the settings and the run's choices.

use srpss_core::settings::{CrumbleSettings, DiffuseShape, ParticleSettings, TransitionSettings};
use srpss_core::transition::{Direction, TransitionKind};

/// The block flip's share of the timeline: each block turns in 500 ms of duration + 500 ms.
const FLIP_MS: f32 = 500.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShaderParams {
    pub direction: Direction,
    pub seed: u64,
    pub block_size: u32,
    pub diffuse_shape: DiffuseShape,
    /// Block puzzle flip columns (the setting's cols x 2).
    pub flip_cols: u32,
    /// Block puzzle flip: one block's turn as a fraction of the whole transition.
    pub flip_fraction: f32,
    pub peel_strips: u32,
    pub crumble: CrumbleSettings,
    pub particle: ParticleSettings,
}

impl Default for ShaderParams {
    fn default() -> Self {
        Self::from_settings(&TransitionSettings::default(), Direction::LeftToRight, 0)
    }
}

impl ShaderParams {
    pub fn from_settings(t: &TransitionSettings, direction: Direction, seed: u64) -> Self {
        let flip_ms = t.duration_of(TransitionKind::BlockPuzzleFlip) as f32;
        Self {
            direction,
            seed,
            block_size: t.diffuse.block_size.clamp(4, 256),
            diffuse_shape: t.diffuse.shape,
            flip_cols: t.block_flip.cols.clamp(2, 25) * 2,
            flip_fraction: FLIP_MS / (flip_ms + FLIP_MS),
            peel_strips: 12,
            crumble: t.crumble,
            particle: t.particle,
        }
    }

    /// `uDirection`: 0 L2R, 1 R2L, 2 T2B, 3 B2T, 4 TL-BR, 5 TR-BL. Types that only travel
    /// along the four cardinals take a diagonal as left to right or right to left.
    pub fn direction_index(&self, kind: TransitionKind) -> i32 {
        let d = match self.direction {
            Direction::LeftToRight => 0,
            Direction::RightToLeft => 1,
            Direction::TopToBottom => 2,
            Direction::BottomToTop => 3,
            Direction::DiagonalTlBr => 4,
            Direction::DiagonalTrBl => 5,
        };
        match kind {
            TransitionKind::Wipe | TransitionKind::BlockPuzzleFlip => d,
            _ if d == 4 => 0,
            _ if d == 5 => 1,
            _ => d,
        }
    }

    /// 3D Block Spins: the axis (0 vertical for left/right, 1 horizontal) and turn sense.
    pub fn spin(&self) -> (i32, f32) {
        match self.direction {
            Direction::LeftToRight | Direction::DiagonalTlBr => (0, 1.0),
            Direction::RightToLeft | Direction::DiagonalTrBl => (0, -1.0),
            Direction::TopToBottom => (1, -1.0),
            Direction::BottomToTop => (1, 1.0),
        }
    }

    /// A seed small enough to stay exact in a float uniform.
    pub fn seed_uniform(&self) -> f32 {
        (self.seed % 997) as f32
    }
}
