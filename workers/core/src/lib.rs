//! SRPSS domain logic: plain Rust with plain tests.
//!
//! Owns settings (schema, repair, atomic storage), the playlist, display-mode geometry, the
//! input rules and easing curves. Must not depend on Slint, GL or any process machinery, so the
//! screensaver, the workers, the settings app and the tests all share one definition of each.

pub mod cards;
pub mod clock;
pub mod easing;
pub mod geometry;
pub mod input;
pub mod layout;
pub mod lru;
pub mod media;
pub mod pan;
pub mod pixel_shift;
pub mod playlist;
pub mod render_group;
pub mod rng;
pub mod settings;
pub mod source_mix;
pub mod text_metrics;
pub mod theme;
pub mod timestamp;
pub mod transition;
pub mod transition_pick;
