//! The rows of a settings page: what each control edits (a dotted key), how it is shown, and
//! its current value; converted to the window's `FieldRow`s.

use crate::FieldRow;
use slint::{ModelRc, SharedString, StandardListViewItem, VecModel};
use toml::Value;

/// How a row edits its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading,
    Toggle,
    /// A whole number in a spin box.
    Int { min: i64, max: i64, step: i64 },
    /// A slider; `percent` shows (and stores) 0–1 as 0–100 %.
    Slider { min: f64, max: f64, step: f64, unit: &'static str, percent: bool, whole: bool },
    /// One of these stored values, shown with these labels.
    Choice(Vec<(Value, String)>),
    /// Text, saved on Enter (or with `action` a button that hands it to an action).
    Text { placeholder: &'static str, action: &'static str },
    /// Text kept as it is typed (not a setting: the About tab's file name).
    LiveText { placeholder: &'static str },
    /// A colour as "#rrggbb[aa]"; empty (when `optional`) removes the override.
    Colour { optional: bool },
    /// A row of buttons, reported as (key, index).
    Buttons(Vec<&'static str>),
    /// A list with a selection.
    List { items: Vec<String>, selected: i32 },
    Note,
}

/// One row.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub kind: Kind,
    pub enabled: bool,
    pub note: String,
    pub warn: bool,
}

impl Field {
    pub fn new(key: impl Into<String>, label: impl Into<String>, kind: Kind) -> Field {
        Field { key: key.into(), label: label.into(), kind, enabled: true, note: String::new(), warn: false }
    }

    pub fn heading(label: &str) -> Field {
        Field::new("", label, Kind::Heading)
    }

    pub fn note(label: impl Into<String>, warn: bool) -> Field {
        Field { warn, ..Field::new("", label, Kind::Note) }
    }

    pub fn toggle(key: impl Into<String>, label: impl Into<String>) -> Field {
        Field::new(key, label, Kind::Toggle)
    }

    pub fn int(key: impl Into<String>, label: impl Into<String>, min: i64, max: i64) -> Field {
        Field::new(key, label, Kind::Int { min, max, step: 1 })
    }

    pub fn slider(key: impl Into<String>, label: impl Into<String>, min: f64, max: f64, step: f64, unit: &'static str) -> Field {
        Field::new(key, label, Kind::Slider { min, max, step, unit, percent: false, whole: false })
    }

    /// A whole-number slider (stored as an integer).
    pub fn whole_slider(key: impl Into<String>, label: impl Into<String>, min: i64, max: i64, unit: &'static str) -> Field {
        Field::new(key, label, Kind::Slider { min: min as f64, max: max as f64, step: 1.0, unit, percent: false, whole: true })
    }

    /// A 0–1 setting shown as 0–100 %.
    pub fn percent(key: impl Into<String>, label: impl Into<String>) -> Field {
        Field::new(key, label, Kind::Slider { min: 0.0, max: 100.0, step: 1.0, unit: "%", percent: true, whole: false })
    }

    /// Choices stored as strings equal to their labels.
    pub fn choice(key: impl Into<String>, label: impl Into<String>, names: &[&str]) -> Field {
        Field::new(key, label, Kind::Choice(names.iter().map(|n| (Value::String(n.to_string()), n.to_string())).collect()))
    }

    pub fn text(key: impl Into<String>, label: impl Into<String>, placeholder: &'static str) -> Field {
        Field::new(key, label, Kind::Text { placeholder, action: "" })
    }

    /// A colour override (empty: the theme's).
    pub fn colour(key: impl Into<String>, label: impl Into<String>, optional: bool) -> Field {
        Field::new(key, label, Kind::Colour { optional })
    }

    pub fn enabled(mut self, on: bool) -> Field {
        self.enabled = on;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>, warn: bool) -> Field {
        self.note = note.into();
        self.warn = warn;
        self
    }

    /// The stored value for a number from the control.
    pub fn number_value(&self, v: f32) -> Option<Value> {
        match &self.kind {
            Kind::Int { .. } | Kind::Slider { whole: true, .. } => Some(Value::Integer(v.round() as i64)),
            Kind::Slider { percent: true, .. } => Some(Value::Float((v as f64 / 100.0 * 1000.0).round() / 1000.0)),
            Kind::Slider { step, .. } => Some(Value::Float(((v as f64) / step).round() * step)),
            _ => None,
        }
    }

    /// The window's row, showing `current` (the value at its key).
    pub fn row(&self, current: Option<&Value>) -> FieldRow {
        let current = current.cloned();
        let number = current.as_ref().and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64))).unwrap_or(0.0);
        let mut row = FieldRow {
            key: self.key.as_str().into(),
            label: self.label.as_str().into(),
            enabled: self.enabled,
            note: self.note.as_str().into(),
            warn: self.warn,
            ..FieldRow::default()
        };
        match &self.kind {
            Kind::Heading => row.kind = 0,
            Kind::Toggle => {
                row.kind = 1;
                row.checked = current.and_then(|v| v.as_bool()).unwrap_or(false);
            }
            Kind::Int { min, max, step } => {
                row.kind = 2;
                (row.minimum, row.maximum, row.step, row.value) = (*min as f32, *max as f32, *step as f32, number as f32);
            }
            Kind::Slider { min, max, step, unit, percent, whole } => {
                row.kind = 3;
                let shown = if *percent { number * 100.0 } else { number };
                (row.minimum, row.maximum, row.step, row.value) = (*min as f32, *max as f32, *step as f32, shown as f32);
                let digits = if *whole || *percent || *step >= 1.0 { 0 } else if *step >= 0.1 { 1 } else { 2 };
                row.value_text = format!("{shown:.digits$} {unit}").trim().into();
            }
            Kind::Choice(options) => {
                row.kind = 4;
                row.choices = strings(options.iter().map(|(_, l)| l.as_str()));
                row.index = current.and_then(|v| options.iter().position(|(o, _)| same(o, &v))).map_or(-1, |i| i as i32);
            }
            Kind::Text { placeholder, action } => {
                row.kind = 5;
                row.text = current.as_ref().map(text_of).unwrap_or_default().into();
                row.placeholder = (*placeholder).into();
                row.action_label = (*action).into();
            }
            Kind::LiveText { placeholder } => {
                row.kind = 5;
                row.live = true;
                row.placeholder = (*placeholder).into();
            }
            Kind::Colour { optional } => {
                row.kind = 9;
                let rgba = current.as_ref().and_then(|v| v.as_array()).map(|a| a.iter().filter_map(Value::as_integer).map(|c| c.clamp(0, 255) as u8).collect::<Vec<u8>>());
                if let Some([r, g, b, a]) = rgba.as_deref() {
                    row.text = format!("#{r:02x}{g:02x}{b:02x}{a:02x}").into();
                    row.swatch = slint::Color::from_argb_u8(*a, *r, *g, *b);
                }
                row.placeholder = if *optional { "#rrggbb[aa]; empty: the theme's" } else { "#rrggbb[aa]" }.into();
            }
            Kind::Buttons(labels) => {
                row.kind = 6;
                row.choices = strings(labels.iter().copied());
            }
            Kind::List { items, selected } => {
                row.kind = 7;
                row.placeholder = "(none yet)".into();
                let list: Vec<StandardListViewItem> = items.iter().map(|i| StandardListViewItem::from(SharedString::from(i.as_str()))).collect();
                row.items = ModelRc::new(VecModel::from(list));
                row.index = *selected;
            }
            Kind::Note => row.kind = 8,
        }
        row
    }
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> ModelRc<SharedString> {
    ModelRc::new(VecModel::from(items.map(SharedString::from).collect::<Vec<_>>()))
}

/// Choice values compare loosely: 1 and 1.0, "Top Left" and "top left".
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.eq_ignore_ascii_case(y),
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => (*x as f64 - y).abs() < 1e-9,
        _ => a == b,
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
