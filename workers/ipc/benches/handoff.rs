//! Frame handoff: a "worker" with its own mapping makes a frame valid in a slot and answers over
//! an OS pipe; the "UI" reads the answer, checks the slot header and copies the pixels into a
//! fresh buffer (what the UI does before Slint takes them). The image worker scales each photo
//! straight into its slot (`Slot::write_with`), so its part of the handoff is the header; the
//! row before it, in the same run, is the old way (the worker copying a finished frame in).
//! Beside them the limit: a plain memcpy of the same bytes into a reused buffer and into a
//! fresh allocation. The process uses the UI's allocator setting (mmap threshold 1 MiB), so
//! every fresh frame buffer is fresh pages, as in `srpss run`.
//! Last, the way `srpss run` does it now: the UI thread hands the copy to a thread of its own;
//! its part and the whole way are timed apart.
//! Prints median and p99 over ITERATIONS per size.
//!   cargo bench -p srpss-ipc --bench handoff

use srpss_ipc::framing::{read_message, write_message};
use srpss_ipc::message::{Envelope, FromWorker, ImageReply};
use srpss_ipc::slot::{Slot, SlotHeader};
use srpss_core::geometry::Size;
use std::hint::black_box;
use std::time::{Duration, Instant};

const ITERATIONS: usize = 300;

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 99) / 100])
}

fn main() {
    // SAFETY: as in src/main.rs: allocator parameters, before any other thread exists.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
    let dir = std::env::temp_dir().join(format!("srpss-handoff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shm = std::path::Path::new("/dev/shm");
    let base = if shm.is_dir() { shm.to_path_buf() } else { dir.clone() };
    for (w, h) in [(1920u32, 1080u32), (3840, 2160)] {
        let bytes = (w * h * 4) as usize;
        let path = base.join(format!("srpss-bench-{}-{w}x{h}", std::process::id()));
        let ui = Slot::create(&path, bytes).expect("slot");
        let mut worker = Slot::open(&path).expect("slot");
        let pixels: Vec<u8> = (0..bytes).map(|i| (i * 7) as u8).collect();
        let (mut from_worker, mut to_ui) = std::io::pipe().expect("pipe");

        let mut copied_in = Vec::with_capacity(ITERATIONS);
        let mut handoff = Vec::with_capacity(ITERATIONS);
        for seq in 1..=ITERATIONS as u64 {
            for (in_place, times) in [(false, &mut copied_in), (true, &mut handoff)] {
                let seq = seq * 2 + u64::from(in_place);
                let start = Instant::now();
                // Worker side: the frame made valid in the slot (scaled into it, or copied in
                // from the worker's own buffer as before), then the answer.
                let header = SlotHeader::rgba(1, seq, w, h);
                if in_place {
                    worker.write_with(&header, |_| Ok::<(), ()>(())).expect("write").expect("fill");
                } else {
                    worker.write_frame(&header, &pixels).expect("write");
                }
                let reply = FromWorker::Image(ImageReply::Ready { slot: 0, width: w, height: h, source_size: Size::new(w, h), took_us: 0 });
                write_message(&mut to_ui, &Envelope::new(seq, seq, reply)).expect("send");
                // UI side: the answer, the header check, the copy into a new pixel buffer.
                let _: Envelope<FromWorker> = read_message(&mut from_worker).expect("recv");
                let (_, got) = ui.read_frame(1, seq).expect("frame");
                let buffer = got.to_vec();
                black_box(&buffer);
                times.push(start.elapsed());
            }
        }
        // The UI's part alone (the worker's write overlaps with other work in real use).
        let mut ui_only = Vec::with_capacity(ITERATIONS);
        for _ in 0..ITERATIONS {
            let start = Instant::now();
            let (_, got) = ui.read_frame(1, ITERATIONS as u64 * 2 + 1).expect("frame");
            black_box(got.to_vec());
            ui_only.push(start.elapsed());
        }
        let mut reused = vec![0u8; bytes];
        let mut memcpy_reused = Vec::with_capacity(ITERATIONS);
        let mut memcpy_fresh = Vec::with_capacity(ITERATIONS);
        for _ in 0..ITERATIONS {
            let start = Instant::now();
            reused.copy_from_slice(black_box(&pixels));
            black_box(&reused);
            memcpy_reused.push(start.elapsed());
            let start = Instant::now();
            black_box(black_box(&pixels).to_vec());
            memcpy_fresh.push(start.elapsed());
        }
        // As `srpss run` does it since issue 16: the UI thread reads the answer, checks nothing
        // itself and hands the frame to a copy thread; it hears back at a later poll. Timed: the
        // UI thread's part (answer + hand-over), and end to end (until the copy is back).
        let shared = std::sync::Arc::new(Slot::open(&path).expect("slot"));
        let (jobs_tx, jobs) = crossbeam_channel::unbounded::<u64>();
        let (done_tx, done) = crossbeam_channel::unbounded::<Vec<u8>>();
        let copier = {
            let slot = shared.clone();
            std::thread::spawn(move || {
                for seq in jobs {
                    let (_, got) = slot.read_frame(1, seq).expect("frame");
                    if done_tx.send(got.to_vec()).is_err() {
                        return;
                    }
                }
            })
        };
        let mut ui_thread = Vec::with_capacity(ITERATIONS);
        let mut through_copier = Vec::with_capacity(ITERATIONS);
        for seq in 1..=ITERATIONS as u64 {
            let seq = 10_000 + seq;
            let header = SlotHeader::rgba(1, seq, w, h);
            let start = Instant::now();
            worker.write_with(&header, |_| Ok::<(), ()>(())).expect("write").expect("fill");
            let reply = FromWorker::Image(ImageReply::Ready { slot: 0, width: w, height: h, source_size: Size::new(w, h), took_us: 0 });
            write_message(&mut to_ui, &Envelope::new(seq, seq, reply)).expect("send");
            let ui_start = Instant::now();
            let _: Envelope<FromWorker> = read_message(&mut from_worker).expect("recv");
            jobs_tx.send(seq).expect("to copier");
            ui_thread.push(ui_start.elapsed());
            black_box(done.recv().expect("copied"));
            through_copier.push(start.elapsed());
        }
        drop(jobs_tx);
        copier.join().expect("copier");
        let _ = std::fs::remove_file(&path);
        for (name, v) in [
            ("UI thread now: answer + hand to the copy thread", ui_thread),
            ("end to end through the copy thread", through_copier),
            ("before: worker copies its frame in + message + UI check + copy", copied_in),
            ("handoff: frame scaled into the slot, header + message + UI check + copy", handoff),
            ("UI side only (check + copy into new buffer)", ui_only),
            ("memcpy into reused buffer (limit)", memcpy_reused),
            ("memcpy into fresh allocation", memcpy_fresh),
        ] {
            let (median, p99) = stats(v);
            println!("{w}x{h} {name}: median {:.2} ms, p99 {:.2} ms", median.as_secs_f64() * 1e3, p99.as_secs_f64() * 1e3);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
