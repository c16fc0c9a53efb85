//! `[widgets.media]` (now playing, its controls and the volume slider) and
//! `[widgets.spotify_visualizer]` (the bars above it), upstream-srpss.md §6.3–6.5. Defaults are
//! the SST "Screensaver" profile; the visualizer has no place of its own (it follows the media
//! card and its monitor).

use super::widgets::{Card, Rgba};
use crate::layout::{Anchor, WidgetMonitor};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaWidget {
    pub card: Card,
    /// Follow only this player (part of its name or bus name, any case); empty: the one that
    /// plays (Spotify first), else the one last active.
    pub player: String,
    /// Artwork square in pixels (100–300).
    pub artwork_size: u32,
    pub rounded_artwork_border: bool,
    pub show_header_frame: bool,
    pub show_controls: bool,
    /// The volume slider beside the card.
    pub spotify_volume_enabled: bool,
    pub spotify_volume_fill_color: Rgba,
}

impl Default for MediaWidget {
    fn default() -> Self {
        MediaWidget {
            card: Card {
                monitor: WidgetMonitor::Number(1),
                position: Anchor::BottomLeft,
                font_size: 20,
                show_background: true,
                ..Card::default()
            },
            player: String::new(),
            artwork_size: 210,
            rounded_artwork_border: true,
            show_header_frame: true,
            show_controls: true,
            spotify_volume_enabled: true,
            spotify_volume_fill_color: Rgba([255, 255, 255, 230]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VisualizerWidget {
    pub enabled: bool,
    /// 8–96.
    pub bar_count: u32,
    /// Segments per bar (4–32).
    pub bar_segments: u32,
    pub bar_fill_color: Rgba,
    pub bar_border_color: Rgba,
    /// 0–1; multiplies the border colour's alpha.
    pub bar_border_opacity: f32,
    pub ghosting_enabled: bool,
    /// 0–1.
    pub ghost_alpha: f32,
    /// Ghost peaks fall this share of the bar per second (0.1–1).
    pub ghost_decay: f32,
    pub adaptive_sensitivity: bool,
    /// 0.25–2.5 (used when `adaptive_sensitivity` is off).
    pub sensitivity: f32,
    pub dynamic_floor: bool,
    /// 0.12–4.0 (used when `dynamic_floor` is off).
    pub manual_floor: f32,
    /// Frames per capture block: 0 (the driver's), 256, 512 or 1024.
    pub audio_block_size: u32,
    /// `default` (what the computer plays; never a microphone), a capture device by name (see
    /// `srpss audio --list`), `wav:PATH` or `sine:FREQ` (demos).
    pub input: String,
}

impl Default for VisualizerWidget {
    fn default() -> Self {
        VisualizerWidget {
            enabled: true,
            bar_count: 19,
            bar_segments: 18,
            bar_fill_color: Rgba([255, 255, 255, 230]),
            bar_border_color: Rgba([255, 255, 255, 255]),
            bar_border_opacity: 1.0,
            ghosting_enabled: true,
            ghost_alpha: 0.4,
            ghost_decay: 0.35,
            adaptive_sensitivity: true,
            sensitivity: 1.0,
            dynamic_floor: true,
            manual_floor: 1.9,
            audio_block_size: 512,
            input: "default".into(),
        }
    }
}

impl super::Settings {
    /// The settings app's ranges for the media widgets.
    pub(super) fn clamp_media_ranges(&mut self, d: &super::Settings, issues: &mut Vec<super::SettingIssue>) {
        use super::repair::check;
        let (m, dm) = (&mut self.widgets.media, &d.widgets.media);
        check("widgets.media.card.font_size", &mut m.card.font_size, dm.card.font_size, 10, 72, issues);
        check("widgets.media.card.margin", &mut m.card.margin, dm.card.margin, 0, 200, issues);
        check("widgets.media.card.bg_opacity", &mut m.card.bg_opacity, dm.card.bg_opacity, 0.0, 1.0, issues);
        check("widgets.media.artwork_size", &mut m.artwork_size, dm.artwork_size, 100, 300, issues);
        let (v, dv) = (&mut self.widgets.spotify_visualizer, &d.widgets.spotify_visualizer);
        check("widgets.spotify_visualizer.bar_count", &mut v.bar_count, dv.bar_count, 8, 96, issues);
        check("widgets.spotify_visualizer.bar_segments", &mut v.bar_segments, dv.bar_segments, 4, 32, issues);
        check("widgets.spotify_visualizer.bar_border_opacity", &mut v.bar_border_opacity, dv.bar_border_opacity, 0.0, 1.0, issues);
        check("widgets.spotify_visualizer.ghost_alpha", &mut v.ghost_alpha, dv.ghost_alpha, 0.0, 1.0, issues);
        check("widgets.spotify_visualizer.ghost_decay", &mut v.ghost_decay, dv.ghost_decay, 0.1, 1.0, issues);
        check("widgets.spotify_visualizer.sensitivity", &mut v.sensitivity, dv.sensitivity, 0.25, 2.5, issues);
        check("widgets.spotify_visualizer.manual_floor", &mut v.manual_floor, dv.manual_floor, 0.12, 4.0, issues);
        if ![0, 256, 512, 1024].contains(&v.audio_block_size) {
            issues.push(super::SettingIssue {
                key: "widgets.spotify_visualizer.audio_block_size".into(),
                problem: format!("{} is not 0 (the driver's), 256, 512 or 1024; {} used", v.audio_block_size, dv.audio_block_size),
            });
            v.audio_block_size = dv.audio_block_size;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::layout::Anchor;
    use crate::settings::{repair_document, Profile, Settings};

    #[test]
    fn sst_defaults_and_the_media_center_bar_count() {
        let s = Settings::default();
        let (m, v) = (&s.widgets.media, &s.widgets.spotify_visualizer);
        assert_eq!((m.card.position, m.card.font_size, m.card.margin, m.artwork_size), (Anchor::BottomLeft, 20, 40, 210));
        assert!(m.card.show_background && (m.card.bg_opacity - 0.5).abs() < 1e-6);
        assert!(m.show_controls && m.show_header_frame && m.rounded_artwork_border && m.spotify_volume_enabled);
        assert_eq!((v.bar_count, v.bar_segments, v.audio_block_size), (19, 18, 512));
        assert!((v.ghost_decay - 0.35).abs() < 1e-6 && (v.manual_floor - 1.9).abs() < 1e-6);
        assert_eq!(Profile::MediaCenter.defaults().widgets.spotify_visualizer.bar_count, 17);
    }

    #[test]
    fn out_of_range_values_are_repaired_one_by_one() {
        let text = "[widgets.spotify_visualizer]\nbar_count = 400\naudio_block_size = 300\nsensitivity = 2.0\n\
                    [widgets.media]\nartwork_size = 20\nplayer = \"vlc\"\n";
        let (s, issues) = repair_document(text, &Settings::default()).expect("TOML");
        let v = &s.widgets.spotify_visualizer;
        assert_eq!((v.bar_count, v.audio_block_size), (19, 512));
        assert!((v.sensitivity - 2.0).abs() < 1e-6, "a value in range is kept");
        assert_eq!((s.widgets.media.artwork_size, s.widgets.media.player.as_str()), (210, "vlc"));
        let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        for k in ["widgets.spotify_visualizer.bar_count", "widgets.spotify_visualizer.audio_block_size", "widgets.media.artwork_size"] {
            assert!(keys.contains(&k), "{k} not in {keys:?}");
        }
    }
}
