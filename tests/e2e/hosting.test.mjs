// A team's own copy: `dist/` served under a path of a static host
// (`cargo xtask serve --base /team/strata/`, the layout `cargo xtask dist`
// is for). Everything the app loads on demand (DuckDB, the SQL editor, the
// Parquet reader, the share codec) must come from under that path, and
// share links must point to it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, cspViolations, root } from './support/harness.mjs';

const BASE = '/team/strata/';
let server;
let browser;

before(async () => {
  server = await startServer('--base', BASE);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('served under a path, the app loads everything from there and its share links point there', async () => {
  const home = `${server.url}${BASE}`;
  // Nothing outside the base path; the page itself with the policy.
  assert.equal((await fetch(`${server.url}/index.html`)).status, 404);
  const index = await fetch(home);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);

  const { page, problems } = await openPage(browser, home);
  await page.locator('.lane-bg').first().waitFor();
  assert.equal(await page.locator('#boot').count(), 0, 'the app started');

  // DuckDB, loaded on demand.
  await page.getByRole('tab', { name: 'Query console' }).click();
  const input = page.getByLabel('SQL query');
  await input.fill('select 42 as answer');
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  await page.locator('.result-table').waitFor({ timeout: 120_000 });
  assert.deepEqual(await page.locator('.result-table tbody td').allInnerTexts(), ['42']);

  // The SQL editor, with a custom_sql model's form.
  await page.getByRole('button', { name: 'Add a model to MRT' }).click();
  await page.getByRole('menuitem', { name: /custom_sql/ }).click();
  await page.locator('.cm-editor').waitFor();

  // The Parquet reader's worker.
  await page.locator('input[type=file]').setInputFiles(join(root, 'core/tests/data/import/good_every_type.parquet'));
  const dialog = page.getByRole('dialog', { name: 'Import a data file' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /3 rows, Parquet/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The share codec's worker; the link names this copy.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const share = page.getByRole('dialog', { name: 'Share this design' });
  const link = await share.getByLabel('Share link').inputValue();
  assert.ok(link.startsWith(`${home}#v1.`), link.slice(0, 80));
  await share.getByRole('button', { name: 'Close' }).click();

  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  const own = loaded.filter((p) => !p.startsWith('/team/strata/'));
  assert.deepEqual(own, [], 'every file comes from under the base path');
  for (const part of ['duckdb/', 'editor/', 'parquet/', 'share/', 'pkg/']) {
    assert.ok(loaded.some((p) => p.startsWith(`${BASE}${part}`)), `${part} loaded from the base path`);
  }

  const viewer = await openPage(browser, link);
  await viewer.page.getByRole('region', { name: 'Shared design' }).waitFor();
  await screenshot(viewer.page, 'hosted-under-a-path');
  for (const p of [page, viewer.page]) {
    assert.deepEqual(await cspViolations(p, p === page ? problems : viewer.problems), []);
  }
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(viewer.problems.errors, []);
  await page.close();
  await viewer.page.close();
});
