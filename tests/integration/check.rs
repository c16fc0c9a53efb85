//! `srpss check` on a generated corpus of broken files.

use crate::harness::{srpss, test_photo, TempDir};
use srpss_image::testutil::png_header_only;

#[test]
fn check_reports_every_bad_file_with_exact_counts_and_bounded_memory() {
    let home = TempDir::new("check");
    let dir = home.path().join("photos");
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    let photo = test_photo(1200, 800, [200, 120, 60]);
    photo.save(dir.join("good.jpg")).unwrap();
    photo.save(dir.join("nested/good.png")).unwrap();
    let jpeg = std::fs::read(dir.join("good.jpg")).unwrap();
    let png = std::fs::read(dir.join("nested/good.png")).unwrap();
    std::fs::write(dir.join("truncated.jpg"), &jpeg[..jpeg.len() / 3]).unwrap();
    std::fs::write(dir.join("nested/truncated.png"), &png[..png.len() / 3]).unwrap();
    std::fs::write(dir.join("zero.jpg"), b"").unwrap();
    std::fs::write(dir.join("letter.jpg"), b"Dear reader,\nthis is text.\n").unwrap();
    std::fs::write(dir.join("huge.png"), png_header_only(100_000, 100_000)).unwrap();

    let out = srpss(home.path()).arg("check").arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "bad files give exit status 1\n{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 6, "five failures and a summary:\n{stdout}");
    for (name, reason) in [
        ("truncated.jpg", "truncated"),
        ("truncated.png", ""),
        ("zero.jpg", "empty"),
        ("letter.jpg", "not an image"),
        ("huge.png", "too large"),
    ] {
        let line = lines.iter().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} not reported:\n{stdout}"));
        assert!(line.contains(reason), "{line}");
    }
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("2 good, 5 bad, "), "{summary}");
    let worker = summary.split("worker ").nth(1).expect("the worker's peak memory is reported");
    let mib: u64 = worker.trim_end_matches(" MiB").parse().expect("peak memory figure");
    assert!(mib < 400, "the worker used {mib} MiB: the 100000x100000 header must be refused before allocating");
}

#[test]
fn a_file_that_crashes_the_decoder_is_named_and_the_rest_still_checked() {
    let home = TempDir::new("check-crash");
    let dir = home.path().join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, name) in ["a.png", "b.png", "crash-me.png", "d.png", "e.png"].iter().enumerate() {
        test_photo(300 + i as u32 * 10, 200, [40 * i as u8, 100, 200]).save(dir.join(name)).unwrap();
    }
    std::fs::write(dir.join("text.jpg"), b"not a photo").unwrap();
    let out = srpss(home.path())
        .env("SRPSS_WORKER_FAULT", "abort-on:crash-me")
        .args(["check", "--decoders", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let crashed: Vec<&str> = stdout.lines().filter(|l| l.contains("crashed the image decoder")).collect();
    assert_eq!(crashed.len(), 1, "exactly one file is blamed:\n{stdout}");
    assert!(crashed[0].contains("crash-me.png"), "{stdout}");
    assert!(stdout.lines().any(|l| l.contains("text.jpg") && l.contains("not an image")), "{stdout}");
    let summary = stdout.lines().last().unwrap();
    assert!(summary.starts_with("4 good, 2 bad, "), "{summary}");
    assert!(summary.contains("worker restart(s)"), "{summary}");
}

#[test]
fn in_process_check_counts_the_same() {
    let home = TempDir::new("check-inproc");
    let dir = home.path().join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    test_photo(300, 200, [1, 2, 3]).save(dir.join("good.png")).unwrap();
    std::fs::write(dir.join("zero.jpg"), b"").unwrap();
    for flag in [None, Some("--in-process")] {
        let out = srpss(home.path()).arg("check").args(flag).arg(&dir).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.lines().last().unwrap().starts_with("1 good, 1 bad, "), "{flag:?}: {stdout}");
    }
}

#[test]
fn check_on_a_missing_folder_says_so() {
    let home = TempDir::new("check-missing");
    let out = srpss(home.path()).args(["check", "/nonexistent/srpss"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a folder"));
}
