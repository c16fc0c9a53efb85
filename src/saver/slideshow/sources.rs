//! Where the slideshow's photos come from: the folder scan's batches, the feeds worker's online
//! photos, the demo pictures when there are none, and which pool each next photo is taken from.

use super::{demo_notice, ScanMsg, Slideshow, MAX_BATCHES_PER_TICK};
use crate::config::display_path;
use crate::SaverAdapter;
use slint::ComponentHandle;
use srpss_core::source_mix::Pool;
use srpss_image::{demo, ImageSource};
use std::time::{Duration, Instant};

/// How long an online-only setup waits for the feeds worker's cached photos before the demo.
const ONLINE_GRACE: Duration = Duration::from_secs(2);

impl Slideshow {
    pub(super) fn drain_scan(&mut self, now: Instant) {
        let Some(rx) = &self.scan else { return };
        let mut done = false;
        // A bounded amount per tick, so a 100,000-photo folder never stalls a frame.
        for _ in 0..MAX_BATCHES_PER_TICK {
            let msg = match rx.try_recv() {
                Ok(m) => m,
                Err(crossbeam_channel::TryRecvError::Empty) => break,
                Err(crossbeam_channel::TryRecvError::Disconnected) => {
                    done = true; // the scan thread ended without saying so (it could not start)
                    break;
                }
            };
            match msg {
                ScanMsg::Found(paths) => {
                    self.first_found.get_or_insert(now);
                    self.playlist.add(paths.into_iter().map(ImageSource::File).filter(|s| !self.failed.contains(s)));
                }
                ScanMsg::Done => done = true,
            }
        }
        if done {
            self.scan = None;
            log::info!("found {} photos in {}", self.playlist.len(), self.folder_list());
            if self.no_photos() {
                if self.online.configured() {
                    // The feeds worker reports its cache within moments; demo only if it has none.
                    self.demo_due = Some(now + ONLINE_GRACE);
                } else {
                    self.fall_back_to_demo("No photos found");
                }
            }
        }
    }

    pub(super) fn no_photos(&self) -> bool {
        self.playlist.is_empty() && self.online.photos.is_empty()
    }

    /// The next photo, from the local or the online pool by `sources.local_ratio`.
    pub(super) fn next_source(&mut self) -> Option<ImageSource> {
        match self.online.pick(self.playlist.len())? {
            Pool::Local => self.playlist.advance(),
            Pool::Online => self.online.next(),
        }
    }

    /// New online photos join the pool; they end the demo pictures (online-only setups).
    pub(super) fn drain_online(&mut self) {
        let work = Instant::now();
        if self.demo_due.is_some_and(|t| work >= t) {
            self.demo_due = None;
            if self.no_photos() {
                self.fall_back_to_demo("No photos found (and no online photos yet)");
            }
        }
        let added = self.online.drain(&self.failed, work);
        if let Some(p) = &mut self.perf {
            p.online_tick_max = p.online_tick_max.max(work.elapsed());
        }
        if added == 0 {
            return;
        }
        if !self.online_seen {
            self.online_seen = true;
            log::info!("first online photos ({added}) after {} ms", self.started.elapsed().as_millis());
        }
        if !self.demo {
            return;
        }
        self.demo = false;
        for i in 0..demo::COUNT {
            self.playlist.remove(&ImageSource::Demo(i));
        }
        self.notice.clear();
        for d in &self.displays {
            d.window.global::<SaverAdapter>().set_notice("".into());
        }
        log::info!("online photos arrived; the demo pictures end");
    }

    pub(super) fn folder_list(&self) -> String {
        if self.folders.is_empty() {
            return "(no folder: no Pictures folder is known)".into();
        }
        self.folders.iter().map(|f| display_path(f)).collect::<Vec<_>>().join(", ")
    }

    pub(super) fn fall_back_to_demo(&mut self, why: &str) {
        if self.demo {
            return;
        }
        self.demo = true;
        self.notice = demo_notice(why, &self.folder_list());
        log::warn!("{}", self.notice);
        for d in &self.displays {
            d.window.global::<SaverAdapter>().set_notice(self.notice.as_str().into());
        }
        self.playlist.add((0..demo::COUNT).map(ImageSource::Demo));
    }
}
