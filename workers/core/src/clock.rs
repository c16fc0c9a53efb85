//! What a clock widget shows: its time zone (local, an IANA name, or `UTC±H[:MM]`), the time in
//! 12 or 24 hour form, the zone's label, and the analog hands' angles.

pub use chrono::{DateTime, Utc};
use chrono::{FixedOffset, Local, Offset, TimeZone, Timelike};
use chrono_tz::{OffsetName, Tz};
use serde::{Deserialize, Serialize};

/// 12 or 24 hour time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum HourFormat {
    #[serde(rename = "12h", alias = "12 Hour", alias = "12")]
    Twelve,
    #[default]
    #[serde(rename = "24h", alias = "24 Hour", alias = "24")]
    TwentyFour,
}

/// A clock's time zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// The machine's zone (`TZ`, else the system's).
    Local,
    Named(Tz),
    /// `UTC+5:30` and the like; labelled as written.
    Fixed(FixedOffset),
}

/// A zone setting that names no zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?} (use \"local\", an IANA name like \"Europe/Paris\", or UTC+H[:MM])")]
pub struct UnknownZone(pub String);

impl Zone {
    /// Parses a clock's `timezone` setting: `local` (or empty), an IANA name in any case, or
    /// `UTC`/`GMT` followed by `±H`, `±HH`, `±H:MM` or `±HHMM`.
    pub fn parse(text: &str) -> Result<Zone, UnknownZone> {
        let t = text.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        if let Some(tz) = chrono_tz::TZ_VARIANTS.iter().find(|z| z.name().eq_ignore_ascii_case(t)) {
            return Ok(Zone::Named(*tz));
        }
        parse_offset(t).map(Zone::Fixed).ok_or_else(|| UnknownZone(t.to_string()))
    }

    /// Like [`parse`](Self::parse), but an unknown zone falls back to local time with the
    /// message to show the user.
    pub fn parse_or_local(text: &str) -> (Zone, Option<String>) {
        match Zone::parse(text) {
            Ok(z) => (z, None),
            Err(e) => (Zone::Local, Some(format!("{e}; showing local time"))),
        }
    }

    /// The zone's wall-clock time at `now`, and its label (abbreviation such as "SAST" or
    /// "CEST"; the UTC offset where the zone has none).
    pub fn at(self, now: DateTime<Utc>) -> (chrono::NaiveDateTime, String) {
        match self {
            Zone::Named(tz) => {
                let t = now.with_timezone(&tz);
                let label = t.offset().abbreviation().map(str::to_string).unwrap_or_else(|| offset_label(t.offset().fix()));
                (t.naive_local(), tidy_abbreviation(label, t.offset().fix()))
            }
            Zone::Fixed(off) => (now.with_timezone(&off).naive_local(), offset_label(off)),
            Zone::Local => match local_named() {
                Some(tz) => Zone::Named(tz).at(now),
                None => {
                    let t = now.with_timezone(&Local);
                    (t.naive_local(), offset_label(t.offset().fix()))
                }
            },
        }
    }
}

/// The local zone by name, for its abbreviation: `TZ` if it names one, else /etc/localtime's
/// link target.
fn local_named() -> Option<Tz> {
    let from_env = std::env::var("TZ").ok().map(|v| v.trim_start_matches(':').to_string());
    let from_link = || {
        let target = std::fs::read_link("/etc/localtime").ok()?;
        let s = target.to_string_lossy().to_string();
        s.split_once("zoneinfo/").map(|(_, name)| name.to_string())
    };
    let name = from_env.filter(|v| !v.is_empty()).or_else(from_link)?;
    chrono_tz::TZ_VARIANTS.iter().find(|z| z.name() == name).copied()
}

/// chrono-tz writes zones without an abbreviation as "+0530"; show them as UTC offsets.
fn tidy_abbreviation(label: String, off: FixedOffset) -> String {
    if label.starts_with(['+', '-']) {
        offset_label(off)
    } else {
        label
    }
}

fn offset_label(off: FixedOffset) -> String {
    let secs = off.local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let (sign, abs) = if secs < 0 { ('-', -secs) } else { ('+', secs) };
    let (h, m) = (abs / 3600, abs % 3600 / 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

fn parse_offset(t: &str) -> Option<FixedOffset> {
    let upper = t.to_ascii_uppercase();
    let rest = upper.strip_prefix("UTC").or_else(|| upper.strip_prefix("GMT"))?.trim();
    if rest.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => (digits.parse().ok()?, 0),
    };
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Everything a clock draws at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// "14:05:09", "2:05 PM" …
    pub time: String,
    pub zone_label: String,
    /// Analog hands, degrees clockwise from 12; the second hand moves smoothly.
    pub hour_angle: f32,
    pub minute_angle: f32,
    pub second_angle: f32,
}

/// Reads the clock at `now`.
pub fn read(now: DateTime<Utc>, zone: Zone, format: HourFormat, seconds: bool) -> Reading {
    let (t, zone_label) = zone.at(now);
    let (h, m, s) = (t.hour(), t.minute(), t.second());
    let time = match (format, seconds) {
        (HourFormat::TwentyFour, true) => format!("{h:02}:{m:02}:{s:02}"),
        (HourFormat::TwentyFour, false) => format!("{h:02}:{m:02}"),
        (HourFormat::Twelve, with_s) => {
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            let ampm = if h < 12 { "AM" } else { "PM" };
            if with_s {
                format!("{h12}:{m:02}:{s:02} {ampm}")
            } else {
                format!("{h12}:{m:02} {ampm}")
            }
        }
    };
    let sec = s as f32 + t.nanosecond().min(999_999_999) as f32 / 1e9;
    Reading {
        time,
        zone_label,
        hour_angle: ((h % 12) as f32 + m as f32 / 60.0 + sec / 3600.0) * 30.0,
        minute_angle: (m as f32 + sec / 60.0) * 6.0,
        second_angle: sec * 6.0,
    }
}

/// `now` as UTC from an RFC 3339 string (for `srpss render --time`).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
}

/// A UTC instant from parts, for tests and fixed renders.
pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str) -> Zone {
        Zone::parse(n).expect(n)
    }

    #[test]
    fn twelve_and_twenty_four_hour_with_and_without_seconds() {
        let t = utc(2026, 3, 1, 14, 5, 9);
        let utc0 = Zone::Fixed(FixedOffset::east_opt(0).unwrap());
        assert_eq!(read(t, utc0, HourFormat::TwentyFour, true).time, "14:05:09");
        assert_eq!(read(t, utc0, HourFormat::TwentyFour, false).time, "14:05");
        assert_eq!(read(t, utc0, HourFormat::Twelve, true).time, "2:05:09 PM", "leading zero stripped");
        assert_eq!(read(t, utc0, HourFormat::Twelve, false).time, "2:05 PM");
        let midnight = utc(2026, 3, 1, 0, 7, 0);
        assert_eq!(read(midnight, utc0, HourFormat::Twelve, false).time, "12:07 AM");
        assert_eq!(read(utc(2026, 3, 1, 12, 0, 0), utc0, HourFormat::Twelve, false).time, "12:00 PM");
    }

    #[test]
    fn half_and_quarter_hour_zones() {
        let t = utc(2026, 1, 15, 12, 0, 0);
        let r = read(t, named("Asia/Kolkata"), HourFormat::TwentyFour, false);
        assert_eq!((r.time.as_str(), r.zone_label.as_str()), ("17:30", "IST"));
        let r = read(t, named("asia/kathmandu"), HourFormat::TwentyFour, false);
        assert_eq!((r.time.as_str(), r.zone_label.as_str()), ("17:45", "UTC+5:45"), "no abbreviation: the offset");
        let r = read(t, named("UTC+5:30"), HourFormat::TwentyFour, false);
        assert_eq!((r.time.as_str(), r.zone_label.as_str()), ("17:30", "UTC+5:30"));
        let r = read(t, named("utc-9:30"), HourFormat::TwentyFour, false);
        assert_eq!((r.time.as_str(), r.zone_label.as_str()), ("02:30", "UTC-9:30"));
        assert_eq!(read(t, named("GMT+0545"), HourFormat::TwentyFour, false).time, "17:45");
        assert_eq!(read(t, named("UTC"), HourFormat::TwentyFour, false).zone_label, "UTC");
    }

    #[test]
    fn daylight_saving_changes() {
        let ny = named("America/New_York");
        // 2026-03-08 02:00 local: clocks go forward at 07:00 UTC.
        let before = read(utc(2026, 3, 8, 6, 59, 0), ny, HourFormat::TwentyFour, false);
        let after = read(utc(2026, 3, 8, 7, 0, 0), ny, HourFormat::TwentyFour, false);
        assert_eq!((before.time.as_str(), before.zone_label.as_str()), ("01:59", "EST"));
        assert_eq!((after.time.as_str(), after.zone_label.as_str()), ("03:00", "EDT"));
        let paris = named("Europe/Paris");
        assert_eq!(read(utc(2026, 10, 25, 0, 30, 0), paris, HourFormat::TwentyFour, false).time, "02:30");
        let back = read(utc(2026, 10, 25, 1, 30, 0), paris, HourFormat::TwentyFour, false);
        assert_eq!((back.time.as_str(), back.zone_label.as_str()), ("02:30", "CET"), "the hour repeats");
        let syd = read(utc(2026, 1, 15, 0, 0, 0), named("Australia/Sydney"), HourFormat::TwentyFour, false);
        assert_eq!((syd.time.as_str(), syd.zone_label.as_str()), ("11:00", "AEDT"));
    }

    #[test]
    fn an_invalid_zone_falls_back_to_local_with_a_message() {
        let (z, msg) = Zone::parse_or_local("Mars/Olympus_Mons");
        assert_eq!(z, Zone::Local);
        assert!(msg.is_some_and(|m| m.contains("Mars/Olympus_Mons") && m.contains("local")));
        assert_eq!(Zone::parse_or_local("local"), (Zone::Local, None));
        assert!(Zone::parse("UTC+15").is_err() && Zone::parse("UTC+5:75").is_err() && Zone::parse("UTC*3").is_err());
    }

    #[test]
    fn hands_move_smoothly() {
        let z = named("UTC");
        let r = read(utc(2026, 1, 1, 3, 30, 15), z, HourFormat::TwentyFour, true);
        assert!((r.hour_angle - 105.125).abs() < 1e-3, "{}", r.hour_angle);
        assert!((r.minute_angle - 181.5).abs() < 1e-3);
        assert!((r.second_angle - 90.0).abs() < 1e-3);
        let half = parse_instant("2026-01-01T03:30:15.5Z").unwrap();
        assert!((read(half, z, HourFormat::TwentyFour, true).second_angle - 93.0).abs() < 1e-3);
    }
}
