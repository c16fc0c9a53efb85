//! The slideshow's online pool: photos the feeds worker has on disk, and which pool (local or
//! online) each next photo comes from.

use crate::feed_pipe::FeedPipe;
use srpss_core::playlist::Playlist;
use srpss_core::rng::Rng;
use srpss_core::settings::Settings;
use srpss_core::source_mix::{self, Pool};
use srpss_image::ImageSource;
use std::collections::HashSet;

/// Online photos looked back on before one repeats (the original's RSS lookback).
const ONLINE_HISTORY: usize = 15;

pub struct Online {
    pub photos: Playlist<ImageSource>,
    feeds: Option<FeedPipe>,
    rng: Rng,
    local_ratio: u32,
}

impl Online {
    pub fn start(settings: &Settings, verbose: bool) -> Self {
        Self {
            photos: Playlist::new(settings.queue.shuffle, ONLINE_HISTORY, Rng::from_entropy()),
            feeds: FeedPipe::start(&settings.sources, verbose),
            rng: Rng::from_entropy(),
            local_ratio: settings.sources.local_ratio,
        }
    }

    /// Takes what the feeds worker reported; returns how many photos are new to the pool.
    pub fn drain(&mut self, failed: &HashSet<ImageSource>) -> usize {
        let Some(feeds) = &mut self.feeds else { return 0 };
        let images = feeds.try_images();
        if images.is_empty() {
            return 0;
        }
        let before = self.photos.len();
        self.photos.add(images.into_iter().map(|i| ImageSource::File(i.path)).filter(|s| !failed.contains(s)));
        self.photos.len() - before
    }

    /// The pool the next photo comes from, given `local` photos.
    pub fn pick(&mut self, local: usize) -> Option<Pool> {
        source_mix::pick(local, self.photos.len(), self.local_ratio, &mut self.rng)
    }
}
