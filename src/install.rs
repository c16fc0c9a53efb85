//! `srpss install [--user]` and `srpss uninstall`: the binary, a menu entry and icon for the
//! settings app, and, when asked, the configuration a screensaver host needs. Every file written
//! is listed in a manifest, so `uninstall` removes exactly those; the one file of the user's we
//! change (`~/.xscreensaver`) is backed up first and only our own line is ever added or removed.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("no home directory (HOME is not set)")]
    NoHome,
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot find this program to install it: {0}")]
    NoExe(std::io::Error),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |source| InstallError::Io { path: path.to_path_buf(), source }
}

/// What to set up besides the binary and the menu entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hosts {
    pub xscreensaver: bool,
    pub xsecurelock: bool,
    pub xss_lock: bool,
    pub swayidle: bool,
    /// `srpss idle --after N` from the next login (desktops with no host: X11, or a Wayland
    /// compositor with an idle protocol that runs XDG autostart entries).
    pub idle_after: Option<u32>,
}

/// Where things go: the user's own directories, or the system's (`/usr/local`).
pub struct Places {
    pub bin: PathBuf,
    pub share: PathBuf,
    pub config: PathBuf,
    pub home: PathBuf,
}

impl Places {
    pub fn new(user: bool) -> Result<Self, InstallError> {
        let home = std::env::var_os("HOME").map(PathBuf::from).filter(|h| !h.as_os_str().is_empty()).ok_or(InstallError::NoHome)?;
        let xdg = |var: &str, fallback: &str| std::env::var_os(var).map(PathBuf::from).filter(|p| p.is_absolute()).unwrap_or_else(|| home.join(fallback));
        let config = xdg("XDG_CONFIG_HOME", ".config");
        Ok(if user {
            Self { bin: home.join(".local/bin"), share: xdg("XDG_DATA_HOME", ".local/share"), config, home }
        } else {
            Self { bin: PathBuf::from("/usr/local/bin"), share: PathBuf::from("/usr/local/share"), config, home }
        })
    }

    fn manifest(&self) -> PathBuf {
        self.share.join("srpss/installed.txt")
    }

    fn xscreensaver_file(&self) -> PathBuf {
        self.home.join(".xscreensaver")
    }
}

/// The label of our entry in `~/.xscreensaver`'s `programs:` list (how uninstall finds it).
const XSS_LABEL: &str = "\"SRPSS\"";

const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect x="4" y="8" width="56" height="44" rx="5" fill="#1d2733"/>
<rect x="9" y="13" width="46" height="34" rx="2" fill="#6ab0e8"/>
<path d="M9 40 L24 26 L34 36 L41 30 L55 42 L55 47 L9 47 Z" fill="#3f8f4a"/>
<circle cx="44" cy="21" r="4.5" fill="#f4d35e"/>
<rect x="24" y="54" width="16" height="4" rx="2" fill="#1d2733"/>
</svg>
"##;

/// Installs; returns what was done, one line each, for the terminal.
pub fn install(places: &Places, hosts: Hosts) -> Result<Vec<String>, InstallError> {
    let exe = std::env::current_exe().map_err(InstallError::NoExe)?;
    let mut written = read_manifest(places);
    let mut said = Vec::new();
    let bin = places.bin.join("srpss");
    copy_binary(&exe, &bin)?;
    note(&mut written, &bin);
    said.push(format!("installed {}", bin.display()));
    let icon = places.share.join("icons/hicolor/scalable/apps/srpss.svg");
    write(&icon, ICON)?;
    note(&mut written, &icon);
    let desktop = places.share.join("applications/srpss-settings.desktop");
    write(
        &desktop,
        &format!(
            "[Desktop Entry]\nType=Application\nName=SRPSS Settings\nComment=Photos, transitions and widgets of the SRPSS screensaver\nExec={} settings\nIcon=srpss\nCategories=Settings;DesktopSettings;\nTerminal=false\n",
            bin.display()
        ),
    )?;
    note(&mut written, &desktop);
    said.push(format!("menu entry \"SRPSS Settings\": {}", desktop.display()));
    if hosts.xscreensaver {
        let existed = places.xscreensaver_file().exists();
        said.push(add_to_xscreensaver(places, &bin)?);
        if !existed {
            note(&mut written, &places.xscreensaver_file()); // ours alone: uninstall removes it
        }
    }
    if hosts.xsecurelock {
        let wrapper = places.bin.join("srpss-xsecurelock");
        write(&wrapper, &format!("#!/bin/sh\n# Written by `srpss install`: XSecureLock with SRPSS as its saver.\nXSECURELOCK_SAVER={} exec xsecurelock \"$@\"\n", bin.display()))?;
        make_executable(&wrapper)?;
        note(&mut written, &wrapper);
        said.push(format!("{}: lock with it (e.g. `xss-lock -- {}`)", wrapper.display(), wrapper.display()));
    }
    if hosts.xss_lock {
        let entry = places.config.join("autostart/srpss-xss-lock.desktop");
        write(&entry, &format!("[Desktop Entry]\nType=Application\nName=SRPSS (xss-lock)\nComment=Starts the SRPSS screensaver when the X session is idle\nExec=xss-lock -- {} run\nTerminal=false\nNoDisplay=true\n", bin.display()))?;
        note(&mut written, &entry);
        said.push(format!("{}: xss-lock starts SRPSS after the X idle timeout (`xset s SECONDS`) from the next login", entry.display()));
    }
    if let Some(after) = hosts.idle_after {
        let entry = places.config.join("autostart/srpss-idle.desktop");
        write(&entry, &format!("[Desktop Entry]\nType=Application\nName=SRPSS (on idle)\nComment=Starts the SRPSS screensaver after {after} s without input\nExec={} idle --after {after}\nTerminal=false\nNoDisplay=true\n", bin.display()))?;
        note(&mut written, &entry);
        said.push(format!("{}: SRPSS starts after {after} s without input from the next login", entry.display()));
    }
    if hosts.swayidle {
        let unit = places.config.join("systemd/user/srpss-swayidle.service");
        write(
            &unit,
            &format!(
                "[Unit]\nDescription=SRPSS screensaver on idle (swayidle)\nPartOf=graphical-session.target\n\n[Service]\nExecStart=swayidle -w timeout 300 '{} run'\nRestart=on-failure\n\n[Install]\nWantedBy=graphical-session.target\n",
                bin.display()
            ),
        )?;
        note(&mut written, &unit);
        said.push(format!("{}: enable with `systemctl --user enable --now srpss-swayidle.service` (or put `exec swayidle -w timeout 300 '{} run'` in sway's config)", unit.display(), bin.display()));
    }
    write_manifest(places, &written)?;
    Ok(said)
}

/// Removes what `install` wrote (from its manifest) and our line in `~/.xscreensaver`.
pub fn uninstall(places: &Places) -> Result<Vec<String>, InstallError> {
    let written = read_manifest(places);
    let mut said = Vec::new();
    for path in &written {
        match std::fs::remove_file(path) {
            Ok(()) => said.push(format!("removed {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(InstallError::Io { path: path.clone(), source: e }),
        }
    }
    let xss = places.xscreensaver_file();
    if let Ok(text) = std::fs::read_to_string(&xss) {
        let kept = without_our_entry(&text);
        if kept != text {
            write(&xss, &kept)?;
            said.push(format!("removed SRPSS from {}", xss.display()));
        }
    }
    let manifest = places.manifest();
    if manifest.exists() {
        std::fs::remove_file(&manifest).map_err(io(&manifest))?;
    }
    if said.is_empty() {
        said.push("nothing of SRPSS was installed here".to_string());
    }
    Ok(said)
}

/// Puts our hack first in the `programs:` list, keeping every other byte of the file; backs it
/// up once. Without a file, writes one that makes SRPSS XScreenSaver's saver.
fn add_to_xscreensaver(places: &Places, bin: &Path) -> Result<String, InstallError> {
    let path = places.xscreensaver_file();
    let entry = format!("  {XSS_LABEL} {} --root \\n\\\n", bin.display());
    let Ok(text) = std::fs::read_to_string(&path) else {
        write(&path, &format!("# Written by `srpss install --xscreensaver`; xscreensaver-settings adds the rest.\nmode: one\nselected: 0\nprograms: \\\n{entry}\n"))?;
        return Ok(format!("{}: SRPSS is XScreenSaver's screensaver", path.display()));
    };
    let text = without_our_entry(&text);
    let backup = path.with_file_name(".xscreensaver.srpss-backup");
    if !backup.exists() {
        std::fs::write(&backup, &text).map_err(io(&backup))?;
    }
    let Some(at) = programs_start(&text) else {
        let mut out = text.clone();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("programs: \\\n{entry}\n"));
        write(&path, &out)?;
        return Ok(format!("{}: SRPSS added as the only hack (the file had no programs: list)", path.display()));
    };
    let mut out = String::with_capacity(text.len() + entry.len());
    out.push_str(&text[..at]);
    out.push_str(&entry);
    out.push_str(&text[at..]);
    write(&path, &out)?;
    Ok(format!("{}: SRPSS added to the programs list (backup {}); choose it in xscreensaver-settings", path.display(), backup.display()))
}

/// Where the first entry of the `programs:` list begins: the line after `programs: \`.
fn programs_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with("programs:") && line.trim_end().ends_with('\\') {
            return Some(offset);
        }
    }
    None
}

/// The file without the lines we added (our label with `--root`).
fn without_our_entry(text: &str) -> String {
    text.split_inclusive('\n').filter(|l| !(l.trim_start().starts_with(XSS_LABEL) && l.contains("--root"))).collect()
}

fn note(written: &mut Vec<PathBuf>, path: &Path) {
    if !written.iter().any(|p| p == path) {
        written.push(path.to_path_buf());
    }
}

fn read_manifest(places: &Places) -> Vec<PathBuf> {
    std::fs::read_to_string(places.manifest()).map(|t| t.lines().filter(|l| !l.is_empty()).map(PathBuf::from).collect()).unwrap_or_default()
}

fn write_manifest(places: &Places, written: &[PathBuf]) -> Result<(), InstallError> {
    let text: String = written.iter().map(|p| format!("{}\n", p.display())).collect();
    write(&places.manifest(), &text)
}

/// Writes through a temporary file and a rename: never half a file.
fn write(path: &Path, text: &str) -> Result<(), InstallError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let tmp = path.with_extension("srpss-tmp");
    std::fs::write(&tmp, text).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

fn copy_binary(exe: &Path, to: &Path) -> Result<(), InstallError> {
    if std::fs::canonicalize(exe).ok() == std::fs::canonicalize(to).ok() {
        return Ok(()); // already running the installed one
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    // Beside it, then renamed: a running copy keeps its old file.
    let tmp = to.with_extension("srpss-tmp");
    std::fs::copy(exe, &tmp).map_err(io(&tmp))?;
    make_executable(&tmp)?;
    std::fs::rename(&tmp, to).map_err(io(to))
}

fn make_executable(path: &Path) -> Result<(), InstallError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(io(path))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const XSS: &str = "# my settings\ntimeout:\t0:10:00\nprograms: \\\n  \"Qix (solid)\" qix -root -solid \\n\\\n- \"Attraction\" attraction -root \\n\\\n\n\npointerPollTime: 0:00:05\n";

    #[test]
    fn our_entry_goes_first_in_the_programs_list_and_comes_out_byte_for_byte() {
        let at = programs_start(XSS).expect("programs list");
        let entry = format!("  {XSS_LABEL} /home/u/.local/bin/srpss --root \\n\\\n");
        let with = format!("{}{entry}{}", &XSS[..at], &XSS[at..]);
        assert!(with.contains("programs: \\\n  \"SRPSS\" /home/u/.local/bin/srpss --root \\n\\\n  \"Qix (solid)\""));
        assert_eq!(without_our_entry(&with), XSS);
        assert_eq!(without_our_entry(XSS), XSS, "nothing of the user's is taken for ours");
    }
}
