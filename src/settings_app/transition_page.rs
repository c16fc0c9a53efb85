//! The Transitions page: type, random, pool membership, and the shown type's duration,
//! direction, easing and parameters (the original's §7.3 ranges).

use super::fields::{Field, Kind};
use srpss_core::easing::Easing;
use srpss_core::settings::Settings;
use srpss_core::transition::{Direction, TransitionKind};
use toml::Value;

fn stored<T: serde::Serialize>(v: T) -> Value {
    Value::try_from(v).unwrap_or(Value::String(String::new()))
}

pub fn page(s: &Settings) -> Vec<Field> {
    let t = &s.transitions;
    let software = !s.display.hw_accel || s.display.render_group == srpss_core::render_group::GroupSetting::Force(srpss_core::render_group::RenderGroup::C);
    let types: Vec<(Value, String)> = TransitionKind::ALL
        .iter()
        .map(|k| (Value::String(k.name().into()), if software && k.gl_only() { format!("{} (GL only)", k.name()) } else { k.name().to_string() }))
        .collect();
    let kind = t.kind;
    let name = kind.name();
    let mut type_field = Field::new("transitions.type", "Transition type", Kind::Choice(types));
    if software && kind.gl_only() {
        type_field = type_field.with_note("GL only: this session renders in software, so it is drawn as its closest software version.", true);
    }
    let easings: Vec<(Value, String)> = Easing::ALL.iter().map(|e| (stored(e), stored(e).as_str().unwrap_or_default().to_string())).collect();
    let mut rows = vec![
        Field::heading("Transition"),
        type_field,
        Field::toggle("transitions.random_always", "Always use random transitions"),
        Field::toggle(format!("transitions.pool.\"{name}\""), format!("Include {name} in switch/random pool")),
        Field::whole_slider(format!("transitions.durations.\"{name}\""), format!("{name} duration"), 100, 15000, "ms"),
        Field::new("transitions.easing", "Easing", Kind::Choice(easings)),
    ];
    if !kind.directions().is_empty() {
        let key = match kind {
            TransitionKind::Slide => "slide",
            TransitionKind::Wipe => "wipe",
            TransitionKind::Peel => "peel",
            TransitionKind::BlockSpins => "blockspin",
            _ => "",
        };
        if !key.is_empty() {
            let mut dirs = vec![(Value::String("Random".into()), "Random".to_string())];
            dirs.extend(kind.directions().iter().map(|d: &Direction| (Value::String(d.name().into()), d.name().to_string())));
            rows.push(Field::new(format!("transitions.{key}.direction"), format!("{name} direction"), Kind::Choice(dirs)));
        }
    }
    rows.extend(parameters(kind));
    rows.push(Field::heading("Safety"));
    rows.push(Field::slider("transitions.watchdog_timeout_sec", "Watchdog (a stuck transition ends after)", 1.0, 120.0, 0.5, "s"));
    rows
}

fn parameters(kind: TransitionKind) -> Vec<Field> {
    match kind {
        TransitionKind::BlockPuzzleFlip => vec![
            Field::heading("Block Puzzle Flip"),
            Field::int("transitions.block_flip.rows", "Rows", 2, 25),
            Field::int("transitions.block_flip.cols", "Columns", 2, 25),
        ],
        TransitionKind::Diffuse => vec![
            Field::heading("Diffuse"),
            Field::int("transitions.diffuse.block_size", "Block size (px)", 4, 256),
            Field::choice("transitions.diffuse.shape", "Shape", &["Rectangle", "Membrane"]),
        ],
        TransitionKind::Crumble => vec![
            Field::heading("Crumble"),
            Field::int("transitions.crumble.piece_count", "Pieces", 4, 16),
            Field::slider("transitions.crumble.crack_complexity", "Crack complexity", 0.5, 2.0, 0.1, ""),
            Field::choice("transitions.crumble.weighting", "Fall weighting", &["Top Weighted", "Bottom Weighted", "Random Weighted", "Random Choice", "Age Weighted"]),
        ],
        TransitionKind::Particle => {
            let numbered = |labels: &[&str]| Kind::Choice(labels.iter().enumerate().map(|(i, l)| (Value::Integer(i as i64), l.to_string())).collect());
            vec![
                Field::heading("Particle"),
                Field::choice("transitions.particle.mode", "Mode", &["Directional", "Swirl", "Converge"]),
                Field::new(
                    "transitions.particle.direction",
                    "Direction",
                    numbered(&["Left to Right", "Right to Left", "Top to Bottom", "Bottom to Top", "Top Left to Bottom Right", "Top Right to Bottom Left", "Bottom Left to Top Right", "Bottom Right to Top Left", "Random (per run)", "Random (per particle)"]),
                ),
                Field::slider("transitions.particle.particle_radius", "Particle radius", 8.0, 64.0, 1.0, "px"),
                Field::slider("transitions.particle.trail_length", "Trail length", 0.0, 1.0, 0.05, ""),
                Field::slider("transitions.particle.trail_strength", "Trail strength", 0.0, 1.0, 0.05, ""),
                Field::slider("transitions.particle.swirl_turns", "Swirl turns", 0.5, 5.0, 0.1, ""),
                Field::new("transitions.particle.swirl_order", "Swirl order", numbered(&["Typical", "Centre outward", "Edges inward"])),
                Field::toggle("transitions.particle.use_3d_shading", "3D shading"),
                Field::toggle("transitions.particle.texture_mapping", "Texture mapping"),
                Field::toggle("transitions.particle.wobble", "Wobble"),
                Field::slider("transitions.particle.gloss_size", "Gloss size", 16.0, 128.0, 1.0, ""),
                Field::new("transitions.particle.light_direction", "Light direction", numbered(&["Top left", "Top right", "Centre", "Bottom left", "Bottom right"])),
            ]
        }
        _ => Vec::new(),
    }
}
