//! The one integration test binary: runs the real `srpss` executable.
//!
//! X11 tests start their own Xvfb server per test (`-displayfd`, so they never collide).

mod check;
mod harness;
mod render;
mod run_x11;
