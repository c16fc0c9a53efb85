//! `srpss settings --import FILE [--dry-run]` and `--export FILE` on the real executable.

use crate::harness::{srpss, TempDir};

const ORIGINAL_MC: &str = include_str!("../../workers/core/tests/fixtures/media-center.sst");

fn settings_file(home: &std::path::Path) -> std::path::PathBuf {
    home.join("config/srpss/screensaver.toml")
}

fn run(home: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = srpss(home).arg("settings").args(args).output().expect("srpss runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

#[test]
fn import_previews_saves_and_round_trips_through_export() {
    let home = TempDir::new("settings-cli");
    let sst = home.path().join("original-mc.sst");
    std::fs::write(&sst, ORIGINAL_MC).unwrap();
    let sst = sst.to_str().unwrap();

    // A dry run prints the changes and the keys it could not use, and saves nothing.
    let (ok, out) = run(home.path(), &["--import", sst, "--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("timing.interval: 30 -> 120"), "{out}");
    assert!(out.contains("input.hard_exit: false -> true"), "{out}");
    assert!(out.contains("note: ui.dialog_geometry"), "{out}");
    assert!(out.contains("dry run: nothing saved"), "{out}");
    let before = std::fs::read_to_string(settings_file(home.path())).expect("created with defaults");
    assert!(before.contains("interval = 30"), "{before}");

    let (ok, out) = run(home.path(), &["--import", sst]);
    assert!(ok, "{out}");
    let after = std::fs::read_to_string(settings_file(home.path())).unwrap();
    assert!(after.contains("interval = 120") && after.contains("hard_exit = true"), "{after}");

    // Export, then import the export: nothing changes.
    let export = home.path().join("mine.sst");
    let (ok, out) = run(home.path(), &["--export", export.to_str().unwrap()]);
    assert!(ok, "{out}");
    let text = std::fs::read_to_string(&export).unwrap();
    assert!(text.contains("\"settings_version\": 1") && text.contains("\"timing.interval\": 120"), "{text}");
    let (ok, out) = run(home.path(), &["--import", export.to_str().unwrap()]);
    assert!(ok && out.contains("changes nothing"), "{out}");
    assert_eq!(std::fs::read_to_string(settings_file(home.path())).unwrap(), after, "the file is untouched");

    // Our own TOML exports and imports too.
    let toml_out = home.path().join("mine.toml");
    assert!(run(home.path(), &["--export", toml_out.to_str().unwrap()]).0);
    let (ok, out) = run(home.path(), &["--import", toml_out.to_str().unwrap()]);
    assert!(ok && out.contains("changes nothing"), "{out}");
}

#[test]
fn bad_import_files_fail_with_a_message_and_change_nothing() {
    let home = TempDir::new("settings-cli-bad");
    let bad = home.path().join("broken.sst");
    std::fs::write(&bad, "{ \"settings_version\": 1, \"snap").unwrap();
    let (ok, out) = run(home.path(), &["--import", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.contains("broken.sst is not a settings export"), "{out}");
    let (ok, out) = run(home.path(), &["--import", "/nonexistent/x.sst"]);
    assert!(!ok && out.contains("cannot read /nonexistent/x.sst"), "{out}");
    let text = std::fs::read_to_string(settings_file(home.path())).unwrap();
    assert!(text.contains("interval = 30"));
}

#[test]
fn the_two_profiles_are_kept_apart() {
    let home = TempDir::new("settings-profiles");
    let out = home.path().join("mc.sst");
    let status = srpss(home.path()).args(["--profile", "media-center", "settings", "--export"]).arg(&out).status().unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"application\": \"Screensaver_MC\""), "{text}");
    assert!(text.contains("\"timing.interval\": 120") && text.contains("\"input.hard_exit\": true"), "the MC build's defaults");
    let mc = std::fs::read_to_string(home.path().join("config/srpss/media-center.toml")).unwrap();
    assert!(mc.contains("interval = 120") && mc.contains("show_on_monitors = [2]"), "{mc}");
    assert!(!home.path().join("config/srpss/screensaver.toml").exists(), "the screensaver profile's file is not touched");
    // An import into one profile leaves the other alone.
    let sst = home.path().join("original.sst");
    std::fs::write(&sst, include_str!("../../workers/core/tests/fixtures/screensaver.sst")).unwrap();
    assert!(srpss(home.path()).args(["settings", "--import"]).arg(&sst).status().unwrap().success());
    assert_eq!(std::fs::read_to_string(home.path().join("config/srpss/media-center.toml")).unwrap(), mc);
}
