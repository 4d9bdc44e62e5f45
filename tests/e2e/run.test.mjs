// Running a design in the browser: the retail example is generated, loaded
// and built in DuckDB-wasm, every model's status lands on its card, the
// standardized models hold as many rows as the core's generator wrote, the
// data tests run, and a model DuckDB refuses shows DuckDB's message while
// the rest still builds.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, strata, root, runDesign, runStatuses } from './support/harness.mjs';

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

  // The phase tracker sees the run: the Build gate's last check closes,
  // the tests and quality figures come from the report above.
  await page.getByRole('tab', { name: /^Method/ }).click();
  const build = page.locator('.phase[data-phase="Build"]');
  assert.match(await build.innerText(), new RegExp(`${design.models.length} of ${design.models.length} models built in the last run`));
  assert.match(await build.locator('h3').innerText(), /✓ Build/);
  assert.match(await page.locator('.phase[data-phase="Optimize"]').innerText(), /(\d+) of \1 tests pass/);
  assert.match(await page.locator('.phase[data-phase="Discover"]').innerText(), /0 of 10 raw tables profiled/);
  await screenshot(page, 'method-tab');

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
  // And two tests that the data's deliberate quality problem must fail: a
  // quarter of the customers have no phone number.
  const customers = design.models.find((m) => m.name === 'src_crm__customers');
  customers.tests.push({ test: 'not_null', column: 'phone' }, { test: 'completeness', column: 'phone', min_ratio: 0.95 });
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

  // The quality problem is caught: as many failing records as the CSV has
  // customers without a phone.
  const dir = mkdtempSync(join(tmpdir(), 'strata-samples-'));
  const designFile = join(dir, 'retail.json');
  writeFileSync(designFile, JSON.stringify(design));
  strata('sample', designFile, '--out', dir);
  const [header, ...rows] = parseCsv(readFileSync(join(dir, 'crm.customers.csv'), 'utf8'));
  const phone = header.indexOf('Phone');
  const missing = rows.filter((r) => r[phone] === null || r[phone].trim() === '').length;
  assert.ok(missing > 50, `about a quarter of ${rows.length} customers have no phone: ${missing}`);
  await page.getByRole('tab', { name: /^Tests/ }).click();
  for (const label of ['not_null(phone)', 'completeness(phone ≥ 95 %)']) {
    const row = page.locator(`.test-report .test-result.fail[data-test="src_crm__customers: ${label}"]`);
    assert.match(await row.innerText(), new RegExp(`${missing} of ${rows.length} records fail`), label);
  }
  assert.match(await page.locator('.quality').innerText(), /completeness \d+\.\d+ % \(target > 95 %\)/);
  await screenshot(page, 'run-quality-caught');
  assert.deepEqual(problems.errors, []);
  await page.close();
});

/** The cells of a CSV in the generator's dialect (RFC 4180; NULL is an
 * empty unquoted field, returned as null). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') { value += '"'; i += 2; }
        else if (text[i] === '"') { i++; break; }
        else value += text[i++];
      }
      row.push(value);
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
      row.push(end === i ? null : text.slice(i, end));
      i = end;
    }
    if (text[i] === ',') i++;
    else if (text[i] === '\n') { rows.push(row); row = []; i++; }
  }
  if (row.length) rows.push(row);
  return rows;
}

test('profiling the raw data finds the generator\'s duplicates and NULLs, keys and relationships', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'retail'));
  await importDesign(page, design, 'retail');
  const dir = mkdtempSync(join(tmpdir(), 'strata-samples-'));
  const designFile = join(dir, 'retail.json');
  writeFileSync(designFile, JSON.stringify(design));
  const written = Object.fromEntries(
    strata('sample', designFile, '--out', dir)
      .trim()
      .split('\n')
      .map((line) => {
        const [, table, rows, dups] = line.match(/([^/]+)\.csv \((\d+) rows(?:, (\d+) duplicates)?/);
        return [table, { rows: Number(rows), duplicates: Number(dups ?? 0) }];
      }),
  );

  const open = async (table) => {
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.locator(`[data-card="${table}"]`).click();
  };
  await open('pos.order_lines');
  await page.getByRole('button', { name: 'Profile the raw data' }).click();
  await page.locator('.status-line', { hasText: 'Profiled' }).waitFor({ timeout: 120_000 });
  const summary = page.locator('.profile-summary');
  const lines = written['pos.order_lines'];
  assert.ok(lines.duplicates > 0, 'the generator wrote duplicate order lines');
  assert.equal(Number(await summary.getAttribute('data-profile-rows')), lines.rows + lines.duplicates);
  assert.equal(Number(await summary.getAttribute('data-profile-duplicates')), lines.duplicates);
  assert.match(await summary.innerText(), new RegExp(`${lines.duplicates} rows repeat another exactly`));
  // With exact duplicates, the line id is no key; nothing else is either.
  assert.equal(await page.locator('.candidate-keys li').count(), 0);
  await screenshot(page, 'profile-order-lines');

  // Customers: the NULLs per column are those of the CSV, the id is a key,
  // and loyalty members reference it.
  await open('crm.customers');
  await page.locator('.profile-summary').waitFor();
  const csv = parseCsv(readFileSync(join(dir, 'crm.customers.csv'), 'utf8'));
  const [header, ...rows] = csv;
  for (const [j, column] of header.entries()) {
    const nulls = rows.filter((r) => r[j] === null).length;
    const shown = await page.locator(`.profile-column[data-column="${column}"]`).getAttribute('data-nulls');
    assert.equal(Number(shown), nulls, `${column}: NULLs`);
  }
  assert.ok(rows.some((r) => r.includes(null)), 'some customer fields are blank');
  assert.equal(await page.locator('.candidate-keys li[data-key="CustomerId"]').count(), 1);
  const relationship = page.locator('.relationships li[data-relationship="crm.loyalty_members.CustomerId->crm.customers.CustomerId"]');
  assert.match(await relationship.innerText(), /100 % of values found · confidence 100 %/);
  await page.locator('.profile-column[data-column="SignedUpAt"] .bar-row').first().waitFor();
  assert.ok((await page.locator('.profile-column[data-column="SignedUpAt"] .bar-row').count()) > 1, 'a histogram of sign-up dates');

  await screenshot(page, 'profile-customers');

  // A candidate key becomes a business object; retail already has a
  // customer, so that one is refused with the reason.
  await page.locator('.candidate-keys li[data-key="CustomerId"] button').click();
  await page.locator('.status-line', { hasText: 'the object customer already exists' }).waitFor();
  await open('crm.loyalty_members');
  await page.locator('.candidate-keys li[data-key="MemberNo"] button').click();
  await page.locator('.status-line', { hasText: 'Added business object loyalty_member' }).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.object-list', { hasText: 'loyalty_member' }).waitFor();
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.csp, []);
  await page.close();
});

test('a CSV file becomes a raw table after a preview; its rows run; a broken file changes nothing', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'cafe'));
  await importDesign(page, design, 'cafe');
  const dir = mkdtempSync(join(tmpdir(), 'strata-csv-'));

  // A broken file: the error names the line; the design is unchanged.
  const broken = join(dir, 'broken.csv');
  writeFileSync(broken, 'id,name\n1,Ann\n2,Bob,extra\n');
  const before = await page.locator('[data-card]').count();
  await page.locator('input[type=file]').setInputFiles(broken);
  await page.locator('.status-line', { hasText: 'broken.csv cannot be imported: line 3 (byte 14): this row has 3 fields, the header has 2' }).waitFor();
  assert.equal(await page.locator('.csv-import').count(), 0, 'no preview for a broken file');
  assert.equal(await page.locator('[data-card]').count(), before);

  // A good one, semicolon-separated with a header that needs renaming.
  const rows = Array.from({ length: 250 }, (_, i) => `${i + 1};Store ${i % 7};${i % 5 === 0 ? '' : (i * 1.25).toFixed(2)};2024-0${1 + (i % 9)}-1${i % 10}`);
  const good = join(dir, 'Store Sales.csv');
  writeFileSync(good, `Sale ID;Store;Amount;Sold On\n${rows.join('\n')}\n`);
  await page.locator('input[type=file]').setInputFiles(good);
  const dialog = page.getByRole('dialog', { name: 'Import a data file' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /250 rows, CSV separated by “;”/);
  const typeOf = (column) => dialog.getByLabel(`type of ${column}`, { exact: true }).inputValue();
  assert.equal(await typeOf('sale_id'), 'integer');
  assert.equal(await typeOf('Store'), 'varchar', 'a usable header name is kept as it is');
  assert.equal(await typeOf('Amount'), 'double');
  assert.equal(await typeOf('sold_on'), 'date');
  assert.match(await dialog.locator('tr[data-import-column="sale_id"]').innerText(), /from “Sale ID”/);
  assert.match(await dialog.locator('tr[data-import-column="Amount"]').innerText(), /\b50\b/, '50 blank amounts are NULL');
  await dialog.getByLabel('type of Amount', { exact: true }).selectOption('varchar');
  await dialog.getByLabel('table', { exact: true }).fill('store_sales');
  await screenshot(page, 'csv-import-preview');
  await dialog.getByRole('button', { name: 'Add raw table' }).click();
  await page.locator('.status-line', { hasText: 'Imported files.store_sales (250 rows)' }).waitFor();
  await page.locator('[data-card="files.store_sales"]').waitFor();

  // The run loads the file's own rows into the new table, with the chosen types.
  await runDesign(page);
  await page.getByRole('tab', { name: 'Query console' }).click();
  await page.getByRole('textbox', { name: 'SQL query' }).fill(
    "select count(*) as n, count(amount) as amounts, typeof(any_value(amount)) as t, max(sale_id) as top from files.store_sales",
  );
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  await page.locator('.console .result-table td').first().waitFor();
  assert.deepEqual(await page.locator('.console .result-table td').allInnerTexts(), ['250', '200', 'VARCHAR', '250']);

  // Reload: the design and the imported rows are still in the browser.
  await page.locator('.save-state', { hasText: 'Saved' }).waitFor();
  await page.reload();
  await page.locator('[data-card="files.store_sales"]').waitFor();
  assert.match(await runDesign(page), /Ran the design/);

  // Profiling finds its key; one click standardizes it with that key.
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.locator('[data-card="files.store_sales"]').click();
  await page.getByRole('button', { name: 'Profile the raw data' }).click();
  await page.locator('.status-line', { hasText: 'Profiled' }).waitFor({ timeout: 60_000 });
  await page.locator('.candidate-keys li[data-key="sale_id"]').getByRole('button', { name: 'Standardize with this key' }).click();
  await page.locator('.status-line', { hasText: 'Added src_files__store_sales' }).waitFor();
  assert.match(await runDesign(page), /Ran the design: 1 built/);
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.locator('[data-card="src_files__store_sales"]').click();
  await page.getByRole('tab', { name: 'Data' }).click();
  assert.match(await page.locator('.data-pager span').first().innerText(), /^250 rows/);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.csp, []);
  await page.close();
});

test('a Parquet file is read in its own worker, previewed with its schema types, and runs; damaged files change nothing', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'cafe'));
  await importDesign(page, design, 'cafe');
  const fixtures = join(root, 'core/tests/data/import');
  const before = await page.locator('[data-card]').count();

  // Refused files: each says why, none opens a preview or adds a card. The
  // damaged page traps the reader's wasm; only its worker is lost.
  for (const [file, message] of [
    ['bad_zstd.parquet', /compressed with zstd, which the browser cannot unpack/],
    ['bad_truncated.parquet', /does not end with Parquet's PAR1 marker/],
    ['bad_nested.parquet', /the column "tags" is nested/],
    ['bad_damaged_page.parquet', /stopped on damaged data in this file/],
    // 290 bytes that stand for 100 million values: refused from the row
    // count before the worker decodes (and allocates) anything.
    ['bad_value_bomb.parquet', /holds 100000000 values .* at most 67108864 can be imported/],
  ]) {
    await page.locator('input[type=file]').setInputFiles(join(fixtures, file));
    await page.locator('.status-line', { hasText: `${file} cannot be imported` }).waitFor();
    assert.match(await page.locator('.status-line').innerText(), message);
    assert.equal(await page.locator('.csv-import').count(), 0, `no preview for ${file}`);
  }
  assert.equal(await page.locator('[data-card]').count(), before);

  // A good file: the types come from its schema.
  await page.locator('input[type=file]').setInputFiles(join(fixtures, 'good_every_type.parquet'));
  const dialog = page.getByRole('dialog', { name: 'Import a data file' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /3 rows, Parquet in 1 row group, Snappy/);
  const typeOf = (column) => dialog.getByLabel(`type of ${column}`, { exact: true }).inputValue();
  assert.equal(await typeOf('int64'), 'bigint');
  assert.equal(await typeOf('uint64'), 'decimal(20,0)');
  assert.equal(await typeOf('big_decimal'), 'decimal(38,5)');
  assert.equal(await typeOf('moment'), 'timestamp');
  assert.equal(await typeOf('day'), 'date');
  await dialog.getByLabel('table', { exact: true }).fill('every_type');
  await screenshot(page, 'parquet-import-preview');
  await dialog.getByRole('button', { name: 'Add raw table' }).click();
  await page.locator('.status-line', { hasText: 'Imported files.every_type (3 rows)' }).waitFor();

  // The run loads the values DuckDB wrote into the file, exactly.
  assert.match(await runDesign(page), /Ran the design/);
  await page.getByRole('tab', { name: 'Query console' }).click();
  await page.getByRole('textbox', { name: 'SQL query' }).fill(
    'select uint64::varchar, big_decimal::varchar, moment::varchar, dbl::varchar, tricky_text from files.every_type order by id limit 1',
  );
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  await page.locator('.console .result-table td').first().waitFor();
  assert.deepEqual(await page.locator('.console .result-table td').allTextContents(), [
    '18446744073709551615',
    '-98765432109876.54321',
    '2024-03-01 12:30:05.123456',
    '2.25',
    'quote " comma , newline\n and ünïcödé',
  ]);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.csp, []);
  await page.close();
});

test('a runaway query is stopped at its time limit and the app recovers', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'cafe'));
  await importDesign(page, design, 'cafe');
  assert.match(await runDesign(page), /Ran the design/);
  // Straight to the binding, with a 1 s limit instead of the app's 30 s.
  const outcome = await page.evaluate(async () => {
    const bridge = await import('/duckdb/bridge.js');
    const t0 = performance.now();
    try {
      await bridge.query('select count(*) from range(100000000000) a, range(1000) b', 10, 1000);
      return { ran: true };
    } catch (e) {
      return { message: String(e.message), ms: performance.now() - t0 };
    }
  });
  assert.ok(!outcome.ran, 'the query did not finish');
  assert.match(outcome.message, /ran over 1 s and (was cancelled|did not stop, so DuckDB was restarted)/);
  assert.ok(outcome.ms < 5000, `stopped within the limit and the grace period: ${outcome.ms} ms`);
  // Whatever it took, the next run works (and rebuilds if DuckDB restarted).
  assert.match(await runDesign(page, /Ran the design/), /Ran the design/);
  await page.getByRole('tab', { name: 'Query console' }).click();
  await page.getByRole('textbox', { name: 'SQL query' }).fill('select count(*) from src.src_till__customers');
  await page.getByRole('button', { name: 'Run query ▶' }).click();
  await page.locator('.console .result-table td').first().waitFor();
  assert.ok(Number(await page.locator('.console .result-table td').first().innerText()) > 0);
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('hostile SQL is refused with the reason, in the console and in a custom_sql model', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const design = JSON.parse(strata('example', 'retail'));
  const custom = design.models.find((m) => m.template === 'custom_sql');
  assert.ok(custom, 'retail has a custom_sql model');
  const from = custom.params.sql.match(/from\s+(\{\{[^}]+\}\})/i);
  assert.ok(from, custom.params.sql);
  custom.params.sql = custom.params.sql.replace(from[0], `from ${from[1]} join read_csv('https://evil.example/x.csv') as evil on true`);
  await importDesign(page, design, 'retail_hostile');
  await page.getByRole('tab', { name: 'Query console' }).click();
  const cases = [
    ["select * from read_csv('https://evil.example/x.csv')", /read_csv reads files, the network/],
    ["select * from 'https://evil.example/x.parquet'", /names a file/],
    ["attach 'other.db' as other", /ATTACH and DETACH are not allowed/],
    ['install httpfs', /INSTALL and LOAD are not allowed/],
    ['load httpfs', /INSTALL and LOAD are not allowed/],
    ["copy (select 1) to 'out.csv'", /COPY is not allowed/],
    ['set enable_external_access = true', /settings cannot be changed/],
    ['select 1; drop table src.src_till__orders', /line 1, column 11: the console only reads/],
    ["select getenv('HOME')", /getenv reads files, the network or the environment/],
  ];
  for (const [sql, reason] of cases) {
    await page.getByRole('textbox', { name: 'SQL query' }).fill(sql);
    await page.getByRole('button', { name: 'Run query ▶' }).click();
    const error = page.locator('.console .error');
    await error.filter({ hasText: reason }).waitFor();
    assert.match(await error.innerText(), /Not allowed in the workbench/, sql);
  }
  await screenshot(page, 'console-refused');

  // The model with the hostile join fails with the guard's reason; the rest builds.
  const status = await runDesign(page);
  assert.match(status, /1 failed/);
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.locator(`[data-card="${custom.name}"]`).click();
  await page.getByRole('tab', { name: 'Data' }).click();
  assert.match(await page.locator('.run-failure').innerText(), /Not allowed in the workbench: read_csv reads files/);
  assert.deepEqual(problems.errors, []);
  await page.close();
});

