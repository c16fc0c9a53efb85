//! Reading and writing the settings file: repair on load, backup of broken files, atomic save.

use super::{repair_document, Profile, SettingIssue, Settings};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("cannot read settings file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write settings file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot serialise settings: {0}")]
    Serialise(#[from] toml::ser::Error),
}

/// What loading found, for the log and for tests.
#[derive(Debug)]
pub struct LoadReport {
    pub settings: Settings,
    /// Keys that were wrong and replaced by defaults, or unknown and ignored.
    pub issues: Vec<SettingIssue>,
    /// Where an unparseable file was copied before defaults were written.
    pub backup: Option<PathBuf>,
    /// The file did not exist and was created with the defaults.
    pub created: bool,
}

/// Loads the settings at `path` for `profile`, repairing what it can.
///
/// - Missing file: the profile's defaults are written there (so the user has a file to edit).
/// - Unparseable file: copied aside as `<name>.broken-<UTC stamp>.toml`, then defaults written.
/// - Otherwise: repaired field by field; the file itself is left exactly as the user wrote it.
///
/// Errors only when the file exists but cannot be read, or cannot be written where it must be.
pub fn load_or_create(path: &Path, profile: Profile) -> Result<LoadReport, StoreError> {
    let defaults = profile.defaults();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            save_atomic(path, &defaults)?;
            return Ok(LoadReport { settings: defaults, issues: Vec::new(), backup: None, created: true });
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            // Not UTF-8: treat like any other unparseable file.
            return back_up_and_reset(path, defaults, format!("not UTF-8 text: {e}"));
        }
        Err(source) => return Err(StoreError::Read { path: path.into(), source }),
    };
    match repair_document(&text, &defaults) {
        Ok((settings, issues)) => Ok(LoadReport { settings, issues, backup: None, created: false }),
        Err(e) => back_up_and_reset(path, defaults, e.to_string()),
    }
}

fn back_up_and_reset(path: &Path, defaults: Settings, why: String) -> Result<LoadReport, StoreError> {
    let stamp = crate::timestamp::file_stamp(std::time::SystemTime::now());
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("settings");
    let mut backup = path.with_file_name(format!("{stem}.broken-{stamp}.toml"));
    let mut n = 1;
    while backup.exists() {
        backup = path.with_file_name(format!("{stem}.broken-{stamp}-{n}.toml"));
        n += 1;
    }
    std::fs::copy(path, &backup).map_err(|source| StoreError::Write { path: backup.clone(), source })?;
    save_atomic(path, &defaults)?;
    let issue = SettingIssue {
        key: "(file)".into(),
        problem: format!("unreadable ({}); copied to {} and defaults used", why.trim(), backup.display()),
    };
    Ok(LoadReport { settings: defaults, issues: vec![issue], backup: Some(backup), created: false })
}

/// Writes `settings` to `path` atomically: a temporary file beside it, fsync, rename, then
/// fsync of the directory. A crash leaves either the old file or the new one, never half.
pub fn save_atomic(path: &Path, settings: &Settings) -> Result<(), StoreError> {
    let text = toml::to_string_pretty(settings)?;
    let write_err = |source| StoreError::Write { path: path.into(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable; not every platform can open a directory.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all(); // best effort: the data is already safe in the renamed file
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp); // cleanup of our own temporary; the error below matters
    }
    result.map_err(write_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transition::TransitionKind;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("srpss-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d); // a leftover from an earlier run may or may not exist
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn missing_file_is_created_with_defaults() {
        let path = temp_dir("missing").join("sub/screensaver.toml");
        let r = load_or_create(&path, Profile::Screensaver).unwrap();
        assert!(r.created && r.issues.is_empty());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("[timing]") && text.contains("interval = 30"), "{text}");
    }

    #[test]
    fn truncated_file_is_backed_up_and_defaults_used() {
        let dir = temp_dir("truncated");
        let path = dir.join("screensaver.toml");
        let original = "[timing]\ninterval = 45\n[display\nmode = \"fi";
        std::fs::write(&path, original).unwrap();
        let r = load_or_create(&path, Profile::Screensaver).unwrap();
        let backup = r.backup.expect("backup made");
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), original, "user's text preserved");
        assert!(backup.file_name().unwrap().to_str().unwrap().starts_with("screensaver.broken-"));
        assert_eq!(r.settings, Settings::default());
        assert_eq!(r.issues.len(), 1);
        assert!(r.issues[0].problem.contains("copied to"), "{}", r.issues[0]);
        // The file now parses cleanly.
        let again = load_or_create(&path, Profile::Screensaver).unwrap();
        assert!(again.issues.is_empty() && again.backup.is_none());
    }

    #[test]
    fn binary_garbage_is_backed_up() {
        let path = temp_dir("binary").join("s.toml");
        std::fs::write(&path, [0xff, 0xfe, 0x00, 0x80]).unwrap();
        let r = load_or_create(&path, Profile::Screensaver).unwrap();
        assert!(r.backup.is_some());
    }

    #[test]
    fn repaired_file_is_not_rewritten() {
        let path = temp_dir("repair").join("s.toml");
        let text = "[timing]\ninterval = \"x\"\nmystery = 1\n";
        std::fs::write(&path, text).unwrap();
        let r = load_or_create(&path, Profile::Screensaver).unwrap();
        assert_eq!(r.issues.len(), 2);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "nothing the user wrote is lost");
    }

    #[test]
    fn save_then_load_round_trips_and_leaves_no_temp() {
        let dir = temp_dir("roundtrip");
        let path = dir.join("s.toml");
        let mut s = Settings::default();
        s.timing.interval = 77;
        s.transitions.kind = TransitionKind::Wipe;
        save_atomic(&path, &s).unwrap();
        assert_eq!(load_or_create(&path, Profile::Screensaver).unwrap().settings, s);
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "temporary left behind: {names:?}");
    }
}
