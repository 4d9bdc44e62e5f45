// Benchmark (not a test): what the app costs to start. The bytes a cold
// page load fetches (as served, Brotli, and unpacked), DuckDB and the other
// on-demand modules excluded since they load only when used, and the cold
// time to interactive: navigation start until the app is mounted and takes
// input (boot.js marks `strata-interactive`), each run in a fresh browser
// context with an empty cache, served from localhost (no network time).
// Prints one `name: value unit  (anchor)` line per figure. Run it with
// `cargo xtask bench startup` (which builds the release app first).

import { launchBrowser, startServer } from '../support/harness.mjs';

const RUNS = Number(process.env.STRATA_BENCH_RUNS ?? 9);
const figure = (name, value, unit, note = '') =>
  console.log(`${name}: ${Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(1)} ${unit}${note ? `  (${note})` : ''}`);
const kib = (bytes) => Math.round(bytes / 1024);

const server = await startServer();
const browser = await launchBrowser();
try {
  const times = [];
  let resources = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('strata-interactive').length > 0, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => performance.getEntriesByName('strata-interactive')[0].startTime));
    if (run === 0) {
      resources = await page.evaluate(() => [
        ...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource'),
      ].map((r) => ({ name: new URL(r.name).pathname, sent: r.encodedBodySize, raw: r.decodedBodySize })));
    }
    await context.close();
  }
  const sum = (rs, key) => rs.reduce((a, r) => a + r[key], 0);
  const wasm = resources.filter((r) => r.name.endsWith('.wasm'));
  const js = resources.filter((r) => r.name.endsWith('.js'));
  const all = resources;
  if (all.some((r) => /\/(duckdb|editor|examples|parquet|share)\//.test(r.name))) {
    throw new Error('an on-demand module loaded at startup');
  }
  const sent = sum(wasm, 'sent') + sum(js, 'sent');
  figure('app payload, wasm + JS as served (brotli)', kib(sent), 'KiB', `target ≤ 1,024 KiB: ${sent <= 1 << 20 ? 'met' : 'missed'}`);
  figure('app payload, wasm + JS unpacked', kib(sum(wasm, 'raw') + sum(js, 'raw')), 'KiB');
  figure('app wasm as served (brotli)', kib(sum(wasm, 'sent')), 'KiB');
  figure('app JS as served (brotli)', kib(sum(js, 'sent')), 'KiB');
  figure('startup total with HTML and CSS as served', kib(sum(all, 'sent')), 'KiB', `${all.length} files`);
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  figure('cold time to interactive, median', median, 'ms', `target < 1,500 ms: ${median < 1500 ? 'met' : 'missed'}; ${RUNS} fresh contexts, localhost`);
  figure('cold time to interactive, slowest', sorted[sorted.length - 1], 'ms');
} finally {
  await browser.close();
  server.stop();
}
