//! Easing curves for transitions: the original's 23 names (upstream-srpss.md §5.2).
//!
//! `Auto` means InOutQuad. The original listed the Back family in the UI but never mapped it,
//! so it fell back to InOutQuad; we implement Back properly (it is what the name promises).

use serde::{Deserialize, Serialize};

/// An easing curve mapping linear progress `t ∈ [0, 1]` to eased progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Easing {
    #[default]
    Auto,
    Linear,
    InQuad,
    OutQuad,
    InOutQuad,
    InCubic,
    OutCubic,
    InOutCubic,
    InQuart,
    OutQuart,
    InOutQuart,
    InExpo,
    OutExpo,
    InOutExpo,
    InSine,
    OutSine,
    InOutSine,
    InCirc,
    OutCirc,
    InOutCirc,
    InBack,
    OutBack,
    InOutBack,
}

impl Easing {
    /// UI order, as the Transitions tab lists them.
    pub const ALL: [Easing; 23] = [
        Easing::Auto,
        Easing::Linear,
        Easing::InQuad,
        Easing::OutQuad,
        Easing::InOutQuad,
        Easing::InCubic,
        Easing::OutCubic,
        Easing::InOutCubic,
        Easing::InQuart,
        Easing::OutQuart,
        Easing::InOutQuart,
        Easing::InExpo,
        Easing::OutExpo,
        Easing::InOutExpo,
        Easing::InSine,
        Easing::OutSine,
        Easing::InOutSine,
        Easing::InCirc,
        Easing::OutCirc,
        Easing::InOutCirc,
        Easing::InBack,
        Easing::OutBack,
        Easing::InOutBack,
    ];

    /// Eased progress; the input is clamped to `[0, 1]` and the ends are exact (0 → 0, 1 → 1).
    pub fn apply(self, t: f32) -> f32 {
        use std::f32::consts::PI;
        let t = t.clamp(0.0, 1.0);
        if t <= 0.0 || t >= 1.0 {
            return t;
        }
        // Overshoot constants of the standard Back curves.
        const C1: f32 = 1.701_58;
        const C2: f32 = C1 * 1.525;
        const C3: f32 = C1 + 1.0;
        let in_out = |f: fn(f32) -> f32| if t < 0.5 { f(2.0 * t) / 2.0 } else { 1.0 - f(2.0 - 2.0 * t) / 2.0 };
        match self {
            Easing::Linear => t,
            Easing::Auto | Easing::InOutQuad => in_out(|x| x * x),
            Easing::InQuad => t * t,
            Easing::OutQuad => 1.0 - (1.0 - t) * (1.0 - t),
            Easing::InCubic => t.powi(3),
            Easing::OutCubic => 1.0 - (1.0 - t).powi(3),
            Easing::InOutCubic => in_out(|x| x.powi(3)),
            Easing::InQuart => t.powi(4),
            Easing::OutQuart => 1.0 - (1.0 - t).powi(4),
            Easing::InOutQuart => in_out(|x| x.powi(4)),
            Easing::InExpo => 2f32.powf(10.0 * t - 10.0),
            Easing::OutExpo => 1.0 - 2f32.powf(-10.0 * t),
            Easing::InOutExpo => in_out(|x| 2f32.powf(10.0 * x - 10.0)),
            Easing::InSine => 1.0 - (t * PI / 2.0).cos(),
            Easing::OutSine => (t * PI / 2.0).sin(),
            Easing::InOutSine => -((PI * t).cos() - 1.0) / 2.0,
            Easing::InCirc => 1.0 - (1.0 - t * t).sqrt(),
            Easing::OutCirc => (1.0 - (t - 1.0).powi(2)).sqrt(),
            Easing::InOutCirc => in_out(|x| 1.0 - (1.0 - x * x).sqrt()),
            Easing::InBack => C3 * t.powi(3) - C1 * t * t,
            Easing::OutBack => 1.0 + C3 * (t - 1.0).powi(3) + C1 * (t - 1.0).powi(2),
            Easing::InOutBack => {
                if t < 0.5 {
                    (2.0 * t).powi(2) * ((C2 + 1.0) * 2.0 * t - C2) / 2.0
                } else {
                    ((2.0 * t - 2.0).powi(2) * ((C2 + 1.0) * (t * 2.0 - 2.0) + C2) + 2.0) / 2.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_exact_and_midpoints_sane() {
        for e in Easing::ALL {
            assert_eq!(e.apply(0.0), 0.0, "{e:?}");
            assert_eq!(e.apply(1.0), 1.0, "{e:?}");
            assert_eq!(e.apply(-3.0), 0.0, "{e:?}");
            assert_eq!(e.apply(7.0), 1.0, "{e:?}");
            let mid = e.apply(0.5);
            assert!((-0.2..=1.2).contains(&mid), "{e:?} at 0.5 = {mid}");
        }
    }

    #[test]
    fn symmetric_curves_pass_through_half() {
        for e in [Easing::Linear, Easing::Auto, Easing::InOutQuad, Easing::InOutCubic, Easing::InOutSine, Easing::InOutBack] {
            assert!((e.apply(0.5) - 0.5).abs() < 1e-5, "{e:?}");
        }
        assert!(Easing::InQuad.apply(0.5) < 0.5 && Easing::OutQuad.apply(0.5) > 0.5);
        assert!(Easing::InBack.apply(0.2) < 0.0, "InBack overshoots below zero early");
    }

    #[test]
    fn monotone_families_are_monotone() {
        for e in [Easing::Linear, Easing::InOutQuad, Easing::OutCubic, Easing::InExpo, Easing::InOutSine, Easing::OutCirc] {
            let mut last = 0.0;
            for i in 1..=100 {
                let v = e.apply(i as f32 / 100.0);
                assert!(v >= last - 1e-6, "{e:?} not monotone at {i}");
                last = v;
            }
        }
    }
}
