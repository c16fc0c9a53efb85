//! `srpss settings` and `srpss layout`: the settings application and the widget layout
//! previewer, one Slint window. Every change is validated (the loader's own repair) and saved
//! at once, atomically; a running screensaver picks the file up (see `saver::settings_watch`).

mod actions;
mod edit;
mod fields;
mod pages;
mod preview_view;
pub mod previewer;
mod transition_page;
mod widget_pages;
mod window_state;
#[cfg(test)]
mod tests;

use crate::{FieldRow, SettingsAdapter, SettingsWindow};
use fields::Field;
use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};
use srpss_core::cards::WidgetData;
use srpss_core::settings::{load_or_create, save_atomic, Profile, Settings};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use toml::Value;

/// What the window shows besides the settings themselves.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub tab: usize,
    pub widget_page: usize,
    pub folder_selected: i32,
    pub feed_selected: i32,
    /// (widget key, "Will stack with …") from the previewer's layout.
    pub stack_notes: Vec<(String, String)>,
    pub profile: Profile,
    pub settings_path: String,
    /// The About tab's import/export file.
    pub transfer_path: String,
    /// A confirmation the About tab waits for (import preview, reset).
    pub pending: Option<Pending>,
    /// `srpss layout`: the previewer and the widgets' places only.
    pub previewer_only: bool,
}

/// An action that waits for "Apply".
#[derive(Debug, Clone)]
pub struct Pending {
    pub title: String,
    pub lines: Vec<String>,
    pub confirm: &'static str,
    pub settings: Box<Settings>,
}

/// How the window is opened.
pub struct Options {
    pub profile: Profile,
    pub path: PathBuf,
    /// Monitors for the previewer; empty: ask the window system once the window is up.
    pub screens: Vec<previewer::Screen>,
    /// The previewer alone (`srpss layout`).
    pub previewer_only: bool,
    /// Where the window's size and last tab are kept; None: not kept.
    pub state_file: Option<PathBuf>,
    /// The instant the previewer's clocks show; None: now.
    pub time: Option<srpss_core::clock::DateTime<srpss_core::clock::Utc>>,
    /// What the screensaver last fetched (weather, headlines).
    pub data: WidgetData,
}

/// The application's state behind the window.
pub struct App {
    pub settings: Settings,
    pub profile: Profile,
    pub path: PathBuf,
    pub view: View,
    pub screens: Vec<previewer::Screen>,
    pub data: WidgetData,
    pub time: Option<srpss_core::clock::DateTime<srpss_core::clock::Utc>>,
    state_file: Option<PathBuf>,
    shown: Vec<(Field, Option<Value>)>,
    rows: Rc<VecModel<FieldRow>>,
    window: slint::Weak<SettingsWindow>,
    preview: preview_view::PreviewView,
    /// Looks at the file twice a second (see `follow_the_file`).
    watch_timer: slint::Timer,
}

/// Opens the window (not yet its event loop): for `run` and for the tests.
pub fn open(opts: Options) -> anyhow::Result<(SettingsWindow, Rc<RefCell<App>>)> {
    let report = load_or_create(&opts.path, opts.profile)?;
    let window = SettingsWindow::new()?;
    window.set_previewer_only(opts.previewer_only);
    let adapter = window.global::<SettingsAdapter>();
    let rows: Rc<VecModel<FieldRow>> = Rc::default();
    adapter.set_rows(ModelRc::from(rows.clone()));
    adapter.set_tabs(strings(&pages::TABS));
    adapter.set_widget_pages(strings(&widget_pages::PAGES));
    let remembered = opts.state_file.as_deref().map(window_state::load).unwrap_or_default();
    let view = View {
        tab: if opts.previewer_only { 3 } else { remembered.tab.min(pages::TABS.len() - 1) },
        widget_page: remembered.widget_page.min(widget_pages::PAGES.len() - 1),
        folder_selected: -1,
        feed_selected: -1,
        profile: opts.profile,
        settings_path: opts.path.display().to_string(),
        previewer_only: opts.previewer_only,
        ..View::default()
    };
    if let Some((w, h)) = remembered.size {
        window.window().set_size(slint::LogicalSize::new(w, h));
    }
    // A file that could not be read was copied aside; say so where the user looks.
    let banner = match &report.backup {
        Some(b) => format!("Your settings file could not be read, so the defaults are in use. The old file was kept as {}.", b.display()),
        None if !report.issues.is_empty() => {
            format!("Some settings were not valid and use their defaults: {}", report.issues.iter().map(|i| i.key.as_str()).collect::<Vec<_>>().join(", "))
        }
        None => String::new(),
    };
    adapter.set_banner(banner.into());
    adapter.set_banner_warn(report.backup.is_some() || !report.issues.is_empty());
    let preview = preview_view::PreviewView::new(&window, opts.previewer_only);
    let app = Rc::new(RefCell::new(App {
        settings: report.settings,
        profile: opts.profile,
        path: opts.path,
        view,
        screens: opts.screens,
        data: opts.data,
        time: opts.time,
        state_file: opts.state_file,
        shown: Vec::new(),
        rows,
        window: window.as_weak(),
        preview,
        watch_timer: slint::Timer::default(),
    }));
    if app.borrow().screens.is_empty() {
        app.borrow_mut().screens = vec![previewer::Screen { number: 1, width: 1920, height: 1080 }];
        preview_view::ask_for_monitors(&window, &app);
    }
    actions::connect(&window, &app);
    follow_the_file(&app);
    app.borrow_mut().refresh();
    Ok((window, app))
}

/// Another writer (the screensaver's menu, a text editor): its changes are shown, and never
/// overwritten with an older copy.
fn follow_the_file(app: &Rc<RefCell<App>>) {
    let mut watch = {
        let a = app.borrow();
        crate::saver::settings_watch::SettingsWatch::new(a.path.clone(), a.profile)
    };
    let weak = Rc::downgrade(app);
    app.borrow().watch_timer.start(slint::TimerMode::Repeated, std::time::Duration::from_millis(500), move || {
        let (Some(app), Some(new)) = (weak.upgrade(), watch.poll(std::time::Instant::now())) else { return };
        let Ok(mut app) = app.try_borrow_mut() else { return };
        if new != app.settings {
            app.settings = new;
            app.shown.clear();
            app.refresh();
            app.status("The settings file changed outside this window; its values are shown", false);
        }
    });
}

/// `srpss settings` / `srpss layout`: the window until it is closed.
pub fn run(opts: Options) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (window, app) = open(opts)?;
    log::debug!("settings window built in {} ms (previewer {} ms)", started.elapsed().as_millis(), app.borrow().preview.last_redraw.as_millis());
    let first_frame = Rc::new(std::cell::Cell::new(false));
    let flag = first_frame.clone();
    window.window().set_rendering_notifier(move |state, _| {
        if matches!(state, slint::RenderingState::AfterRendering) && !flag.replace(true) {
            log::info!("settings window drawn {} ms after start", started.elapsed().as_millis());
        }
    })?;
    window.run()?;
    app.borrow().remember_window();
    Ok(())
}

fn strings(items: &[&str]) -> ModelRc<SharedString> {
    ModelRc::new(VecModel::from(items.iter().map(|s| SharedString::from(*s)).collect::<Vec<_>>()))
}

impl App {
    /// Applies one edit: validated, saved, shown. A refused value is named in the status line
    /// and the control shows the saved value again.
    pub fn edit(&mut self, key: &str, value: Value) {
        match edit::set(&self.settings, self.profile, key, value) {
            Ok(s) => self.commit(s, &format!("Saved {key}")),
            Err(why) => {
                self.status(&why, true);
                self.shown.clear();
                self.refresh();
            }
        }
    }

    /// Takes `s` as the settings: saved atomically, then every view refreshed.
    pub fn commit(&mut self, s: Settings, done: &str) {
        if s == self.settings {
            return;
        }
        match save_atomic(&self.path, &s) {
            Ok(()) => {
                self.settings = s;
                self.status(done, false);
            }
            Err(e) => self.status(&format!("Not saved: {e}"), true),
        }
        self.refresh();
    }

    pub fn status(&self, text: &str, warn: bool) {
        if let Some(w) = self.window.upgrade() {
            let a = w.global::<SettingsAdapter>();
            a.set_status(text.into());
            a.set_status_warn(warn);
        }
        if warn {
            log::warn!("{text}");
        }
    }

    /// Rebuilds the previewer and the shown page's rows (only rows that changed are touched,
    /// so focus stays where it is).
    pub fn refresh(&mut self) {
        let now = self.time.unwrap_or_else(srpss_core::clock::Utc::now);
        self.view.stack_notes = self.preview.show(&self.settings, &self.data, &self.screens, now);
        let Some(w) = self.window.upgrade() else { return };
        let a = w.global::<SettingsAdapter>();
        a.set_tab(self.view.tab as i32);
        a.set_widget_page(self.view.widget_page as i32);
        let fields = pages::page(&self.settings, &self.view);
        let table = edit::as_table(&self.settings);
        let values: Vec<Option<Value>> = fields.iter().map(|f| if f.key.is_empty() { None } else { edit::get_in(&table, &f.key) }).collect();
        if fields.len() != self.shown.len() {
            self.rows.set_vec(fields.iter().zip(&values).map(|(f, v)| f.row(v.as_ref())).collect::<Vec<_>>());
        } else {
            for (n, (f, v)) in fields.iter().zip(&values).enumerate() {
                if self.shown.get(n).is_none_or(|(sf, sv)| sf != f || sv != v) {
                    self.rows.set_row_data(n, f.row(v.as_ref()));
                }
            }
        }
        self.shown = fields.into_iter().zip(values).collect();
    }

    /// The field shown with `key` on the current page.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.shown.iter().map(|(f, _)| f).find(|f| f.key == key)
    }

    fn remember_window(&self) {
        let (Some(file), Some(w)) = (&self.state_file, self.window.upgrade()) else { return };
        let size = w.window().size().to_logical(w.window().scale_factor());
        window_state::save(file, &window_state::Remembered { size: Some((size.width, size.height)), tab: self.view.tab, widget_page: self.view.widget_page });
    }

    /// Remembers the tab at once too (a crash or kill should not lose it).
    pub fn remember_tab(&self) {
        if let Some(file) = &self.state_file {
            let size = window_state::load(file).size;
            window_state::save(file, &window_state::Remembered { size, tab: self.view.tab, widget_page: self.view.widget_page });
        }
    }
}
