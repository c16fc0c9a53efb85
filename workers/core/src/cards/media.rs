//! The media group (upstream-srpss.md §6.3–6.5): the now-playing card, the visualizer card
//! above it (below when the card is at the top) and the volume slider beside it (right, left
//! when the card is at the right). The layout engine places the group as one item, so other
//! widgets stack around all of it (the original placed the visualizer after the fact and it
//! could overlap; Minor Tasks #6). Geometry here is relative to the group's top-left.

use super::{Body, Card, Source};
use crate::layout::{Align, Rect};
use crate::media::{ArtworkRef, NowPlaying, Playback, Transport};
use crate::settings::{MediaWidget, VisualizerWidget, WidgetSettings};
use crate::text_metrics::{line_height, width};
use crate::theme::{pt_to_px, Look, Theme};

pub const VISUALIZER_GAP: i32 = 20;
pub const VISUALIZER_HEIGHT: i32 = 88;
pub const VOLUME_GAP: i32 = 16;
pub const VOLUME_WIDTH: i32 = 32;
/// The bottom strip of the card whose thirds are previous / play-pause / next.
pub const CONTROLS_ZONE: i32 = 60;
const TEXT_WIDTH: (f32, f32) = (200.0, 420.0);
const ART_GAP: f32 = 20.0;

#[derive(Debug, Clone, PartialEq)]
pub struct MediaBody {
    /// The player's name, as the header shows it.
    pub header: String,
    pub title: String,
    pub artist: String,
    pub playback: Playback,
    pub artwork: Option<ArtworkRef>,
    pub rounded_artwork: bool,
    pub header_frame: bool,
    pub controls: bool,
    pub can_previous: bool,
    pub can_next: bool,
    pub header_px: f32,
    pub title_px: f32,
    pub artist_px: f32,
    pub controls_px: f32,
    /// The card, the artwork square and the text column, in the group.
    pub card: Rect,
    pub art: Rect,
    pub text: Rect,
    /// The visualizer card (when enabled).
    pub visualizer: Option<Rect>,
    /// The volume slider and its level 0–1 (when enabled and the player has a volume).
    pub volume: Option<(Rect, f32)>,
    pub volume_fill: crate::settings::Rgba,
}

/// What a click at (x, y) in the group does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MediaHit {
    Button(Transport),
    /// The volume slider, at this level (0 bottom, 1 top).
    Volume(f32),
    /// On the card, not on a button.
    Card,
}

impl MediaBody {
    /// Left click at group-local (x, y): the slider sets the level; the card's bottom strip is
    /// previous / play-pause / next by thirds.
    pub fn left_click(&self, x: f32, y: f32) -> Option<MediaHit> {
        if let Some((r, _)) = self.volume.filter(|(r, _)| contains(r, x, y)) {
            return Some(MediaHit::Volume(slider_level(&r, y)));
        }
        if !contains(&self.card, x, y) {
            return None;
        }
        if self.controls && y >= (self.card.bottom() - CONTROLS_ZONE) as f32 {
            let third = (x - self.card.x as f32) / self.card.width as f32 * 3.0;
            return Some(MediaHit::Button(match third as i32 {
                0 => Transport::Previous,
                1 => Transport::PlayPause,
                _ => Transport::Next,
            }));
        }
        Some(MediaHit::Card)
    }

    /// Whether (x, y) is on the card (right click: next; middle click: previous).
    pub fn on_card(&self, x: f32, y: f32) -> bool {
        contains(&self.card, x, y)
    }

    /// The level a drag at (x, y) sets: anywhere above or below the slider, and a little to
    /// either side of it (a hand drifts while dragging).
    pub fn drag_level(&self, x: f32, y: f32) -> Option<f32> {
        let (r, _) = self.volume?;
        let near = x >= (r.x - DRAG_SLACK) as f32 && x < (r.right() + DRAG_SLACK) as f32;
        near.then(|| slider_level(&r, y))
    }

    /// Whether (x, y) is on the volume slider (the wheel changes it).
    pub fn on_volume(&self, x: f32, y: f32) -> bool {
        self.volume.is_some_and(|(r, _)| contains(&r, x, y))
    }
}

fn contains(r: &Rect, x: f32, y: f32) -> bool {
    x >= r.x as f32 && y >= r.y as f32 && x < r.right() as f32 && y < r.bottom() as f32
}

/// The level a click at height `y` sets on slider `r` (0 at the bottom, 1 at the top).
pub fn slider_level(r: &Rect, y: f32) -> f32 {
    let inner = (r.height - 2 * SLIDER_PAD).max(1) as f32;
    (1.0 - (y - (r.y + SLIDER_PAD) as f32) / inner).clamp(0.0, 1.0)
}

/// How far beside the slider a drag still moves it.
const DRAG_SLACK: i32 = 40;

/// Inset of the slider's track inside its box.
pub const SLIDER_PAD: i32 = 6;

/// The media group's card, or None when nothing plays (the card hides).
pub fn build(w: &WidgetSettings, theme: &Theme, now: Option<&NowPlaying>) -> Option<Card> {
    let m: &MediaWidget = &w.media;
    let now = now?;
    if !m.card.enabled {
        return None;
    }
    let look = Look::resolve(&m.card, theme, &w.shadows);
    let pad = look.padding;
    let art = m.artwork_size as f32;
    let header_px = look.font_px * 0.9;
    let title_px = look.font_px;
    let artist_px = (look.font_px - pt_to_px(3.0)).max(pt_to_px(8.0));
    let controls_px = (look.font_px - pt_to_px(3.0)).max(pt_to_px(8.0)) * 1.3;
    let header = now.player.to_uppercase();
    let widest = width(&now.title, title_px, true).max(width(&now.artist, artist_px, false)).max(width(&header, header_px, true) + 24.0);
    let text_w = widest.clamp(TEXT_WIDTH.0, TEXT_WIDTH.1);
    let card_w = (pad + text_w + ART_GAP + art + pad).ceil() as i32;
    let controls_h = if m.show_controls { CONTROLS_ZONE as f32 } else { 0.0 };
    let text_h = line_height(header_px) + 12.0 + line_height(title_px) + 6.0 + line_height(artist_px);
    let card_h = (pad + art.max(text_h) + controls_h + if m.show_controls { 0.0 } else { pad }).ceil() as i32;
    let (h_align, v_align) = m.card.position.align();
    let vis: &VisualizerWidget = &w.spotify_visualizer;
    let vis_above = v_align != Align::Start;
    let slider = m.spotify_volume_enabled && now.volume.is_some();
    let slider_right = h_align != Align::End;
    let card_x = if slider && !slider_right { VOLUME_WIDTH + VOLUME_GAP } else { 0 };
    let card_y = if vis.enabled && vis_above { VISUALIZER_HEIGHT + VISUALIZER_GAP } else { 0 };
    let card = Rect { x: card_x, y: card_y, width: card_w, height: card_h };
    let visualizer = vis.enabled.then(|| Rect {
        x: card_x,
        y: if vis_above { 0 } else { card_h + VISUALIZER_GAP },
        width: card_w,
        height: VISUALIZER_HEIGHT,
    });
    let volume = slider.then(|| {
        let x = if slider_right { card_w + VOLUME_GAP } else { 0 };
        (Rect { x, y: card_y + 4, width: VOLUME_WIDTH, height: card_h - 8 }, now.volume.unwrap_or(0.0) as f32)
    });
    let art_rect = Rect { x: card_x + card_w - pad as i32 - art as i32, y: card_y + pad as i32, width: art as i32, height: art as i32 };
    let text = Rect { x: card_x + pad as i32, y: card_y + pad as i32, width: text_w as i32, height: text_h.ceil() as i32 };
    let group_w = card_w + if slider { VOLUME_GAP + VOLUME_WIDTH } else { 0 };
    let group_h = card_h + if vis.enabled { VISUALIZER_GAP + VISUALIZER_HEIGHT } else { 0 };
    let body = MediaBody {
        header,
        title: now.title.clone(),
        artist: now.artist.clone(),
        playback: now.playback,
        artwork: now.artwork,
        rounded_artwork: m.rounded_artwork_border,
        header_frame: m.show_header_frame,
        controls: m.show_controls,
        can_previous: now.can_go_previous,
        can_next: now.can_go_next,
        header_px,
        title_px,
        artist_px,
        controls_px,
        card,
        art: art_rect,
        text,
        visualizer,
        volume,
        volume_fill: m.spotify_volume_fill_color,
    };
    Some(super::card(Source::Media, "Media".into(), &m.card, look, Body::Media(Box::new(body)), group_w as f32, group_h as f32, 0, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Anchor;

    fn playing() -> NowPlaying {
        NowPlaying { player: "Spotify".into(), title: "A Song".into(), artist: "An Artist".into(), playback: Playback::Playing, volume: Some(0.4), ..Default::default() }
    }

    fn body(w: &WidgetSettings) -> (Card, MediaBody) {
        let (theme, _) = Theme::named("dark");
        let c = build(w, &theme, Some(&playing())).expect("a playing player shows the card");
        let Body::Media(b) = &c.body else { panic!("media body") };
        let b = (**b).clone();
        (c, b)
    }

    #[test]
    fn nothing_playing_hides_the_group() {
        let (theme, _) = Theme::named("dark");
        assert!(build(&WidgetSettings::default(), &theme, None).is_none());
    }

    #[test]
    fn bottom_left_puts_the_visualizer_above_and_the_slider_right() {
        let w = WidgetSettings::default();
        assert_eq!(w.media.card.position, Anchor::BottomLeft);
        let (c, b) = body(&w);
        let v = b.visualizer.unwrap();
        let (s, level) = b.volume.unwrap();
        assert_eq!((v.y, v.width, v.height), (0, b.card.width, VISUALIZER_HEIGHT));
        assert_eq!(b.card.y, VISUALIZER_HEIGHT + VISUALIZER_GAP);
        assert_eq!((s.x, s.width, s.height), (b.card.width + VOLUME_GAP, VOLUME_WIDTH, b.card.height - 8));
        assert!((level - 0.4).abs() < 1e-6);
        assert_eq!((c.width, c.height), (b.card.width + VOLUME_GAP + VOLUME_WIDTH, b.card.height + VISUALIZER_GAP + VISUALIZER_HEIGHT));
        assert!(b.card.height >= w.media.artwork_size as i32 + CONTROLS_ZONE);
    }

    #[test]
    fn top_right_puts_the_visualizer_below_and_the_slider_left() {
        let mut w = WidgetSettings::default();
        w.media.card.position = Anchor::TopRight;
        let (_, b) = body(&w);
        assert_eq!((b.card.x, b.card.y), (VOLUME_WIDTH + VOLUME_GAP, 0));
        assert_eq!(b.visualizer.unwrap().y, b.card.height + VISUALIZER_GAP);
        assert_eq!(b.volume.unwrap().0.x, 0);
    }

    #[test]
    fn clicks_follow_the_original_zones() {
        let (_, b) = body(&WidgetSettings::default());
        let (c, bottom) = (b.card, (b.card.bottom() - 10) as f32);
        let at = |f: f32| c.x as f32 + c.width as f32 * f;
        assert_eq!(b.left_click(at(0.1), bottom), Some(MediaHit::Button(Transport::Previous)));
        assert_eq!(b.left_click(at(0.5), bottom), Some(MediaHit::Button(Transport::PlayPause)));
        assert_eq!(b.left_click(at(0.9), bottom), Some(MediaHit::Button(Transport::Next)));
        assert_eq!(b.left_click(at(0.5), (c.y + 20) as f32), Some(MediaHit::Card));
        let (s, _) = b.volume.unwrap();
        let top = b.left_click((s.x + 10) as f32, (s.y + SLIDER_PAD) as f32);
        assert_eq!(top, Some(MediaHit::Volume(1.0)));
        assert_eq!(b.left_click((s.x + 10) as f32, (s.bottom() - SLIDER_PAD) as f32), Some(MediaHit::Volume(0.0)));
        assert_eq!(b.left_click(-5.0, -5.0), None);
        assert_eq!(b.drag_level((s.right() + 10) as f32, (s.y - 50) as f32), Some(1.0), "a drag above the slider is the top");
        assert_eq!(b.drag_level((s.right() + 100) as f32, s.y as f32), None);
    }

    #[test]
    fn no_volume_from_the_player_no_slider_and_switches_apply() {
        let mut w = WidgetSettings::default();
        w.spotify_visualizer.enabled = false;
        w.media.show_controls = false;
        let (theme, _) = Theme::named("dark");
        let quiet = NowPlaying { volume: None, ..playing() };
        let c = build(&w, &theme, Some(&quiet)).unwrap();
        let Body::Media(b) = &c.body else { panic!() };
        assert!(b.volume.is_none() && b.visualizer.is_none());
        assert_eq!((c.width, c.height), (b.card.width, b.card.height));
        assert_eq!(b.left_click(b.card.x as f32 + 5.0, (b.card.bottom() - 5) as f32), Some(MediaHit::Card), "no controls, no buttons");
    }
}
