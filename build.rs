//! Compiles the Slint UI in `ui/` into Rust modules.
fn main() {
    slint_build::compile("ui/saver.slint").expect("ui/saver.slint must compile");
}
