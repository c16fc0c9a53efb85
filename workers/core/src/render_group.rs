//! Render groups (upstream-srpss.md §5.7): A draws every transition with shaders, B with the
//! compositor's 2D drawing, C on the CPU with the software renderer. Chosen once per session.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RenderGroup {
    A,
    B,
    C,
}

impl RenderGroup {
    pub fn name(self) -> &'static str {
        match self {
            RenderGroup::A => "A",
            RenderGroup::B => "B",
            RenderGroup::C => "C",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_uppercase().as_str() {
            "A" => Some(RenderGroup::A),
            "B" => Some(RenderGroup::B),
            "C" => Some(RenderGroup::C),
            _ => None,
        }
    }
}

/// `display.render_group`: "auto" or a group to force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupSetting {
    #[default]
    Auto,
    Force(RenderGroup),
}

impl Serialize for GroupSetting {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            GroupSetting::Auto => "auto",
            GroupSetting::Force(g) => g.name(),
        })
    }
}

impl<'de> Deserialize<'de> for GroupSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().eq_ignore_ascii_case("auto") {
            return Ok(GroupSetting::Auto);
        }
        RenderGroup::from_name(&s).map(GroupSetting::Force).ok_or_else(|| serde::de::Error::custom(format!("unknown render group {s:?} (auto, A, B or C)")))
    }
}

/// What the session can do, as far as it knows before the first frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// The shader compositor (group A) exists in this build.
    pub shaders: bool,
    /// The GL renderer's name, when a probe before the first window found one.
    pub gl_renderer: Option<String>,
    /// That renderer draws on the CPU (llvmpipe and the like).
    pub software_gl: bool,
}

impl Capabilities {
    /// Shaders in the build, GL not probed.
    pub fn unprobed(shaders: bool) -> Self {
        Capabilities { shaders, gl_renderer: None, software_gl: false }
    }
}

/// The group a session starts in, and why. `forced` is the test override (environment), which
/// wins over the setting; `hw_accel = false` means C (the original's software mode).
pub fn initial(setting: GroupSetting, hw_accel: bool, forced: Option<RenderGroup>, caps: Capabilities) -> (RenderGroup, String) {
    let (wanted, why) = match (forced, setting) {
        (Some(g), _) => (g, "forced by SRPSS_RENDER_GROUP".to_string()),
        (None, _) if !hw_accel => (RenderGroup::C, "display.hw_accel = false".to_string()),
        (None, GroupSetting::Force(g)) => (g, "display.render_group".to_string()),
        // On software GL the CPU compositor with the software renderer, which repaints only
        // what changed, is several times faster than femtovg on the same cores, at rest and
        // in transitions (docs/PERFORMANCE.md, "Which group on software GL").
        (None, GroupSetting::Auto) if caps.software_gl => {
            (RenderGroup::C, format!("automatic; software GL ({}) draws faster on the CPU", caps.gl_renderer.as_deref().unwrap_or("unknown")))
        }
        (None, GroupSetting::Auto) => (RenderGroup::A, "automatic".to_string()),
    };
    if wanted == RenderGroup::A && !caps.shaders {
        return (RenderGroup::B, format!("{why} asked for A, which this build cannot draw yet"));
    }
    (wanted, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_shaders() -> Capabilities {
        Capabilities::unprobed(false)
    }

    #[test]
    fn the_override_wins_then_hw_accel_then_the_setting() {
        assert_eq!(initial(GroupSetting::Auto, true, Some(RenderGroup::C), no_shaders()).0, RenderGroup::C);
        assert_eq!(initial(GroupSetting::Force(RenderGroup::B), false, None, no_shaders()).0, RenderGroup::C);
        assert_eq!(initial(GroupSetting::Force(RenderGroup::C), true, None, no_shaders()).0, RenderGroup::C);
        assert_eq!(initial(GroupSetting::Auto, true, None, no_shaders()).0, RenderGroup::B, "no shaders in the build");
        assert_eq!(initial(GroupSetting::Auto, true, None, Capabilities::unprobed(true)).0, RenderGroup::A);
        let (g, why) = initial(GroupSetting::Force(RenderGroup::A), true, None, no_shaders());
        assert_eq!(g, RenderGroup::B);
        assert!(why.contains("cannot draw yet"), "{why}");
        assert_eq!(initial(GroupSetting::Force(RenderGroup::A), true, None, Capabilities::unprobed(true)).0, RenderGroup::A);
    }

    #[test]
    fn software_gl_starts_at_c_unless_a_group_is_asked_for() {
        let llvmpipe = Capabilities { shaders: true, gl_renderer: Some("llvmpipe (LLVM 15.0.6, 256 bits)".into()), software_gl: true };
        let (g, why) = initial(GroupSetting::Auto, true, None, llvmpipe.clone());
        assert_eq!(g, RenderGroup::C);
        assert!(why.contains("llvmpipe"), "{why}");
        assert_eq!(initial(GroupSetting::Force(RenderGroup::B), true, None, llvmpipe.clone()).0, RenderGroup::B);
        assert_eq!(initial(GroupSetting::Force(RenderGroup::A), true, None, llvmpipe).0, RenderGroup::A);
        let gpu = Capabilities { shaders: true, gl_renderer: Some("NVIDIA GeForce RTX 4070".into()), software_gl: false };
        assert_eq!(initial(GroupSetting::Auto, true, None, gpu).0, RenderGroup::A);
    }

    #[test]
    fn settings_names() {
        #[derive(Deserialize)]
        struct T {
            g: GroupSetting,
        }
        let parse = |s: &str| toml::from_str::<T>(&format!("g = \"{s}\"")).map(|t| t.g);
        assert_eq!(parse("AUTO").unwrap(), GroupSetting::Auto);
        assert_eq!(parse("c").unwrap(), GroupSetting::Force(RenderGroup::C));
        assert!(parse("D").is_err());
    }
}
