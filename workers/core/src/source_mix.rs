//! Local or online for the next photo (upstream-srpss.md §2.4): with both pools present,
//! `local_ratio` % local, but a small online pool is used less (under 5 images: 90 % local,
//! under 10: 80 % local, when the setting asks for less local than that); with one pool empty,
//! the other.

use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    Local,
    Online,
}

/// The effective local share in percent for an online pool of `online` images.
pub fn local_percent(local_ratio: u32, online: usize) -> u32 {
    let floor = match online {
        0..5 => 90,
        5..10 => 80,
        _ => 0,
    };
    local_ratio.min(100).max(floor)
}

/// Which pool the next photo comes from, or None when both are empty.
pub fn pick(local: usize, online: usize, local_ratio: u32, rng: &mut Rng) -> Option<Pool> {
    match (local, online) {
        (0, 0) => None,
        (_, 0) => Some(Pool::Local),
        (0, _) => Some(Pool::Online),
        _ => Some(if rng.below(100) < local_percent(local_ratio, online) as usize { Pool::Local } else { Pool::Online }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(local_ratio: u32, online: usize) -> f64 {
        let mut rng = Rng::new(42);
        let n = 10_000;
        let locals = (0..n).filter(|_| pick(100, online, local_ratio, &mut rng) == Some(Pool::Local)).count();
        locals as f64 * 100.0 / n as f64
    }

    #[test]
    fn the_ratio_holds_within_two_percent_over_ten_thousand_picks() {
        for ratio in [0, 30, 65, 90, 100] {
            let got = share(ratio, 50);
            assert!((got - ratio as f64).abs() <= 2.0, "ratio {ratio}: {got:.1} % local");
        }
    }

    #[test]
    fn small_online_pools_are_used_less_and_empty_pools_never() {
        assert!((share(30, 3) - 90.0).abs() <= 2.0);
        assert!((share(30, 7) - 80.0).abs() <= 2.0);
        assert!((share(95, 3) - 95.0).abs() <= 2.0, "a higher local setting still wins");
        let mut rng = Rng::new(1);
        assert_eq!(pick(0, 0, 50, &mut rng), None);
        assert_eq!(pick(10, 0, 0, &mut rng), Some(Pool::Local));
        assert_eq!(pick(0, 10, 100, &mut rng), Some(Pool::Online));
    }
}
