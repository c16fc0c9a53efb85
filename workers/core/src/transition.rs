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

    /// Parses a name as typed on a command line: any case, words joined by spaces, dashes or
    /// underscores (`block-puzzle-flip`, `3d_block_spins`, `Warp Dissolve`).
    pub fn from_loose_name(name: &str) -> Option<Self> {
        Self::from_name(&name.replace(['-', '_'], " "))
    }

    /// The next type in C-key order.
    pub fn cycled(self) -> Self {
        let i = Self::ALL.iter().position(|&k| k == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// Where a directional transition travels (the original's Slide, Wipe and Peel directions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
    TopToBottom,
    BottomToTop,
    /// Wipe only.
    DiagonalTlBr,
    /// Wipe only.
    DiagonalTrBl,
}

impl Direction {
    /// The four cardinal directions (Slide, Peel, 3D Block Spins).
    pub const CARDINAL: [Direction; 4] = [Direction::LeftToRight, Direction::RightToLeft, Direction::TopToBottom, Direction::BottomToTop];
    /// Wipe's six.
    pub const WIPE: [Direction; 6] = [
        Direction::LeftToRight,
        Direction::RightToLeft,
        Direction::TopToBottom,
        Direction::BottomToTop,
        Direction::DiagonalTlBr,
        Direction::DiagonalTrBl,
    ];

    /// The original's names ("Left to Right", "Diagonal TL-BR", ...).
    pub fn name(self) -> &'static str {
        match self {
            Direction::LeftToRight => "Left to Right",
            Direction::RightToLeft => "Right to Left",
            Direction::TopToBottom => "Top to Bottom",
            Direction::BottomToTop => "Bottom to Top",
            Direction::DiagonalTlBr => "Diagonal TL-BR",
            Direction::DiagonalTrBl => "Diagonal TR-BL",
        }
    }

    /// Parses the original's names in any case, with spaces or dashes.
    pub fn from_name(name: &str) -> Option<Self> {
        let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_', ' '], "");
        let n = norm(name);
        Self::WIPE.into_iter().find(|d| norm(d.name()) == n)
    }
}

impl TransitionKind {
    /// Types the original offers only with hardware acceleration (`display.hw_accel`).
    pub fn gl_only(self) -> bool {
        !matches!(self, TransitionKind::Crossfade | TransitionKind::Slide | TransitionKind::Wipe | TransitionKind::Diffuse | TransitionKind::BlockPuzzleFlip)
    }

    /// The directions this type can take, if it has any.
    pub fn directions(self) -> &'static [Direction] {
        match self {
            TransitionKind::Wipe => &Direction::WIPE,
            TransitionKind::Slide | TransitionKind::Peel | TransitionKind::BlockSpins | TransitionKind::BlockPuzzleFlip => &Direction::CARDINAL,
            _ => &[],
        }
    }
}

/// A direction setting: one direction, or a new one each time that never repeats the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DirectionChoice {
    #[default]
    Random,
    Fixed(Direction),
}

impl Serialize for DirectionChoice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            DirectionChoice::Random => "Random",
            DirectionChoice::Fixed(d) => d.name(),
        })
    }
}

impl<'de> Deserialize<'de> for DirectionChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if name.trim().eq_ignore_ascii_case("random") {
            return Ok(DirectionChoice::Random);
        }
        Direction::from_name(&name).map(DirectionChoice::Fixed).ok_or_else(|| {
            let known: Vec<&str> = Direction::WIPE.iter().map(|d| d.name()).collect();
            serde::de::Error::custom(format!("unknown direction {name:?} (Random, {})", known.join(", ")))
        })
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
    fn loose_names_and_directions_parse() {
        assert_eq!(TransitionKind::from_loose_name("block-puzzle-flip"), Some(TransitionKind::BlockPuzzleFlip));
        assert_eq!(TransitionKind::from_loose_name("3D_BLOCK_SPINS"), Some(TransitionKind::BlockSpins));
        assert_eq!(TransitionKind::from_loose_name("warp-dissolve"), Some(TransitionKind::WarpDissolve));
        assert_eq!(TransitionKind::from_loose_name("crossfade"), Some(TransitionKind::Crossfade));
        for d in Direction::WIPE {
            assert_eq!(Direction::from_name(d.name()), Some(d));
        }
        assert_eq!(Direction::from_name("diagonal-tr-bl"), Some(Direction::DiagonalTrBl));
        assert_eq!(Direction::from_name("left to right"), Some(Direction::LeftToRight));
        assert_eq!(Direction::from_name("sideways"), None);
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
