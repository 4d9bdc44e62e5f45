//! Entry point of the WebAssembly app: mount the workbench, nothing else.

fn main() {
    // A panic must at least say why in the console before the app dies.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(strata_app::App);
}
