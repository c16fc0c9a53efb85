//! Artwork from a local file and from a real HTTP server on 127.0.0.1, cover-scaled into the
//! slots in turn; a broken file or a dead URL is no artwork, never an error the card sees.

use srpss_ipc::slot::{slot_path, Slot};
use srpss_media::artwork::Artwork;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("srpss-art-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn png(rgb: [u8; 3], w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(rgb));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Serves `body` as image/png to every request, forever (the test's lifetime).
fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut s = stream;
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(head.as_bytes()).and_then(|()| s.write_all(&body));
        }
    });
    format!("http://{addr}/cover.png")
}

fn pixel(prefix: &std::path::Path, r: srpss_core::media::ArtworkRef, generation: u64) -> [u8; 4] {
    let slot = Slot::open(&slot_path(prefix, r.slot)).unwrap();
    let (h, px) = slot.read_frame(generation, r.sequence).unwrap();
    let at = ((h.height / 2 * h.width + h.width / 2) * 4) as usize;
    [px[at], px[at + 1], px[at + 2], px[at + 3]]
}

#[test]
fn local_and_http_artwork_fill_the_slots_in_turn() {
    let d = dir("ok");
    let file = d.join("cover.png");
    std::fs::write(&file, png([200, 40, 40], 320, 200)).unwrap();
    let prefix = d.join("art");
    let mut art = Artwork::new(prefix.clone(), d.join("cache"), 5, 120);
    let local = art.get(&format!("file://{}", file.display())).expect("local artwork");
    assert_eq!((local.width, local.height), (120, 120), "cover-scaled to the square");
    assert_eq!(pixel(&prefix, local, 5), [200, 40, 40, 255]);
    assert_eq!(art.get(&format!("file://{}", file.display())), Some(local), "the same URL is not loaded again");
    let url = serve(png([40, 40, 200], 64, 64));
    let remote = art.get(&url).expect("http artwork");
    assert_ne!(remote.slot, local.slot, "the next artwork goes to the other slot");
    assert_eq!(pixel(&prefix, remote, 5), [40, 40, 200, 255]);
    let cached = std::fs::read_dir(d.join("cache")).unwrap().flatten().filter(|e| e.file_name() != ".lock").count();
    assert_eq!(cached, 1, "downloaded into the artwork cache (beside the cache's lock file)");
    art.remove_files();
    assert!(!slot_path(&prefix, 0).exists() && !slot_path(&prefix, 1).exists());
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn broken_or_unreachable_artwork_is_none() {
    let d = dir("bad");
    let broken = d.join("broken.png");
    std::fs::write(&broken, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let mut art = Artwork::new(d.join("art"), d.join("cache"), 1, 100);
    assert_eq!(art.get(&format!("file://{}", broken.display())), None);
    assert_eq!(art.get("http://127.0.0.1:9/none.png"), None, "nothing listens on port 9");
    assert_eq!(art.get("spotify:image:ab67616d"), None, "an unknown scheme");
    assert_eq!(art.get(""), None);
    let _ = std::fs::remove_dir_all(&d);
}
