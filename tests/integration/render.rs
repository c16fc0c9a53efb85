//! `srpss render` golden images, one directory per case under `tests/golden/`.
//!
//! Regenerate with `SRPSS_UPDATE_GOLDEN=1 cargo test --test integration render`; otherwise the
//! output must match `expected.png` within a small tolerance (SIMD paths may round differently).

use crate::harness::{load_rgb, render, test_photo, TempDir};
use srpss_image::testutil::{jpeg, with_exif_orientation};
use std::path::{Path, PathBuf};

fn golden_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(case)
}

pub(crate) fn compare_golden(case: &str, actual: &image::RgbImage) {
    let dir = golden_dir(case);
    let expected_path = dir.join("expected.png");
    if std::env::var_os("SRPSS_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        actual.save(&expected_path).unwrap();
        return;
    }
    let expected = load_rgb(&expected_path);
    let (mean, max) = crate::harness::diff(actual, &expected);
    if mean > 0.5 || max > 24 {
        actual.save(dir.join("actual.png")).unwrap();
        panic!("{case}: differs from golden (mean {mean:.3}, max {max}); see {}", dir.join("actual.png").display());
    }
}

#[test]
fn render_goldens_for_every_mode() {
    let home = TempDir::new("render-golden");
    let wide = home.path().join("wide.png");
    test_photo(900, 400, [60, 140, 220]).save(&wide).unwrap();
    let small = home.path().join("small.png");
    test_photo(200, 120, [220, 90, 60]).save(&small).unwrap();
    let wide_s = wide.to_str().unwrap();
    let small_s = small.to_str().unwrap();
    for (case, args) in [
        ("fill-wide", ["--size", "320x240", "--mode", "fill", "--image", wide_s]),
        ("fit-wide", ["--size", "320x240", "--mode", "fit", "--image", wide_s]),
        ("shrink-wide", ["--size", "320x240", "--mode", "shrink", "--image", wide_s]),
        ("shrink-small", ["--size", "320x240", "--mode", "shrink", "--image", small_s]),
        ("fit-small", ["--size", "320x240", "--mode", "fit", "--image", small_s]),
    ] {
        let img = render(home.path(), &args);
        assert_eq!(img.dimensions(), (320, 240), "{case}");
        compare_golden(case, &img);
    }
}

#[test]
fn render_honours_exif_orientation() {
    let home = TempDir::new("render-exif");
    let photo = test_photo(600, 300, [60, 200, 120]);
    let path = home.path().join("rotated.jpg");
    std::fs::write(&path, with_exif_orientation(&jpeg(&photo), 6)).unwrap();
    let img = render(home.path(), &["--size", "240x320", "--mode", "fit", "--image", path.to_str().unwrap()]);
    // Orientation 6 turns the 600x300 photo upright as 300x600: it fits 160x320 in the middle,
    // and the magenta marker (stored top-left) lands top-right.
    let at = |x, y| img.get_pixel(x, y).0;
    assert_eq!(at(30, 160), [0, 0, 0], "pillarbox left");
    let marker = at(190, 8);
    assert!(marker[0] > 200 && marker[1] < 60 && marker[2] > 200, "marker top-right, got {marker:?}");
    compare_golden("exif-6-fit", &img);
}

#[test]
fn render_from_a_folder_is_reproducible_and_falls_back_to_demo() {
    let home = TempDir::new("render-folder");
    let dir = home.path().join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, tint) in [[200, 40, 40], [40, 200, 40], [40, 40, 200]].into_iter().enumerate() {
        test_photo(400, 300, tint).save(dir.join(format!("p{i}.png"))).unwrap();
    }
    let d = dir.to_str().unwrap();
    let a = render(home.path(), &["--size", "160x120", "--folder", d, "--seed", "4"]);
    let b = render(home.path(), &["--size", "160x120", "--folder", d, "--seed", "4"]);
    assert_eq!(a, b, "same seed, same photo");
    let empty = home.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let demo = render(home.path(), &["--size", "320x180", "--folder", empty.to_str().unwrap()]);
    let colours: std::collections::HashSet<[u8; 3]> = demo.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 1000, "a demo scene, not a solid colour ({} colours)", colours.len());
}

#[test]
fn render_reports_a_bad_photo_clearly() {
    let home = TempDir::new("render-bad");
    let bad = home.path().join("bad.jpg");
    std::fs::write(&bad, b"not a jpeg").unwrap();
    let out = crate::harness::srpss(home.path())
        .args(["render", "--size", "100x100", "--image"])
        .arg(&bad)
        .args(["-o", "/dev/null"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jpg") && err.contains("not an image"), "{err}");
}

/// Two photos that differ everywhere, for transition frames.
fn transition_photos(home: &Path) -> (String, String) {
    let (a, b) = (home.join("old.png"), home.join("new.png"));
    test_photo(640, 400, [230, 120, 40]).save(&a).unwrap();
    test_photo(500, 500, [40, 90, 230]).save(&b).unwrap();
    (a.to_str().unwrap().to_string(), b.to_str().unwrap().to_string())
}

/// Share of pixels that are dark (all channels under 16).
fn dark_share(img: &image::RgbImage) -> f64 {
    img.pixels().filter(|px| px.0.iter().all(|&c| c < 16)).count() as f64 / img.pixels().len() as f64
}

/// Each (type, parameter) in `group`: progress 0 is exactly the old photo and 1 exactly the
/// new; at 0.25/0.5/0.75 the frame is not dark (under `dark_limit` of the type), differs from
/// both photos and matches its golden `transition-<group>-<type>-<p>`.
fn transitions_match(group: &str, cases: &[(&str, &str)], dark_limit: impl Fn(&str) -> f64) {
    let home = TempDir::new(&format!("render-transitions-{group}"));
    let (a, b) = transition_photos(home.path());
    let size = "160x100";
    let old = render(home.path(), &["--size", size, "--image", &a]);
    let new = render(home.path(), &["--size", size, "--image", &b]);
    for &(name, param) in cases {
        let frame = |p: &str| {
            render(home.path(), &["--size", size, "--transition", name, "--progress", p, "--from", &a, "--to", &b, "--group", group, "--param", param])
        };
        assert_eq!(frame("0"), old, "{name} at 0 is exactly the old photo");
        assert_eq!(frame("1"), new, "{name} at 1 is exactly the new photo");
        for p in ["0.25", "0.5", "0.75"] {
            let img = frame(p);
            assert!(dark_share(&img) < dark_limit(name), "{name} at {p}: {:.2} of the frame is dark", dark_share(&img));
            let (from_old, _) = crate::harness::diff(&img, &old);
            let (from_new, _) = crate::harness::diff(&img, &new);
            assert!(from_old > 2.0 && from_new > 2.0, "{name} at {p} must differ from both ends ({from_old:.1}, {from_new:.1})");
            compare_golden(&format!("transition-{}-{name}-{p}", group.to_ascii_lowercase()), &img);
        }
    }
}

#[test]
fn software_transitions_start_on_the_old_photo_end_on_the_new_and_match_goldens() {
    let cases =
        [("crossfade", "seed=1"), ("slide", "direction=right-to-left"), ("wipe", "direction=diagonal-tl-br"), ("diffuse", "block_size=8"), ("blinds", "seed=1")];
    transitions_match("C", &cases, |_| 0.05);
}

#[test]
fn render_transition_names_groups_and_params_are_checked() {
    let home = TempDir::new("render-transition-args");
    let (a, b) = transition_photos(home.path());
    let run = |extra: &[&str]| {
        crate::harness::srpss(home.path())
            .args(["render", "--size", "80x50", "--from", &a, "--to", &b, "-o"])
            .arg(home.path().join("out.png"))
            .args(extra)
            .output()
            .unwrap()
    };
    let ok = run(&["--transition", "3D-Block-Spins", "--progress", "0.5"]);
    assert!(ok.status.success(), "a GL-only type is drawn as a crossfade in group C: {}", String::from_utf8_lossy(&ok.stderr));
    for (args, says) in [
        (&["--transition", "sparkle"][..], "unknown transition"),
        (&["--transition", "wipe", "--group", "B"][..], "cannot render headless"),
        (&["--transition", "wipe", "--group", "D"][..], "unknown render group"),
        (&["--transition", "crumble", "--group", "A", "--param", "pieces=40"][..], "pieces"),
        (&["--transition", "wipe", "--param", "direction=up"][..], "unknown direction"),
        (&["--transition", "wipe", "--progress", "1.5"][..], "between 0 and 1"),
    ] {
        let out = run(args);
        assert!(!out.status.success(), "{args:?} must fail");
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn shader_transitions_start_on_the_old_photo_end_on_the_new_and_match_goldens() {
    let cases = [
        ("crossfade", "seed=1"),
        ("slide", "direction=right-to-left"),
        ("wipe", "direction=diagonal-tr-bl"),
        ("diffuse", "shape=membrane"),
        ("block-puzzle-flip", "direction=top-to-bottom"),
        ("blinds", "seed=1"),
        ("peel", "direction=left-to-right"),
        ("3d-block-spins", "direction=bottom-to-top"),
        ("ripple", "seed=1"),
        ("warp-dissolve", "seed=1"),
        ("crumble", "pieces=8"),
        ("particle", "mode=swirl"),
    ];
    // A spinning slab shows its dimmed surroundings; everything else stays bright.
    transitions_match("A", &cases, |name| if name == "3d-block-spins" { 0.85 } else { 0.05 });
}

#[test]
fn shader_transitions_move_the_way_they_say() {
    let home = TempDir::new("render-shader-directions");
    let (a, b) = transition_photos(home.path());
    let size = "160x100";
    let old = render(home.path(), &["--size", size, "--image", &a]);
    let new = render(home.path(), &["--size", size, "--image", &b]);
    let frame = |name: &str, param: &str, p: &str| {
        render(home.path(), &["--size", size, "--transition", name, "--progress", p, "--from", &a, "--to", &b, "--group", "A", "--param", param])
    };
    let close = |img: &image::RgbImage, reference: &image::RgbImage, x: u32, y: u32| {
        let (p, q) = (img.get_pixel(x, y).0, reference.get_pixel(x, y).0);
        p.iter().zip(q).all(|(&c, d)| c.abs_diff(d) <= 2)
    };
    // Wipe left to right at 0.5: new on the left, old on the right.
    let w = frame("wipe", "direction=left-to-right", "0.5");
    assert!(close(&w, &new, 20, 50) && close(&w, &old, 140, 50), "wipe reveals from the left");
    // Slide top to bottom at 0.5: the new photo's lower half is at the top.
    let s = frame("slide", "direction=top-to-bottom", "0.5");
    let near = |p: &image::Rgb<u8>, q: &image::Rgb<u8>| p.0.iter().zip(q.0).all(|(&c, d)| c.abs_diff(d) <= 2);
    assert!(near(s.get_pixel(80, 80), old.get_pixel(80, 30)), "slide pushes the old photo down");
    assert!(near(s.get_pixel(80, 10), new.get_pixel(80, 60)), "slide brings the new photo in from the top");
    // Blinds at 0.5: every one of the 14 columns shows the new photo at its centre, the old at its edge.
    let bl = frame("blinds", "seed=1", "0.5");
    for c in 0..14 {
        let centre = (c * 160 + 80) / 14;
        assert!(close(&bl, &new, centre, 50), "blind {c} opens from its centre");
    }
    // Peel left to right early on: the strips nearest the right edge have gone first (the
    // second from the right has left its place), the left edge has not moved.
    let pe = frame("peel", "direction=left-to-right", "0.2");
    assert!(close(&pe, &new, 138, 50) && close(&pe, &old, 5, 50), "peel starts at the side it travels to");
}
