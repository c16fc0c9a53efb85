//! `[transitions]`: type, random pool, durations, easing, watchdog and per-type parameters.

use super::transition_params::{BlockFlipSettings, CrumbleSettings, DiffuseSettings, ParticleSettings};
use crate::easing::Easing;
use crate::transition::{DirectionChoice, TransitionKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransitionSettings {
    /// Transition type (`type` in the original's files).
    #[serde(rename = "type")]
    pub kind: TransitionKind,
    pub random_always: bool,
    /// Global duration, 100–15000 ms; per-type values in `durations` win.
    pub duration_ms: u32,
    pub durations: BTreeMap<String, u32>,
    pub easing: Easing,
    /// Seconds before a stuck transition is snapped to its end.
    pub watchdog_timeout_sec: f32,
    /// Per type: may random selection and the C key choose it (explicit selection always may).
    pub pool: BTreeMap<String, bool>,
    pub slide: DirectionSettings,
    pub wipe: DirectionSettings,
    pub peel: DirectionSettings,
    pub blockspin: DirectionSettings,
    pub diffuse: DiffuseSettings,
    pub block_flip: BlockFlipSettings,
    pub crumble: CrumbleSettings,
    pub particle: ParticleSettings,
}

/// `[transitions.<type>]` of the types that travel in a direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DirectionSettings {
    pub direction: DirectionChoice,
}

impl TransitionSettings {
    /// The duration for the configured transition type.
    pub fn current_duration_ms(&self) -> u32 {
        self.duration_of(self.kind)
    }

    /// The duration for `kind`: its own, else the global one.
    pub fn duration_of(&self, kind: TransitionKind) -> u32 {
        self.durations.get(kind.name()).copied().unwrap_or(self.duration_ms)
    }

    /// The direction setting of `kind` (Random for types without one).
    pub fn direction_of(&self, kind: TransitionKind) -> DirectionChoice {
        match kind {
            TransitionKind::Slide | TransitionKind::BlockPuzzleFlip => self.slide.direction,
            TransitionKind::Wipe => self.wipe.direction,
            TransitionKind::Peel => self.peel.direction,
            TransitionKind::BlockSpins => self.blockspin.direction,
            _ => DirectionChoice::Random,
        }
    }
}

pub(super) fn durations(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

impl Default for TransitionSettings {
    fn default() -> Self {
        Self {
            kind: TransitionKind::Particle,
            // The SST file says false; we pick from the pool by default (issue 4).
            random_always: true,
            duration_ms: 13639,
            durations: durations(&[
                ("3D Block Spins", 9504),
                ("Blinds", 3000),
                ("Block Puzzle Flip", 4560),
                ("Crossfade", 6199),
                ("Crumble", 13179),
                ("Diffuse", 3523),
                ("Particle", 13639),
                ("Peel", 6789),
                ("Ripple", 12163),
                ("Slide", 5032),
                ("Warp Dissolve", 11708),
                ("Wipe", 4520),
            ]),
            easing: Easing::Auto,
            watchdog_timeout_sec: 18.0,
            // SST: every type in the pool but Crossfade and Peel.
            pool: TransitionKind::ALL.iter().map(|k| (k.name().to_string(), !matches!(k, TransitionKind::Crossfade | TransitionKind::Peel))).collect(),
            slide: DirectionSettings::default(),
            wipe: DirectionSettings::default(),
            peel: DirectionSettings::default(),
            blockspin: DirectionSettings::default(),
            diffuse: DiffuseSettings::default(),
            block_flip: BlockFlipSettings::default(),
            crumble: CrumbleSettings::default(),
            particle: ParticleSettings::default(),
        }
    }
}
