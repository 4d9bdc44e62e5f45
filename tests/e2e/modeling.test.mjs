// The workbench driven like a user would: build a small warehouse from an
// empty design across all seven layers with templates, watch the previews
// follow the form, see a rule fire and fix it, undo and redo, reload and find
// the design intact, export it and import it again.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, openPage, cspViolations, screenshot } from './support/harness.mjs';
import { lowContrast } from './support/contrast.mjs';

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

/** The names of the cards on the canvas, in DOM order. */
async function cards(page) {
  return page.locator('[data-card]').evaluateAll((els) => els.map((e) => e.dataset.card).sort());
}

/** Fit the whole design on screen so every card can be clicked. */
async function fit(page) {
  await page.getByRole('button', { name: 'Fit' }).click();
}

/** Select a card by clicking it. */
async function select(page, name) {
  await fit(page);
  await page.locator(`[data-card="${name}"]`).click();
  await page.locator('.model-panel').waitFor();
}

/** Add a model of `template` to the lane of `layer`; returns its new name. */
async function addModel(page, layer, template) {
  await page.getByRole('button', { name: `Add a model to ${layer}` }).click();
  const before = await cards(page);
  await page.getByRole('menu', { name: `Templates for ${layer}` }).getByRole('menuitem', { name: new RegExp(`^${template}`) }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-card]').length > n, before.length);
  const after = await cards(page);
  const added = after.filter((c) => !before.includes(c));
  assert.equal(added.length, 1, `one new card for ${template}`);
  return added[0];
}

/** Rename the selected model through its form. */
async function rename(page, name) {
  const field = page.locator('#field-name');
  await field.fill(name);
  await field.press('Enter');
  await page.locator(`[data-card="${name}"]`).waitFor();
}

async function addRawTable(page, system, table, columns) {
  await page.getByRole('button', { name: 'Add a model to RAW' }).click();
  const form = page.getByRole('form', { name: 'Add a raw table' });
  await form.getByLabel('system').fill(system);
  await form.getByLabel('table').fill(table);
  await form.getByLabel(/columns/).fill(columns);
  await form.getByRole('button', { name: 'Add raw table' }).click();
  await page.locator(`[data-card="${system}.${table}"]`).waitFor();
}

/** Check the boxes of a columns/models field. */
async function check(page, id, names) {
  for (const name of names) {
    await page.locator(`#${id}`).getByLabel(name, { exact: true }).check();
  }
}

/** The text of a preview tab (or its error), back on the form after. */
async function preview(page, tab) {
  await page.getByRole('tab', { name: tab }).click();
  const shown = page.locator('.code-preview, .preview-error');
  await shown.waitFor();
  const text = await shown.innerText();
  await page.getByRole('tab', { name: 'Form' }).click();
  return text;
}

async function diagnostics(page) {
  return page.locator('.diagnostic').evaluateAll((els) => els.map((e) => e.dataset.code));
}

test('a warehouse built from scratch across all seven layers', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.locator('.canvas-viewport').waitFor();
  assert.deepEqual(await cards(page), [], 'a first visit starts with an empty design');

  // RAW: two tables of one shop system.
  await addRawTable(page, 'shop', 'customers', 'customer_id integer\nfull_name varchar\nupdated_at timestamp');
  await addRawTable(page, 'shop', 'orders', 'order_id integer\ncustomer_id integer\namount decimal(12,2)\nordered_at timestamp');
  await screenshot(page, 'modeling-raw');

  // The business object the vault keeps, from the design panel.
  await page.keyboard.press('Escape');
  await page.getByLabel('object', { exact: true }).fill('customer');
  await page.getByLabel('business key').fill('customer_id');
  await page.getByRole('button', { name: 'Add object' }).click();
  await page.locator('.object-row', { hasText: 'customer' }).waitFor();

  // SRC: a standardize model, connected by dragging from the raw table's handle.
  const src = await addModel(page, 'SRC', 'standardize');
  await fit(page);
  const handle = page.locator('[data-handle="shop.customers"]');
  const target = page.locator(`[data-card="${src}"]`);
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.locator('.status-line', { hasText: `${src} now reads shop.customers` }).waitFor();
  assert.equal(await page.locator('#field-source').inputValue(), 'shop.customers');

  // Its form: the columns to keep, the key; the preview follows each change.
  const empty = await preview(page, 'DuckDB SQL');
  for (const [i, column] of ['customer_id', 'full_name', 'updated_at'].entries()) {
    await page.getByRole('button', { name: '+ add columns' }).click();
    await page.locator(`#field-columns-${i}--source`).selectOption(column);
  }
  await check(page, 'field-primary_key', ['customer_id']);
  await page.locator('#field-dedupe').selectOption('latest');
  await page.locator('#field-latest_by').selectOption('updated_at');
  // A chosen column stays a choice among the raw table's columns.
  assert.deepEqual(
    await page.locator('#field-columns-1--source option').allInnerTexts(),
    ['— choose —', 'customer_id', 'full_name', 'updated_at'],
  );
  const sql = await preview(page, 'DuckDB SQL');
  assert.notEqual(sql, empty);
  assert.match(sql, /full_name/);
  assert.match(sql, /from shop\.customers|"shop"\."customers"|shop.customers/i);
  await rename(page, 'src_shop__customers');

  // A second SRC through the form alone.
  const src2 = await addModel(page, 'SRC', 'standardize');
  await page.locator('#field-source').selectOption('shop.orders');
  for (const [i, column] of ['order_id', 'customer_id', 'amount', 'ordered_at'].entries()) {
    await page.getByRole('button', { name: '+ add columns' }).click();
    await page.locator(`#field-columns-${i}--source`).selectOption(column);
  }
  await check(page, 'field-primary_key', ['order_id']);
  await rename(page, 'src_shop__orders');
  assert.ok(!(await cards(page)).includes(src2));

  // VIN: custom SQL that keeps valid orders only.
  // Its editor marks a syntax error where it is, and the message says what.
  const vin = await addModel(page, 'VIN', 'custom_sql');
  const editor = page.locator('#field-sql .cm-content');
  // Typed as a user types (fill() would edit the DOM under CodeMirror).
  await editor.click();
  await page.keyboard.type("select * from {{ ref('src_shop__orders') }} wher amount >= 0");
  const problem = page.locator('.sql-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /^line 1, column \d+: syntax error/);
  await page.locator('#field-sql .cm-lintRange-error').waitFor();
  await screenshot(page, 'modeling-sql-editor');
  await page.keyboard.press('Control+a');
  await page.keyboard.type("select * from {{ ref('src_shop__orders') }} where amount >= 0");
  await problem.waitFor({ state: 'detached' });
  await rename(page, 'vin_order__valid');
  assert.match(await preview(page, 'DuckDB SQL'), /amount >= 0/);
  assert.ok(vin);

  // VLT: the customer object and the order event.
  await addModel(page, 'VLT', 'business_object');
  await page.locator('#field-input').selectOption('src_shop__customers');
  await page.locator('#field-object').selectOption('customer');
  await check(page, 'field-business_key', ['customer_id']);
  await check(page, 'field-attributes', ['full_name']);
  await page.locator('#field-effective_from').selectOption('updated_at');
  await rename(page, 'vlt_obj_customer');

  await addModel(page, 'VLT', 'event');
  await page.locator('#field-input').selectOption('vin_order__valid');
  await check(page, 'field-event_key', ['order_id']);
  await page.locator('#field-event_time').selectOption('ordered_at');
  await page.getByRole('button', { name: '+ add objects' }).click();
  await page.locator('#field-objects-0--object').selectOption('customer');
  await check(page, 'field-objects-0--key', ['customer_id']);
  await check(page, 'field-measures', ['amount']);
  await rename(page, 'vlt_evt_order');

  // AIN: monthly order totals per customer.
  await addModel(page, 'AIN', 'event_rollup');
  await page.locator('#field-events').selectOption('vlt_evt_order');
  await page.locator('#field-object').selectOption('customer');
  await page.locator('#field-grain').selectOption('month');
  await page.getByRole('button', { name: '+ add measures' }).click();
  await page.locator('#field-measures-0--name').fill('order_total');
  await page.locator('#field-measures-0--function').selectOption('sum');
  await page.locator('#field-measures-0--column').selectOption('amount');
  await rename(page, 'ain_customer__orders_monthly');

  // ANA: the complete customer.
  await addModel(page, 'ANA', 'analytic_object');
  await page.locator('#field-object').selectOption('vlt_obj_customer');
  await page.locator('#field-events').selectOption('vlt_evt_order');
  await page.getByRole('button', { name: '+ add measures' }).click();
  await page.locator('#field-measures-0--name').fill('orders');
  await page.locator('#field-measures-0--function').selectOption('count');
  await rename(page, 'ana_customer');

  // MRT: an output for the sales team, first with a name the rules reject.
  await addModel(page, 'MRT', 'output');
  await page.locator('#field-input').selectOption('ana_customer');
  await check(page, 'field-columns', ['customer_id', 'full_name', 'orders']);
  await rename(page, 'customer_list');
  await page.getByRole('tab', { name: /Diagnostics/ }).click();
  await page.locator('.diagnostic[data-code="N001"], .diagnostic', { hasText: 'customer_list' }).first().waitFor();
  await screenshot(page, 'modeling-rule-fires');
  const finding = page.locator('.diagnostic', { hasText: 'customer_list' }).first();
  const code = await finding.getAttribute('data-code');
  await finding.getByRole('button', { name: /^Why/ }).click();
  await finding.locator('.rule-docs').waitFor();
  await finding.locator('.diagnostic-main').click();
  assert.equal(await page.locator('#field-name').inputValue(), 'customer_list', 'the finding selects its model');
  await rename(page, 'mrt_sales__customers');
  await page.waitForFunction(
    (c) => ![...document.querySelectorAll('.diagnostic')].some((d) => d.dataset.code === c && d.textContent.includes('mrt_sales__customers')),
    code,
  );

  // Every layer has its models, and the design follows every rule that
  // would stop a build.
  await fit(page);
  const all = await cards(page);
  for (const layer of ['RAW', 'SRC', 'VIN', 'VLT', 'AIN', 'ANA', 'MRT']) {
    assert.ok(
      await page.locator(`.card.layer-${layer.toLowerCase()}`).count() > 0,
      `${layer} has a card`,
    );
  }
  const errors = await page.locator('.diagnostic.error').allInnerTexts();
  assert.deepEqual(errors, [], 'no errors left');
  await page.keyboard.press('Escape');
  await screenshot(page, 'modeling-complete');

  // Lineage of a column: what feeds the event's amount, and what it feeds.
  await page.getByRole('button', { name: 'Lineage', exact: true }).click();
  await page.locator('[data-table="vlt_evt_order"] .table-header').click();
  await page.locator('[data-column="vlt_evt_order.amount"]').click();
  await page.locator('.lineage-focus', { hasText: 'Focus: vlt_evt_order.amount' }).waitFor();
  const dim = async (table) => page.locator(`[data-table="${table}"]`).evaluate((el) => el.classList.contains('dim'));
  assert.equal(await dim('shop.orders'), false, 'the raw table feeds it');
  assert.equal(await dim('ain_customer__orders_monthly'), false, 'the rollup reads it');
  assert.equal(await dim('shop.customers'), true, 'customers do not feed an order amount');
  assert.ok(
    await page.locator('.lineage-edge.direct[data-to="vlt_evt_order.amount"]').count() > 0,
    'the amount passes through unchanged',
  );
  await screenshot(page, 'modeling-lineage');
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  const svgText = readFileSync(await svgFile.path(), 'utf8');
  assert.match(svgText, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svgText, /vlt_evt_order/);
  const [pngFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const png = readFileSync(await pngFile.path());
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  await page.getByRole('button', { name: 'Design', exact: true }).click();

  // Undo and redo: delete a model, bring it back, delete it again, undo.
  await select(page, 'mrt_sales__customers');
  await page.keyboard.press('Escape');
  await page.locator('[data-card="mrt_sales__customers"]').click();
  await page.keyboard.press('Delete');
  await page.getByRole('alertdialog', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
  assert.ok(!(await cards(page)).includes('mrt_sales__customers'));
  await page.keyboard.press('Control+z');
  await page.locator('[data-card="mrt_sales__customers"]').waitFor();
  await page.keyboard.press('Control+Shift+z');
  await page.locator('[data-card="mrt_sales__customers"]').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('[data-card="mrt_sales__customers"]').waitFor();
  assert.deepEqual(await cards(page), all);

  // Reload: the design is kept in the browser.
  await page.locator('.save-state', { hasText: 'Saved' }).waitFor();
  await page.reload();
  await page.locator('[data-card="mrt_sales__customers"]').waitFor();
  assert.deepEqual(await cards(page), all);
  await select(page, 'src_shop__customers');
  assert.equal(await page.locator('#field-dedupe').inputValue(), 'latest');

  // Export, then import the file as a new design: the same models.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.keyboard.press('Control+e'),
  ]);
  const path = await download.path();
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(exported.models.length, all.length - 2, 'every model, and two raw tables as sources');
  await page.keyboard.press('Control+k');
  await page.getByRole('textbox', { name: 'Command' }).fill('new empty');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-card]').length === 0);
  // Ctrl+O opens the file picker; the chosen file is imported as a new design.
  const picker = page.locator('input[type=file]');
  await picker.evaluate((input) => input.addEventListener('click', () => { window.__pickerOpened = true; }));
  await page.keyboard.press('Control+o');
  assert.equal(await page.evaluate(() => window.__pickerOpened), true, 'Ctrl+O opens the picker');
  await picker.setInputFiles(path);
  await page.locator('[data-card="mrt_sales__customers"]').waitFor();
  assert.deepEqual(await cards(page), all);

  // A broken file changes nothing and says why.
  const broken = await page.evaluateHandle(() => new DataTransfer());
  await page.evaluate((dt) => dt.items.add(new File(['{"format_version": 2, "name": 1'], 'broken.json', { type: 'application/json' })), broken);
  await page.dispatchEvent('.workbench', 'drop', { dataTransfer: broken });
  await page.locator('.status-line .error', { hasText: 'not a design Strata can open' }).waitFor();
  assert.deepEqual(await cards(page), all);

  // The help overlay lists the shortcuts; the dark theme and the
  // presentation zoom for projectors.
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await screenshot(page, 'modeling-help');
  await page.keyboard.press('Escape');
  // Text on screen passes WCAG AA contrast, in both themes.
  await page.getByRole('tab', { name: /Diagnostics/ }).click();
  assert.deepEqual(await lowContrast(page), [], 'light theme contrast');
  await page.keyboard.press('Shift+T');
  await fit(page);
  await page.locator('[data-card="src_shop__customers"]').click();
  await screenshot(page, 'modeling-dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.deepEqual(await lowContrast(page), [], 'dark theme contrast');

  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(page, problems), []);
  await page.close();
});

test('forbidden connections explain the layer contract; Shift+drag selects a rectangle', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('.canvas-viewport').waitFor();
  await page.keyboard.press('Control+k');
  await page.getByRole('textbox', { name: 'Command' }).fill('cafe');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await page.locator('[data-card="mrt_owner__regulars"]').waitFor();
  await fit(page);
  const from = await page.locator('[data-handle="src_till__orders"]').boundingBox();
  const to = await page.locator('[data-card="mrt_owner__regulars"]').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  const problem = page.locator('.connect-problem');
  await problem.waitFor();
  assert.equal(await problem.innerText(), 'MRT may read only ANA and AIN, not SRC: route the data through the layers in between');
  await screenshot(page, 'modeling-forbidden-connection');
  await page.mouse.up();
  await page.locator('.status-line .error').waitFor();

  // Shift+drag on the background selects the cards in the rectangle.
  const first = await page.locator('[data-card="src_till__customers"]').boundingBox();
  const last = await page.locator('[data-card="src_till__payments"]').boundingBox();
  await page.keyboard.down('Shift');
  await page.mouse.move(first.x - 6, first.y - 6);
  await page.mouse.down();
  await page.mouse.move(last.x + last.width + 6, last.y + last.height + 6, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.locator('.inspector-empty', { hasText: '3 cards selected' }).waitFor();
  for (const name of ['src_till__customers', 'src_till__orders', 'src_till__payments']) {
    assert.equal(await page.locator(`[data-card="${name}"]`).getAttribute('aria-pressed'), 'true', name);
  }
  await context.close();
});
