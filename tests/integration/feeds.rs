//! Online photos end to end: the screensaver with only a feed configured, served by a real
//! HTTP server on 127.0.0.1; then a restart with the server gone shows the cached photos.

use crate::harness::{diff, render, test_photo, Saver, TempDir, XServer};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const W: u32 = 320;
const H: u32 = 200;

/// Serves the files of `root` by name; counts requests. Runs until the test process ends.
fn serve(root: PathBuf) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::Relaxed);
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = reader.read_line(&mut line);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map_or(true, |n| n == 0) || h.trim().is_empty() {
                    break;
                }
            }
            let name = line.split_whitespace().nth(1).unwrap_or("/").trim_start_matches('/').to_string();
            let reply = match std::fs::read(root.join(&name)) {
                Ok(body) => [format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes(), body].concat(),
                Err(_) => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
            };
            let _ = stream.write_all(&reply);
        }
    });
    (base, hits)
}

fn config(folder: &Path, feed: &str) -> String {
    format!(
        "[sources]\nfolders = [{folder:?}]\nrss_feeds = [{feed:?}]\n[queue]\nshuffle = false\n[timing]\ninterval = 60\n\
         [transitions]\ntype = \"Crossfade\"\nrandom_always = false\n[transitions.durations]\nCrossfade = 300\n"
    )
}

#[test]
fn an_online_only_setup_shows_the_feeds_photo_and_then_its_cache_without_network() {
    let home = TempDir::new("feeds-e2e");
    let www = home.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    test_photo(640, 400, [30, 160, 90]).save(www.join("online.png")).unwrap();
    let (base, hits) = serve(www.clone());
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Online</title><link>{base}/page</link><enclosure url="{base}/online.png" type="image/png"/></item></channel></rss>"#
    );
    std::fs::write(www.join("feed.xml"), feed).unwrap();
    let empty = home.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let x = XServer::start(W, H);
    let expected = render(home.path(), &["--size", &format!("{W}x{H}"), "--image", www.join("online.png").to_str().unwrap()]);

    let mut saver = Saver::start(&x, home.path(), &config(&empty, &format!("{base}/feed.xml")));
    saver.wait_log("first online photos", 1, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(300));
    x.xdotool(&["key", "x"]);
    std::thread::sleep(Duration::from_millis(1500));
    let shot = x.screenshot(&home.path().join("online.png"));
    assert!(diff(&shot, &expected).0 < 2.0, "the feed's photo is on screen");
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(Duration::from_secs(3)).is_some_and(|s| s.success()));
    let cached: Vec<_> = std::fs::read_dir(home.path().join("cache/srpss/feeds")).unwrap().flatten().filter(|e| e.file_name() != ".lock").collect();
    assert_eq!(cached.len(), 1, "one complete image in the cache");
    assert!(hits.load(Ordering::Relaxed) >= 2, "the feed and the image were fetched");

    // Warm start with the feed gone: the cached photo comes first, before any request succeeds.
    let gone = "http://127.0.0.1:9/feed.xml";
    let mut again = Saver::start(&x, home.path(), &config(&empty, gone));
    again.wait_log("1 online photos from the cache", 1, Duration::from_secs(10));
    again.wait_log("first photo on screen", 1, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(800));
    let warm = x.screenshot(&home.path().join("warm.png"));
    assert!(diff(&warm, &expected).0 < 2.0, "the cached online photo shows with the network gone");
    x.xdotool(&["key", "Escape"]);
    assert!(again.wait_exit(Duration::from_secs(3)).is_some_and(|s| s.success()));
}

#[test]
fn srpss_sources_shows_each_feeds_state_and_refresh_polls_them() {
    let home = TempDir::new("feeds-sources");
    let www = home.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    test_photo(64, 48, [200, 100, 50]).save(www.join("p.png")).unwrap();
    let (base, _) = serve(www.clone());
    std::fs::write(
        www.join("feed.xml"),
        format!(r#"<rss version="2.0"><channel><title>t</title><item><title>P</title><enclosure url="{base}/p.png" type="image/png"/></item></channel></rss>"#),
    )
    .unwrap();
    let good = format!("{base}/feed.xml");
    let dead = format!("{base}/missing.xml");
    let cfg = home.path().join("sources.toml");
    std::fs::write(&cfg, format!("[sources]\nrss_feeds = [{good:?}, {dead:?}]\n")).unwrap();
    let run = |args: &[&str]| {
        let out = crate::harness::srpss(home.path()).arg("--config").arg(&cfg).arg("sources").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = run(&[]);
    assert!(before.contains(&good) && before.contains("never polled"), "{before}");
    let refreshed = run(&["--refresh"]);
    assert!(refreshed.contains(&format!("{good}: 1 photos (1 new, 0 skipped)")), "{refreshed}");
    assert!(refreshed.contains(&format!("{dead}: poll failed: HTTP 404")), "{refreshed}");
    let after = run(&[]);
    assert!(after.contains("1 photos,"), "the cache holds the photo: {after}");
    assert!(after.contains("state: healthy") && after.contains("state: failing (1 in a row)"), "{after}");
    assert!(after.contains("last error: HTTP 404") && after.contains("next poll:"), "{after}");
}
