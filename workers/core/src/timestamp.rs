//! UTC timestamps for file names (`20261126-181325`) without a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYYmmdd-HHMMSS` in UTC for the given instant.
pub fn file_stamp(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}{m:02}{d:02}-{:02}{:02}{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `YYYY-mm-dd HH:MM UTC` for unix seconds, for people.
pub fn human_utc(unix_s: u64) -> String {
    let (days, rem) = (unix_s / 86_400, unix_s % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn human_dates() {
        assert_eq!(human_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(human_utc(1_795_000_000), "2026-11-18 11:06 UTC");
    }

    #[test]
    fn known_instants() {
        assert_eq!(file_stamp(UNIX_EPOCH), "19700101-000000");
        // 2026-11-26 18:13:25 UTC
        let t = UNIX_EPOCH + Duration::from_secs(1_795_716_805);
        assert_eq!(file_stamp(t), "20261126-181325");
        // Leap day 2024-02-29 12:00:00
        assert_eq!(file_stamp(UNIX_EPOCH + Duration::from_secs(1_709_208_000)), "20240229-120000");
    }
}
