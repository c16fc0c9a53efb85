//! The original's `.sst` settings exports: `{settings_version: 1, application, snapshot}` JSON
//! with dotted keys (`"display.mode"`), `widgets` and `transitions` as nested maps, widgets named
//! `clock`, `clock2`, `reddit2` … with their card keys flat, and booleans often as strings.
//!
//! [`import`] merges a file into the current settings (per key; what the file leaves out is
//! kept), coercing types against the schema and reporting every key it cannot use; it returns
//! the merged settings and the list of changes, so a caller can preview before saving.
//! [`export`] writes the same shape back (keys sorted, indent 2), so the original can read it.

use super::{repair, Profile, SettingIssue, Settings};
use serde_json::{Map, Value as Json};
use toml::{Table, Value};

/// The snapshot format version the original writes and this module reads.
pub const SST_VERSION: i64 = 1;

/// Card keys the original keeps flat in each widget's map; ours live in `card` / `card.style`.
const CARD_KEYS: &[&str] = &["enabled", "monitor", "position", "margin", "font_size", "show_background", "bg_opacity", "intense_shadow"];
const STYLE_KEYS: &[&str] = &["font_family", "color", "bg_color", "border_color", "border_opacity"];
/// The original's keys that SRPSS has no use for: reported as ignored, never as errors.
const IGNORED: &[&str] = &["display.prefer_triple_buffer", "display.gl_depth_bits", "display.gl_stencil_bits", "sources.mode"];

#[derive(Debug, thiserror::Error)]
pub enum SstError {
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a settings export: {0}")]
    Shape(String),
}

/// One setting an import changes, with both values written as TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub before: String,
    pub after: String,
}

/// What an import would do.
#[derive(Debug, Clone)]
pub struct Imported {
    pub settings: Settings,
    pub changes: Vec<Change>,
    /// Unknown keys, values that could not be used, and warnings about the file.
    pub notes: Vec<SettingIssue>,
}

/// The original's application name for a profile.
pub fn application(profile: Profile) -> &'static str {
    match profile {
        Profile::Screensaver => "Screensaver",
        Profile::MediaCenter => "Screensaver_MC",
    }
}

/// Merges the `.sst` text into `current` (a file for the other profile is a warning, not an
/// error). Fails only when the text is not a JSON object.
pub fn import(text: &str, current: &Settings, profile: Profile) -> Result<Imported, SstError> {
    let root: Json = serde_json::from_str(text)?;
    let Json::Object(mut root) = root else { return Err(SstError::Shape("the top level is not an object".into())) };
    let mut notes = Vec::new();
    let note = |key: &str, problem: String| SettingIssue { key: key.into(), problem };
    match root.get("settings_version").map(json_int) {
        Some(Some(v)) if v > SST_VERSION => notes.push(note("settings_version", format!("{v} is newer than {SST_VERSION}; read as version {SST_VERSION}"))),
        Some(None) => notes.push(note("settings_version", "not a number; read as version 1".into())),
        _ => {}
    }
    if let Some(app) = root.get("application").and_then(Json::as_str) {
        if app != application(profile) {
            notes.push(note("application", format!("exported from {app:?}, imported into the {} profile", profile.name())));
        }
    }
    // Exports have a snapshot; a bare map of keys is accepted too.
    let snapshot = match root.remove("snapshot") {
        Some(Json::Object(s)) => s,
        Some(_) => return Err(SstError::Shape("\"snapshot\" is not an object".into())),
        None if root.contains_key("settings_version") => return Err(SstError::Shape("no \"snapshot\"".into())),
        None => root,
    };
    let base = as_table(current);
    let user = to_document(&snapshot, &base, &mut notes);
    let (settings, issues) = repair::repair_onto(user, current, &profile.defaults());
    notes.extend(issues);
    let changes = diff(current, &settings);
    Ok(Imported { settings, changes, notes })
}

/// The settings as an `.sst` file for `profile`.
pub fn export(settings: &Settings, profile: Profile) -> String {
    let table = as_table(settings);
    let mut snapshot = Map::new();
    for (section, value) in &table {
        match (section.as_str(), value) {
            ("widgets", Value::Table(w)) => {
                snapshot.insert("widgets".into(), Json::Object(export_widgets(w)));
            }
            ("transitions", v) => {
                snapshot.insert("transitions".into(), to_json(v));
            }
            (_, Value::Table(t)) => flatten_into(&mut snapshot, section, t),
            (_, v) => {
                snapshot.insert(section.clone(), to_json(v));
            }
        }
    }
    // The original stores monitor numbers as strings.
    if let Some(Json::Array(v)) = snapshot.get_mut("display.show_on_monitors") {
        for n in v.iter_mut() {
            *n = Json::String(n.to_string());
        }
    }
    let mut root = Map::new();
    root.insert("application".into(), Json::String(application(profile).into()));
    root.insert("settings_version".into(), Json::from(SST_VERSION));
    root.insert("snapshot".into(), Json::Object(snapshot));
    // serde_json's map is ordered by key, so the output is sorted like the original's.
    serde_json::to_string_pretty(&Json::Object(root)).unwrap_or_default() + "\n"
}

/// Every setting that differs between `a` and `b`, by dotted key.
pub fn diff(a: &Settings, b: &Settings) -> Vec<Change> {
    let (mut fa, mut fb) = (Vec::new(), Vec::new());
    flatten_values("", &Value::Table(as_table(a)), &mut fa);
    flatten_values("", &Value::Table(as_table(b)), &mut fb);
    let get = |list: &[(String, String)], k: &str| list.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let mut keys: Vec<&String> = fa.iter().chain(fb.iter()).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (before, after) = (get(&fa, k), get(&fb, k));
            (before != after).then(|| Change { key: k.clone(), before: before.unwrap_or_else(|| "(none)".into()), after: after.unwrap_or_else(|| "(none)".into()) })
        })
        .collect()
}

pub(super) fn as_table(s: &Settings) -> Table {
    match Value::try_from(s) {
        Ok(Value::Table(t)) => t,
        _ => Table::new(),
    }
}

fn json_int(v: &Json) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// The snapshot as a TOML document shaped like ours, values coerced to the types of `base`.
fn to_document(snapshot: &Map<String, Json>, base: &Table, notes: &mut Vec<SettingIssue>) -> Table {
    let mut doc = Table::new();
    for (key, value) in snapshot {
        if key == "widgets" {
            match value {
                Json::Object(w) => import_widgets(w, base, &mut doc, notes),
                _ => notes.push(SettingIssue { key: key.clone(), problem: "not a map, ignored".into() }),
            }
            continue;
        }
        if key == "ui" || key.starts_with("ui.") {
            notes.push(SettingIssue { key: key.clone(), problem: "the original's window state, ignored".into() });
            continue;
        }
        if IGNORED.contains(&key.as_str()) {
            notes.push(SettingIssue { key: key.clone(), problem: "not used by SRPSS, ignored".into() });
            continue;
        }
        let Some(v) = from_json(value) else {
            notes.push(SettingIssue { key: key.clone(), problem: "null, ignored".into() });
            continue;
        };
        let path: Vec<&str> = key.split('.').collect();
        insert_path(&mut doc, &path, v);
    }
    coerce(&mut doc, base);
    keep_own_sources(&mut doc, base, notes);
    doc
}

/// An empty folder or feed list in the file (a default export) never empties the user's own.
fn keep_own_sources(doc: &mut Table, base: &Table, notes: &mut Vec<SettingIssue>) {
    let (Some(Value::Table(file)), Some(Value::Table(own))) = (doc.get_mut("sources"), base.get("sources")) else { return };
    for key in ["folders", "rss_feeds"] {
        let empty_in_file = file.get(key).and_then(Value::as_array).is_some_and(Vec::is_empty);
        let own_has_some = own.get(key).and_then(Value::as_array).is_some_and(|v| !v.is_empty());
        if empty_in_file && own_has_some {
            file.remove(key);
            notes.push(SettingIssue { key: format!("sources.{key}"), problem: "empty in the file; yours kept".into() });
        }
    }
}

fn insert_path(doc: &mut Table, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut t = doc;
    for p in parents {
        let entry = t.entry(p.to_string()).or_insert_with(|| Value::Table(Table::new()));
        if !entry.is_table() {
            *entry = Value::Table(Table::new());
        }
        let Value::Table(sub) = entry else { return };
        t = sub;
    }
    match (t.get_mut(*last), value) {
        // `transitions` as a map and `transitions.x` as dotted keys in one file: both count.
        (Some(Value::Table(old)), Value::Table(new)) => old.extend(new),
        (_, v) => {
            t.insert(last.to_string(), v);
        }
    }
}

/// The widget list and index an original widget name stands for (`clock2` → clocks[1]).
fn instance(name: &str) -> Option<(&'static str, usize)> {
    for (prefix, list) in [("clock", "clocks"), ("reddit", "reddit")] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if rest.is_empty() {
                return Some((list, 0));
            }
            return rest.parse::<usize>().ok().filter(|n| (2..=99).contains(n)).map(|n| (list, n - 1));
        }
    }
    None
}

/// Flat widget keys (`font_size`, `color` …) placed where ours keep them (`card.font_size`).
fn nest_card(flat: &Map<String, Json>, notes: &mut Vec<SettingIssue>, prefix: &str) -> Table {
    let mut t = Table::new();
    for (k, v) in flat {
        let Some(value) = from_json(v) else {
            notes.push(SettingIssue { key: format!("{prefix}.{k}"), problem: "null, ignored".into() });
            continue;
        };
        let path: Vec<&str> = if CARD_KEYS.contains(&k.as_str()) {
            vec!["card", k]
        } else if STYLE_KEYS.contains(&k.as_str()) {
            vec!["card", "style", k]
        } else {
            vec![k]
        };
        insert_path(&mut t, &path, value);
    }
    t
}

fn import_widgets(w: &Map<String, Json>, base: &Table, doc: &mut Table, notes: &mut Vec<SettingIssue>) {
    let base_widgets = match base.get("widgets") {
        Some(Value::Table(t)) => t.clone(),
        _ => Table::new(),
    };
    let mut out = Table::new();
    // Lists start from the current instances; the file's clock2 updates the second one.
    let mut lists: Vec<(&str, Vec<Value>)> = ["clocks", "reddit"]
        .into_iter()
        .map(|l| (l, base_widgets.get(l).and_then(Value::as_array).cloned().unwrap_or_default()))
        .collect();
    let mut names: Vec<&String> = w.keys().collect();
    // clock before clock2: a new instance starts from the main one's look, as in the original.
    names.sort_by_key(|n| (n.len(), n.to_string()));
    for name in names {
        let value = &w[name];
        let prefix = format!("widgets.{name}");
        let Json::Object(flat) = value else {
            match (name.as_str(), from_json(value)) {
                ("theme", Some(v)) => {
                    out.insert("theme".into(), v);
                }
                _ => notes.push(SettingIssue { key: prefix, problem: "not a widget map, ignored".into() }),
            }
            continue;
        };
        if let Some((list, index)) = instance(name) {
            let Some((_, items)) = lists.iter_mut().find(|(l, _)| *l == list) else { continue };
            let mut t = nest_card(flat, notes, &prefix);
            let enabled = flat.get("enabled").map_or(Some(true), json_bool).unwrap_or(true);
            if index >= items.len() && !enabled {
                notes.push(SettingIssue { key: prefix, problem: "off in the file; not added".into() });
                continue;
            }
            let template = items.first().cloned().unwrap_or_else(|| Value::Table(Table::new()));
            while items.len() <= index {
                items.push(template.clone());
            }
            if let Some(element) = items.get(index).and_then(Value::as_table) {
                coerce(&mut t, element);
                let mut merged = element.clone();
                deep_merge(&mut merged, t);
                items[index] = Value::Table(merged);
            }
            continue;
        }
        let t = match name.as_str() {
            "weather" | "media" => nest_card(flat, notes, &prefix),
            "spotify_visualizer" | "shadows" => match from_json(value) {
                Some(Value::Table(t)) => t,
                _ => Table::new(),
            },
            _ => {
                notes.push(SettingIssue { key: prefix, problem: "unknown widget, ignored".into() });
                continue;
            }
        };
        out.insert(name.clone(), Value::Table(t));
    }
    for (list, items) in lists {
        if base_widgets.get(list).and_then(Value::as_array) != Some(&items) {
            out.insert(list.into(), Value::Array(items));
        }
    }
    doc.insert("widgets".into(), Value::Table(out));
}

fn deep_merge(into: &mut Table, from: Table) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Value::Table(a)), Value::Table(b)) => deep_merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

fn json_bool(v: &Json) -> Option<bool> {
    match v {
        Json::Bool(b) => Some(*b),
        Json::Number(n) => n.as_f64().map(|f| f != 0.0),
        Json::String(s) => word_bool(s),
        _ => None,
    }
}

/// The original's `to_bool`: true/1/yes/on and false/0/no/off, any case.
fn word_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Makes each of `doc`'s leaves the type the same key has in `base` where it can be read as
/// one ("true" → true, "30" → 30, 2.0 → 2); anything else is left for repair to report.
fn coerce(doc: &mut Table, base: &Table) {
    for (k, v) in doc.iter_mut() {
        let Some(b) = base.get(k) else { continue };
        let replacement = match (b, &*v) {
            (Value::Table(bt), Value::Table(_)) => {
                if let Value::Table(t) = v {
                    coerce(t, bt);
                }
                None
            }
            (Value::Boolean(_), Value::String(s)) => word_bool(s).map(Value::Boolean),
            (Value::Boolean(_), Value::Integer(i)) => Some(Value::Boolean(*i != 0)),
            (Value::Integer(_), Value::String(s)) => {
                s.trim().parse::<i64>().ok().or_else(|| s.trim().parse::<f64>().ok().filter(|f| f.fract() == 0.0).map(|f| f as i64)).map(Value::Integer)
            }
            (Value::Integer(_), Value::Float(f)) if f.fract() == 0.0 => Some(Value::Integer(*f as i64)),
            (Value::Integer(_), Value::Boolean(x)) => Some(Value::Integer(i64::from(*x))),
            (Value::Float(_), Value::String(s)) => s.trim().parse::<f64>().ok().map(Value::Float),
            (Value::Float(_), Value::Integer(i)) => Some(Value::Float(*i as f64)),
            (Value::String(_), Value::Integer(i)) => Some(Value::String(i.to_string())),
            _ => None,
        };
        if let Some(r) = replacement {
            *v = r;
        }
    }
}

fn from_json(v: &Json) -> Option<Value> {
    Some(match v {
        Json::Null => return None,
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64()?),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(a) => Value::Array(a.iter().filter_map(from_json).collect()),
        Json::Object(o) => Value::Table(o.iter().filter_map(|(k, v)| Some((k.clone(), from_json(v)?))).collect()),
    })
}

fn to_json(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::String(s.clone()),
        Value::Integer(i) => Json::from(*i),
        // Our floats are f32: written at that precision (0.7, not 0.699999988079071).
        Value::Float(f) => format!("{}", *f as f32).parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Json::Null, Json::Number),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Datetime(d) => Json::String(d.to_string()),
        Value::Array(a) => Json::Array(a.iter().map(to_json).collect()),
        Value::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

fn flatten_into(out: &mut Map<String, Json>, prefix: &str, t: &Table) {
    for (k, v) in t {
        let key = format!("{prefix}.{k}");
        match v {
            Value::Table(sub) => flatten_into(out, &key, sub),
            v => {
                out.insert(key, to_json(v));
            }
        }
    }
}

fn flatten_values(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Table(t) => {
            for (k, sub) in t {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten_values(&key, sub, out);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_table) => {
            for (n, item) in items.iter().enumerate() {
                flatten_values(&format!("{prefix}[{n}]"), item, out);
            }
            if items.is_empty() {
                out.push((prefix.to_string(), "[]".into()));
            }
        }
        v => out.push((prefix.to_string(), v.to_string())),
    }
}

/// Our widget lists as the original's numbered widgets, card keys flat.
fn export_widgets(w: &Table) -> Map<String, Json> {
    let mut out = Map::new();
    let flat_card = |t: &Table| -> Json {
        let mut m = Map::new();
        for (k, v) in t {
            match (k.as_str(), v) {
                ("card", Value::Table(card)) => {
                    for (ck, cv) in card {
                        match (ck.as_str(), cv) {
                            ("style", Value::Table(style)) => m.extend(style.iter().map(|(sk, sv)| (sk.clone(), to_json(sv)))),
                            _ => {
                                m.insert(ck.clone(), to_json(cv));
                            }
                        }
                    }
                }
                _ => {
                    m.insert(k.clone(), to_json(v));
                }
            }
        }
        Json::Object(m)
    };
    for (k, v) in w {
        match (k.as_str(), v) {
            (list @ ("clocks" | "reddit"), Value::Array(items)) => {
                let stem = if list == "clocks" { "clock" } else { "reddit" };
                for (n, item) in items.iter().enumerate() {
                    let name = if n == 0 { stem.to_string() } else { format!("{stem}{}", n + 1) };
                    if let Value::Table(t) = item {
                        out.insert(name, flat_card(t));
                    }
                }
            }
            ("weather" | "media", Value::Table(t)) => {
                out.insert(k.clone(), flat_card(t));
            }
            _ => {
                out.insert(k.clone(), to_json(v));
            }
        }
    }
    out
}

/// Merges one of our TOML settings files into `current`, like [`import`].
pub fn import_toml(text: &str, current: &Settings, profile: Profile) -> Result<Imported, toml::de::Error> {
    Ok(import_table(text.parse()?, current, profile))
}

/// Merges a settings document already parsed into `current`, like [`import`].
pub fn import_table(user: Table, current: &Settings, profile: Profile) -> Imported {
    let (settings, notes) = repair::repair_onto(user, current, &profile.defaults());
    let changes = diff(current, &settings);
    Imported { settings, changes, notes }
}
