//! New settings for a running slideshow (from `settings_watch`): new folders are scanned
//! afresh, changed feeds restart the feeds worker, and everything read per change (interval,
//! transitions, display mode) simply takes the new values.

use super::super::online::Online;
use super::Slideshow;
use crate::SaverAdapter;
use slint::ComponentHandle;
use srpss_core::playlist::Playlist;
use srpss_core::rng::Rng;
use srpss_core::settings::Settings;
use std::time::{Duration, Instant};

impl Slideshow {
    /// Takes `new`; `rescan` when the folders or the queue changed, `restart_online` when the
    /// feeds worker's work changed (feeds, weather place, subreddits).
    pub fn reconfigure(&mut self, new: Settings, rescan: bool, restart_online: bool, now: Instant) {
        if rescan {
            self.folders = crate::config::photo_folders(&new);
            self.playlist = Playlist::new(new.queue.shuffle, new.queue.history_size as usize, Rng::from_entropy());
            self.scan = Some(super::super::start_scan(self.folders.clone()));
            if self.demo {
                self.demo = false;
                self.notice.clear();
                for d in &self.displays {
                    d.window.global::<SaverAdapter>().set_notice("".into());
                }
            }
            log::info!("scanning {} for photos", self.folder_list());
        }
        if restart_online {
            self.online = Online::start(&new, log::max_level() >= log::LevelFilter::Debug);
        }
        let interval = Duration::from_secs(u64::from(new.timing.interval));
        self.settings = new;
        // A shorter interval counts from now; a longer one from the last change.
        if self.next_change.is_some_and(|t| t > now + interval) {
            self.next_change = Some(now + interval);
        }
        self.prefetch_due = true;
    }
}
