//! One edit of the settings by dotted key (`timing.interval`, `widgets.clocks[1].card.position`):
//! read a value, or write one and get back settings that passed the same repair a loaded file
//! goes through; a value repair would change is refused with its message.

use srpss_core::settings::{sst, Profile, Settings};
use toml::{Table, Value};

/// One step of a dotted key: a table key, optionally followed by a list index.
fn steps(key: &str) -> Vec<(&str, Option<usize>)> {
    key.split('.')
        .map(|part| match part.split_once('[') {
            Some((name, rest)) => (name.trim_matches('"'), rest.trim_end_matches(']').parse().ok()),
            None => (part.trim_matches('"'), None),
        })
        .collect()
}

/// The value at `key`, if there is one.
#[cfg(test)]
pub fn get(settings: &Settings, key: &str) -> Option<Value> {
    get_in(&as_table(settings), key)
}

/// The value at `key` of the settings as a table (serialise once, read many keys).
pub fn get_in(root: &Table, key: &str) -> Option<Value> {
    let mut t = root;
    let path = steps(key);
    let ((last, last_index), parents) = path.split_last()?;
    for (name, index) in parents {
        let mut v = t.get(*name)?;
        if let Some(i) = index {
            v = v.as_array()?.get(*i)?;
        }
        t = v.as_table()?;
    }
    let v = t.get(*last)?;
    match last_index {
        Some(i) => v.as_array()?.get(*i).cloned(),
        None => Some(v.clone()),
    }
}

pub fn as_table(s: &Settings) -> Table {
    match Value::try_from(s) {
        Ok(Value::Table(t)) => t,
        _ => Table::new(),
    }
}

/// `settings` with `key` set to `value`, validated; `Err` says why the value was refused.
pub fn set(settings: &Settings, profile: Profile, key: &str, value: Value) -> Result<Settings, String> {
    let mut root = as_table(settings);
    let path = steps(key);
    let Some(((last, last_index), parents)) = path.split_last() else { return Err("empty key".into()) };
    let mut t = &mut root;
    for (name, index) in parents {
        let mut v = t.get_mut(*name).ok_or_else(|| format!("{key}: no such setting"))?;
        if let Some(i) = index {
            v = v.as_array_mut().and_then(|a| a.get_mut(*i)).ok_or_else(|| format!("{key}: no such instance"))?;
        }
        t = v.as_table_mut().ok_or_else(|| format!("{key}: no such setting"))?;
    }
    match last_index {
        Some(i) => {
            let list = t.get_mut(*last).and_then(Value::as_array_mut).ok_or_else(|| format!("{key}: no such list"))?;
            *list.get_mut(*i).ok_or_else(|| format!("{key}: no such instance"))? = value;
        }
        // An empty colour or font override goes back to the theme's.
        None if key.contains(".style.") && value.as_str().is_some_and(|v| v.trim().is_empty()) => {
            t.remove(*last);
        }
        None if t.contains_key(*last) || key.contains(".style.") => {
            t.insert(last.to_string(), value);
        }
        None => return Err(format!("{key}: no such setting")),
    }
    let got = sst::import_table(root, settings, profile);
    match got.notes.into_iter().next() {
        Some(problem) => Err(problem.to_string()),
        None => Ok(got.settings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_nested_and_listed_keys() {
        let s = Settings::default();
        assert_eq!(get(&s, "timing.interval"), Some(Value::Integer(30)));
        assert_eq!(get(&s, "widgets.reddit[1].subreddit"), Some(Value::String("Games".into())));
        assert_eq!(get(&s, "widgets.reddit[7].subreddit"), None);
        let s2 = set(&s, Profile::Screensaver, "widgets.reddit[1].card.position", Value::String("Top Center".into())).expect("valid");
        assert_eq!(s2.widgets.reddit[1].card.position, srpss_core::layout::Anchor::TopCenter);
        assert_eq!(s2.widgets.reddit[0], s.widgets.reddit[0], "the other instance is untouched");
        let s3 = set(&s2, Profile::Screensaver, "accessibility.dimming.opacity", Value::Integer(55)).expect("valid");
        assert_eq!(s3.accessibility.dimming.opacity, 55);
    }

    #[test]
    fn refuses_what_repair_would_change_and_says_why() {
        let s = Settings::default();
        let err = set(&s, Profile::Screensaver, "timing.interval", Value::Integer(0)).expect_err("out of range");
        assert!(err.contains("1..=3600"), "{err}");
        let err = set(&s, Profile::Screensaver, "display.mode", Value::String("stretchy".into())).expect_err("unknown mode");
        assert!(err.contains("display.mode"), "{err}");
        assert!(set(&s, Profile::Screensaver, "timing.nap", Value::Integer(1)).is_err());
        assert!(set(&s, Profile::Screensaver, "widgets.clocks[4].label", Value::String("x".into())).is_err());
        assert!(set(&s, Profile::Screensaver, "widgets.weather.card.style.color", Value::String("#12345".into())).is_err(), "not a colour");
    }

    #[test]
    fn colour_overrides_are_set_and_removed() {
        let s = Settings::default();
        let key = "widgets.clocks[0].card.style.color";
        let s2 = set(&s, Profile::Screensaver, key, Value::String("#ff8000c0".into())).expect("a colour");
        assert_eq!(s2.widgets.clocks[0].card.style.color, Some(srpss_core::settings::Rgba([255, 128, 0, 192])));
        let s3 = set(&s2, Profile::Screensaver, key, Value::String(String::new())).expect("removed");
        assert_eq!(s3.widgets.clocks[0].card.style.color, None, "back to the theme's");
    }
}
