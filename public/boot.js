// Starts the WebAssembly app. The app mounts itself (its `main`), then the
// loading note goes; if the module cannot load, the note says why.
import init from './pkg/strata_app.js';

const boot = document.getElementById('boot');
init({ module_or_path: new URL('./pkg/strata_app_bg.wasm', import.meta.url) })
  .then(() => boot?.remove())
  .catch((error) => {
    if (boot) {
      boot.classList.add('boot-failed');
      boot.textContent = `Strata could not start: ${error instanceof Error ? error.message : error}`;
    }
    console.error(error);
  });
