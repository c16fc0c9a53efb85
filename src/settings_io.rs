//! `srpss settings --import FILE [--dry-run]` and `--export FILE`: the original's `.sst`
//! exports and our own TOML, from the command line (the About tab uses the same functions).

use srpss_core::settings::sst::{self, Imported};
use srpss_core::settings::{save_atomic, Profile, Settings};
use std::path::Path;

/// Typed failures of an import or export; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{path} is not a settings export: {why}")]
    Parse { path: String, why: String },
}

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// What importing `path` into `current` would give (nothing is written).
pub fn preview_import(path: &Path, current: &Settings, profile: Profile) -> Result<Imported, TransferError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| TransferError::Read { path: shown.clone(), source })?;
    let parsed = if is_toml(path) {
        sst::import_toml(&text, current, profile).map_err(|e| e.to_string())
    } else {
        sst::import(&text, current, profile).map_err(|e| e.to_string())
    };
    parsed.map_err(|why| TransferError::Parse { path: shown, why })
}

/// Writes `settings` to `path`: `.toml` as ours, anything else as `.sst` JSON.
pub fn export(path: &Path, settings: &Settings, profile: Profile) -> Result<(), TransferError> {
    let write_err = |source| TransferError::Write { path: path.display().to_string(), source };
    if is_toml(path) {
        return save_atomic(path, settings).map_err(|e| write_err(std::io::Error::other(e.to_string())));
    }
    std::fs::write(path, sst::export(settings, profile)).map_err(write_err)
}

/// The command: prints what an import changes and what it could not use, then saves it to
/// `settings_path` unless `dry_run`; or exports.
pub fn run(args: &crate::cli::SettingsArgs, current: &Settings, profile: Profile, settings_path: &Path) -> anyhow::Result<()> {
    if let Some(out) = &args.export {
        export(out, current, profile)?;
        println!("exported the {} settings to {}", profile.name(), out.display());
        return Ok(());
    }
    let Some(file) = &args.import else { return Ok(()) };
    let got = preview_import(file, current, profile)?;
    for n in &got.notes {
        println!("note: {n}");
    }
    if got.changes.is_empty() {
        println!("{} changes nothing", file.display());
        return Ok(());
    }
    for c in &got.changes {
        println!("{}: {} -> {}", c.key, c.before, c.after);
    }
    if args.dry_run {
        println!("{} settings would change (dry run: nothing saved)", got.changes.len());
    } else {
        save_atomic(settings_path, &got.settings)?;
        println!("{} settings changed; saved to {}", got.changes.len(), settings_path.display());
    }
    Ok(())
}
