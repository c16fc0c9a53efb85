//! srpss-core's cards as the Slint structs of `ui/api/overlay_adapter.slint`.

use crate::{CardLook, ClockCard, HeadlineRow, HeadlinesCard, MediaCard, Numeral, WeatherCard};
use slint::{Color, ModelRc, SharedString, VecModel};
use srpss_core::cards::media::{MediaBody, SLIDER_PAD};
use srpss_core::cards::{Body, Card};
use srpss_core::media::Playback;
use srpss_core::layout::Rect;
use srpss_core::settings::Rgba;
use srpss_core::theme::Look;
use std::rc::Rc;

fn color(c: Rgba) -> Color {
    let [r, g, b, a] = c.0;
    Color::from_argb_u8(a, r, g, b)
}

/// The card's look; its shadow image is made for a card of `w` x `h` (only cards with a
/// background cast one).
fn look(l: &Look, w: f32, h: f32) -> CardLook {
    let shadow = l.shadow;
    let (shadow_image, shadow_pad) = match (shadow, l.background) {
        (Some(s), Some(_)) if w >= 1.0 && h >= 1.0 => super::shadow::image(w as u32, h as u32, l.radius, s.blur, s.offset, s.color.0),
        _ => (slint::Image::default(), 0.0),
    };
    CardLook {
        font_family: l.font_family.as_str().into(),
        font_size: l.font_px,
        text: color(l.text),
        muted: color(l.muted),
        background: l.background.map_or(Color::from_argb_u8(0, 0, 0, 0), color),
        border: color(l.border),
        border_width: l.border_width,
        radius: l.radius,
        padding: l.padding,
        accent: color(l.accent),
        face: color(l.face),
        shadow: shadow.map_or(Color::from_argb_u8(0, 0, 0, 0), |s| color(s.color)),
        shadow_x: shadow.map_or(0.0, |s| s.offset.0),
        shadow_y: shadow.map_or(0.0, |s| s.offset.1),
        shadow_blur: shadow.map_or(0.0, |s| s.blur),
        shadow_image,
        shadow_pad,
    }
}

fn text(s: &str) -> SharedString {
    s.into()
}

/// One window's widget cards, by kind.
#[derive(Default)]
pub struct Frame {
    pub clocks: Vec<ClockCard>,
    pub weather: Vec<WeatherCard>,
    pub headlines: Vec<HeadlinesCard>,
    pub media: Vec<MediaCard>,
}

/// Sorts placed cards into the Slint structs; `rect` is where the layout put each one; `art`
/// is the media card's artwork (empty: none yet).
pub fn frame(cards: &[Card], placed: &[(usize, Rect)], art: &slint::Image) -> Frame {
    let mut f = Frame::default();
    for &(id, rect) in placed {
        let Some(card) = cards.get(id) else { continue };
        let r = card.drawn(rect);
        let (x, y, width, height) = (r.x as f32, r.y as f32, r.width as f32, r.height as f32);
        if let Body::Media(m) = &card.body {
            f.media.push(media(card, m, (x, y, width, height), art));
            continue;
        }
        let look = look(&card.look, width, height);
        match &card.body {
            Body::Digital { time, zone, zone_px } => f.clocks.push(ClockCard {
                x,
                y,
                width,
                height,
                look,
                digital: true,
                time: text(time),
                zone: text(zone.as_deref().unwrap_or("")),
                zone_size: *zone_px,
                ..ClockCard::default()
            }),
            Body::Analog { face, hands, marks, seconds, face_shadow, zone, zone_px } => {
                let (face_shadow_image, face_shadow_pad) = match card.look.shadow {
                    Some(s) if *face_shadow => {
                        let d = (2.0 * face.radius) as u32;
                        let [r, g, b, a] = s.color.0;
                        let offset = (s.offset.0 * 1.1, s.offset.1 * 1.1);
                        super::shadow::image(d, d, face.radius, s.blur, offset, [r, g, b, (f32::from(a) * 1.4).min(255.0) as u8])
                    }
                    _ => (slint::Image::default(), 0.0),
                };
                let numerals: Vec<Numeral> = face.numerals.iter().map(|(nx, ny, t)| Numeral { x: *nx, y: *ny, text: text(t) }).collect();
                f.clocks.push(ClockCard {
                    x,
                    y,
                    width,
                    height,
                    look,
                    digital: false,
                    zone: text(zone.as_deref().unwrap_or("")),
                    zone_size: *zone_px,
                    side: face.side,
                    radius: face.radius,
                    numeral_size: face.numeral_px,
                    numeral_box: face.numeral_box(),
                    numerals: ModelRc::from(Rc::new(VecModel::from(numerals))),
                    marks: text(marks),
                    hour: text(&hands[0]),
                    minute: text(&hands[1]),
                    second: text(&hands[2]),
                    seconds: *seconds,
                    face_shadow: *face_shadow,
                    face_shadow_image,
                    face_shadow_pad,
                    time: SharedString::default(),
                })
            }
            Body::Weather { text: t, title_px, main_px, small_px } => f.weather.push(WeatherCard {
                x,
                y,
                width,
                height,
                look,
                title: text(&t.title),
                main: text(&t.main),
                forecast: text(t.forecast.as_deref().unwrap_or("")),
                note: text(t.note.as_deref().unwrap_or("")),
                title_size: *title_px,
                main_size: *main_px,
                small_size: *small_px,
            }),
            Body::Headlines { subreddit, rows, header_px, age_px, age_width, row_height, separators } => {
                let rows: Vec<HeadlineRow> = rows.iter().map(|r| HeadlineRow { title: text(&r.title), age: text(&r.age) }).collect();
                f.headlines.push(HeadlinesCard {
                    x,
                    y,
                    width,
                    height,
                    look,
                    subreddit: text(subreddit),
                    rows: ModelRc::from(Rc::new(VecModel::from(rows))),
                    header_size: *header_px,
                    age_size: *age_px,
                    age_width: *age_width,
                    row_height: *row_height,
                    separators: *separators,
                })
            }
            Body::Media(_) => {}
        }
    }
    f
}

fn media(card: &Card, m: &MediaBody, (x, y, width, height): (f32, f32, f32, f32), art: &slint::Image) -> MediaCard {
    let r = |v: i32| v as f32;
    let vis = m.visualizer.unwrap_or_default();
    let (vol, level) = m.volume.unwrap_or_default();
    let has_art = m.artwork.is_some() && art.size().width > 0;
    MediaCard {
        x,
        y,
        width,
        height,
        look: look(&card.look, r(m.card.width), r(m.card.height)),
        card_x: r(m.card.x),
        card_y: r(m.card.y),
        card_w: r(m.card.width),
        card_h: r(m.card.height),
        header: text(&m.header),
        title: text(&m.title),
        artist: text(&m.artist),
        playing: m.playback == Playback::Playing,
        art: if has_art { art.clone() } else { slint::Image::default() },
        has_art,
        art_x: r(m.art.x),
        art_y: r(m.art.y),
        art_size: r(m.art.width),
        rounded: m.rounded_artwork,
        header_frame: m.header_frame,
        controls: m.controls,
        can_previous: m.can_previous,
        can_next: m.can_next,
        header_size: m.header_px,
        title_size: m.title_px,
        artist_size: m.artist_px,
        controls_size: m.controls_px,
        text_x: r(m.text.x),
        text_y: r(m.text.y),
        text_w: r(m.text.width),
        visualizer: m.visualizer.is_some(),
        vis_x: r(vis.x),
        vis_y: r(vis.y),
        vis_w: r(vis.width),
        vis_h: r(vis.height),
        vis_look: if m.visualizer.is_some() { look(&card.look, r(vis.width), r(vis.height)) } else { CardLook::default() },
        volume: m.volume.is_some(),
        vol_x: r(vol.x),
        vol_y: r(vol.y),
        vol_w: r(vol.width),
        vol_h: r(vol.height),
        vol_level: level,
        vol_pad: SLIDER_PAD as f32,
        vol_fill: color(m.volume_fill),
    }
}
