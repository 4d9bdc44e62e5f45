// Runs Strata's Parquet reader (app/parquet, strata-core's reader compiled
// to a wasm module of its own) on one file. The app starts a fresh worker
// for each file and ends it after the answer: if a damaged file traps the
// reader, only this worker is lost.
//
// In: the file's bytes (an ArrayBuffer, transferred).
// Out: {ok: JSON of the import} or {error: message for the user}.

import init, { readParquet } from './strata_parquet.js';

self.onmessage = async (event) => {
  try {
    await init({ module_or_path: new URL('./strata_parquet_bg.wasm', import.meta.url) });
    self.postMessage({ ok: readParquet(new Uint8Array(event.data)) });
  } catch (e) {
    const message =
      e instanceof WebAssembly.RuntimeError
        ? `the Parquet reader stopped on damaged data in this file (${e.message}); write the file again, or save it as CSV`
        : String(e?.message ?? e);
    self.postMessage({ error: message });
  }
};
