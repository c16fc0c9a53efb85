//! The start frames (`saver/start_frame.rs`) as the slideshow uses them: a display opens on the
//! one an earlier run kept for it, and at exit each display keeps its next prepared photo.

use super::super::start_frame::{self, StartFrame};
use super::Slideshow;
use srpss_image::ImageRequest;
use std::time::Instant;

impl Slideshow {
    /// Display `i` opens on `frame` (already checked against the settings and the photo) if it
    /// was made for the display's size; `false` if not (the display waits for its first photo).
    pub fn open_on(&mut self, i: usize, frame: StartFrame) -> bool {
        let Some(d) = self.displays.get_mut(i) else { return false };
        let request = frame.request;
        if d.size != Some(request.target) {
            log::info!("start frame for display {i} not used: made for {}, the monitor is {:?}", request.target, d.size);
            return false;
        }
        if !d.store(request.source.clone(), request.target, slint::Image::from_rgba8(frame.pixels)) {
            return false;
        }
        log::debug!("display {i} opens on {} (kept by the last run)", request.source);
        self.playlist.begin_with(request.source.clone());
        self.want(i, request.source);
        true
    }

    /// The first window showed display 0's start frame when it was shown (before its display
    /// exists, so before [`open_on`](Self::open_on) stores it): the first photo is on screen.
    pub fn opened_early(&mut self) {
        self.first_shown = true;
        log::info!("first photo on screen after {} ms (kept by the last run)", self.started.elapsed().as_millis());
    }

    /// Each display's next photo, if it is prepared, is kept for the next start; a display
    /// without one keeps nothing (the next start must not open on the photo just shown).
    pub fn keep_start_frames(&mut self) {
        let Some(dir) = start_frame::dir() else { return };
        let n = self.displays.len();
        let same = self.settings.display.same_image_all_monitors || n == 1;
        let upcoming = self.playlist.peek_many(if same { 1 } else { n });
        let (mode, max_pixels) = (self.settings.display.mode, u64::from(self.settings.images.max_megapixels) * 1_000_000);
        let started = Instant::now();
        for (i, d) in self.displays.iter().enumerate() {
            let source = if same { upcoming.first() } else { upcoming.get(i) };
            // The playlist holds the folders' photos (or the demo's), never online ones.
            let kept = source.zip(d.size).and_then(|(source, target)| {
                let pixels = d.frame(source)?.to_rgba8()?;
                let request = ImageRequest { source: source.clone(), target, mode, max_pixels };
                Some((request, pixels))
            });
            match kept {
                Some((request, pixels)) => match start_frame::save(&dir, i, &request, pixels.as_bytes()) {
                    Ok(()) => log::info!("display {i} will open on {} next time", request.source),
                    Err(e) => {
                        log::info!("cannot keep display {i}'s next photo for the next start: {e}");
                        start_frame::forget(&dir, i);
                    }
                },
                None => start_frame::forget(&dir, i),
            }
        }
        log::debug!("start frames kept in {} ms", started.elapsed().as_millis());
    }
}
