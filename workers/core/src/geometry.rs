//! Display-mode geometry: where a photo of one size lands on a screen of another.
//!
//! Follows the original's `display_modes.py` exactly (upstream-srpss.md §4): FILL covers and
//! centre-crops, FIT letter/pillarboxes, SHRINK never enlarges. All sizes are physical pixels.

use serde::{Deserialize, Serialize};

/// A width and height in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    pub const fn new(width: u32, height: u32) -> Self {
        Self { width, height }
    }

    pub fn area(self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    pub fn is_empty(self) -> bool {
        self.width == 0 || self.height == 0
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

impl std::str::FromStr for Size {
    type Err = String;

    /// Parses `WxH`, e.g. `1920x1080`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (w, h) = s
            .split_once(['x', 'X'])
            .ok_or_else(|| format!("expected WIDTHxHEIGHT, got {s:?}"))?;
        let parse = |v: &str| v.trim().parse::<u32>().map_err(|e| format!("{v:?}: {e}"));
        let size = Size::new(parse(w)?, parse(h)?);
        if size.is_empty() || size.width > 16_384 || size.height > 16_384 {
            return Err(format!("{size} is outside 1x1..16384x16384"));
        }
        Ok(size)
    }
}

/// How a photo is fitted to the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DisplayMode {
    /// Cover the screen, crop the overflow (the original's primary mode).
    #[default]
    Fill,
    /// Show the whole photo, bars where the aspect differs.
    Fit,
    /// Like Fit, but never enlarge a photo smaller than the screen.
    Shrink,
}

impl DisplayMode {
    pub const ALL: [DisplayMode; 3] = [DisplayMode::Fill, DisplayMode::Fit, DisplayMode::Shrink];

    pub fn name(self) -> &'static str {
        match self {
            DisplayMode::Fill => "fill",
            DisplayMode::Fit => "fit",
            DisplayMode::Shrink => "shrink",
        }
    }
}

impl std::str::FromStr for DisplayMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "fill" => Ok(DisplayMode::Fill),
            "fit" => Ok(DisplayMode::Fit),
            "shrink" => Ok(DisplayMode::Shrink),
            other => Err(format!("unknown display mode {other:?} (fill, fit or shrink)")),
        }
    }
}

/// Where the scaled photo sits on the screen canvas.
///
/// `offset` is the position of the scaled photo's top-left corner on the screen; it is negative
/// when the photo overflows (FILL crops), positive when it is centred with bars around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub scaled: Size,
    pub offset_x: i32,
    pub offset_y: i32,
}

impl Placement {
    /// The photo is scaled to exactly the screen: no bars, no crop.
    pub fn covers_exactly(&self, screen: Size) -> bool {
        self.scaled == screen && self.offset_x == 0 && self.offset_y == 0
    }
}

/// Aspect ratios closer than this are treated as equal by FIT, so a 1919x1080 photo fills a
/// 1920x1080 screen instead of leaving a one-pixel bar (the original's ±0.01 correction).
const FIT_RATIO_TOLERANCE: f64 = 0.01;

/// Computes where an `image` lands on a `screen` in `mode`. An empty image or screen gives an
/// empty placement (the caller shows a blank screen, as the original's zero-height guard did).
pub fn place(image: Size, screen: Size, mode: DisplayMode) -> Placement {
    if image.is_empty() || screen.is_empty() {
        return Placement { scaled: Size::new(0, 0), offset_x: 0, offset_y: 0 };
    }
    let scaled = match mode {
        DisplayMode::Fill => fill_size(image, screen),
        DisplayMode::Fit => fit_size(image, screen),
        DisplayMode::Shrink if image.width <= screen.width && image.height <= screen.height => image,
        DisplayMode::Shrink => fit_size(image, screen),
    };
    // Integer halving as the original's `(scaled - screen) // 2` (floor for negative values).
    let centre = |screen: u32, scaled: u32| (i64::from(screen) - i64::from(scaled)).div_euclid(2) as i32;
    Placement {
        scaled,
        offset_x: centre(screen.width, scaled.width),
        offset_y: centre(screen.height, scaled.height),
    }
}

fn ratio(s: Size) -> f64 {
    f64::from(s.width) / f64::from(s.height)
}

fn fill_size(image: Size, screen: Size) -> Size {
    if image == screen {
        return image;
    }
    if ratio(image) > ratio(screen) {
        // Wider than the screen: match heights, crop the sides.
        let w = (f64::from(image.width) * f64::from(screen.height) / f64::from(image.height)).round() as u32;
        Size::new(w.max(screen.width), screen.height)
    } else {
        // Taller (or equal aspect): match widths, crop top and bottom.
        let h = (f64::from(image.height) * f64::from(screen.width) / f64::from(image.width)).round() as u32;
        Size::new(screen.width, h.max(screen.height))
    }
}

fn fit_size(image: Size, screen: Size) -> Size {
    let (ir, sr) = (ratio(image), ratio(screen));
    if (ir - sr).abs() < FIT_RATIO_TOLERANCE {
        return screen;
    }
    if ir > sr {
        let h = (f64::from(screen.width) / ir).round().max(1.0) as u32;
        Size::new(screen.width, h.min(screen.height))
    } else {
        let w = (f64::from(screen.height) * ir).round().max(1.0) as u32;
        Size::new(w.min(screen.width), screen.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DisplayMode::*;

    const SCREEN: Size = Size::new(1920, 1080);

    fn p(w: u32, h: u32, x: i32, y: i32) -> Placement {
        Placement { scaled: Size::new(w, h), offset_x: x, offset_y: y }
    }

    /// (image size, mode, expected scaled size and offset) on a 1920x1080 screen.
    type Case = ((u32, u32), DisplayMode, (u32, u32, i32, i32));
    const CASES: &[Case] = &[
        // wide panorama 4000x1000 (4:1)
        ((4000, 1000), Fill, (4320, 1080, -1200, 0)),
        ((4000, 1000), Fit, (1920, 480, 0, 300)),
        ((4000, 1000), Shrink, (1920, 480, 0, 300)),
        // tall portrait 1000x3000
        ((1000, 3000), Fill, (1920, 5760, 0, -2340)),
        ((1000, 3000), Fit, (360, 1080, 780, 0)),
        ((1000, 3000), Shrink, (360, 1080, 780, 0)),
        // small 640x480 (4:3)
        ((640, 480), Fill, (1920, 1440, 0, -180)),
        ((640, 480), Fit, (1440, 1080, 240, 0)),
        ((640, 480), Shrink, (640, 480, 640, 300)),
        // square 2000x2000
        ((2000, 2000), Fill, (1920, 1920, 0, -420)),
        ((2000, 2000), Fit, (1080, 1080, 420, 0)),
        ((2000, 2000), Shrink, (1080, 1080, 420, 0)),
        // small square 500x500 never enlarged by shrink
        ((500, 500), Shrink, (500, 500, 710, 290)),
        // exact screen size: untouched in every mode
        ((1920, 1080), Fill, (1920, 1080, 0, 0)),
        ((1920, 1080), Fit, (1920, 1080, 0, 0)),
        ((1920, 1080), Shrink, (1920, 1080, 0, 0)),
        // 24 MP 3:2 photo
        ((6000, 4000), Fill, (1920, 1280, 0, -100)),
        ((6000, 4000), Fit, (1620, 1080, 150, 0)),
        // nearly 16:9 fits exactly thanks to the ratio tolerance
        ((3838, 2160), Fit, (1920, 1080, 0, 0)),
    ];

    #[test]
    fn placement_table() {
        for &((w, h), mode, (sw, sh, x, y)) in CASES {
            assert_eq!(place(Size::new(w, h), SCREEN, mode), p(sw, sh, x, y), "{w}x{h} {mode:?}");
        }
    }

    #[test]
    fn fill_always_covers_the_screen() {
        for (w, h) in [(1, 1), (7, 3), (3, 7), (1921, 1081), (10_000, 9), (9, 10_000)] {
            let pl = place(Size::new(w, h), SCREEN, Fill);
            assert!(pl.scaled.width >= 1920 && pl.scaled.height >= 1080, "{w}x{h}: {pl:?}");
            assert!(pl.offset_x <= 0 && pl.offset_y <= 0);
        }
    }

    #[test]
    fn fit_always_inside_the_screen() {
        for (w, h) in [(1, 1), (7, 3), (3, 7), (1921, 1081), (10_000, 9), (9, 10_000)] {
            let pl = place(Size::new(w, h), SCREEN, Fit);
            assert!(pl.scaled.width <= 1920 && pl.scaled.height <= 1080, "{w}x{h}: {pl:?}");
            assert!(pl.offset_x >= 0 && pl.offset_y >= 0);
        }
    }

    #[test]
    fn empty_inputs_give_blank() {
        assert!(place(Size::new(0, 10), SCREEN, Fill).scaled.is_empty());
        assert!(place(Size::new(10, 10), Size::new(0, 0), Fit).scaled.is_empty());
    }

    #[test]
    fn parse_sizes_and_modes() {
        assert_eq!("1920x1080".parse::<Size>(), Ok(Size::new(1920, 1080)));
        assert!("1920".parse::<Size>().is_err());
        assert!("0x10".parse::<Size>().is_err());
        assert_eq!("FiT".parse::<DisplayMode>(), Ok(Fit));
        assert!("stretch".parse::<DisplayMode>().is_err());
    }
}
