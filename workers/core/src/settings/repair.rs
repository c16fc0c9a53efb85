//! Field-by-field repair of a settings document.
//!
//! A value of the wrong type or out of range is reported with its dotted key and replaced by
//! the default; unknown keys are reported and ignored; everything else the user wrote is kept.

use super::Settings;
use toml::{Table, Value};

/// One problem found while loading, with the dotted key it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingIssue {
    pub key: String,
    pub problem: String,
}

impl std::fmt::Display for SettingIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.problem)
    }
}

/// Tables whose keys are free-form (per-type maps), accepted or rejected as a whole.
const MAP_KEYS: &[&str] = &["transitions.durations", "transitions.pool"];

/// Parses `text` and repairs it against `defaults`. Returns `Err` only when the text is not
/// TOML at all; the caller then backs the file up and uses the defaults.
pub fn repair_document(text: &str, defaults: &Settings) -> Result<(Settings, Vec<SettingIssue>), toml::de::Error> {
    let user: Table = text.parse()?;
    Ok(repair_onto(user, defaults, defaults))
}

/// Merges the document `user` onto `base` key by key (what `user` leaves out keeps `base`'s
/// value); a wrong or out-of-range value keeps `base`'s, and is reported.
pub(crate) fn repair_onto(mut user: Table, base: &Settings, defaults: &Settings) -> (Settings, Vec<SettingIssue>) {
    translate_original_keys(&mut user);
    // Settings always serialise to a table; an empty one still repairs to the defaults.
    let mut merged = super::sst::as_table(base);
    let mut issues = Vec::new();
    merge(&mut merged, &user, "", &mut issues);
    let mut settings: Settings = match Value::Table(merged).try_into() {
        Ok(s) => s,
        Err(e) => {
            issues.push(SettingIssue { key: "(document)".into(), problem: format!("{e}; all defaults used") });
            defaults.clone()
        }
    };
    settings.clamp_ranges(base, &mut issues);
    (settings, issues)
}

/// The original's ways of saying what we keep in other keys: `display.mode = "pan_scan"` is
/// fill with `pan_and_scan = true`; `display.render_backend_mode` ("opengl", legacy "d3d11", or
/// "software") decides `hw_accel`, as the original's repair did.
fn translate_original_keys(user: &mut Table) {
    let Some(Value::Table(display)) = user.get_mut("display") else { return };
    if display.get("mode").and_then(Value::as_str).is_some_and(|m| m.eq_ignore_ascii_case("pan_scan")) {
        display.insert("mode".into(), Value::String("fill".into()));
        display.insert("pan_and_scan".into(), Value::Boolean(true));
    }
    if let Some(backend) = display.remove("render_backend_mode") {
        let software = backend.as_str().is_some_and(|b| b.trim().eq_ignore_ascii_case("software"));
        display.insert("hw_accel".into(), Value::Boolean(!software));
    }
}

/// Merges `user` into `merged` at `path`, one leaf at a time, keeping a leaf only if the whole
/// leaf deserialises on its own.
fn merge(merged: &mut Table, user: &Table, prefix: &str, issues: &mut Vec<SettingIssue>) {
    for (key, value) in user {
        let dotted = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        let Some(existing) = merged.get(key) else {
            // Unset optional fields (style overrides) are absent from the defaults' table.
            if prefix.ends_with(".style") && check_leaf(&dotted, value).is_ok() {
                merged.insert(key.clone(), value.clone());
                continue;
            }
            issues.push(SettingIssue { key: dotted, problem: "unknown key, ignored".into() });
            continue;
        };
        if let (Some(repair), Value::Array(list)) = (super::widgets::list_kind(&dotted), value) {
            let mut kept = Vec::new();
            for (n, v) in list.iter().enumerate() {
                match v {
                    Value::Table(t) => kept.push(repair(t, &format!("{dotted}[{n}]"), issues)),
                    other => issues.push(SettingIssue { key: format!("{dotted}[{n}]"), problem: format!("a {} is not a widget, ignored", other.type_str()) }),
                }
            }
            merged.insert(key.clone(), Value::Array(kept));
            continue;
        }
        let is_map = MAP_KEYS.contains(&dotted.as_str());
        if let (Value::Table(_), Value::Table(sub), false) = (existing, value, is_map) {
            if let Some(Value::Table(child)) = merged.get_mut(key) {
                merge(child, sub, &dotted, issues);
            }
            continue;
        }
        let previous = merged.insert(key.clone(), value.clone());
        if let Err(problem) = check_leaf(&dotted, value) {
            if let Some(prev) = previous {
                merged.insert(key.clone(), prev);
            }
            issues.push(SettingIssue { key: dotted, problem });
        }
    }
}

/// Checks one leaf by deserialising a document that holds only it (every other field takes its
/// default), so the error names exactly this key's problem.
fn check_leaf(dotted: &str, value: &Value) -> Result<(), String> {
    let mut doc = value.clone();
    for part in dotted.rsplit('.') {
        let mut t = Table::new();
        t.insert(part.to_string(), doc);
        doc = Value::Table(t);
    }
    let found = value.type_str();
    doc.try_into::<Settings>()
        .map(|_| ())
        .map_err(|e| format!("invalid value ({found}): {}; default used", first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

/// Resets `value` to `default` and reports it when it is outside `lo..=hi`.
pub(super) fn check<T: PartialOrd + Copy + std::fmt::Display>(
    key: &str,
    value: &mut T,
    default: T,
    lo: T,
    hi: T,
    issues: &mut Vec<SettingIssue>,
) {
    if !(lo..=hi).contains(value) {
        issues.push(SettingIssue {
            key: key.into(),
            problem: format!("{value} is outside {lo}..={hi}; default {default} used"),
        });
        *value = default;
    }
}


impl Settings {
    /// Resets out-of-range numbers to their defaults, reporting each.
    fn clamp_ranges(&mut self, d: &Settings, issues: &mut Vec<SettingIssue>) {
        check("timing.interval", &mut self.timing.interval, d.timing.interval, 1, 3600, issues);
        check("queue.history_size", &mut self.queue.history_size, d.queue.history_size, 2, 1000, issues);
        check("sources.local_ratio", &mut self.sources.local_ratio, d.sources.local_ratio, 0, 100, issues);
        check("images.max_megapixels", &mut self.images.max_megapixels, d.images.max_megapixels, 1, 2000, issues);
        check("cache.prefetch_ahead", &mut self.cache.prefetch_ahead, d.cache.prefetch_ahead, 0, 20, issues);
        check("cache.max_items", &mut self.cache.max_items, d.cache.max_items, 1, 256, issues);
        check("cache.max_memory_mb", &mut self.cache.max_memory_mb, d.cache.max_memory_mb, 64, 16384, issues);
        check("cache.max_concurrent", &mut self.cache.max_concurrent, d.cache.max_concurrent, 1, 16, issues);
        check("transitions.duration_ms", &mut self.transitions.duration_ms, d.transitions.duration_ms, 100, 15000, issues);
        let wd = d.transitions.watchdog_timeout_sec;
        check("transitions.watchdog_timeout_sec", &mut self.transitions.watchdog_timeout_sec, wd, 1.0, 120.0, issues);
        let db = d.transitions.diffuse.block_size;
        check("transitions.diffuse.block_size", &mut self.transitions.diffuse.block_size, db, 4, 256, issues);
        let (bf, cr, pa) = (d.transitions.block_flip, d.transitions.crumble, d.transitions.particle);
        let t = &mut self.transitions;
        check("transitions.block_flip.rows", &mut t.block_flip.rows, bf.rows, 2, 25, issues);
        check("transitions.block_flip.cols", &mut t.block_flip.cols, bf.cols, 2, 25, issues);
        check("transitions.crumble.piece_count", &mut t.crumble.piece_count, cr.piece_count, 4, 16, issues);
        check("transitions.crumble.crack_complexity", &mut t.crumble.crack_complexity, cr.crack_complexity, 0.5, 2.0, issues);
        check("transitions.particle.direction", &mut t.particle.direction, pa.direction, 0, 9, issues);
        check("transitions.particle.particle_radius", &mut t.particle.particle_radius, pa.particle_radius, 8.0, 64.0, issues);
        check("transitions.particle.trail_length", &mut t.particle.trail_length, pa.trail_length, 0.0, 1.0, issues);
        check("transitions.particle.trail_strength", &mut t.particle.trail_strength, pa.trail_strength, 0.0, 1.0, issues);
        check("transitions.particle.swirl_turns", &mut t.particle.swirl_turns, pa.swirl_turns, 0.5, 5.0, issues);
        check("transitions.particle.swirl_order", &mut t.particle.swirl_order, pa.swirl_order, 0, 2, issues);
        check("transitions.particle.gloss_size", &mut t.particle.gloss_size, pa.gloss_size, 16.0, 128.0, issues);
        check("transitions.particle.light_direction", &mut t.particle.light_direction, pa.light_direction, 0, 4, issues);
        let unknown: Vec<String> =
            self.transitions.pool.keys().filter(|n| crate::transition::TransitionKind::from_name(n).is_none()).cloned().collect();
        for name in unknown {
            self.transitions.pool.remove(&name);
            issues.push(SettingIssue { key: format!("transitions.pool.{name}"), problem: "unknown transition, ignored".into() });
        }
        // Types a user's pool leaves out keep their default membership.
        for (name, &member) in &d.transitions.pool {
            self.transitions.pool.entry(name.clone()).or_insert(member);
        }
        check("display.pan_speed", &mut self.display.pan_speed, d.display.pan_speed, 1.0, 100.0, issues);
        let a = &d.accessibility;
        check("accessibility.dimming.opacity", &mut self.accessibility.dimming.opacity, a.dimming.opacity, 10, 90, issues);
        check("accessibility.pixel_shift.rate", &mut self.accessibility.pixel_shift.rate, a.pixel_shift.rate, 1, 5, issues);
        self.clamp_widget_ranges(d, issues);
        self.clamp_media_ranges(d, issues);
        let mut bad = Vec::new();
        for (name, ms) in &self.transitions.durations {
            if crate::transition::TransitionKind::from_name(name).is_none() {
                bad.push((name.clone(), "unknown transition, ignored".to_string()));
            } else if !(100..=15000).contains(ms) {
                bad.push((name.clone(), format!("{ms} is outside 100..=15000; default used")));
            }
        }
        for (name, problem) in bad {
            match d.transitions.durations.get(&name) {
                Some(&v) if problem.contains("outside") => {
                    self.transitions.durations.insert(name.clone(), v);
                }
                _ => {
                    self.transitions.durations.remove(&name);
                }
            }
            issues.push(SettingIssue { key: format!("transitions.durations.\"{name}\""), problem });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::DisplayMode;
    use crate::settings::{MonitorSelection, Profile};
    use crate::transition::TransitionKind;

    fn repair(text: &str) -> (Settings, Vec<SettingIssue>) {
        repair_document(text, &Settings::default()).expect("valid TOML")
    }

    #[test]
    fn the_originals_pan_scan_mode_and_backend_mode_are_understood() {
        let (s, issues) = repair("[display]\nmode = \"pan_scan\"\nrender_backend_mode = \"software\"\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(s.display.mode, crate::geometry::DisplayMode::Fill);
        assert!(s.display.pan_and_scan);
        assert!(!s.display.hw_accel, "software backend means no GL (group C)");
        let (s, _) = repair("[display]\nhw_accel = false\nrender_backend_mode = \"d3d11\"\n");
        assert!(s.display.hw_accel, "the backend mode decides, as in the original");
    }

    fn keys(issues: &[SettingIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.key.as_str()).collect()
    }

    #[test]
    fn transition_pool_and_directions_are_repaired_one_by_one() {
        let text = "[transitions.pool]\nWipe = false\nSparkle = true\n[transitions.wipe]\ndirection = \"sideways\"\n\
                    [transitions.slide]\ndirection = \"right-to-left\"\n[transitions.diffuse]\nblock_size = 2\n";
        let (s, issues) = repair_document(text, &Settings::default()).unwrap();
        let mut k = keys(&issues);
        k.sort();
        assert_eq!(k, ["transitions.diffuse.block_size", "transitions.pool.Sparkle", "transitions.wipe.direction"]);
        assert_eq!(s.transitions.pool.get("Wipe"), Some(&false));
        assert_eq!(s.transitions.pool.get("Ripple"), Some(&true), "types the user left out keep their default");
        assert_eq!(s.transitions.pool.get("Peel"), Some(&false));
        assert_eq!(s.transitions.slide.direction, crate::transition::DirectionChoice::Fixed(crate::transition::Direction::RightToLeft));
        assert_eq!(s.transitions.wipe.direction, crate::transition::DirectionChoice::Random);
        assert_eq!(s.transitions.diffuse.block_size, 18);
    }

    #[test]
    fn empty_file_is_all_defaults() {
        let (s, issues) = repair("");
        assert_eq!(s, Settings::default());
        assert!(issues.is_empty());
    }

    #[test]
    fn good_values_are_kept() {
        let (s, issues) = repair(
            "[timing]\ninterval = 12\n[display]\nmode = \"fit\"\nshow_on_monitors = [2]\n\
             [transitions]\ntype = \"Rain Drops\"\nduration_ms = 900\n[sources]\nfolders = [\"/photos\"]\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(s.timing.interval, 12);
        assert_eq!(s.display.mode, DisplayMode::Fit);
        assert_eq!(s.display.show_on_monitors, MonitorSelection::List(vec![2]));
        assert_eq!(s.transitions.kind, TransitionKind::Ripple);
        assert_eq!(s.transitions.duration_ms, 900);
        assert_eq!(s.sources.folders, vec![std::path::PathBuf::from("/photos")]);
    }

    #[test]
    fn wrong_types_reset_only_that_key() {
        let (s, issues) = repair(
            "[timing]\ninterval = \"soon\"\n[display]\nmode = \"stretchy\"\nsame_image_all_monitors = true\n\
             [queue]\nshuffle = 3\n[transitions]\ntype = \"Sparkle\"\n",
        );
        assert_eq!(keys(&issues), vec!["display.mode", "queue.shuffle", "timing.interval", "transitions.type"]);
        assert_eq!(s.timing.interval, 30);
        assert_eq!(s.display.mode, DisplayMode::Fill);
        assert!(s.display.same_image_all_monitors, "the good sibling is kept");
        assert!(s.queue.shuffle);
        assert_eq!(s.transitions.kind, TransitionKind::Particle);
        assert!(issues[0].problem.contains("default used"), "{}", issues[0].problem);
    }

    #[test]
    fn out_of_range_values_reset_with_message() {
        let (s, issues) = repair(
            "[timing]\ninterval = 0\n[sources]\nlocal_ratio = 150\n[transitions]\nduration_ms = 20\n\
             [transitions.durations]\nCrossfade = 99999\nWipe = 800\nBogus = 5\n\
             [accessibility.dimming]\nopacity = 95\n",
        );
        assert_eq!(s.timing.interval, 30);
        assert_eq!(s.sources.local_ratio, 90);
        assert_eq!(s.transitions.duration_ms, 13639);
        assert_eq!(s.transitions.durations["Crossfade"], 6199);
        assert_eq!(s.transitions.durations["Wipe"], 800);
        assert!(!s.transitions.durations.contains_key("Bogus"));
        assert_eq!(s.accessibility.dimming.opacity, 30);
        let k = keys(&issues);
        for expected in ["timing.interval", "sources.local_ratio", "transitions.duration_ms", "accessibility.dimming.opacity"] {
            assert!(k.contains(&expected), "{expected} not reported in {k:?}");
        }
        assert!(issues.iter().any(|i| i.problem.contains("outside 1..=3600")));
    }

    #[test]
    fn unknown_keys_are_reported_and_ignored() {
        let (s, issues) = repair("colour = \"red\"\n[timing]\ninterval = 40\nsnooze = 1\n[gadgets]\nx = 1\n");
        assert_eq!(s.timing.interval, 40);
        assert_eq!(keys(&issues), vec!["colour", "gadgets", "timing.snooze"]);
        assert!(issues.iter().all(|i| i.problem.contains("unknown")));
    }

    #[test]
    fn a_table_where_a_value_belongs_is_rejected() {
        let (s, issues) = repair("[timing.interval]\nx = 1\n");
        assert_eq!(s.timing.interval, 30);
        assert_eq!(keys(&issues), vec!["timing.interval"]);
    }

    #[test]
    fn truncated_file_is_a_parse_error() {
        assert!(repair_document("[timing]\ninterval = 3", &Settings::default()).is_ok());
        assert!(repair_document("[timing\ninter", &Settings::default()).is_err());
    }

    #[test]
    fn media_center_defaults_fill_gaps() {
        let (s, _) = repair_document("[timing]\ninterval = 60\n", &Profile::MediaCenter.defaults()).unwrap();
        assert_eq!(s.timing.interval, 60);
        assert!(s.input.hard_exit);
    }
}
