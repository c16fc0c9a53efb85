//! Audio for the visualizer (upstream-srpss.md §6.4): capture of what the computer plays, the
//! FFT and the original's bar mathematics, and the `srpss worker audio` loop that publishes bars
//! through shared memory. Nothing here knows about windows.

pub mod analyzer;
pub mod bars;
pub mod input;
pub mod pump;
pub mod ring;
pub mod smoothing;
pub mod spectrum;
pub mod worker;

pub use analyzer::Analyzer;
pub use bars::{Shaper, Tuning};
pub use input::{InputError, InputSpec};
