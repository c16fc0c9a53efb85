//! Overlay widgets in `srpss render`: the cards land where srpss-core's layout puts them,
//! clocks match their golden images at a fixed time, dimming darkens the photo under them.

use crate::harness::{load_rgb, srpss, TempDir};
use image::{Rgb, RgbImage};
use srpss_core::cards;
use srpss_core::settings::{repair_document, Settings};
use srpss_core::theme::Theme;
use std::path::Path;

const TIME: &str = "2026-11-27T10:30:15Z";

/// A home with saved widget data (what the feeds worker leaves behind) and a grey photo.
fn home(name: &str) -> TempDir {
    let home = TempDir::new(name);
    let state = home.path().join("state/srpss");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(
        state.join("weather.json"),
        r#"{"place":"Johannesburg","temperature_c":23.4,"weather_code":2,"humidity":40,"wind_kmh":9,
            "tomorrow_min_c":12.2,"tomorrow_max_c":25.1,"tomorrow_code":61,"fetched_unix":1795775400}"#,
    )
    .unwrap();
    std::fs::write(
        state.join("headlines.json"),
        r#"[{"subreddit":"pics","fetched_unix":1795775400,"items":[
            {"title":"First","url":"https://www.reddit.com/r/pics/1","created_unix":1795774800},
            {"title":"Second","url":"https://www.reddit.com/r/pics/2","created_unix":1795768800}]}]"#,
    )
    .unwrap();
    RgbImage::from_pixel(64, 36, Rgb([128, 128, 128])).save(home.path().join("grey.png")).unwrap();
    home
}

/// `srpss render` with widgets on, over the grey photo.
fn render(home: &Path, config: &str, size: &str, extra: &[&str]) -> RgbImage {
    let cfg = home.join("widgets.toml");
    std::fs::write(&cfg, config).unwrap();
    let out = home.join(format!("widgets-{}.png", extra.join("_")));
    let grey = home.join("grey.png");
    let o = srpss(home)
        .env_remove("SRPSS_WIDGETS")
        .arg("--config")
        .arg(&cfg)
        .args(["render", "--size", size, "--time", TIME, "--image"])
        .arg(&grey)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run srpss render");
    assert!(o.status.success(), "render failed: {}", String::from_utf8_lossy(&o.stderr));
    load_rgb(&out)
}

/// The bounding box of the pixels of exactly this colour.
fn bounds(img: &RgbImage, c: [u8; 3]) -> Option<(u32, u32, u32, u32)> {
    let mut b: Option<(u32, u32, u32, u32)> = None;
    for (x, y, p) in img.enumerate_pixels() {
        if p.0 == c {
            b = Some(match b {
                None => (x, y, x, y),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            });
        }
    }
    b.map(|(x0, y0, x1, y1)| (x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

/// Cards in solid colours without shadows, so each one's rectangle can be found in the PNG.
const SOLID: &str = r#"
[widgets.shadows]
enabled = false
[widgets.weather.card]
monitor = "ALL"
position = "Top Left"
margin = 30
bg_opacity = 1.0
[widgets.weather.card.style]
bg_color = [255, 0, 255, 255]
border_color = [255, 0, 255, 255]
[[widgets.clocks]]
display_mode = "digital"
timezone = "Asia/Kolkata"
[widgets.clocks.card]
position = "Top Left"
margin = 30
font_size = 30
show_background = true
bg_opacity = 1.0
[widgets.clocks.card.style]
bg_color = [0, 0, 255, 255]
border_color = [0, 0, 255, 255]
[[widgets.clocks]]
display_mode = "digital"
timezone = "UTC+5:45"
[widgets.clocks.card]
position = "Center"
font_size = 24
show_background = true
bg_opacity = 1.0
[widgets.clocks.card.style]
bg_color = [255, 255, 0, 255]
border_color = [255, 255, 0, 255]
[[widgets.reddit]]
subreddit = "pics"
[widgets.reddit.card]
monitor = 1
position = "Bottom Right"
bg_opacity = 1.0
[widgets.reddit.card.style]
bg_color = [0, 255, 0, 255]
border_color = [0, 255, 0, 255]
"#;

#[test]
fn render_draws_every_card_where_the_layout_puts_it() {
    let home = home("widgets-layout");
    let img = render(home.path(), SOLID, "1280x720", &[]);
    // The same code the saver uses, on the same settings, data and time.
    let (settings, issues) = repair_document(SOLID, &Settings::default()).unwrap();
    assert!(issues.is_empty(), "{issues:?}");
    let data = srpss_feeds::widget_store::load(&home.path().join("state/srpss"));
    let (theme, _) = Theme::named(&settings.widgets.theme);
    let now = srpss_core::clock::parse_instant(TIME).unwrap();
    let built = cards::build(&settings.widgets, &theme, &data, now);
    let layout = cards::place(&built, 1, 1280, 720);
    assert!(layout.conflicts.is_empty(), "{layout:?}");
    let colour = |name: &str| match name {
        "Weather" => [255, 0, 255],
        "Clock 1" => [0, 0, 255],
        "Clock 2" => [255, 255, 0],
        _ => [0, 255, 0],
    };
    assert_eq!(layout.placed.len(), 4, "weather, two clocks and the pics card");
    for p in &layout.placed {
        let name = &built[p.id].name;
        let r = p.rect;
        let found = bounds(&img, colour(name)).unwrap_or_else(|| panic!("{name} not drawn"));
        let want = (r.x as u32, r.y as u32, r.width as u32, r.height as u32);
        // Corners are rounded: the bounding box is still the card's.
        assert_eq!(found, want, "{name}: drawn at {found:?}, laid out at {want:?}");
    }
    // Clock 1 and the weather share Top Left: in card order (clocks first), the weather
    // stacks 10 px below the clock.
    let w = layout.rect(built.iter().position(|c| c.name == "Weather").unwrap()).unwrap();
    let c = layout.rect(built.iter().position(|c| c.name == "Clock 1").unwrap()).unwrap();
    assert_eq!((c.y, w.y), (30, c.bottom() + 10));
    // On monitor 2 the pics card (monitor 1 only) is left out.
    let two = render(home.path(), SOLID, "1280x720", &["--monitor", "2"]);
    assert!(bounds(&two, [0, 255, 0]).is_none());
    assert!(bounds(&two, [255, 0, 255]).is_some());
}

#[test]
fn no_widgets_and_dimming() {
    let home = home("widgets-dim");
    let bare = render(home.path(), SOLID, "320x200", &["--no-widgets"]);
    assert!(bare.pixels().all(|p| p.0 == [128, 128, 128]), "--no-widgets leaves only the photo");
    let dim = "[accessibility.dimming]\nenabled = true\nopacity = 50\n[widgets]\nclocks = []\nreddit = []\n[widgets.weather.card]\nenabled = false\n";
    let dimmed = render(home.path(), dim, "320x200", &[]);
    let p = dimmed.get_pixel(160, 100).0;
    assert!(p.iter().all(|c| (63..=65).contains(c)), "50 % black over grey 128: {p:?}");
}

fn golden(case: &str, img: &RgbImage) {
    crate::render::compare_golden(case, img);
}

#[test]
fn clock_goldens_at_a_fixed_time() {
    let home = home("widgets-clocks");
    let only = |clock: &str| format!("[widgets]\nreddit = []\n[widgets.weather.card]\nenabled = false\n[[widgets.clocks]]\n{clock}");
    let digital = only(
        "display_mode = \"digital\"\nformat = \"12h\"\ntimezone = \"Asia/Kolkata\"\n[widgets.clocks.card]\nposition = \"Center\"\nfont_size = 40\nshow_background = true\n",
    );
    golden("widget-clock-digital", &render(home.path(), &digital, "480x270", &[]));
    let analog = only("timezone = \"America/New_York\"\nlabel = \"New York\"\n[widgets.clocks.card]\nposition = \"Center\"\nfont_size = 48\n");
    let img = render(home.path(), &analog, "480x360", &[]);
    golden("widget-clock-analog", &img);
    // 10:30:15 UTC is 05:30:15 in New York: the dial is drawn (not the grey photo) at its centre.
    assert_ne!(img.get_pixel(240, 170).0, [128, 128, 128]);
}

const GEO: &str = r#"{"results":[{"name":"Johannesburg","latitude":-26.20227,"longitude":28.04363}]}"#;
const FORECAST: &str = r#"{"current_weather":{"temperature":23.4,"windspeed":9.4,"weathercode":2},"current":{"relative_humidity_2m":41},
 "daily":{"temperature_2m_max":[26.0,25.1],"temperature_2m_min":[13.0,12.2],"weathercode":[2,61]}}"#;

#[test]
fn the_saver_shows_the_weather_its_feeds_worker_fetched() {
    let home = TempDir::new("widgets-weather-live");
    let x = crate::harness::XServer::start(640, 480);
    let photos = home.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    RgbImage::from_pixel(64, 48, Rgb([128, 128, 128])).save(photos.join("grey.png")).unwrap();
    let base = crate::harness::http_server(vec![("/geo", "application/json", GEO.into()), ("/forecast", "application/json", FORECAST.into())]);
    let widgets = "[widgets]\nclocks = []\nreddit = []\n[widgets.shadows]\nenabled = false\n[widgets.weather]\nlocation = \"Johannesburg\"\n\
                   [widgets.weather.card]\nmonitor = \"ALL\"\nmargin = 30\nbg_opacity = 1.0\n[widgets.weather.card.style]\nbg_color = [255, 0, 255, 255]\nborder_color = [255, 0, 255, 255]\n";
    let cfg = format!("[sources]\nfolders = [{photos:?}]\n[timing]\ninterval = 600\n{widgets}");
    let (geo, forecast) = (format!("{base}/geo"), format!("{base}/forecast"));
    let env = [("SRPSS_WIDGETS", "1"), ("SRPSS_OPEN_METEO_GEOCODE", geo.as_str()), ("SRPSS_OPEN_METEO_FORECAST", forecast.as_str())];
    let mut saver = crate::harness::Saver::start_with_env(&x, home.path(), &cfg, &env);
    saver.wait_log("weather for Johannesburg: 23", 1, std::time::Duration::from_secs(20));
    std::thread::sleep(std::time::Duration::from_secs(3)); // past the fade-in
    let shot = x.screenshot(&home.path().join("weather.png"));
    // Where the same code puts a card with this report.
    let (settings, _) = repair_document(&cfg, &Settings::default()).unwrap();
    let saved = srpss_feeds::widget_store::load(&home.path().join("state/srpss"));
    assert!(matches!(saved.weather, srpss_core::cards::weather::WeatherState::Report(_)), "the report is saved for the next start");
    let built = cards::build(&settings.widgets, &Theme::named("dark").0, &saved, srpss_core::clock::Utc::now());
    let r = cards::place(&built, 1, 640, 480).placed[0].rect;
    let found = bounds(&shot, [255, 0, 255]).expect("the weather card is on screen");
    assert_eq!(found, (r.x as u32, r.y as u32, r.width as u32, r.height as u32));
    x.xdotool(&["key", "Escape"]);
    assert!(saver.wait_exit(std::time::Duration::from_secs(10)).is_some());
}
