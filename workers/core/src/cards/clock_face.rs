//! An analog clock's geometry: dial, hour marks, numerals I–XII outside the dial, hands as SVG
//! path strings in the card's own pixel space, and how far the visible dial sits inside the
//! card (so the dial, not the card's bounds, lands on the margin).

use crate::clock::Reading;
use crate::text_metrics;

const ROMAN: [&str; 12] = ["XII", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"];

/// Geometry of one analog clock card (pixels, origin at the card's top left).
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// The square the dial and numerals live in.
    pub side: f32,
    pub radius: f32,
    /// Numeral text size (0 without numerals).
    pub numeral_px: f32,
    /// Centre of each numeral, XII first.
    pub numerals: Vec<(f32, f32, &'static str)>,
    /// Distance from the square's edge to the visible dial (numerals or face); 0 with a card.
    pub inset: f32,
}

impl Face {
    /// side = max(160, 4.5 x font pt); numerals clamp(font x 0.25, 8, side/18) pt.
    pub fn new(font_pt: f32, numerals: bool, background: bool) -> Face {
        let side = (font_pt * 4.5).max(160.0).round();
        let numeral_px = if numerals { crate::theme::pt_to_px((font_pt * 0.25).clamp(8.0, side / 18.0)) } else { 0.0 };
        let radius = if numerals { side / 2.0 - numeral_px * 1.6 } else { side / 2.0 - 4.0 };
        let ring = radius + numeral_px * 0.85;
        let numerals_at = if numerals {
            ROMAN
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let a = (i as f32 * 30.0).to_radians();
                    (side / 2.0 + ring * a.sin(), side / 2.0 - ring * a.cos(), *r)
                })
                .collect()
        } else {
            Vec::new()
        };
        // Visible extent: the numerals' outer edge (half a cap height beyond their centres),
        // or the dial's rim.
        let extent = if numerals { ring + numeral_px * 0.37 } else { radius };
        let inset = if background { 0.0 } else { (side / 2.0 - extent).max(0.0).floor() };
        Face { side, radius, numeral_px, numerals: numerals_at, inset }
    }

    fn hand(&self, angle_deg: f32, length: f32, tail: f32) -> String {
        let a = angle_deg.to_radians();
        let c = self.side / 2.0;
        let (s, co) = (a.sin(), a.cos());
        format!("M {:.2} {:.2} L {:.2} {:.2}", c - s * tail, c + co * tail, c + s * length, c - co * length)
    }

    /// Hour, minute and second hands for `r`.
    pub fn hands(&self, r: &Reading) -> [String; 3] {
        let rad = self.radius;
        [self.hand(r.hour_angle, rad * 0.5, rad * 0.08), self.hand(r.minute_angle, rad * 0.75, rad * 0.08), self.hand(r.second_angle, rad * 0.85, rad * 0.15)]
    }

    /// The twelve hour marks, one path (length max(6, r/10)).
    pub fn marks(&self) -> String {
        let c = self.side / 2.0;
        let len = (self.radius / 10.0).max(6.0);
        (0..12)
            .map(|i| {
                let a = (i as f32 * 30.0).to_radians();
                let (s, co) = (a.sin(), a.cos());
                let (r0, r1) = (self.radius - 3.0 - len, self.radius - 3.0);
                format!("M {:.2} {:.2} L {:.2} {:.2}", c + s * r0, c - co * r0, c + s * r1, c - co * r1)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Width of the widest numeral, for placing their text boxes.
    pub fn numeral_box(&self) -> f32 {
        text_metrics::width("VIII", self.numeral_px, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visible_dial_decides_the_inset() {
        let with_card = Face::new(75.0, true, true);
        assert_eq!(with_card.inset, 0.0, "a card's edge is what shows");
        let numerals = Face::new(75.0, true, false);
        let bare = Face::new(75.0, false, false);
        assert_eq!(numerals.side, 338.0);
        assert!(numerals.inset > 0.0 && numerals.inset < numerals.numeral_px, "{}", numerals.inset);
        assert_eq!(bare.inset, 4.0, "no numerals: the face's rim");
        // XII's top edge sits on the inset line (within a pixel).
        let (_, y12, t) = numerals.numerals[0];
        assert_eq!(t, "XII");
        assert!((y12 - numerals.numeral_px * 0.37 - numerals.inset).abs() <= 1.0);
        assert_eq!(Face::new(20.0, false, false).side, 160.0, "minimum side");
    }

    #[test]
    fn hands_point_at_their_angles() {
        let f = Face::new(40.0, false, true);
        let r = Reading { time: String::new(), zone_label: String::new(), hour_angle: 90.0, minute_angle: 0.0, second_angle: 180.0 };
        let [h, m, s] = f.hands(&r);
        let c = f.side / 2.0;
        let end = |p: &str| -> (f32, f32) {
            let v: Vec<f32> = p.split(' ').filter_map(|t| t.parse().ok()).collect();
            (v[2], v[3])
        };
        let (hx, hy) = end(&h);
        assert!(hx > c + 10.0 && (hy - c).abs() < 0.1, "3 o'clock: {h}");
        let (mx, my) = end(&m);
        assert!((mx - c).abs() < 0.1 && my < c - 10.0, "12: {m}");
        let (_, sy) = end(&s);
        assert!(sy > c + 10.0, "6: {s}");
        assert_eq!(f.marks().matches('M').count(), 12);
    }
}
