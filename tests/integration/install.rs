//! `srpss install --user` into a temporary home: the binary, the menu entry and icon, the hosts'
//! setup; an existing `~/.xscreensaver` keeps every other line and `uninstall` restores it.

use crate::harness::{TempDir, SRPSS};
use std::path::Path;
use std::process::Command;

fn srpss_in(home: &Path, args: &[&str]) -> String {
    let out = Command::new(SRPSS)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .args(args)
        .output()
        .expect("srpss");
    assert!(out.status.success(), "srpss {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const XSS: &str = "# written by xscreensaver-settings\ntimeout:\t0:10:00\nmode:\t\trandom\nprograms:\t\t\t\t\t\t      \\\n\t\t\t\tmaze -root\t\t\t\t    \\n\\\n  \"Qix (solid)\" \tqix -root -solid -segments 100\t    \\n\\\n- GL: \t\t\t\tgears -root\t\t\t\t    \\n\\\n\n\npointerPollTime: 0:00:05\n";

#[test]
fn install_user_with_xscreensaver_and_uninstall_restores_the_users_file() {
    let home = TempDir::new("install");
    let h = home.path();
    std::fs::write(h.join(".xscreensaver"), XSS).expect("user's file");
    let said = srpss_in(h, &["install", "--user", "--xscreensaver", "--xsecurelock", "--xss-lock", "--swayidle", "--idle", "300"]);
    let bin = h.join(".local/bin/srpss");
    let version = Command::new(&bin).arg("--version").output().expect("the installed binary runs");
    assert!(version.status.success() && String::from_utf8_lossy(&version.stdout).contains("srpss"));
    let desktop = std::fs::read_to_string(h.join(".local/share/applications/srpss-settings.desktop")).expect("menu entry");
    assert!(desktop.contains("Name=SRPSS Settings") && desktop.contains(&format!("Exec={} settings", bin.display())) && desktop.contains("Icon=srpss"), "{desktop}");
    assert!(h.join(".local/share/icons/hicolor/scalable/apps/srpss.svg").is_file());
    let wrapper = std::fs::read_to_string(h.join(".local/bin/srpss-xsecurelock")).expect("xsecurelock wrapper");
    assert!(wrapper.contains(&format!("XSECURELOCK_SAVER={} exec xsecurelock", bin.display())));
    let autostart = std::fs::read_to_string(h.join(".config/autostart/srpss-xss-lock.desktop")).expect("xss-lock autostart");
    assert!(autostart.contains(&format!("Exec=xss-lock -- {} run", bin.display())));
    assert!(h.join(".config/systemd/user/srpss-swayidle.service").is_file());
    let idle = std::fs::read_to_string(h.join(".config/autostart/srpss-idle.desktop")).expect("idle autostart");
    assert!(idle.contains(&format!("Exec={} idle --after 300", bin.display())), "{idle}");

    // ~/.xscreensaver: our hack first in programs, every other line as it was.
    let xss = std::fs::read_to_string(h.join(".xscreensaver")).expect("xscreensaver file");
    let ours = format!("  \"SRPSS\" {} --root \\n\\", bin.display());
    assert!(xss.contains(&format!("programs:\t\t\t\t\t\t      \\\n{ours}\n\t\t\t\tmaze -root")), "{xss}");
    let others: Vec<&str> = xss.lines().filter(|l| *l != ours).collect();
    assert_eq!(others, XSS.lines().collect::<Vec<_>>());
    assert_eq!(std::fs::read_to_string(h.join(".xscreensaver.srpss-backup")).expect("backup"), XSS);
    assert!(said.contains(".xscreensaver"), "{said}");

    // Installing again changes nothing twice.
    srpss_in(h, &["install", "--user", "--xscreensaver"]);
    assert_eq!(std::fs::read_to_string(h.join(".xscreensaver")).expect("file").matches("\"SRPSS\"").count(), 1);

    srpss_in(h, &["uninstall", "--user"]);
    assert_eq!(std::fs::read_to_string(h.join(".xscreensaver")).expect("file"), XSS, "uninstall restores the user's file byte for byte");
    for gone in [".local/bin/srpss", ".local/bin/srpss-xsecurelock", ".local/share/applications/srpss-settings.desktop", ".config/autostart/srpss-xss-lock.desktop", ".config/systemd/user/srpss-swayidle.service", ".config/autostart/srpss-idle.desktop", ".local/share/srpss/installed.txt"] {
        assert!(!h.join(gone).exists(), "{gone} left behind");
    }
    assert!(srpss_in(h, &["uninstall", "--user"]).contains("nothing"), "a second uninstall says there is nothing");
}

#[test]
fn install_without_an_xscreensaver_file_makes_srpss_its_saver() {
    let home = TempDir::new("install-fresh");
    srpss_in(home.path(), &["install", "--user", "--xscreensaver"]);
    let xss = std::fs::read_to_string(home.path().join(".xscreensaver")).expect("written");
    assert!(xss.contains("mode: one") && xss.contains("\"SRPSS\"") && xss.contains("--root"), "{xss}");
    srpss_in(home.path(), &["uninstall", "--user"]);
    assert!(!home.path().join(".xscreensaver").exists(), "the file we wrote alone goes with us");
}
