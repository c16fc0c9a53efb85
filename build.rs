//! Compiles the Slint UI in `ui/` into Rust modules (every window, from `ui/app.slint`), in
//! the dark Fluent style for the settings application's standard widgets. Debug builds keep
//! the element names the headless UI tests search by (`ElementHandle`).
fn main() {
    let debug = std::env::var("PROFILE").is_ok_and(|p| p == "debug");
    let config = slint_build::CompilerConfiguration::new().with_style("fluent-dark".into()).with_debug_info(debug);
    slint_build::compile_with_config("ui/app.slint", config).expect("ui/app.slint must compile");
}
