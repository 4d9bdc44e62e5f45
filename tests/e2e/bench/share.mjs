// Benchmark (not a test): share-link sizes. For each design, the length of
// Strata's link fragment against lz-string's compressToEncodedURIComponent
// of the design's JSON (what most tools that put state in a URL use), and
// against Brotli of the same JSON without Strata's dictionary, so the
// dictionary's share of the gain is visible. Prints one `name: value unit`
// line per figure. Run it with `cargo xtask bench share`.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import LZString from 'lz-string';

const root = new URL('../../../', import.meta.url).pathname;
const strata = (...args) =>
  execFileSync(join(root, 'target/release/strata'), args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
const figure = (name, value, unit, note = '') =>
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}${note ? `  (${note})` : ''}`);

const work = mkdtempSync(join(tmpdir(), 'strata-bench-share-'));
const designs = [
  ['retail', strata('example', 'retail')],
  ['cafe', strata('example', 'cafe')],
  // A retail a workshop has worked on: every description rewritten, so the
  // prose no longer matches the dictionary.
  ['retail, descriptions rewritten', rewritten(strata('example', 'retail'))],
  ['synthetic 1,000 models', strata('synth', '--models', '1000', '--seed', '5')],
];
for (const [name, text] of designs) {
  const file = join(work, 'design.json');
  writeFileSync(file, text);
  const json = JSON.stringify(JSON.parse(text));
  const t0 = performance.now();
  const fragment = strata('share', 'encode', file).trim();
  const ms = performance.now() - t0;
  const lz = LZString.compressToEncodedURIComponent(json).length;
  const brotli = Math.ceil(
    (brotliCompressSync(Buffer.from(json), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 },
    }).length * 4) / 3,
  );
  figure(`share link ${name}: fragment`, fragment.length, 'chars', name === 'retail' ? 'target <= 4096' : '');
  figure(`share link ${name}: lz-string`, lz, 'chars');
  figure(`share link ${name}: brotli without dictionary`, brotli, 'chars');
  figure(`share link ${name}: lz-string / strata`, lz / fragment.length, 'x', name === 'retail' ? 'target >= 1.4x' : '');
  figure(`share link ${name}: JSON`, json.length, 'bytes');
  figure(`share link ${name}: encode (CLI, incl. start)`, Math.round(ms), 'ms');
}

/** The design with every description replaced by different prose of the
 * same length and shape, so it shares vocabulary but not sentences. */
function rewritten(text) {
  const design = JSON.parse(text);
  let n = 0;
  const words = ['ledger', 'parcel', 'orbit', 'quartz', 'meadow', 'signal', 'harbor', 'lantern', 'copper', 'willow'];
  const prose = (s) =>
    s.replace(/[A-Za-z]+/g, (w) => {
      n += 7;
      const r = words[n % words.length];
      return w[0] === w[0].toUpperCase() ? r[0].toUpperCase() + r.slice(1) : r;
    });
  (function walk(v) {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'description' || k === 'text') && typeof x === 'string') v[k] = prose(x);
        else walk(x);
      }
  })(design);
  return JSON.stringify(design, null, 2);
}
