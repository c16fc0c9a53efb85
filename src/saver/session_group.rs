//! The session's render group after start: when the windows' renderers say it must move
//! down, and how a type is drawn in each group (for the `[PERF]` lines).

use super::display::{Display, LAYER_KINDS};
use srpss_core::render_group::RenderGroup;
use srpss_core::transition::TransitionKind;
use srpss_image::composite;

/// A move down the groups, why, and whether it is a failure (logged as `[GL ERROR]`).
pub struct Demotion {
    pub to: RenderGroup,
    pub why: String,
    pub error: bool,
}

/// What the windows of a group A session report: a window without GL moves the session to C,
/// a shader failure to the group its error names, an automatic choice on software GL to B.
pub fn pending_demotion(displays: &[Display]) -> Option<Demotion> {
    for d in displays {
        if !d.counts_frames {
            return Some(Demotion { to: RenderGroup::C, why: "the window's renderer has no OpenGL context".into(), error: true });
        }
        let mut g = d.gl.borrow_mut();
        if let Some(e) = g.failure.take() {
            return Some(Demotion { to: e.demotes_to(), why: e.to_string(), error: true });
        }
        if let Some(r) = g.renderer.as_ref().filter(|r| g.automatic && crate::gl::is_software_renderer(r)) {
            let why = format!("software GL ({r}) in the window, which the probe before it did not see; set display.render_group = \"A\" to force shaders");
            return Some(Demotion { to: RenderGroup::B, why, error: false });
        }
    }
    None
}

/// Moves `group` and every display down to `to` (never up), logged once.
pub fn demote(group: &mut RenderGroup, displays: &mut [Display], to: RenderGroup, why: &str, error: bool) {
    if to <= *group {
        return;
    }
    if error {
        log::error!("[GL ERROR] Session demoted from {} to {}: {why}", group.name(), to.name());
    } else {
        log::info!("render group {} ({why})", to.name());
    }
    *group = to;
    for d in displays {
        d.demote(to);
    }
}

/// How a type is drawn in a group ("Wipe (group C)", "Crossfade (as Ripple, group B)").
pub fn drawn_as(kind: TransitionKind, group: RenderGroup) -> String {
    let drawn = match group {
        RenderGroup::A => kind,
        RenderGroup::C => composite::software_kind(kind),
        _ if LAYER_KINDS.contains(&kind) => kind,
        _ => TransitionKind::Crossfade,
    };
    if drawn == kind {
        format!("{} (group {})", kind.name(), group.name())
    } else {
        format!("{} (as {}, group {})", drawn.name(), kind.name(), group.name())
    }
}
