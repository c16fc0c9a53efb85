//! Which transition the next change uses (upstream-srpss.md §5.5): with `random_always`, a type
//! from the enabled pool that is not the one just used; directions picked at random never repeat
//! the type's last one. One pick serves every monitor, so all displays agree.

use crate::rng::Rng;
use crate::settings::TransitionSettings;
use crate::transition::{Direction, DirectionChoice, TransitionKind};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub kind: TransitionKind,
    /// For the types that travel somewhere (Slide, Wipe, Peel, 3D Block Spins, Block Puzzle Flip).
    pub direction: Option<Direction>,
}

pub struct Picker {
    rng: Rng,
    last_kind: Option<TransitionKind>,
    last_direction: HashMap<TransitionKind, Direction>,
}

impl Picker {
    /// The C key: the next type after `t.kind` in the original's order that is in the pool
    /// (and available without GL when `gl` is false); Crossfade when none is.
    pub fn cycled(t: &TransitionSettings, gl: bool) -> TransitionKind {
        let allowed = Self::candidates(t, gl);
        let mut k = t.kind;
        for _ in 0..TransitionKind::ALL.len() {
            k = k.cycled();
            if allowed.contains(&k) {
                return k;
            }
        }
        TransitionKind::Crossfade
    }

    pub fn new(rng: Rng) -> Self {
        Self { rng, last_kind: None, last_direction: HashMap::new() }
    }

    /// The types random selection may choose: the pool's enabled ones, without the GL-only
    /// types when `gl` is false; Crossfade when none is left.
    pub fn candidates(t: &TransitionSettings, gl: bool) -> Vec<TransitionKind> {
        let enabled = |k: TransitionKind| t.pool.get(k.name()).copied().unwrap_or(true);
        let c: Vec<TransitionKind> = TransitionKind::ALL.into_iter().filter(|&k| enabled(k) && (gl || !k.gl_only())).collect();
        if c.is_empty() {
            vec![TransitionKind::Crossfade]
        } else {
            c
        }
    }

    /// Forgets the last random type (a manual type change applies at the next change).
    pub fn reset(&mut self) {
        self.last_kind = None;
    }

    /// The transition for the next change.
    pub fn next(&mut self, t: &TransitionSettings, gl: bool) -> Choice {
        let kind = if t.random_always {
            let mut c = Self::candidates(t, gl);
            if c.len() > 1 {
                c.retain(|&k| Some(k) != self.last_kind);
            }
            c[self.rng.below(c.len())]
        } else {
            t.kind
        };
        self.last_kind = Some(kind);
        let direction = self.direction(kind, t.direction_of(kind));
        Choice { kind, direction }
    }

    fn direction(&mut self, kind: TransitionKind, setting: DirectionChoice) -> Option<Direction> {
        let options = kind.directions();
        if options.is_empty() {
            return None;
        }
        let d = match setting {
            DirectionChoice::Fixed(d) if options.contains(&d) => d,
            DirectionChoice::Fixed(_) => options[0], // a diagonal for a type without diagonals
            DirectionChoice::Random => {
                let last = self.last_direction.get(&kind).copied();
                let fresh: Vec<Direction> = options.iter().copied().filter(|&d| Some(d) != last).collect();
                fresh[self.rng.below(fresh.len())]
            }
        };
        self.last_direction.insert(kind, d);
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_c_key_cycles_in_the_original_order_through_the_pool() {
        let mut t = TransitionSettings { kind: TransitionKind::Ripple, ..TransitionSettings::default() };
        assert_eq!(Picker::cycled(&t, true), TransitionKind::Wipe);
        t.kind = TransitionKind::Slide;
        // Crossfade and Peel are out of the default pool: Slide -> Block Puzzle Flip.
        assert_eq!(Picker::cycled(&t, true), TransitionKind::BlockPuzzleFlip);
        // Without GL: Slide -> (Crossfade, Peel, ... out or GL-only) -> Block Puzzle Flip.
        assert_eq!(Picker::cycled(&t, false), TransitionKind::BlockPuzzleFlip);
        t.kind = TransitionKind::BlockPuzzleFlip;
        assert_eq!(Picker::cycled(&t, false), TransitionKind::Wipe, "GL-only types are skipped without GL");
        t.pool.values_mut().for_each(|v| *v = false);
        assert_eq!(Picker::cycled(&t, true), TransitionKind::Crossfade, "an empty pool gives Crossfade");
    }

    fn random() -> TransitionSettings {
        TransitionSettings { random_always: true, ..TransitionSettings::default() }
    }

    #[test]
    fn no_immediate_repeat_over_a_thousand_picks_and_every_enabled_type_comes_up() {
        let mut p = Picker::new(Rng::new(7));
        let t = random();
        let mut last = None;
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let c = p.next(&t, true);
            assert_ne!(Some(c.kind), last, "immediate repeat");
            last = Some(c.kind);
            seen.insert(c.kind);
        }
        // The SST pool leaves out Crossfade and Peel.
        assert_eq!(seen.len(), 10, "{seen:?}");
        assert!(!seen.contains(&TransitionKind::Crossfade) && !seen.contains(&TransitionKind::Peel));
    }

    #[test]
    fn disabled_and_gl_only_types_are_never_chosen() {
        let mut t = random();
        for k in TransitionKind::ALL {
            t.pool.insert(k.name().into(), matches!(k, TransitionKind::Wipe | TransitionKind::Ripple | TransitionKind::Slide));
        }
        let mut p = Picker::new(Rng::new(1));
        for _ in 0..200 {
            let k = p.next(&t, false).kind;
            assert!(matches!(k, TransitionKind::Wipe | TransitionKind::Slide), "{k:?} (Ripple is GL-only)");
        }
        for k in TransitionKind::ALL {
            t.pool.insert(k.name().into(), false);
        }
        assert_eq!(p.next(&t, true).kind, TransitionKind::Crossfade, "an empty pool gives Crossfade");
    }

    #[test]
    fn random_directions_never_repeat_and_fixed_ones_hold() {
        let mut p = Picker::new(Rng::new(3));
        let mut t = TransitionSettings { kind: TransitionKind::Wipe, random_always: false, ..TransitionSettings::default() };
        let mut last = None;
        for _ in 0..300 {
            let d = p.next(&t, true).direction.expect("wipe has a direction");
            assert_ne!(Some(d), last);
            last = Some(d);
        }
        t.wipe.direction = DirectionChoice::Fixed(Direction::DiagonalTrBl);
        assert_eq!(p.next(&t, true).direction, Some(Direction::DiagonalTrBl));
        t.kind = TransitionKind::Crossfade;
        assert_eq!(p.next(&t, true), Choice { kind: TransitionKind::Crossfade, direction: None });
    }
}
