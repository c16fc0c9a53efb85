//! Themes (`themes/*.toml`): the colours, font and shape every overlay card starts from, and
//! [`Look`]: a card's theme with its widget's overrides and the global shadow applied.

use crate::settings::{Card, Rgba, ShadowSettings};
use serde::Deserialize;

/// The themes built into the program, by name.
pub const BUILT_IN: [(&str, &str); 2] =
    [("dark", include_str!("../../../themes/dark.toml")), ("light", include_str!("../../../themes/light.toml"))];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub name: String,
    pub font_family: String,
    pub text: Rgba,
    /// Secondary text (ages, zone labels, stale marks).
    pub muted: Rgba,
    pub background: Rgba,
    pub border: Rgba,
    pub border_width: u32,
    pub corner_radius: u32,
    pub padding: u32,
    /// Headers' marks (the Reddit badge).
    pub accent: Rgba,
    /// An analog clock's dial when it has no card behind it.
    pub face: Rgba,
}

impl Theme {
    /// The named theme; an unknown name gives the dark theme and the message to log.
    pub fn named(name: &str) -> (Theme, Option<String>) {
        let found = BUILT_IN.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim()));
        let (text, note) = match found {
            Some((_, text)) => (*text, None),
            None => {
                let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                (BUILT_IN[0].1, Some(format!("unknown theme {name:?} (one of {}); using dark", names.join(", "))))
            }
        };
        // The built-in files are checked by the tests below; a broken one would be a build defect.
        let theme = toml::from_str(text).unwrap_or_else(|e| panic!("built-in theme {name} does not parse: {e}"));
        (theme, note)
    }
}

/// A drop shadow, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shadow {
    pub color: Rgba,
    pub offset: (f32, f32),
    pub blur: f32,
}

/// Everything needed to draw one card.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    pub font_family: String,
    /// Text size in pixels (the settings' points at 96 dpi).
    pub font_px: f32,
    pub text: Rgba,
    pub muted: Rgba,
    /// None: text only, no card.
    pub background: Option<Rgba>,
    pub border: Rgba,
    pub border_width: f32,
    pub radius: f32,
    pub padding: f32,
    pub accent: Rgba,
    pub face: Rgba,
    pub shadow: Option<Shadow>,
}

/// Points (as the settings and the original give sizes) to pixels at 96 dpi.
pub fn pt_to_px(pt: f32) -> f32 {
    pt * 4.0 / 3.0
}

fn with_alpha(c: Rgba, factor: f32) -> Rgba {
    let [r, g, b, a] = c.0;
    Rgba([r, g, b, (f32::from(a) * factor.clamp(0.0, 1.0)).round() as u8])
}

impl Look {
    /// The card's look: theme, then the widget's overrides; the shadow from `widgets.shadows`
    /// (blur x1.2; intense: blur x3, offset x2, opacity x2.5 within 0.6–1).
    pub fn resolve(card: &Card, theme: &Theme, shadows: &ShadowSettings) -> Look {
        let s = &card.style;
        let background = card.show_background.then(|| with_alpha(s.bg_color.unwrap_or(theme.background), card.bg_opacity));
        let shadow = shadows.enabled.then(|| {
            let base = if card.show_background { shadows.frame_opacity } else { shadows.text_opacity };
            let (mut blur, mut offset, mut opacity) = (shadows.blur_radius as f32 * 1.2, shadows.offset, base);
            let mut color = shadows.color;
            if card.intense_shadow {
                blur *= 3.0;
                offset = [offset[0] * 2, offset[1] * 2];
                opacity = (opacity * 2.5).clamp(0.6, 1.0);
                color.0[3] = 255;
            }
            Shadow { color: with_alpha(color, opacity), offset: (offset[0] as f32, offset[1] as f32), blur }
        });
        Look {
            font_family: s.font_family.clone().unwrap_or_else(|| theme.font_family.clone()),
            font_px: pt_to_px(card.font_size as f32),
            text: s.color.unwrap_or(theme.text),
            muted: theme.muted,
            background,
            border: with_alpha(s.border_color.unwrap_or(theme.border), s.border_opacity.unwrap_or(1.0)),
            border_width: if card.show_background { theme.border_width as f32 } else { 0.0 },
            radius: theme.corner_radius as f32,
            padding: if card.show_background { theme.padding as f32 } else { 4.0 },
            accent: theme.accent,
            face: theme.face,
            shadow,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ColourOverrides;

    #[test]
    fn built_in_themes_parse_and_unknown_falls_back() {
        for (name, _) in BUILT_IN {
            let (t, note) = Theme::named(name);
            assert!(note.is_none() && !t.name.is_empty());
        }
        let (t, note) = Theme::named("neon");
        assert_eq!(t, Theme::named("dark").0);
        assert!(note.is_some_and(|n| n.contains("neon")));
    }

    #[test]
    fn overrides_opacity_and_intense_shadow() {
        let (theme, _) = Theme::named("dark");
        let card = Card {
            show_background: true,
            bg_opacity: 0.5,
            font_size: 30,
            style: ColourOverrides { color: Some(Rgba([1, 2, 3, 4])), border_opacity: Some(0.5), ..Default::default() },
            ..Card::default()
        };
        let look = Look::resolve(&card, &theme, &ShadowSettings::default());
        assert_eq!(look.background, Some(Rgba([35, 35, 35, 128])));
        assert_eq!(look.text, Rgba([1, 2, 3, 4]));
        assert_eq!(look.border.0[3], 128);
        assert_eq!(look.font_px, 40.0);
        let sh = look.shadow.expect("shadows on by default");
        assert_eq!((sh.offset, sh.color.0[3]), ((4.0, 4.0), (0.77f32 * 255.0).round() as u8));
        let intense = Look::resolve(&Card { intense_shadow: true, show_background: false, ..card }, &theme, &ShadowSettings::default());
        let sh = intense.shadow.expect("shadow");
        assert_eq!(sh.offset, (8.0, 8.0));
        assert!((sh.blur - 18.0 * 1.2 * 3.0).abs() < 1e-3);
        assert_eq!(sh.color.0[3], (0.825f32 * 255.0).round() as u8, "0.33 x 2.5");
        assert_eq!(intense.background, None);
    }
}
