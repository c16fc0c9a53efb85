//! Transition types: names, C-key cycle order, legacy aliases (upstream-srpss.md §5.1).

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TransitionKind {
    Ripple,
    Wipe,
    #[serde(rename = "3D Block Spins")]
    BlockSpins,
    Diffuse,
    Slide,
    Crossfade,
    Peel,
    #[serde(rename = "Block Puzzle Flip")]
    BlockPuzzleFlip,
    #[serde(rename = "Warp Dissolve")]
    WarpDissolve,
    Blinds,
    Crumble,
    Particle,
}

impl TransitionKind {
    /// UI order and C-key cycle order.
    pub const ALL: [TransitionKind; 12] = [
        TransitionKind::Ripple,
        TransitionKind::Wipe,
        TransitionKind::BlockSpins,
        TransitionKind::Diffuse,
        TransitionKind::Slide,
        TransitionKind::Crossfade,
        TransitionKind::Peel,
        TransitionKind::BlockPuzzleFlip,
        TransitionKind::WarpDissolve,
        TransitionKind::Blinds,
        TransitionKind::Crumble,
        TransitionKind::Particle,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TransitionKind::Ripple => "Ripple",
            TransitionKind::Wipe => "Wipe",
            TransitionKind::BlockSpins => "3D Block Spins",
            TransitionKind::Diffuse => "Diffuse",
            TransitionKind::Slide => "Slide",
            TransitionKind::Crossfade => "Crossfade",
            TransitionKind::Peel => "Peel",
            TransitionKind::BlockPuzzleFlip => "Block Puzzle Flip",
            TransitionKind::WarpDissolve => "Warp Dissolve",
            TransitionKind::Blinds => "Blinds",
            TransitionKind::Crumble => "Crumble",
            TransitionKind::Particle => "Particle",
        }
    }

    /// Parses a name, accepting the original's legacy names ("Rain Drops" is Ripple; the
    /// retired "Shuffle" and "Claw Marks" became Crossfade).
    pub fn from_name(name: &str) -> Option<Self> {
        let n = name.trim();
        if n.eq_ignore_ascii_case("Rain Drops") {
            return Some(TransitionKind::Ripple);
        }
        if n.eq_ignore_ascii_case("Shuffle") || n.eq_ignore_ascii_case("Claw Marks") {
            return Some(TransitionKind::Crossfade);
        }
        Self::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(n))
    }

    /// The next type in C-key order.
    pub fn cycled(self) -> Self {
        let i = Self::ALL.iter().position(|&k| k == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

impl<'de> Deserialize<'de> for TransitionKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        TransitionKind::from_name(&name).ok_or_else(|| {
            let known: Vec<&str> = TransitionKind::ALL.iter().map(|k| k.name()).collect();
            serde::de::Error::custom(format!("unknown transition {name:?} (one of {})", known.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_legacy_aliases() {
        for k in TransitionKind::ALL {
            assert_eq!(TransitionKind::from_name(k.name()), Some(k));
        }
        assert_eq!(TransitionKind::from_name("rain drops"), Some(TransitionKind::Ripple));
        assert_eq!(TransitionKind::from_name("Claw Marks"), Some(TransitionKind::Crossfade));
        assert_eq!(TransitionKind::from_name("Sparkle"), None);
    }

    #[test]
    fn cycle_visits_all_twelve() {
        let mut k = TransitionKind::Ripple;
        let mut seen = vec![k];
        for _ in 0..11 {
            k = k.cycled();
            seen.push(k);
        }
        assert_eq!(seen, TransitionKind::ALL.to_vec());
        assert_eq!(k.cycled(), TransitionKind::Ripple);
    }
}
