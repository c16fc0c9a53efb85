//! The UI side of the audio worker: started when the visualizer is shown, its bars read from
//! the board (shared memory) on each tick without blocking; a restart opens the new
//! generation's board.

use srpss_core::settings::Settings;
use srpss_ipc::message::AudioConfig;
use std::path::PathBuf;

/// The worker's settings from the visualizer's.
pub fn audio_config(settings: &Settings, board: PathBuf) -> AudioConfig {
    let v = &settings.widgets.spotify_visualizer;
    AudioConfig {
        input: v.input.clone(),
        bar_count: v.bar_count,
        block_size: v.audio_block_size,
        adaptive_sensitivity: v.adaptive_sensitivity,
        sensitivity: v.sensitivity,
        dynamic_floor: v.dynamic_floor,
        manual_floor: v.manual_floor,
        board,
    }
}
