//! Where settings and photos are found: the settings file (via confy's platform paths), the
//! loaded and repaired settings, and the folders to scan when none are configured.

use srpss_core::settings::{load_or_create, LoadReport, Profile, Settings};
use std::path::{Path, PathBuf};

/// The settings file for `profile`: `$XDG_CONFIG_HOME/srpss/<profile>.toml` on Linux.
pub fn settings_path(profile: Profile) -> anyhow::Result<PathBuf> {
    Ok(confy::get_configuration_file_path("srpss", Some(profile.name()))?)
}

/// Where the screensaver keeps state between runs (feed health, the widgets' last data):
/// `$XDG_STATE_HOME/srpss` on Linux.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "srpss")?;
    Some(dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf())
}

/// Loads settings from `--config FILE` or the profile's file, logging every repair.
pub fn load(profile: Profile, config: Option<&Path>) -> anyhow::Result<Settings> {
    let path = match config {
        Some(p) => p.to_path_buf(),
        None => settings_path(profile)?,
    };
    let LoadReport { settings, issues, backup, created } = load_or_create(&path, profile)?;
    if created {
        log::info!("created settings file {} with the {} defaults", path.display(), profile.name());
    } else {
        log::info!("settings from {}", path.display());
    }
    if let Some(b) = backup {
        log::warn!("settings file {} could not be parsed; kept a copy at {} and used defaults", path.display(), b.display());
    }
    for issue in issues {
        log::warn!("settings {}: {issue}", path.display());
    }
    Ok(settings)
}

/// The folders to scan: `sources.folders`, or the XDG Pictures folder when none are set.
pub fn photo_folders(settings: &Settings) -> Vec<PathBuf> {
    if !settings.sources.folders.is_empty() {
        return settings.sources.folders.iter().map(|p| expand_home(p)).collect();
    }
    pictures_dir().into_iter().collect()
}

/// `$XDG_PICTURES_DIR`, then the user-dirs file, then `~/Pictures`.
pub fn pictures_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("XDG_PICTURES_DIR").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let user = directories::UserDirs::new()?;
    Some(user.picture_dir().map(Path::to_path_buf).unwrap_or_else(|| user.home_dir().join("Pictures")))
}

/// `~/x` as the home folder's `x`.
pub fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), directories::UserDirs::new()) {
        (Ok(rest), Some(u)) => u.home_dir().join(rest),
        _ => p.to_path_buf(),
    }
}

/// Shows `~` for the home directory in messages.
pub fn display_path(p: &Path) -> String {
    match directories::UserDirs::new().and_then(|u| p.strip_prefix(u.home_dir()).ok().map(Path::to_path_buf)) {
        Some(rest) if rest.as_os_str().is_empty() => "~".into(),
        Some(rest) => format!("~/{}", rest.display()),
        None => p.display().to_string(),
    }
}
