// The foundation end to end: the real server, the real app in headless
// Chromium, the seven lanes from core's layer contract, and SQL run by
// DuckDB-wasm in the browser, under the production Content-Security-Policy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  openPage,
  cspViolations,
  screenshot,
  layerContract,
} from './support/harness.mjs';

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

test('the seven lanes render in order with names and purposes from core', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const lanes = page.locator('.lane-bg');
  await lanes.first().waitFor();
  const contract = layerContract();
  assert.equal(await lanes.count(), 7);
  for (const [i, layer] of contract.entries()) {
    const lane = lanes.nth(i);
    assert.equal(await lane.getAttribute('data-layer'), layer.code);
    assert.equal(await lane.locator('.layer-code').innerText(), layer.code);
    assert.equal(await lane.locator('.lane-name').innerText(), layer.name);
    // A new design is empty, and an empty lane teaches what belongs in it.
    assert.equal(await lane.locator('.lane-empty p').first().innerText(), layer.purpose);
  }
  assert.equal(await page.locator('#boot').count(), 0, 'the loading note is gone');
  await screenshot(page, 'lanes');
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(page, problems), []);
  await page.close();
});

test('the console runs SQL in DuckDB-wasm and shows results and errors', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.getByRole('tab', { name: 'Query console' }).click();
  const input = page.getByLabel('SQL query');
  await input.waitFor();

  // DuckDB is not loaded until the first run.
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource')
    .some((r) => r.name.includes('/duckdb/'))), false, 'DuckDB loads lazily');

  await input.fill('select 42 as answer');
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  const table = page.locator('.result-table');
  await table.waitFor({ timeout: 120_000 });
  assert.deepEqual(await table.locator('th .column-name').allInnerTexts(), ['answer']);
  assert.deepEqual(await table.locator('tbody td').allInnerTexts(), ['42']);
  assert.equal(await page.locator('.result-summary').innerText(), '1 row');
  assert.equal(await page.locator('.db-status').innerText(), 'DuckDB ready');
  await screenshot(page, 'console-result');

  // A query over several rows and types, run with the keyboard shortcut.
  await input.fill(
    "select i, 'row ' || i as label, case when i % 2 = 0 then null else i * 1.5 end as maybe\n" +
      'from range(3) t(i) order by i',
  );
  await input.press('Control+Enter');
  await page.locator('.result-summary', { hasText: '3 rows' }).waitFor();
  assert.deepEqual(await table.locator('th .column-name').allInnerTexts(), ['i', 'label', 'maybe']);
  assert.deepEqual(await table.locator('tbody tr').nth(1).locator('td').allInnerTexts(), ['1', 'row 1', '1.5']);
  assert.equal(await table.locator('tbody tr').nth(0).locator('td.null').innerText(), 'NULL');

  // Values are shown as DuckDB shows them, with DuckDB's type names.
  await input.fill(
    "select 1::tinyint a, 9007199254740993::bigint b, 12.50::decimal(5,2) c, -0.05::decimal(4,2) d, " +
      "date '2024-02-29' e, timestamp '2024-02-29 13:45:00' f, true g, [1, 2] h, {'k': 'v'} i, 'x'::blob j",
  );
  await input.press('Control+Enter');
  await page.locator('th .column-name', { hasText: 'j' }).waitFor();
  assert.deepEqual(await table.locator('tbody td').allInnerTexts(), [
    '1', '9007199254740993', '12.50', '-0.05', '2024-02-29', '2024-02-29 13:45:00', 'true', '[1,2]', '{"k":"v"}', '\\x78',
  ]);
  assert.deepEqual(await table.locator('th .column-type').allInnerTexts(), [
    'TINYINT', 'BIGINT', 'DECIMAL(5,2)', 'DECIMAL(4,2)', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'INTEGER[]', 'STRUCT(k VARCHAR)', 'BLOB',
  ]);

  // A failing query shows DuckDB's error as an error, not as a result.
  await input.fill('select * from no_such_table');
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  const error = page.locator('.console').getByRole('alert');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /Query failed/);
  assert.match(text, /Catalog Error/);
  assert.match(text, /no_such_table/);
  assert.equal(await page.locator('.result-table').count(), 0);
  await screenshot(page, 'console-error');

  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(page, problems), []);
  await page.close();
});

test('the server sends the security policy, wasm MIME type and compression', async () => {
  const index = await fetch(server.url + '/');
  const csp = index.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /'unsafe-eval'/);
  // Only style attributes may be inline; scripts and style sheets may not.
  assert.match(csp, /style-src 'self';/);
  assert.deepEqual(csp.match(/[\w-]+ [^;]*'unsafe-inline'/g), ["style-src-attr 'unsafe-inline'"]);

  const wasm = await fetch(server.url + '/pkg/strata_app_bg.wasm', {
    headers: { 'accept-encoding': 'br' },
  });
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal(wasm.headers.get('content-encoding'), 'br');
  const bytes = new Uint8Array(await wasm.arrayBuffer()); // fetch decodes brotli
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'a wasm module');

  const js = await fetch(server.url + '/duckdb/bridge.js', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(js.headers.get('content-encoding'), 'gzip');
  assert.match(js.headers.get('content-type'), /^text\/javascript/);

  const missing = await fetch(server.url + '/../Cargo.toml');
  assert.equal(missing.status, 404);
});

test('the gallery opens every example as a new design, the large one at full size', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.locator('.lane-bg').first().waitFor();
  const open = async (title) => {
    await page.getByRole('button', { name: 'Designs' }).click();
    await page.getByRole('menuitem', { name: new RegExp(`^${title}`) }).click();
  };
  for (const [title, name, models] of [
    ['Café: the method step by step', 'cafe', 11],
    ['Retail: from a legacy POS to a web shop', 'retail', 37],
    ['Scale: a 306-model warehouse', 'scale', 306],
  ]) {
    await open(title);
    await page.locator('.status-line', { hasText: `Opened a copy of the ${name} example` }).waitFor();
    const cards = await page.locator('[data-card]').evaluateAll((els) => els.filter((e) => !e.dataset.card.includes('.')).length);
    assert.equal(cards, models, name);
  }
  await page.locator('.save-state', { hasText: 'Saved' }).waitFor();
  await page.getByRole('button', { name: 'Designs' }).click();
  await screenshot(page, 'gallery');
  const kept = await page.locator('.menu .menu-row .menu-item').allInnerTexts();
  for (const name of ['cafe', 'retail', 'scale']) assert.ok(kept.includes(name), `${name} is kept: ${kept}`);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(page, problems), []);
  await page.close();
});

test('workshop mode steps through the layers, points with a laser and shows the link as a QR code', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.locator('.lane-bg').first().waitFor();
  await page.getByRole('button', { name: 'Designs' }).click();
  await page.getByRole('menuitem', { name: /^Café: the method step by step/ }).click();
  await page.locator('.status-line', { hasText: 'Opened a copy of the cafe example' }).waitFor();

  await page.getByRole('button', { name: 'Present' }).click();
  const bar = page.getByRole('toolbar', { name: 'Workshop' });
  await bar.waitFor();
  assert.equal(await bar.getByRole('status').innerText(), 'All layers');
  const opacity = (selector) =>
    page.locator(selector).first().evaluate((el) => Number(getComputedStyle(el).opacity));

  // Step to RAW, then SRC (a clicker's Page Down does the same).
  await bar.getByRole('button', { name: 'Next layer' }).click();
  assert.match(await bar.getByRole('status').innerText(), /^RAW · Raw/);
  await page.keyboard.press('PageDown');
  assert.match(await bar.getByRole('status').innerText(), /^SRC · Source/);
  await page.waitForTimeout(300); // the dimming fades in
  assert.equal(await opacity('.card.layer-src'), 1);
  assert.ok((await opacity('.card.layer-raw')) < 0.5, 'other layers are dimmed');

  // The laser dot follows the pointer.
  await bar.getByRole('button', { name: 'Laser' }).click();
  await page.mouse.move(400, 300);
  await page.mouse.move(420, 310);
  const dot = page.locator('.laser-dot');
  await dot.waitFor();
  const box = await dot.boundingBox();
  assert.ok(Math.abs(box.x + box.width / 2 - 420) < 3 && Math.abs(box.y + box.height / 2 - 310) < 3, JSON.stringify(box));
  await screenshot(page, 'workshop');

  // The QR code of the share link, for the room.
  await bar.getByRole('button', { name: 'QR code' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this design' });
  await dialog.getByRole('img', { name: 'QR code of the link' }).waitFor();
  assert.match(await dialog.getByLabel('Share link').inputValue(), /#v1\./);
  await screenshot(page, 'workshop-qr');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Leaving workshop mode shows everything again.
  await page.getByRole('button', { name: 'Present' }).click();
  assert.equal(await bar.count(), 0);
  assert.equal(await opacity('.card.layer-raw'), 1);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(page, problems), []);
  await page.close();
});
