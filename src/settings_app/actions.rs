//! What the window's controls do: plain edits go through `App::edit`; folders, feeds, widget
//! instances, import/export/reset and the previewer's drops are handled here.

use super::fields::Kind;
use super::{previewer, App, Pending};
use crate::{SettingsAdapter, SettingsWindow};
use slint::ComponentHandle;
use srpss_core::settings::{ClockWidget, RedditWidget};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use toml::Value;

/// Wires every callback of the window to `app`.
pub fn connect(window: &SettingsWindow, app: &Rc<RefCell<App>>) {
    let a = window.global::<SettingsAdapter>();
    let weak = Rc::downgrade(app);
    let with = move |f: Box<dyn Fn(&mut App)>| {
        if let Some(app) = weak.upgrade() {
            f(&mut app.borrow_mut());
        }
    };
    let w = with.clone();
    a.on_tab_selected(move |i| {
        w(Box::new(move |app| {
            app.view.tab = i.max(0) as usize;
            app.view.pending = None;
            app.remember_tab();
            app.refresh();
        }))
    });
    let w = with.clone();
    a.on_widget_page_selected(move |i| {
        w(Box::new(move |app| {
            app.view.widget_page = i.max(0) as usize;
            app.remember_tab();
            app.refresh();
        }))
    });
    let w = with.clone();
    let weak_window = window.as_weak();
    a.on_screen_selected(move |i| {
        if let Some(win) = weak_window.upgrade() {
            win.global::<SettingsAdapter>().set_screen(i);
        }
        w(Box::new(|app| app.refresh()))
    });
    let w = with.clone();
    a.on_toggled(move |key, on| w(Box::new(move |app| app.edit(&key, Value::Boolean(on)))));
    let w = with.clone();
    a.on_number_changed(move |key, v| {
        w(Box::new(move |app| {
            if let Some(value) = app.field(&key).and_then(|f| f.number_value(v)) {
                app.edit(&key, value);
            }
        }))
    });
    let w = with.clone();
    a.on_choice_changed(move |key, index| {
        w(Box::new(move |app| {
            let value = match app.field(&key).map(|f| &f.kind) {
                Some(Kind::Choice(options)) => options.get(index.max(0) as usize).map(|(v, _)| v.clone()),
                _ => None,
            };
            if let Some(v) = value {
                app.edit(&key, v);
            }
        }))
    });
    let w = with.clone();
    a.on_text_changed(move |key, text| {
        w(Box::new(move |app| {
            if key == "about.file" {
                app.view.transfer_path = text.to_string();
            } else {
                app.edit(&key, Value::String(text.trim().to_string()));
            }
        }))
    });
    let w = with.clone();
    a.on_text_action(move |key, text| w(Box::new(move |app| text_action(app, &key, text.trim()))));
    let w = with.clone();
    a.on_action(move |key, index| w(Box::new(move |app| action(app, &key, index.max(0) as usize))));
    let w = with.clone();
    a.on_list_selected(move |key, index| {
        w(Box::new(move |app| {
            match key.as_str() {
                "sources.folders" => app.view.folder_selected = index,
                _ => app.view.feed_selected = index,
            }
            app.refresh();
        }))
    });
    let weak_window = window.as_weak();
    a.on_close(move || {
        if let Some(win) = weak_window.upgrade() {
            // The last window hidden ends the event loop; run() then remembers its size.
            let _ = win.hide();
        }
    });
    let w = with;
    let weak_window = window.as_weak();
    a.on_preview_dropped(move |index, x, y| {
        let Some(win) = weak_window.upgrade() else { return };
        let screen = win.global::<SettingsAdapter>().get_screen().max(0) as usize;
        w(Box::new(move |app| dropped(app, screen, index.max(0) as usize, x, y)))
    });
}

/// A widget box of screen `screen` dropped at (x, y) of its miniature: the widget moves to
/// the anchor there.
pub fn dropped(app: &mut App, screen: usize, index: usize, x: f32, y: f32) {
    let Some(s) = app.screens.get(screen).copied() else { return };
    let now = app.time.unwrap_or_else(srpss_core::clock::Utc::now);
    let data = previewer::sample_data(&app.settings, app.data.clone(), now);
    let (cards, layout) = previewer::placements(&app.settings, &data, s, now);
    let Some(card) = layout.placed.get(index).and_then(|p| cards.get(p.id)) else { return };
    // The miniature's scale (its pixels per screen pixel).
    let scale = app_zoom(app).unwrap_or(1.0);
    let anchor = previewer::anchor_at(x / scale, y / scale, s.width as f32, s.height as f32);
    log::debug!("{} dropped at ({x}, {y}) of the miniature (scale {scale}): {}", card.name, anchor.label());
    let key = format!("{}.card.position", previewer::key_of(card.source));
    app.edit(&key, Value::String(anchor.label().into()));
}

fn app_zoom(app: &App) -> Option<f32> {
    let w = app.window.upgrade()?;
    Some(w.global::<SettingsAdapter>().get_zoom()).filter(|z| *z > 0.0)
}

fn text_action(app: &mut App, key: &str, text: &str) {
    match key {
        "sources.folders.add" if text.is_empty() => pick_folder(app),
        "sources.folders.add" => add_folder(app, text),
        "sources.rss_feeds.add" => match srpss_feeds_url::corrected(text) {
            Ok((url, note)) => {
                let mut s = app.settings.clone();
                if s.sources.rss_feeds.iter().any(|f| f.eq_ignore_ascii_case(&url)) {
                    app.status(&format!("{url} is already in the list"), true);
                    return;
                }
                s.sources.rss_feeds.push(url.clone());
                app.commit(s, &format!("Added feed {url}{note}"));
            }
            Err(why) => app.status(&why, true),
        },
        _ => {}
    }
}

fn add_folder(app: &mut App, text: &str) {
    let path = crate::config::expand_home(std::path::Path::new(text));
    if !path.is_dir() {
        app.status(&format!("{} is not a folder", path.display()), true);
        return;
    }
    let mut s = app.settings.clone();
    if s.sources.folders.contains(&path) {
        app.status(&format!("{} is already in the list", path.display()), true);
        return;
    }
    s.sources.folders.push(path.clone());
    app.commit(s, &format!("Added folder {}", path.display()));
}

/// The desktop's folder picker (zenity or kdialog), off the UI thread; the typed path works
/// without one.
fn pick_folder(app: &mut App) {
    let Some(weak) = app.window.upgrade().map(|w| w.as_weak()) else { return };
    app.status("Choosing a folder...", false);
    std::thread::spawn(move || {
        let tries: [(&str, &[&str]); 2] = [("zenity", &["--file-selection", "--directory", "--title=Add a photo folder"]), ("kdialog", &["--getexistingdirectory", "."])];
        let picked = tries.iter().find_map(|(cmd, args)| {
            let out = std::process::Command::new(cmd).args(*args).output().ok()?;
            Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
        });
        let _ = weak.upgrade_in_event_loop(move |w| {
            let a = w.global::<SettingsAdapter>();
            match picked {
                Some(p) if !p.is_empty() => a.invoke_text_action("sources.folders.add".into(), p.into()),
                Some(_) => a.set_status("No folder chosen".into()),
                None => a.set_status("No folder picker (zenity or kdialog) here: type the folder's path and press Add Folder...".into()),
            }
        });
    });
}

fn action(app: &mut App, key: &str, index: usize) {
    let mut s = app.settings.clone();
    match (key, index) {
        ("sources.folders.remove", _) => {
            let i = app.view.folder_selected;
            if i >= 0 && (i as usize) < s.sources.folders.len() {
                let gone = s.sources.folders.remove(i as usize);
                app.view.folder_selected = -1;
                app.commit(s, &format!("Removed folder {}", gone.display()));
            }
        }
        ("sources.rss_feeds.actions", 0) => {
            let i = app.view.feed_selected;
            if i >= 0 && (i as usize) < s.sources.rss_feeds.len() {
                let gone = s.sources.rss_feeds.remove(i as usize);
                app.view.feed_selected = -1;
                app.commit(s, &format!("Removed feed {gone}"));
            } else if i >= 0 {
                app.status("That feed comes from Just Make It Work; turn it off to remove the curated feeds", true);
            }
        }
        ("sources.rss_feeds.actions", _) => clear_cache(app),
        ("widgets.clocks.add", _) => {
            // The original's extra clocks: bottom right, 32 pt, UTC.
            let card = srpss_core::settings::Card { position: srpss_core::layout::Anchor::BottomRight, font_size: 32, ..ClockWidget::default().card };
            s.widgets.clocks.push(ClockWidget { card, timezone: "UTC".into(), display_mode: srpss_core::settings::ClockFace::Digital, ..ClockWidget::default() });
            app.commit(s, "Added a clock");
        }
        ("widgets.reddit.add", _) => {
            s.widgets.reddit.push(RedditWidget { subreddit: "pics".into(), ..RedditWidget::default() });
            app.commit(s, "Added a Reddit card");
        }
        ("about.actions", 0) => import(app),
        ("about.actions", 1) => export(app),
        ("about.actions", _) => {
            let fresh = s.reset_keeping_sources(app.profile);
            app.view.pending = Some(Pending {
                title: "Reset to defaults?".into(),
                lines: vec![format!("{} settings go back to the {} defaults; your folders, feeds and weather location stay.", srpss_core::settings::sst::diff(&s, &fresh).len(), app.profile.name())],
                confirm: "Reset",
                settings: Box::new(fresh),
            });
            app.refresh();
        }
        ("about.confirm", 0) => {
            if let Some(p) = app.view.pending.take() {
                app.commit(*p.settings, &format!("{} done", p.confirm));
                app.refresh();
            }
        }
        ("about.confirm", _) => {
            app.view.pending = None;
            app.refresh();
        }
        (k, _) => {
            if let Some(rest) = k.strip_prefix("widgets.clocks.remove[").or_else(|| k.strip_prefix("widgets.reddit.remove[")) {
                let Some(i) = rest.trim_end_matches(']').parse::<usize>().ok() else { return };
                let clocks = k.contains("clocks");
                let list_len = if clocks { s.widgets.clocks.len() } else { s.widgets.reddit.len() };
                if i < list_len {
                    if clocks {
                        s.widgets.clocks.remove(i);
                    } else {
                        s.widgets.reddit.remove(i);
                    }
                    app.commit(s, "Removed");
                }
            }
        }
    }
}

fn transfer_path(app: &App) -> Option<PathBuf> {
    let t = app.view.transfer_path.trim();
    (!t.is_empty()).then(|| crate::config::expand_home(std::path::Path::new(t)))
}

fn import(app: &mut App) {
    let Some(path) = transfer_path(app) else {
        app.status("Type the file to import in \"Import or export file\" first", true);
        return;
    };
    match crate::settings_io::preview_import(&path, &app.settings, app.profile) {
        Ok(got) if got.changes.is_empty() => app.status(&format!("{} changes nothing", path.display()), false),
        Ok(got) => {
            let mut lines: Vec<String> = got.changes.iter().take(40).map(|c| format!("{}: {} -> {}", c.key, c.before, c.after)).collect();
            if got.changes.len() > 40 {
                lines.push(format!("... and {} more", got.changes.len() - 40));
            }
            lines.extend(got.notes.iter().take(20).map(|n| format!("not used: {n}")));
            app.view.pending = Some(Pending { title: format!("Import {} changes from {}?", got.changes.len(), path.display()), lines, confirm: "Apply Import", settings: Box::new(got.settings) });
            app.refresh();
        }
        Err(e) => app.status(&e.to_string(), true),
    }
}

fn export(app: &mut App) {
    let Some(path) = transfer_path(app) else {
        app.status("Type the file to export to in \"Import or export file\" first", true);
        return;
    };
    match crate::settings_io::export(&path, &app.settings, app.profile) {
        Ok(()) => app.status(&format!("Exported to {}", path.display()), false),
        Err(e) => app.status(&e.to_string(), true),
    }
}

fn clear_cache(app: &mut App) {
    let Some(dir) = crate::feed_pipe::cache_dir() else { return };
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => app.status(&format!("Cleared the online photo cache ({})", dir.display()), false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => app.status("The online photo cache is already empty", false),
        Err(e) => app.status(&format!("Cannot clear {}: {e}", dir.display()), true),
    }
}

/// Feed URL checks and the original's autocorrect.
mod srpss_feeds_url {
    /// The URL to store, and a note when it was corrected: adds `https://`, and
    /// `reddit.com` / `.reddit.com` become `www.reddit.com` (as the original's autocorrect).
    pub fn corrected(text: &str) -> Result<(String, String), String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("Type a feed URL first".into());
        }
        let mut url = if t.contains("://") { t.to_string() } else { format!("https://{t}") };
        let (scheme, rest) = url.split_once("://").map(|(a, b)| (a.to_ascii_lowercase(), b.to_string())).unwrap_or_default();
        if scheme != "http" && scheme != "https" {
            return Err(format!("{t:?} is not a web address (http or https)"));
        }
        let (host, path) = rest.split_once('/').map_or((rest.clone(), String::new()), |(h, p)| (h.to_string(), format!("/{p}")));
        let host_l = host.to_ascii_lowercase();
        let fixed_host = if host_l == "reddit.com" || host_l == ".reddit.com" || host_l == "old.reddit.com" { "www.reddit.com".to_string() } else { host.clone() };
        if fixed_host.is_empty() || !fixed_host.contains('.') || fixed_host.contains(' ') || fixed_host.starts_with('.') {
            return Err(format!("{t:?} has no valid host name"));
        }
        url = format!("{scheme}://{fixed_host}{path}");
        let note = if url != t { format!(" (corrected from {t})") } else { String::new() };
        Ok((url, note))
    }

    #[cfg(test)]
    mod tests {
        use super::corrected;

        #[test]
        fn autocorrect_as_the_original() {
            assert_eq!(corrected("https://example.com/feed.xml").unwrap().0, "https://example.com/feed.xml");
            assert_eq!(corrected("example.com/rss").unwrap().0, "https://example.com/rss");
            assert_eq!(corrected("reddit.com/r/EarthPorn/top/.json").unwrap().0, "https://www.reddit.com/r/EarthPorn/top/.json");
            assert!(corrected("example.com/rss").unwrap().1.contains("corrected"));
            assert!(corrected("ftp://example.com/x").is_err());
            assert!(corrected("not a url").is_err());
            assert!(corrected("").is_err());
        }
    }
}
