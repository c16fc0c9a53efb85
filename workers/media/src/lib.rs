//! The media player side of the overlay (upstream-srpss.md §6.3, §6.5): which player to
//! follow, what it plays, its artwork as pixels in a shared-memory slot, its transport
//! controls and volume. Runs in `srpss worker media`; a player that hangs costs this worker a
//! timeout, never the UI.

pub mod artwork;
#[cfg(windows)]
pub mod gsmtc;
#[cfg(unix)]
pub mod mpris;
pub mod pick;
#[cfg(windows)]
pub mod session_volume;
pub mod source;
#[cfg(all(unix, feature = "testutil"))]
pub mod testplayer;
pub mod worker;

pub use source::{MediaError, MediaSource};
