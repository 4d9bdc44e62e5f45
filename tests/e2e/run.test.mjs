// Running a design in the browser: the retail example is generated, loaded
// and built in DuckDB-wasm, every model's status lands on its card, the
// standardized models hold as many rows as the core's generator wrote, the
// data tests run, and a model DuckDB refuses shows DuckDB's message while
// the rest still builds.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot } from './support/harness.mjs';

const root = new URL('../../', import.meta.url).pathname;
const strata = (...args) =>
  execFileSync('cargo', ['run', '--quiet', '--package', 'strata-cli', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Import a design file through the hidden file input. */
async function importDesign(page, design, name) {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-run-')), `${name}.json`);
  writeFileSync(file, JSON.stringify(design));
  await page.locator('input[type=file]').setInputFiles(file);
  await page.locator('.status-line', { hasText: 'Imported' }).waitFor();
}

/** Click Run and wait for the run to end; returns the status line. */
async function runDesign(page, ends = /Ran the design|Run stopped|cannot/) {
  await page.getByRole('button', { name: 'Run the design' }).click();
  await page.locator('.status-line', { hasText: ends }).waitFor({ timeout: 120_000 });
  return page.locator('.status-line').innerText();
}

async function runStatuses(page) {
  return page.locator('[data-card][data-run]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.card, e.dataset.run])),
  );
}

test('retail runs in DuckDB-wasm: every model builds, row counts match the generator, tests pass', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'retail'));
  await importDesign(page, design, 'retail');

  const status = await runDesign(page);
  assert.match(status, new RegExp(`Ran the design: ${design.models.length} built; (\\d+) of \\1 tests pass`));
  const statuses = await runStatuses(page);
  for (const model of design.models) {
    assert.equal(statuses[model.name], 'built', `${model.name} is built`);
  }
  await screenshot(page, 'run-retail');

  // The core's generator says how many rows each raw table has; a
  // standardize model keeps one row per key, so it holds exactly that many.
  const dir = mkdtempSync(join(tmpdir(), 'strata-samples-'));
  const designFile = join(dir, 'retail.json');
  writeFileSync(designFile, JSON.stringify(design));
  const written = Object.fromEntries(
    strata('sample', designFile, '--out', dir)
      .trim()
      .split('\n')
      .map((line) => {
        const [, table, rows] = line.match(/([^/]+)\.csv \((\d+) rows/);
        return [table, Number(rows)];
      }),
  );
  const standardize = design.models.filter((m) => m.template === 'standardize');
  assert.ok(standardize.length >= 8);
  for (const model of standardize) {
    const expected = written[model.params.source];
    assert.ok(expected > 0, `${model.name} reads ${model.params.source}`);
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.locator(`[data-card="${model.name}"]`).click();
    await page.getByRole('tab', { name: 'Data' }).click();
    const pager = await page.locator('.data-pager span').first().innerText();
    assert.match(pager, new RegExp(`^${expected} rows`), `${model.name}: ${pager}`);
  }

  // The Data tab pages and sorts the rows, and lists the model's tests.
  await page.locator('.result-table').first().waitFor();
  const firstHeader = page.locator('.result-table th button.sort').first();
  await firstHeader.click();
  await firstHeader.click();
  assert.equal(await page.locator('.result-table th').first().getAttribute('aria-sort'), 'descending');
  await page.getByRole('button', { name: 'Next ›' }).click();
  await page.locator('.data-pager', { hasText: 'page 2 of' }).waitFor();
  assert.ok((await page.locator('.test-result.pass').count()) > 0, 'its data tests passed');
  await screenshot(page, 'run-data-tab');

  // The test report: every test with the method's quality figures.
  await page.getByRole('tab', { name: /^Tests/ }).click();
  const quality = await page.locator('.quality').innerText();
  assert.match(quality, /(\d+) of \1 tests pass/);
  assert.match(quality, /records passing 100\.00 %/);
  assert.match(quality, /completeness \d+\.\d+ %/);
  assert.equal(await page.locator('.test-report .test-result.fail').count(), 0);
  await screenshot(page, 'run-tests');

  // The console queries the built tables and downloads results as CSV.
  await page.getByRole('tab', { name: 'Query console' }).click();
  const customers = design.models.find((m) => m.name === 'src_crm__customers');
  assert.ok(customers);
  await page.getByRole('textbox', { name: 'SQL query' }).fill('select count(*) as n from src.src_crm__customers');
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  await page.locator('.console .result-table td').first().waitFor();
  assert.equal(await page.locator('.console .result-table td').first().innerText(), String(written['crm.customers']));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv, `n\n${written['crm.customers']}\n`);

  // DuckDB itself is locked down once the data is in: no file or network
  // access, no setting can change (asked directly, past the app's guard).
  const refusals = await page.evaluate(async () => {
    const bridge = await import('/duckdb/bridge.js');
    const out = [];
    for (const sql of [
      `select * from read_csv('${location.origin}/index.html')`,
      "set enable_external_access = true",
      "load httpfs",
      "attach 'other.db' as other",
      "copy (select 1) to 'out.csv'",
    ]) {
      try {
        await bridge.query(sql, 10, 10000);
        out.push(`ran: ${sql}`);
      } catch (e) {
        out.push(String(e.message));
      }
    }
    return out;
  });
  assert.equal(refusals.length, 5);
  for (const r of refusals) {
    assert.match(r, /Permission Error|configuration has been locked/, `refused by DuckDB: ${r}`);
  }

  // Running again builds nothing: nothing changed.
  assert.match(await runDesign(page, /up to date/), /Ran the design: every model was up to date; \d+ of \d+ tests pass/);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.csp, []);
  await page.close();
});

test('a model DuckDB refuses shows its message; the others still build', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'retail'));
  const broken = design.models.find((m) => m.template === 'custom_sql');
  broken.params.sql = broken.params.sql.replace(
    'coalesce(amount_paid, 0) as amount_paid,',
    'coalesce(amount_paid, 0) as amount_paid,\n    frobnicate(order_id) as broken,',
  );
  assert.match(broken.params.sql, /frobnicate/);
  await importDesign(page, design, 'retail_broken');

  const status = await runDesign(page);
  assert.match(status, new RegExp(`${design.models.length - 1} built, 1 failed`));
  const statuses = await runStatuses(page);
  assert.equal(statuses[broken.name], 'failed');
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.locator(`[data-card="${broken.name}"]`).click();
  await page.getByRole('tab', { name: 'Data' }).click();
  const failure = await page.locator('.run-failure').innerText();
  assert.match(failure, /frobnicate/i, 'DuckDB names the function');
  await screenshot(page, 'run-failure');
  assert.deepEqual(problems.errors, []);
  await page.close();
});
