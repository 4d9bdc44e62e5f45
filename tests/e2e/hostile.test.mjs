// The whole product attacked on purpose. About 200 XSS payloads in every
// string a design can carry, arriving through a design file, a share link
// and a CSV file: nothing runs, anywhere the text is shown (canvas,
// inspector, dbt code, lineage, diagnostics, tests, method, query results,
// the exported documentation), and Chromium reports no CSP violation.
// Nesting 10,000 levels deep in JSON, SQL and Jinja, a share link that
// unpacks to a gigabyte, and an oversized CSV each get a clear, typed
// refusal, and the app carries on.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { startServer, launchBrowser, openPage, screenshot, cspViolations, strata, runDesign } from './support/harness.mjs';
import { PAYLOADS, SQL_SAFE, ran } from './support/hostile.mjs';

let server;
let browser;
const dir = mkdtempSync(join(tmpdir(), 'strata-hostile-'));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** The café with a payload in every free-text string it has. */
function hostileCafe() {
  const design = JSON.parse(strata('example', 'cafe'));
  let n = 0;
  const next = () => PAYLOADS[n++ % PAYLOADS.length];
  const walk = (value) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if ((key === 'description' || key === 'text') && typeof v === 'string') value[key] = `${v} ${next()}`;
        else walk(v);
      }
    }
  };
  walk(design);
  design.name = 'cafe_hostile';
  design.description = PAYLOADS.join('\n');
  // Column descriptions of every model.
  for (const model of design.models) {
    model.columns = Object.fromEntries(Object.keys(model.columns ?? {}).map((c) => [c, next()]));
  }
  // Notes: every payload once, some on cards.
  design.notes = PAYLOADS.map((text, i) => (i % 4 === 0 ? { text, about: 'till.orders' } : { text }));
  // Business objects and their relationships.
  design.objects.push({
    name: 'visit',
    description: next(),
    business_keys: ['order_id'],
    sources: ['till.orders'],
    relationships: [{ to: 'customer', cardinality: 'many_to_one', description: next() }],
  });
  // Accepted values and SQL: payloads in string literals and comments.
  const literal = (p) => `'${p.replaceAll("'", "''")}'`;
  design.models.push({
    name: 'mrt_owner__hostile',
    layer: 'MRT',
    template: 'custom_sql',
    description: next(),
    params: {
      sql: [
        `-- ${SQL_SAFE.slice(0, 20).join(' ')}`,
        `/* ${SQL_SAFE.slice(20, 40).join(' ').replaceAll('*/', '* /')} */`,
        `select customer_id, ${literal(SQL_SAFE[41])} as evil, ${literal(SQL_SAFE[0])} as "worse"`,
        `from {{ ref('ana_customer') }}`,
        `where ${literal(SQL_SAFE[3])} <> ${literal(SQL_SAFE[4])}`,
      ].join('\n'),
    },
    tests: [{ test: 'accepted_values', column: 'evil', values: [SQL_SAFE[41], SQL_SAFE[5]] }],
  });
  return design;
}

async function importFile(page, name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  await page.locator('input[type=file]').setInputFiles(file);
}

/** Everywhere the design's text is shown, one view after another. */
async function walkEverything(page) {
  await page.getByRole('button', { name: 'Fit' }).click();
  const cards = page.locator('[data-card]');
  for (let i = 0; i < (await cards.count()); i++) {
    await cards.nth(i).click();
    await page.locator('.inspector').waitFor();
    // Every tab of the model panel (form, dbt, SQL, columns…), when it has tabs.
    const tabs = page.locator('.inspector [role=tab]');
    for (let i = 0; i < (await tabs.count()); i++) await tabs.nth(i).click();
  }
  await page.keyboard.press('Escape');
  for (const tab of ['Diagnostics', 'Tests', 'Method']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
  }
  await page.getByRole('button', { name: 'Lineage', exact: true }).click();
  await page.locator('[data-table]').first().waitFor();
  const tables = page.locator('[data-table]');
  for (let i = 0; i < Math.min(await tables.count(), 8); i++) await tables.nth(i).dispatchEvent('click');
  await page.getByRole('button', { name: 'Design', exact: true }).click();
}

test('200 XSS payloads in every string of a design, through a file and a share link, never run', async () => {
  const design = hostileCafe();
  const { page, problems } = await openPage(browser, server.url);
  await importFile(page, 'cafe_hostile.json', JSON.stringify(design));
  await page.locator('.status-line', { hasText: 'Imported cafe_hostile' }).waitFor();
  await walkEverything(page);

  // Run it: the payloads become values in DuckDB and in the result views.
  const status = await runDesign(page);
  assert.match(status, /Ran the design/);
  await page.getByRole('tab', { name: 'Query console' }).click();
  await page.getByLabel('SQL query').fill('select * from mrt.mrt_owner__hostile limit 5');
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  await page.locator('.result-table').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.result-table tbody td').nth(1).textContent(), SQL_SAFE[41], 'shown as text');
  await screenshot(page, 'hostile-design');

  // The same design through a share link, in a fresh page.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('dialog', { name: 'Share this design' }).getByLabel('Share link').inputValue();
  await page.keyboard.press('Escape');
  const viewer = await openPage(browser, link);
  await viewer.page.getByRole('region', { name: 'Shared design' }).waitFor();
  await walkEverything(viewer.page);

  // The documentation export, opened with no policy at all to protect it.
  const docsFile = join(dir, 'hostile.json');
  writeFileSync(docsFile, JSON.stringify(design));
  const html = strata('export', 'docs', '--format', 'html', docsFile);
  const docs = await browser.newPage();
  await docs.addInitScript(() => {
    window.__xss = [];
    window.alert = (m) => window.__xss.push(`alert: ${m}`);
  });
  await docs.goto('about:blank');
  await docs.setContent(html, { waitUntil: 'load' });
  assert.ok((await docs.locator('body').textContent()).includes(PAYLOADS[0]), 'the payloads are in the docs, as text');

  for (const p of [page, viewer.page, docs]) assert.deepEqual(await ran(p), [], 'no payload ran');
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(await cspViolations(viewer.page, viewer.problems), []);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(viewer.problems.errors, []);
  await docs.close();
  await viewer.page.close();
  await page.close();
});

test('payloads as names of models, tables, columns, systems and objects are shown as text, checked and run safely', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const cafe = JSON.parse(strata('example', 'cafe'));
  const payload = SQL_SAFE[41];
  const mutations = [
    ['model', (d) => { d.models[0].name = payload; }],
    ['table', (d) => { d.sources[0].tables[1].name = payload; }],
    ['column', (d) => { d.sources[0].tables[0].columns[1].name = `${payload}"; drop table x; --`; }],
    ['object', (d) => { d.objects[0].name = payload; }],
    ['system', (d) => { d.sources[0].system = payload; }],
  ];
  for (const [what, mutate] of mutations) {
    const design = structuredClone(cafe);
    design.name = `cafe_${what}`;
    mutate(design);
    await importFile(page, `cafe_${what}.json`, JSON.stringify(design));
    await page.locator('.status-line', { hasText: `Imported cafe_${what}` }).waitFor();
    // The rules name the problem, quoting the name as text.
    await page.getByRole('tab', { name: /^Diagnostics/ }).click();
    assert.ok((await page.locator('.diagnostic').allTextContents()).some((t) => t.includes(payload.slice(0, 20))), `${what}: a finding quotes the name`);
    await walkEverything(page);
    // Running builds what does not depend on the broken name; the name
    // reaches DuckDB only as a quoted identifier.
    assert.match(await runDesign(page), /Ran the design|Run stopped|cannot/, what);
    assert.deepEqual(await ran(page), [], `${what}: nothing ran`);
    // However long the quoted names, the page keeps its width.
    await page.getByRole('tab', { name: /^Method/ }).click();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${what}: the page keeps its width`);
  }
  await screenshot(page, 'hostile-names');
  // A CSV whose header and cells are payloads: previewed and kept as text.
  const csv = ['id,' + JSON.stringify(PAYLOADS[1]), ...PAYLOADS.slice(0, 50).map((p, i) => `${i},${JSON.stringify(p)}`)].join('\n');
  await importFile(page, 'hostile.csv', csv.replaceAll('\\"', '""'));
  const dialog = page.getByRole('dialog', { name: 'Import a data file' });
  await dialog.waitFor();
  await screenshot(page, 'hostile-csv-preview');
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems.errors, []);
  await page.close();
});

/** Milliseconds from `start` (in the page) until the status line says `text`. */
async function timeUntilStatus(page, text, start) {
  await page.evaluate((wanted) => {
    window.__statusAt = new Promise((resolve) => {
      const check = () => {
        const line = document.querySelector('.status-line');
        if (line && line.textContent.includes(wanted)) {
          resolve(performance.now());
          return true;
        }
        return false;
      };
      if (!check()) new MutationObserver(() => check()).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    window.__startAt = null;
    document.querySelector('input[type=file]').addEventListener('change', () => { window.__startAt = performance.now(); }, { once: true, capture: true });
  }, text);
  await start();
  const [at, from] = await page.evaluate(async () => [await window.__statusAt, window.__startAt]);
  return at - from;
}

test('10,000 levels of nesting in JSON, SQL and Jinja get a typed error quickly, and the app carries on', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.locator('input[type=file]').waitFor({ state: 'attached' });
  const deep = 10_000;

  // JSON: a design file nested 10,000 arrays deep.
  const json = `{"format_version": 2, "name": "deep", "description": ${'['.repeat(deep)}${']'.repeat(deep)}}`;
  const jsonMs = await timeUntilStatus(page, 'not a design Strata can open', () => importFile(page, 'deep.json', json));
  assert.match(await page.locator('.status-line').textContent(), /nest/i);

  // SQL and Jinja: custom_sql models nested 10,000 levels deep.
  const cafe = JSON.parse(strata('example', 'cafe'));
  const sql = `select ${'('.repeat(deep)}1${')'.repeat(deep)} as x from {{ ref('ana_customer') }}`;
  const jinja = `${'{% if true %}'.repeat(deep)}select 1 as x from {{ ref('ana_customer') }}${'{% endif %}'.repeat(deep)}`;
  cafe.name = 'cafe_deep';
  cafe.models.push(
    { name: 'mrt_owner__deep_sql', layer: 'MRT', template: 'custom_sql', params: { sql } },
    { name: 'mrt_owner__deep_jinja', layer: 'MRT', template: 'custom_sql', params: { sql: jinja } },
  );
  const sqlMs = await timeUntilStatus(page, 'Imported cafe_deep', () => importFile(page, 'cafe_deep.json', JSON.stringify(cafe)));
  await page.getByRole('tab', { name: /^Diagnostics/ }).click();
  const sqlError = page.locator('.diagnostic', { hasText: 'mrt_owner__deep_sql' });
  const jinjaError = page.locator('.diagnostic', { hasText: 'mrt_owner__deep_jinja' });
  await sqlError.first().waitFor();
  await jinjaError.first().waitFor();
  assert.match(await sqlError.first().textContent(), /nest|deep/i);
  assert.match(await jinjaError.first().textContent(), /nest|deep|recursion|limit/i);
  console.log(`# nesting 10,000 deep: JSON refused in ${jsonMs.toFixed(0)} ms; SQL and Jinja design imported and checked in ${sqlMs.toFixed(0)} ms`);

  // The app is alive: an edit still works.
  await page.locator('[data-card="mrt_owner__deep_sql"]').click();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('button', { name: /^Delete/ });
  if (await confirm.count()) await confirm.first().click();
  await page.locator('[data-card="mrt_owner__deep_sql"]').waitFor({ state: 'detached' });
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('a share link that unpacks to a gigabyte, and an oversized CSV, are refused and lose nothing', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const cafe = JSON.parse(strata('example', 'cafe'));
  cafe.name = 'cafe_kept';
  await importFile(page, 'cafe_kept.json', JSON.stringify(cafe));
  await page.locator('.save-state', { hasText: 'Saved' }).waitFor();

  // One gigabyte of spaces, Brotli-packed into a small fragment.
  const gigabyte = Buffer.alloc(1 << 30, 0x20);
  const packed = brotliCompressSync(gigabyte, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
  const fragment = `v1.${Buffer.concat([packed, Buffer.alloc(4)]).toString('base64url')}`;
  assert.ok(fragment.length < 1 << 20, `the bomb is ${fragment.length} characters`);
  // Opened in the page that holds the viewer's own design.
  await page.goto(`${server.url}/#${fragment}`);
  const refusal = page.locator('.status-line', { hasText: /more than 8 MB/ });
  await refusal.waitFor({ timeout: 30_000 });
  console.log(`# share bomb: ${fragment.length} characters → ${await refusal.textContent()}`);
  // The viewer's own design is still there, unchanged.
  assert.equal(await page.getByLabel('Design name').inputValue(), 'cafe_kept');
  await page.locator('[data-card="src_till__orders"]').waitFor();

  // A CSV over the import cap is refused before it is read.
  const big = join(dir, 'big.csv');
  writeFileSync(big, `a\n${'1\n'.repeat(33 << 20)}`);
  await page.locator('input[type=file]').setInputFiles(big);
  await page.locator('.status-line', { hasText: 'big.csv is 66.0 MB: data files up to 64 MB can be imported' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByRole('dialog', { name: 'Import a data file' }).count(), 0);
  assert.deepEqual(problems.errors, []);
  await page.close();
});
