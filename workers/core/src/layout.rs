//! Where overlay widgets sit on a display: nine anchors, margins, per-monitor filtering,
//! stacking of widgets that share an anchor, clamping to the screen, and conflict detection.
//!
//! Plain Rust: the screensaver, `srpss render`, the settings app and the layout previewer all
//! call [`layout`], so what the previewer shows is what the saver draws.

use serde::{Deserialize, Serialize};

/// Space between widgets stacked at one anchor.
pub const STACK_SPACING: i32 = 10;

/// One of the nine places a widget can be anchored. Stored as the original's strings
/// ("Top Left" …); its snake-case enum names are accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    #[serde(rename = "Top Left", alias = "top_left")]
    TopLeft,
    #[serde(rename = "Top Center", alias = "top_center")]
    TopCenter,
    #[serde(rename = "Top Right", alias = "top_right")]
    TopRight,
    #[serde(rename = "Middle Left", alias = "middle_left")]
    MiddleLeft,
    #[serde(rename = "Center", alias = "center", alias = "Middle Center")]
    Center,
    #[serde(rename = "Middle Right", alias = "middle_right")]
    MiddleRight,
    #[serde(rename = "Bottom Left", alias = "bottom_left")]
    BottomLeft,
    #[serde(rename = "Bottom Center", alias = "bottom_center")]
    BottomCenter,
    #[serde(rename = "Bottom Right", alias = "bottom_right")]
    BottomRight,
}

/// Horizontal or vertical placement along one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub const ALL: [Anchor; 9] = [
        Anchor::TopLeft,
        Anchor::TopCenter,
        Anchor::TopRight,
        Anchor::MiddleLeft,
        Anchor::Center,
        Anchor::MiddleRight,
        Anchor::BottomLeft,
        Anchor::BottomCenter,
        Anchor::BottomRight,
    ];

    /// (horizontal, vertical) alignment.
    pub fn align(self) -> (Align, Align) {
        let i = Self::ALL.iter().position(|a| *a == self).unwrap_or(2);
        let pick = |n: usize| [Align::Start, Align::Middle, Align::End][n];
        (pick(i % 3), pick(i / 3))
    }

    /// The original's label ("Top Left" …).
    pub fn label(self) -> &'static str {
        const LABELS: [&str; 9] =
            ["Top Left", "Top Center", "Top Right", "Middle Left", "Center", "Middle Right", "Bottom Left", "Bottom Center", "Bottom Right"];
        LABELS[Self::ALL.iter().position(|a| *a == self).unwrap_or(2)]
    }
}

/// Which monitor a widget appears on: every one, or one by its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WidgetMonitor {
    #[default]
    All,
    Number(u32),
}

impl WidgetMonitor {
    pub fn shows_on(self, monitor: u32) -> bool {
        match self {
            WidgetMonitor::All => true,
            WidgetMonitor::Number(n) => n == monitor,
        }
    }
}

impl Serialize for WidgetMonitor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WidgetMonitor::All => s.serialize_str("ALL"),
            WidgetMonitor::Number(n) => s.serialize_u32(*n),
        }
    }
}

impl<'de> Deserialize<'de> for WidgetMonitor {
    /// `"ALL"` (any case), a number ≥ 1, or a number as a string (the original stored `"2"`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(i64),
            Text(String),
        }
        let number = |n: i64| match u32::try_from(n) {
            Ok(n) if n >= 1 => Ok(WidgetMonitor::Number(n)),
            _ => Err(serde::de::Error::custom(format!("monitor {n} is not 1 or more"))),
        };
        match Raw::deserialize(d)? {
            Raw::Num(n) => number(n),
            Raw::Text(t) if t.trim().eq_ignore_ascii_case("all") => Ok(WidgetMonitor::All),
            Raw::Text(t) => match t.trim().parse::<i64>() {
                Ok(n) => number(n),
                Err(_) => Err(serde::de::Error::custom(format!("monitor {t:?} is not \"ALL\" or a number"))),
            },
        }
    }
}

/// A widget to place: its size comes from the widget (see `widget_size`), the rest from its
/// settings. `id` is the caller's index, handed back in the result.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: usize,
    pub name: String,
    pub anchor: Anchor,
    pub monitor: WidgetMonitor,
    pub margin: i32,
    pub width: i32,
    pub height: i32,
}

/// A rectangle in physical pixels of the display, origin top left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.width && o.x < self.x + self.width && self.y < o.y + o.height && o.y < self.y + self.height
    }

    pub fn right(&self) -> i32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.height
    }
}

/// A placed widget.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub id: usize,
    pub rect: Rect,
    /// Moved to stay on screen (its stack did not fit, or it is larger than the margin allows).
    pub clamped: bool,
}

/// Two widgets that overlap after placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub a: usize,
    pub b: usize,
}

/// Every widget shown on one display, in the caller's order, and what does not fit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub placed: Vec<Placed>,
    pub conflicts: Vec<Conflict>,
}

impl Layout {
    pub fn rect(&self, id: usize) -> Option<Rect> {
        self.placed.iter().find(|p| p.id == id).map(|p| p.rect)
    }
}

/// Places `items` on display `monitor` (1-based) of `screen_w` x `screen_h` pixels.
///
/// Widgets sharing an anchor stack with [`STACK_SPACING`] in list order: downward from top
/// anchors, upward from bottom anchors, and centred as one group at middle anchors. The stack
/// starts at its first widget's margin; each widget's own margin sets its horizontal place.
/// Anything that would leave the screen is pushed back onto it and marked `clamped`; widgets
/// that then overlap are reported as conflicts (both are still drawn).
pub fn layout(items: &[Item], monitor: u32, screen_w: i32, screen_h: i32) -> Layout {
    let shown: Vec<&Item> = items.iter().filter(|i| i.monitor.shows_on(monitor)).collect();
    let mut placed = Vec::with_capacity(shown.len());
    for anchor in Anchor::ALL {
        let stack: Vec<&&Item> = shown.iter().filter(|i| i.anchor == anchor).collect();
        let Some(first) = stack.first() else { continue };
        let (h_align, v_align) = anchor.align();
        let total: i32 = stack.iter().map(|i| i.height).sum::<i32>() + STACK_SPACING * (stack.len() as i32 - 1);
        // The top of the first widget in screen order, then each below it.
        let mut y = match v_align {
            Align::Start => first.margin,
            Align::Middle => (screen_h - total) / 2,
            Align::End => screen_h - first.margin - total,
        };
        // Bottom stacks grow upward: the first widget is the lowest, so walk them in reverse.
        let order: Vec<&&&Item> = if v_align == Align::End { stack.iter().rev().collect() } else { stack.iter().collect() };
        for item in order {
            let x = match h_align {
                Align::Start => item.margin,
                Align::Middle => (screen_w - item.width) / 2,
                Align::End => screen_w - item.margin - item.width,
            };
            let want = Rect { x, y, width: item.width, height: item.height };
            let rect = clamp(want, screen_w, screen_h);
            placed.push(Placed { id: item.id, rect, clamped: rect != want });
            y += item.height + STACK_SPACING;
        }
    }
    // Back to the caller's order.
    placed.sort_by_key(|p| shown.iter().position(|i| i.id == p.id));
    let mut conflicts = Vec::new();
    for (n, a) in placed.iter().enumerate() {
        for b in &placed[n + 1..] {
            if a.rect.overlaps(&b.rect) {
                conflicts.push(Conflict { a: a.id.min(b.id), b: a.id.max(b.id) });
            }
        }
    }
    Layout { placed, conflicts }
}

fn clamp(r: Rect, screen_w: i32, screen_h: i32) -> Rect {
    Rect { x: r.x.min(screen_w - r.width).max(0), y: r.y.min(screen_h - r.height).max(0), ..r }
}

/// What the settings app says beside a widget's position: "" when it is alone at its anchor,
/// "Will stack with …" when it shares it and everything fits, "Conflicts with …" otherwise.
pub fn status(items: &[Item], id: usize, monitor: u32, screen_w: i32, screen_h: i32) -> String {
    let Some(me) = items.iter().find(|i| i.id == id) else { return String::new() };
    let l = layout(items, monitor, screen_w, screen_h);
    let name = |i: usize| items.iter().find(|x| x.id == i).map_or("?", |x| x.name.as_str());
    let against: Vec<&str> =
        l.conflicts.iter().filter_map(|c| if c.a == id { Some(c.b) } else if c.b == id { Some(c.a) } else { None }).map(name).collect();
    if !against.is_empty() {
        return format!("Conflicts with {}!", against.join(", "));
    }
    let mates: Vec<&str> = items
        .iter()
        .filter(|i| i.id != id && i.anchor == me.anchor && i.monitor.shows_on(monitor) && me.monitor.shows_on(monitor))
        .map(|i| i.name.as_str())
        .collect();
    if mates.is_empty() {
        String::new()
    } else {
        format!("Will stack with {}", mates.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: usize, anchor: Anchor, w: i32, h: i32) -> Item {
        Item { id, name: format!("w{id}"), anchor, monitor: WidgetMonitor::All, margin: 20, width: w, height: h }
    }

    #[test]
    fn every_anchor_alone() {
        let expect = [(20, 20), (450, 20), (880, 20), (20, 250), (450, 250), (880, 250), (20, 480), (450, 480), (880, 480)];
        for (anchor, (x, y)) in Anchor::ALL.into_iter().zip(expect) {
            let l = layout(&[item(0, anchor, 100, 100)], 1, 1000, 600);
            assert_eq!(l.placed[0].rect, Rect { x, y, width: 100, height: 100 }, "{anchor:?}");
            assert!(!l.placed[0].clamped && l.conflicts.is_empty());
        }
    }

    #[test]
    fn top_anchors_stack_down_and_bottom_anchors_stack_up() {
        let items = [item(0, Anchor::TopRight, 100, 50), item(1, Anchor::TopRight, 80, 30), item(2, Anchor::BottomLeft, 100, 50), item(3, Anchor::BottomLeft, 60, 40)];
        let l = layout(&items, 1, 1000, 600);
        assert_eq!(l.rect(0), Some(Rect { x: 880, y: 20, width: 100, height: 50 }));
        assert_eq!(l.rect(1), Some(Rect { x: 900, y: 80, width: 80, height: 30 }), "10 px below the first");
        assert_eq!(l.rect(2), Some(Rect { x: 20, y: 530, width: 100, height: 50 }), "first stays on the margin");
        assert_eq!(l.rect(3), Some(Rect { x: 20, y: 480, width: 60, height: 40 }), "second goes above");
        assert!(l.conflicts.is_empty());
    }

    #[test]
    fn middle_anchors_centre_the_whole_stack() {
        let items = [item(0, Anchor::MiddleLeft, 100, 100), item(1, Anchor::MiddleLeft, 100, 50)];
        let l = layout(&items, 1, 1000, 600);
        // 160 px tall together: from 220 to 380, centred on 300.
        assert_eq!(l.rect(0).map(|r| r.y), Some(220));
        assert_eq!(l.rect(1).map(|r| r.y), Some(330));
        assert_eq!(l.rect(1).map(|r| r.bottom()), Some(380));
    }

    #[test]
    fn monitor_filtering() {
        let mut a = item(0, Anchor::TopLeft, 100, 50);
        a.monitor = WidgetMonitor::Number(2);
        let b = item(1, Anchor::TopLeft, 100, 50);
        let on1 = layout(&[a.clone(), b.clone()], 1, 1000, 600);
        assert_eq!(on1.placed.len(), 1);
        assert_eq!(on1.rect(1).map(|r| r.y), Some(20), "the widget for monitor 2 does not push it down on 1");
        let on2 = layout(&[a, b], 2, 1000, 600);
        assert_eq!(on2.rect(1).map(|r| r.y), Some(80));
    }

    #[test]
    fn clamping_keeps_widgets_on_screen() {
        let mut big = item(0, Anchor::TopRight, 300, 100);
        big.margin = 150;
        let l = layout(&[big], 1, 400, 300);
        assert_eq!(l.placed[0].rect, Rect { x: 0, y: 150, width: 300, height: 100 });
        assert!(l.placed[0].clamped);
        let tall = [item(0, Anchor::BottomLeft, 100, 200), item(1, Anchor::BottomLeft, 100, 200)];
        let l = layout(&tall, 1, 400, 300);
        assert!(l.placed.iter().all(|p| p.rect.y >= 0 && p.rect.bottom() <= 300));
        assert_eq!(l.conflicts, vec![Conflict { a: 0, b: 1 }], "a stack taller than the screen conflicts");
    }

    #[test]
    fn conflicts_between_anchors_and_status_messages() {
        let items = [item(0, Anchor::TopLeft, 600, 200), item(1, Anchor::TopRight, 600, 200), item(2, Anchor::BottomRight, 100, 50), item(3, Anchor::BottomRight, 100, 50)];
        let l = layout(&items, 1, 1000, 600);
        assert_eq!(l.conflicts, vec![Conflict { a: 0, b: 1 }]);
        assert_eq!(status(&items, 0, 1, 1000, 600), "Conflicts with w1!");
        assert_eq!(status(&items, 2, 1, 1000, 600), "Will stack with w3");
        let alone = [item(0, Anchor::Center, 10, 10)];
        assert_eq!(status(&alone, 0, 1, 1000, 600), "");
    }

    #[test]
    fn monitor_forms_parse() {
        #[derive(Deserialize)]
        struct T {
            m: WidgetMonitor,
        }
        let p = |s: &str| toml::from_str::<T>(&format!("m = {s}")).map(|t| t.m);
        assert_eq!(p("\"ALL\"").unwrap(), WidgetMonitor::All);
        assert_eq!(p("\"all\"").unwrap(), WidgetMonitor::All);
        assert_eq!(p("2").unwrap(), WidgetMonitor::Number(2));
        assert_eq!(p("\"3\"").unwrap(), WidgetMonitor::Number(3));
        assert!(p("0").is_err() && p("\"left\"").is_err());
        let a: Anchor = toml::from_str::<std::collections::BTreeMap<String, Anchor>>("a = \"bottom_center\"").unwrap()["a"];
        assert_eq!(a, Anchor::BottomCenter);
        assert_eq!(Anchor::MiddleRight.align(), (Align::End, Align::Middle));
    }
}
