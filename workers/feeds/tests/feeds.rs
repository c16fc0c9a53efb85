//! Feeds against a real HTTP server on 127.0.0.1: image lookup for every feed kind, and every
//! failure mode ending with a typed reason and nothing but complete images in the cache.

mod server;

use server::{Reply, Server};
use srpss_feeds::{cache, extract, FetchError, Fetcher, Limits};
use std::path::PathBuf;
use std::time::Duration;

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("srpss-feeds-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn fixture(name: &str, base: &str) -> Vec<u8> {
    let text = match name {
        "rss-media" => r#"<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>
            <item><title>Media</title><link>BASE/page1</link><media:content url="BASE/m.jpg" type="image/jpeg" width="3000" height="2000"/></item>
            <item><title>Video only</title><media:content url="BASE/v.mp4" type="video/mp4"/></item></channel></rss>"#,
        "rss-enclosure" => r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>Enc</title><enclosure url="BASE/e.jpg" length="22" type="image/jpeg"/></item></channel></rss>"#,
        "rss-img" => r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>Html</title><description>&lt;p&gt;hi&lt;/p&gt;&lt;img alt="x" src="BASE/i.png?a=1&amp;amp;b=2"&gt;</description></item></channel></rss>"#,
        "atom" => r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>a</title><id>a</id><updated>2026-01-01T00:00:00Z</updated>
            <entry><title>Enclosure</title><id>1</id><updated>2026-01-01T00:00:00Z</updated><link rel="alternate" href="BASE/p"/><link rel="enclosure" type="image/png" href="BASE/a.png"/></entry>
            <entry><title>Group</title><id>2</id><updated>2026-01-01T00:00:00Z</updated><media:group><media:content url="BASE/g.webp" type="image/webp"/></media:group></entry>
            <entry><title>Video with a still</title><id>3</id><updated>2026-01-01T00:00:00Z</updated><media:group><media:content url="BASE/v.mp4" type="video/mp4"/><media:thumbnail url="BASE/t.jpg" width="160" height="90"/></media:group></entry></feed>"#,
        "json" => r#"{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[
            {"id":"1","title":"Json","url":"BASE/jp","content_html":"<p>x</p><img src=\"BASE/j.jpg\">"},
            {"id":"2","title":"Attachment","attachments":[{"url":"BASE/att.jpg","mime_type":"image/jpeg"}]}]}"#,
        "reddit-rss" => r#"<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>pics</title><id>r</id><updated>2026-01-01T00:00:00Z</updated>
            <entry><title>Mountain</title><id>t3_1</id><updated>2026-01-01T00:00:00Z</updated><link href="https://www.reddit.com/r/pics/comments/1/"/>
            <content type="html">&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;a href="https://www.reddit.com/r/pics/comments/1/"&gt;&lt;img src="https://preview.redd.it/small.jpg?width=140&amp;amp;s=x" /&gt;&lt;/a&gt;&lt;/td&gt;&lt;td&gt;&lt;span&gt;&lt;a href="https://i.redd.it/full.jpeg"&gt;[link]&lt;/a&gt;&lt;/span&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</content></entry>
            <entry><title>A video</title><id>t3_2</id><updated>2026-01-01T00:00:00Z</updated><link href="https://www.reddit.com/r/pics/comments/2/"/>
            <content type="html">&lt;a href="https://v.redd.it/abc"&gt;[link]&lt;/a&gt;</content></entry></feed>"#,
        "reddit-json" => r#"{"kind":"Listing","data":{"children":[
            {"kind":"t3","data":{"title":"Big","url":"https://i.redd.it/big.jpg","permalink":"/r/pics/comments/a/","created_utc":1700000000.0,"preview":{"images":[{"source":{"url":"x","width":4000,"height":3000}}]}}},
            {"kind":"t3","data":{"title":"Small","url":"https://i.redd.it/small.png","permalink":"/r/pics/comments/b/","preview":{"images":[{"source":{"url":"x","width":1200,"height":800}}]}}},
            {"kind":"t3","data":{"title":"Gallery","url":"https://www.reddit.com/gallery/c"}},
            {"kind":"t3","data":{"title":"No size","url":"https://i.imgur.com/d.webp"}}]}}"#,
        "malformed" => r#"<?xml version="1.0"?><rss version="2.0"><channel><item><title>unclosed</channel>"#,
        _ => panic!("no fixture {name}"),
    };
    text.replace("BASE", base).into_bytes()
}

fn feed_server() -> Server {
    Server::start(|path| {
        let xml = |name: &str, base: &str| Reply::Ok { content_type: "application/rss+xml", body: fixture(name, base) };
        let base = "http://127.0.0.1:1"; // image URLs in fixtures are only parsed here
        match path {
            "/rss-media.xml" => xml("rss-media", base),
            "/feed.json" => Reply::Ok { content_type: "application/feed+json", body: fixture("json", base) },
            "/r/pics/.json" => Reply::Status { code: 403, headers: vec![] },
            "/r/pics/.rss" => xml("reddit-rss", base),
            "/photo.jpg" => Reply::Ok { content_type: "image/jpeg", body: JPEG.to_vec() },
            "/html.jpg" => Reply::Ok { content_type: "image/jpeg", body: b"<!DOCTYPE html><html><body>Not found</body></html>".to_vec() },
            "/500" => Reply::Status { code: 500, headers: vec![] },
            "/404.jpg" => Reply::Status { code: 404, headers: vec![] },
            "/429" => Reply::Status { code: 429, headers: vec![("Retry-After", "120".into())] },
            "/loop" => Reply::Status { code: 302, headers: vec![("Location", "/loop".into())] },
            "/stall.jpg" => Reply::Raw {
                bytes: [b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n".as_slice(), JPEG].concat(),
                pause: Duration::from_secs(5),
            },
            "/truncated.jpg" => Reply::Raw {
                bytes: [b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n".as_slice(), JPEG].concat(),
                pause: Duration::ZERO,
            },
            "/50mb.jpg" => Reply::Stream { content_type: "image/jpeg", head: JPEG.to_vec(), total: 50 << 20 },
            "/20mb.xml" => Reply::Stream { content_type: "application/rss+xml", head: b"<?xml version=\"1.0\"?><rss>".to_vec(), total: 20 << 20 },
            "/malformed.xml" => xml("malformed", base),
            _ => Reply::Status { code: 404, headers: vec![] },
        }
    })
}

#[test]
fn each_feed_kind_gives_its_images_in_the_originals_order() {
    let base = "http://h";
    let urls = |name: &str, reddit: bool| -> Vec<String> {
        extract::from_feed(&fixture(name, base), reddit).unwrap().into_iter().map(|i| i.url).collect()
    };
    assert_eq!(urls("rss-media", false), ["http://h/m.jpg"], "media:content that is an image; the video is skipped");
    assert_eq!(urls("rss-enclosure", false), ["http://h/e.jpg"]);
    assert_eq!(urls("rss-img", false), ["http://h/i.png?a=1&b=2"], "first <img src> of the description, unescaped");
    assert_eq!(urls("atom", false), ["http://h/a.png", "http://h/g.webp", "http://h/t.jpg"], "enclosure link, media group, a video's thumbnail (feed-rs keeps thumbnails only beside media:content)");
    let json = urls("json", false);
    assert!(json.contains(&"http://h/j.jpg".to_string()), "{json:?}");
    assert_eq!(urls("reddit-rss", true), ["https://i.redd.it/full.jpeg"], "the [link] to the full image, not the preview; videos skipped");
    let listing = extract::from_reddit_json(&fixture("reddit-json", base), 2560).unwrap();
    let found: Vec<&str> = listing.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(found, ["https://i.redd.it/big.jpg", "https://i.imgur.com/d.webp"], "under 2560 px and galleries are left out");
    assert_eq!(listing[0].page.as_deref(), Some("https://www.reddit.com/r/pics/comments/a/"));
    assert_eq!(listing[0].width, Some(4000));
    let media = extract::from_feed(&fixture("rss-media", base), false).unwrap();
    assert_eq!((media[0].width, media[0].title.as_str(), media[0].page.as_deref()), (Some(3000), "Media", Some("http://h/page1")));
}

#[test]
fn documents_and_images_come_over_http_and_reddit_json_403_falls_back_to_rss() {
    let s = feed_server();
    let f = Fetcher::new(Limits::default());
    let doc = f.document(&s.url("/rss-media.xml")).unwrap();
    assert_eq!(extract::from_feed(&doc, false).unwrap().len(), 1);
    let json = f.document(&s.url("/feed.json")).unwrap();
    assert!(!extract::from_feed(&json, false).unwrap().is_empty());
    let r = srpss_feeds::reddit::listing(&f, &s.url("/r/pics/")).unwrap();
    assert!(r.used_rss, "403 on .json, so .rss");
    assert_eq!(r.images[0].url, "https://i.redd.it/full.jpeg");
    let dir = temp("ok");
    let (path, _) = f.image(&s.url("/photo.jpg"), &dir).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), JPEG);
    assert_eq!(path.extension().unwrap(), "jpg");
    assert_eq!(f.image(&s.url("/photo.jpg"), &dir).unwrap().0, path, "a cached image is not fetched again");
}

#[test]
fn every_failure_has_a_reason_and_leaves_only_complete_images() {
    let s = feed_server();
    let limits = Limits { whole: Duration::from_secs(2), connect: Duration::from_secs(2), ..Limits::default() };
    let f = Fetcher::new(limits);
    let dir = temp("failures");
    f.image(&s.url("/photo.jpg"), &dir).unwrap();
    let status = |e: FetchError| match e {
        FetchError::Status { code, retry_after } => (code, retry_after),
        other => panic!("expected a status, got {other:?}"),
    };
    assert_eq!(status(f.document(&s.url("/500")).unwrap_err()), (500, None));
    assert_eq!(status(f.image(&s.url("/404.jpg"), &dir).unwrap_err()), (404, None));
    assert_eq!(status(f.document(&s.url("/429")).unwrap_err()), (429, Some(Duration::from_secs(120))));
    assert_eq!(f.document(&s.url("/loop")).unwrap_err(), FetchError::TooManyRedirects);
    let started = std::time::Instant::now();
    assert_eq!(f.image(&s.url("/stall.jpg"), &dir).unwrap_err(), FetchError::Timeout);
    assert!(started.elapsed() < Duration::from_secs(4), "the whole-request timeout ends a stalled body");
    assert!(matches!(f.image(&s.url("/truncated.jpg"), &dir).unwrap_err(), FetchError::Truncated(_)));
    assert!(matches!(f.image(&s.url("/html.jpg"), &dir).unwrap_err(), FetchError::NotAnImage { .. }));
    let big = Fetcher::new(Limits::default());
    assert!(matches!(big.image(&s.url("/50mb.jpg"), &dir).unwrap_err(), FetchError::TooLarge { .. }), "50 MB against the 40 MB cap");
    assert!(matches!(big.document(&s.url("/20mb.xml")).unwrap_err(), FetchError::TooLarge { .. }), "20 MB of XML against 5 MB");
    let bad = f.document(&s.url("/malformed.xml")).unwrap();
    assert!(extract::from_feed(&bad, false).is_err(), "malformed XML is a parse error");
    for url in ["file:///etc/passwd", "../../etc/passwd", "ftp://127.0.0.1/x.jpg"] {
        assert!(matches!(f.image(url, &dir).unwrap_err(), FetchError::Url(_)), "{url}");
    }
    // Besides the cache's lock file, nothing but complete images.
    let left: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n != ".lock").collect();
    assert_eq!(left.len(), 1, "only the one complete image: {left:?}");
    assert_eq!(cache::list(&dir).len(), 1);
}

#[test]
fn a_poll_caches_what_works_and_a_failing_poll_keeps_the_cache() {
    use srpss_feeds::health::Health;
    use srpss_feeds::poll::{poll, PollPolicy};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dead = Arc::new(AtomicBool::new(false));
    let flag = dead.clone();
    let s = Server::start(move |path| match path {
        _ if flag.load(Ordering::Relaxed) => Reply::Status { code: 500, headers: vec![] },
        "/a.jpg" | "/b.jpg" => Reply::Ok { content_type: "image/jpeg", body: [JPEG, path.as_bytes()].concat() },
        _ => Reply::Ok { content_type: "image/jpeg", body: b"<html>nope</html>".to_vec() },
    });
    // The feed (on a second server) names its images on the first.
    let host = s.base.trim_start_matches("http://").to_string();
    let s2 = Server::start(move |path| match path {
        "/feed.xml" => {
            let items: String = ["/a.jpg", "/html.jpg", "/b.jpg"]
                .iter()
                .map(|p| format!(r#"<item><title>{p}</title><enclosure url="http://{host}{p}" type="image/jpeg"/></item>"#))
                .collect();
            Reply::Ok { content_type: "application/rss+xml", body: format!(r#"<rss version="2.0"><channel><title>t</title>{items}</channel></rss>"#).into_bytes() }
        }
        _ => Reply::Status { code: 404, headers: vec![] },
    });
    let f = Fetcher::new(Limits::default());
    let dir = temp("poll");
    let mut health = Health::default();
    let feed = s2.url("/feed.xml");
    let first = poll(&f, &mut health, &feed, &dir, 1000, &PollPolicy::default());
    assert_eq!((first.images.len(), first.added, first.skipped.len()), (2, 2, 1), "{first:?}");
    assert!(matches!(first.skipped[0].1, FetchError::NotAnImage { .. }));
    let again = poll(&f, &mut health, &feed, &dir, 2000, &PollPolicy::default());
    assert_eq!((again.images.len(), again.added), (2, 0), "already cached: nothing new");
    dead.store(true, Ordering::Relaxed);
    drop(s2);
    let failed = poll(&f, &mut health, "http://127.0.0.1:9/feed.xml", &dir, 3000, &PollPolicy::default());
    assert!(failed.error.is_some() && failed.state_change.is_some());
    assert_eq!(cache::list(&dir).len(), 2, "a failing poll never deletes cached images");
}
