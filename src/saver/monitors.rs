//! The monitors to show on. winit 0.30 on Wayland lists each output twice (its start-up list
//! and again when the output is announced), so 2 outputs came out as 4 monitors and 4 windows:
//! the same output is one monitor, known by its name, position and size.

use slint::winit_030::winit::monitor::MonitorHandle;
use slint::winit_030::winit::window::Window;

/// The window system's monitors, each once, in its order.
pub fn distinct(w: &Window) -> Vec<MonitorHandle> {
    first_of_each(w.available_monitors().collect(), |m| (m.name(), m.position(), m.size()))
}

/// Keeps the first item of each key, in order.
fn first_of_each<T, K: PartialEq>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen: Vec<K> = Vec::new();
    items
        .into_iter()
        .filter(|item| {
            let k = key(item);
            let new = !seen.contains(&k);
            if new {
                seen.push(k);
            }
            new
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_of_each;

    #[test]
    fn an_output_listed_twice_is_one_monitor() {
        let wayland = vec![("HEADLESS-1", (0, 0)), ("HEADLESS-2", (1280, 0)), ("HEADLESS-1", (0, 0)), ("HEADLESS-2", (1280, 0))];
        assert_eq!(first_of_each(wayland, |m| *m), vec![("HEADLESS-1", (0, 0)), ("HEADLESS-2", (1280, 0))]);
        // Two outputs with one name but different places (clones excepted) stay two.
        let odd = vec![("DP-1", (0, 0)), ("DP-1", (1920, 0))];
        assert_eq!(first_of_each(odd.clone(), |m| *m), odd);
    }
}
