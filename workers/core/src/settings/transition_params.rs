//! Per-type parameters of the shader transitions (`[transitions.diffuse]`, `.block_flip`,
//! `.crumble`, `.particle`), with the SST profile's defaults (upstream-srpss.md §5.3, §0).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DiffuseShape {
    #[default]
    Rectangle,
    /// Soft overlapping circles (shader group only; the others draw rectangles).
    Membrane,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiffuseSettings {
    /// Block edge in pixels, 4–256.
    pub block_size: u32,
    pub shape: DiffuseShape,
}

impl Default for DiffuseSettings {
    fn default() -> Self {
        Self { block_size: 18, shape: DiffuseShape::Rectangle }
    }
}

/// `[transitions.block_flip]`: the grid is `cols x 2` square blocks across; `rows` is kept
/// for the original's files but the row count follows from the screen's aspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockFlipSettings {
    pub rows: u32,
    pub cols: u32,
}

impl Default for BlockFlipSettings {
    fn default() -> Self {
        Self { rows: 12, cols: 24 }
    }
}

/// Which pieces of a crumbling photo fall first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CrumbleWeighting {
    #[serde(rename = "Top Weighted")]
    Top,
    #[serde(rename = "Bottom Weighted")]
    Bottom,
    #[serde(rename = "Random Weighted")]
    RandomWeighted,
    #[default]
    #[serde(rename = "Random Choice")]
    RandomChoice,
    #[serde(rename = "Age Weighted")]
    Age,
}

impl CrumbleWeighting {
    /// The shader's `uWeighting` (the original's numbering).
    pub fn index(self) -> i32 {
        self as i32
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrumbleSettings {
    /// Pieces across the screen, 4–16.
    pub piece_count: u32,
    /// 0.5–2.0: wider, busier cracks.
    pub crack_complexity: f32,
    pub weighting: CrumbleWeighting,
}

impl Default for CrumbleSettings {
    fn default() -> Self {
        Self { piece_count: 14, crack_complexity: 1.0, weighting: CrumbleWeighting::RandomChoice }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ParticleMode {
    Directional,
    Swirl,
    #[default]
    Converge,
}

impl ParticleMode {
    pub fn index(self) -> i32 {
        self as i32
    }
}

/// `[transitions.particle]`. `direction`: 0 L→R, 1 R→L, 2 T→B, 3 B→T, 4 TL→BR, 5 TR→BL,
/// 6 BL→TR, 7 BR→TL, 8 a random one per run, 9 a random one per particle. `swirl_order`:
/// 0 typical, 1 centre outward, 2 edges inward. `light_direction`: 0 top-left, 1 top-right,
/// 2 centre, 3 bottom-left, 4 bottom-right.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ParticleSettings {
    pub mode: ParticleMode,
    pub direction: u32,
    /// Ball radius in pixels, 8–64.
    pub particle_radius: f32,
    pub trail_length: f32,
    pub trail_strength: f32,
    pub swirl_turns: f32,
    pub swirl_order: u32,
    pub use_3d_shading: bool,
    pub texture_mapping: bool,
    pub wobble: bool,
    /// Specular exponent, 16–128.
    pub gloss_size: f32,
    pub light_direction: u32,
}

impl Default for ParticleSettings {
    fn default() -> Self {
        Self {
            mode: ParticleMode::Converge,
            direction: 0,
            particle_radius: 10.0,
            trail_length: 0.15,
            trail_strength: 0.6,
            swirl_turns: 2.0,
            swirl_order: 0,
            use_3d_shading: true,
            texture_mapping: true,
            wobble: false,
            gloss_size: 64.0,
            light_direction: 0,
        }
    }
}
