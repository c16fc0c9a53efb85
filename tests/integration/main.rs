//! The one integration test binary: runs the real `srpss` executable.
//!
//! X11 tests start their own X server per test (`-displayfd`, so they never collide): Xvfb, or
//! Xorg with the dummy driver where two monitors are needed.

mod audio_cli;
mod check;
mod feeds;
mod monitors;
mod harness;
mod hosts;
mod install;
mod interaction;
mod media;
mod render;
mod resources;
mod run_x11;
mod settings_cli;
mod widgets;
mod workers;
