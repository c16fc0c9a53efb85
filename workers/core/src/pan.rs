//! Pan & scan (upstream-srpss.md §4): the photo drawn at 1.05x its cover size drifts slowly
//! inside the screen, bouncing off the edges, with a 1 % chance a frame (at 60 fps) of turning
//! its heading by up to 10 %.

use crate::rng::Rng;

/// How much larger than the screen the drifting photo is drawn.
pub const ZOOM: f32 = 1.05;

/// Pixels per second: the setting (1–100) when `auto` is off, else 25 % of the largest drift
/// per interval, clamped to 3–15 (3 when there is no room to drift).
pub fn speed(auto: bool, manual: f32, max_drift: f32, interval_s: f32) -> f32 {
    if !auto {
        return if manual.is_finite() { manual.clamp(1.0, 100.0) } else { 2.5 };
    }
    if max_drift <= 0.0 || !max_drift.is_finite() || !interval_s.is_finite() || interval_s <= 0.0 {
        return 3.0;
    }
    (0.25 * max_drift / interval_s).clamp(3.0, 15.0)
}

/// One display's drift: an offset in `[0, room]` on each axis (pixels the photo's top-left is
/// moved up and left), a heading and a speed.
#[derive(Debug, Clone)]
pub struct Pan {
    pub x: f32,
    pub y: f32,
    room: (f32, f32),
    heading: f32,
    speed: f32,
    rng: Rng,
}

impl Pan {
    /// A drift for a `width` x `height` screen starting at a random place and heading.
    pub fn new(width: u32, height: u32, speed: f32, mut rng: Rng) -> Self {
        let room = ((ZOOM - 1.0) * width as f32, (ZOOM - 1.0) * height as f32);
        let (x, y) = (rng.unit() as f32 * room.0, rng.unit() as f32 * room.1);
        let heading = rng.unit() as f32 * std::f32::consts::TAU;
        Self { x, y, room, heading, speed, rng }
    }

    /// The largest drift on either axis.
    pub fn room(&self) -> f32 {
        self.room.0.max(self.room.1)
    }

    /// Moves by `dt` seconds (taken in 60 fps steps for the heading jitter), bouncing off edges.
    pub fn step(&mut self, dt: f32) {
        let mut left = dt.clamp(0.0, 1.0);
        while left > 0.0 {
            let step = left.min(1.0 / 60.0);
            left -= step;
            if self.rng.unit() < 0.01 {
                self.heading *= 1.0 + (self.rng.unit() as f32 - 0.5) * 0.2;
            }
            let (dx, dy) = (self.heading.cos() * self.speed * step, self.heading.sin() * self.speed * step);
            (self.x, self.heading) = bounce(self.x + dx, self.room.0, self.heading, true);
            (self.y, self.heading) = bounce(self.y + dy, self.room.1, self.heading, false);
        }
    }
}

/// Keeps `v` in `[0, room]`, mirroring the heading on the axis it hit.
fn bounce(v: f32, room: f32, heading: f32, x_axis: bool) -> (f32, f32) {
    if (0.0..=room).contains(&v) {
        return (v, heading);
    }
    let mirrored = if x_axis { std::f32::consts::PI - heading } else { -heading };
    (v.clamp(0.0, room), mirrored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_rules_of_the_original() {
        assert_eq!(speed(false, 250.0, 96.0, 30.0), 100.0);
        assert_eq!(speed(false, 0.2, 96.0, 30.0), 1.0);
        assert_eq!(speed(true, 0.0, 96.0, 30.0), 3.0, "0.8 px/s is below the floor");
        assert_eq!(speed(true, 0.0, 600.0, 10.0), 15.0, "15 px/s at most");
        assert_eq!(speed(true, 0.0, 0.0, 10.0), 3.0, "no room: 3 px/s");
        assert!((speed(true, 0.0, 400.0, 20.0) - 5.0).abs() < 1e-6);
    }

    #[test]
    fn the_drift_stays_inside_the_room_and_moves_at_its_speed() {
        let mut p = Pan::new(1920, 1080, 10.0, Rng::new(4));
        let room = (0.05 * 1920.0, 0.05 * 1080.0);
        let mut travelled = 0.0;
        for _ in 0..6000 {
            let (x, y) = (p.x, p.y);
            p.step(1.0 / 60.0);
            assert!((0.0..=room.0 + 1e-3).contains(&p.x) && (0.0..=room.1 + 1e-3).contains(&p.y), "({}, {})", p.x, p.y);
            travelled += ((p.x - x).powi(2) + (p.y - y).powi(2)).sqrt();
        }
        // 100 s at 10 px/s, a little less where it bounced off an edge.
        assert!((850.0..=1000.5).contains(&travelled), "travelled {travelled}");
    }
}
