// Benchmark (not a test): the `retail` design run in the real app in
// headless Chromium at 100,000 rows per raw table, against the same work
// done by `dbt build` of the exported project (dbt-duckdb) and by native
// DuckDB (the Python package) executing the same compiled SQL. Prints one
// `name: value unit` line per figure. Run it with `cargo xtask bench browser`.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage } from '../support/harness.mjs';

const ROWS = Number(process.env.STRATA_BENCH_ROWS ?? 100_000);
const python = process.env.STRATA_PYTHON ?? 'python3';
const dbt = process.env.STRATA_DBT ?? 'dbt';
const root = new URL('../../../', import.meta.url).pathname;
const strata = (...args) =>
  execFileSync(process.env.STRATA_CLI ?? join(root, 'target/release/strata'), args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
const figure = (name, value, unit, note = '') =>
  console.log(`${name}: ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 0) : value} ${unit}${note ? `  (${note})` : ''}`);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const work = mkdtempSync(join(tmpdir(), 'strata-bench-browser-'));
const design = JSON.parse(strata('example', 'retail'));
for (const source of design.sources) {
  for (const table of source.tables) table.sample = { ...(table.sample ?? {}), rows: ROWS };
}
const designFile = join(work, 'retail.json');
writeFileSync(designFile, JSON.stringify(design));
figure('raw rows per table', ROWS, 'rows', `${design.sources.reduce((n, s) => n + s.tables.length, 0)} tables, ${design.models.length} models`);

// ---- The browser ----
const server = await startServer();
const browser = await launchBrowser();
let browserRun;
try {
  const { page, problems } = await openPage(browser, server.url);
  await page.locator('.canvas-viewport').waitFor();
  const start = await page.evaluate(async () => {
    const t0 = performance.now();
    const bridge = await import('/duckdb/bridge.js');
    await bridge.start(() => {});
    return performance.now() - t0;
  });
  figure('duckdb start (download, compile, open)', start, 'ms');

  await page.locator('input[type=file]').setInputFiles(designFile);
  await page.locator('.status-line', { hasText: 'Imported' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Run the design' }).click();
  await page.locator('.status-line', { hasText: /Ran the design|cannot|failed/ }).waitFor({ timeout: 600_000 });
  const status = await page.locator('.status-line').innerText();
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('strata:run:')).map((m) => [m.name.slice(11), m.startTime])),
  );
  const generate = marks.generated - marks.start;
  const load = marks.loaded - marks.generated;
  const build = marks.built - marks.loaded;
  const tests = marks.tested - marks.built;
  browserRun = { generate, load, build, tests, sql: load + build + tests, total: marks.tested - marks.start };
  figure('browser: generate sample data (wasm)', generate, 'ms');
  figure('browser: load raw tables', load, 'ms');
  figure('browser: build every model', build, 'ms');
  figure('browser: run every data test', tests, 'ms');
  figure('browser: full retail run, DuckDB warm', browserRun.total, 'ms', `target < 3000 ms; ${status}`);

  // Model previews: the Data tab's query, for every model, twice.
  const relations = design.models.map((m) => `${m.layer.toLowerCase()}.${m.name}`);
  const previews = await page.evaluate(async (relations) => {
    const bridge = await import('/duckdb/bridge.js');
    const times = [];
    for (let round = 0; round < 2; round++) {
      for (const r of relations) {
        const t0 = performance.now();
        await bridge.query(`select * from ${r} limit 50 offset 0`, 50, 30000);
        times.push(performance.now() - t0);
      }
    }
    return times;
  }, relations);
  figure('browser: model preview p50', quantile(previews, 0.5), 'ms');
  figure('browser: model preview p95', quantile(previews, 0.95), 'ms', 'target < 100 ms');
  if (problems.errors.length) console.log('page errors:', problems.errors);
} finally {
  await browser.close();
  server.stop();
}

// ---- Native DuckDB on the same compiled SQL ----
const samples = join(work, 'samples');
strata('sample', designFile, '--out', samples);
const planFile = join(work, 'plan.json');
writeFileSync(planFile, strata('plan', designFile));
const native = execFileSync(python, [join(root, 'tests/run/run_plan.py'), planFile, samples], { encoding: 'utf8', maxBuffer: 1 << 26 });
const [, nLoad, nBuild, nTests] = native.match(/load (\d+) ms, build (\d+) ms, tests (\d+) ms/).map(Number);
const nativeSql = nLoad + nBuild + nTests;
figure('native duckdb: load + build + tests', nativeSql, 'ms', `load ${nLoad}, build ${nBuild}, tests ${nTests}`);
figure('browser / native duckdb (load + build + tests)', browserRun.sql / nativeSql, 'x', 'target <= 3x');

// ---- dbt on the exported project ----
// seed + run + test rather than `dbt build`: build skips what follows a
// failing test, and at 100,000 rows a few row-count tests fail by design
// (their bounds were set for the sample size), in the browser too.
const project = join(work, 'project');
strata('export', 'dbt', designFile, '--out', project);
const dbtEnv = { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DBT_USE_COLORS: 'false', DBT_PROFILES_DIR: project };
const t0 = Date.now();
const phases = {};
for (const phase of ['seed', 'run', 'test']) {
  const started = Date.now();
  const result = spawnSync(dbt, [phase, '--profiles-dir', '.'], { cwd: project, env: dbtEnv, encoding: 'utf8', maxBuffer: 1 << 26 });
  phases[phase] = Date.now() - started;
  if (result.status !== 0 && phase !== 'test') {
    throw new Error(`dbt ${phase} failed:\n${result.stdout}\n${result.stderr}`);
  }
}
const dbtMs = Date.now() - t0;
figure('dbt seed + run + test (dbt-duckdb)', dbtMs, 'ms', `seed ${phases.seed}, run ${phases.run}, test ${phases.test}`);
figure('dbt / browser full run', dbtMs / browserRun.total, 'x', 'target >= 10x');
