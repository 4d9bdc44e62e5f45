// Starts the WebAssembly app. The app mounts itself (its `main`), then the
// loading note goes; if the module cannot load, the note says why.
import init from './pkg/strata_app.js';

const boot = document.getElementById('boot');
init({ module_or_path: new URL('./pkg/strata_app_bg.wasm', import.meta.url) })
  .then((wasm) => {
    boot?.remove();
    // Its size is a benchmark figure (`cargo xtask bench ui`).
    globalThis.__strataMemory = wasm.memory;
    // The app is mounted and takes input: `cargo xtask bench startup` reads this.
    performance.mark('strata-interactive');
  })
  .catch((error) => {
    if (boot) {
      boot.classList.add('boot-failed');
      boot.textContent = `Strata could not start: ${error instanceof Error ? error.message : error}`;
    }
    console.error(error);
  });
