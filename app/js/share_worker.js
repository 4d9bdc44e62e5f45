// Runs Strata's share-link codec (app/share, strata-core's codec compiled to
// a wasm module of its own) for one request, in a fresh worker the app ends
// after the answer. The codec is large (Brotli with its dictionary), so the
// workbench downloads it only when a link is opened or made.
//
// In: {op: 'decode', link} or {op: 'encode', document, data, base}.
// Out: {ok: JSON answer} or {error: message for the user}.

import init, { decodeLink, encodeLink } from './strata_share.js';

self.onmessage = async ({ data: request }) => {
  try {
    await init({ module_or_path: new URL('./strata_share_bg.wasm', import.meta.url) });
    const ok =
      request.op === 'decode'
        ? decodeLink(request.link)
        : encodeLink(request.document, request.data, request.base);
    self.postMessage({ ok });
  } catch (e) {
    const message =
      e instanceof WebAssembly.RuntimeError
        ? `the link codec stopped (${e.message})`
        : String(e?.message ?? e);
    self.postMessage({ error: message });
  }
};
