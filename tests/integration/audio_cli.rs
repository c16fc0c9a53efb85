//! `srpss audio`: prints the bars of a generated input as numbers (the same path as the
//! visualizer), lists capture devices, and refuses a wrong input with a clear message.

use crate::harness::{srpss, TempDir};

fn bars(home: &std::path::Path, input: &str) -> Vec<f32> {
    let o = srpss(home).args(["audio", "--input", input, "--print", "40"]).output().expect("run srpss audio");
    assert!(o.status.success(), "srpss audio failed: {}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 40, "one line a frame");
    lines[39].split_whitespace().map(|v| v.parse().expect("a number")).collect()
}

/// The level-weighted distance from the centre (0) to the edges (1) of the lit bars.
fn spread(b: &[f32]) -> f32 {
    let c = (b.len() as f32 - 1.0) / 2.0;
    let top = b.iter().cloned().fold(0.0, f32::max);
    let lit: Vec<(usize, f32)> = b.iter().cloned().enumerate().filter(|(_, v)| *v >= top * 0.5).collect();
    lit.iter().map(|(i, v)| v * (*i as f32 - c).abs() / c).sum::<f32>() / lit.iter().map(|(_, v)| v).sum::<f32>()
}

#[test]
fn printed_bars_put_bass_in_the_centre_and_treble_at_the_edges() {
    let home = TempDir::new("audio-cli");
    let low = bars(home.path(), "sine:60");
    assert_eq!(low.len(), 19, "the visualizer's bar count");
    assert!(spread(&low) < 0.3, "{low:?}");
    let wav = home.path().join("high.wav");
    let spec = hound::WavSpec { channels: 2, sample_rate: 44_100, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(&wav, spec).unwrap();
    for i in 0..44_100 {
        let s = (12_000.0 * (i as f64 * 8000.0 / 44_100.0 * std::f64::consts::TAU).sin()) as i16;
        w.write_sample(s).unwrap();
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
    let high = bars(home.path(), &format!("wav:{}", wav.display()));
    assert!(spread(&high) > 0.7, "{high:?}");
}

#[test]
fn a_wrong_input_is_refused_and_devices_are_listed() {
    let home = TempDir::new("audio-cli-bad");
    let o = srpss(home.path()).args(["audio", "--input", "sine:loud", "--print", "1"]).output().unwrap();
    assert!(!o.status.success());
    let log = std::fs::read_to_string(home.path().join("state/srpss/srpss.log")).unwrap_or_default() + &String::from_utf8_lossy(&o.stderr);
    assert!(log.contains("unknown input \"sine:loud\""), "{log}");
    let missing = srpss(home.path()).args(["audio", "--input", "wav:/no/such.wav", "--print", "1"]).output().unwrap();
    assert!(!missing.status.success());
    let list = srpss(home.path()).args(["audio", "--list"]).output().unwrap();
    assert!(list.status.success());
    assert!(String::from_utf8_lossy(&list.stdout).contains("default: "), "says what default captures");
}
