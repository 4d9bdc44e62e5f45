// Share links in the real app: a design shared from one browser opens in a
// fresh one identical and read-only, saves nothing there until it is
// forked, never replaces the viewer's own designs, renders the link's text
// as text, and a damaged link is explained without losing anything.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, cspViolations, strata, runDesign, runStatuses } from './support/harness.mjs';

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

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

async function importDesign(page, design) {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-share-')), `${design.name}.json`);
  writeFileSync(file, JSON.stringify(design));
  await page.locator('input[type=file]').setInputFiles(file);
  await page.locator('.status-line', { hasText: `Imported ${design.name} as a new design` }).waitFor();
  await page.locator('.save-state', { hasText: 'Saved' }).waitFor();
}

async function keptDesigns(page) {
  await page.getByRole('button', { name: 'Designs' }).click();
  const names = await page.locator('.menu .menu-row .menu-item').allInnerTexts();
  await page.getByRole('button', { name: 'Designs' }).click();
  return names;
}

test('a shared design opens identical and read-only in a fresh browser, forks, and never replaces the viewer\'s designs', async () => {
  const design = JSON.parse(strata('example', 'cafe'));
  design.description = `${design.description} ${HOSTILE}`;
  design.notes = [{ text: `Ask the owner ${HOSTILE}`, about: 'till.orders' }];

  // The sharer.
  const sharer = await openPage(browser, server.url);
  await importDesign(sharer.page, design);
  const cards = await sharer.page.locator('[data-card]').count();
  await sharer.page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = sharer.page.getByRole('dialog', { name: 'Share this design' });
  const input = dialog.getByLabel('Share link');
  await input.waitFor();
  const link = await input.inputValue();
  assert.ok(link.startsWith(`${server.url.replace(/\/$/, '')}/#v1.`), link.slice(0, 80));
  assert.match(await dialog.innerText(), new RegExp(`${link.length} characters`));
  await screenshot(sharer.page, 'share-dialog');
  // What the link holds is the design, exactly (checked by the CLI's decoder).
  const decoded = JSON.parse(strata('share', 'decode', link));
  assert.deepEqual(decoded, design);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A fresh browser opens it read-only and keeps nothing.
  const viewer = await openPage(browser, link);
  const page = viewer.page;
  await page.getByRole('region', { name: 'Shared design' }).waitFor();
  assert.match(await page.locator('.status-line').innerText(), /Opened the shared design cafe, read-only/);
  assert.equal(await page.locator('[data-card]').count(), cards);
  assert.equal(await page.getByRole('button', { name: 'Share', exact: true }).count(), 0);
  assert.match(await page.locator('.save-state').innerText(), /Not kept: fork it to keep it/);
  assert.equal(await page.locator('.lane-add:visible').count(), 0, 'no + in the lanes');
  await screenshot(page, 'shared-read-only');
  // An edit is refused with the reason.
  await page.locator('[data-card="src_till__orders"]').click();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('button', { name: /^Delete/ });
  if (await confirm.count()) await confirm.first().click();
  await page.locator('.status-line', { hasText: 'read-only' }).waitFor();
  assert.equal(await page.locator('[data-card]').count(), cards);
  assert.deepEqual(await keptDesigns(page), [], 'nothing kept before forking');
  // The link's text is text.
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img[src=x]').count(), 0);

  // Forked: editable, kept, and the link leaves the address bar.
  await page.getByRole('button', { name: 'Fork to my workspace' }).click();
  await page.locator('.status-line', { hasText: 'Forked cafe into your workspace' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Shared design' }).count(), 0);
  assert.equal(new URL(page.url()).hash, '');
  await page.locator('.save-state', { hasText: 'Saved' }).waitFor();
  assert.deepEqual(await keptDesigns(page), ['cafe']);
  // Its documentation exports as one HTML file, the link's text still text.
  await page.getByRole('button', { name: 'Designs' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Export the documentation (one HTML file)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'cafe_docs.html');
  const docs = readFileSync(await download.path(), 'utf8');
  for (const section of ['Source inventory', 'Data dictionary', 'Business objects', 'Quality assessment', 'Lineage', 'DDL']) {
    assert.ok(docs.includes(`<h2>${section}</h2>`), section);
  }
  assert.ok(docs.includes('<svg'), 'the lineage diagram is inline');
  assert.ok(!docs.includes('<script') && !docs.includes('<img'), 'no markup from the design');
  await page.reload();
  await page.locator('.status-line', { hasText: 'Reopened your design' }).waitFor();
  assert.equal(await page.locator('[data-card]').count(), cards);
  assert.equal(await page.getByRole('region', { name: 'Shared design' }).count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(viewer.problems.errors, []);
  assert.deepEqual(await cspViolations(page, viewer.problems), []);
  await page.close();

  // The sharer opens a link in the same browser: their own design is not
  // replaced, and Close brings it back.
  const own = sharer.page;
  await own.goto(link.replace('#', '?again#'));
  await own.getByRole('region', { name: 'Shared design' }).waitFor();
  assert.deepEqual(await keptDesigns(own), ['cafe']);
  await own.getByRole('button', { name: 'Close' }).click();
  await own.locator('.status-line', { hasText: 'Reopened your design' }).waitFor();
  assert.equal(new URL(own.url()).hash, '');
  assert.deepEqual(await keptDesigns(own), ['cafe']);

  // A damaged link is explained; the design open last comes back.
  const cut = link.slice(0, link.length - 30);
  await own.goto(cut.replace('#', '?cut#'));
  await own.locator('.status-line', { hasText: 'The shared link does not open' }).waitFor();
  assert.match(await own.locator('.status-line').innerText(), /cut short or damaged.*Your own designs are untouched/);
  await own.locator('[data-card]').first().waitFor();
  assert.equal(await own.getByRole('region', { name: 'Shared design' }).count(), 0);
  assert.deepEqual(await keptDesigns(own), ['cafe']);
  assert.deepEqual(sharer.problems.errors, []);
  await own.close();
});

test('the guided tour walks the method on the café in the real UI, skips, resumes and finishes', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.locator('.lane-bg').first().waitFor();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await page.getByRole('button', { name: 'Take the guided tour' }).click();
  const note = page.getByRole('dialog', { name: 'Guided tour' });
  await note.waitFor();
  await page.locator('.status-line', { hasText: 'Opened a copy of the cafe example' }).waitFor();
  const progress = async () => (await note.locator('.tour-progress').innerText()).match(/(\d+) of (\d+)/i).slice(1).map(Number);
  const [first, total] = await progress();
  assert.equal(first, 1);
  assert.ok(total >= 10, `${total} steps`);

  // The raw-data step points at the RAW lane and frames it.
  await note.getByRole('button', { name: 'Next' }).click();
  assert.match(await note.innerText(), /Understand the raw data/);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.focus), 'RAW');
  await page.locator('.tour-ring').waitFor();
  await screenshot(page, 'tour-raw');

  // Skip, reload: the tour resumes at the same step.
  await note.getByRole('button', { name: 'Next' }).click();
  const [at] = await progress();
  await note.getByRole('button', { name: 'Skip tour' }).click();
  assert.equal(await note.count(), 0);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.focus), undefined);
  await page.reload();
  await page.locator('.status-line', { hasText: 'Reopened your design' }).waitFor();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('guided tour');
  await page.keyboard.press('Enter');
  await note.waitFor();
  assert.equal((await progress())[0], at);
  assert.match(await page.locator('.status-line').innerText(), /Resumed the guided tour/);

  // Through every step to the end, each with its own text.
  const titles = new Set();
  // `at` and `total` count from 1, as the note shows them.
  for (let n = at; n <= total; n++) {
    titles.add(await note.locator('h3').innerText());
    if (n < total) await note.getByRole('button', { name: 'Next' }).click();
  }
  assert.equal(titles.size, total - at + 1, 'every step says something of its own');
  assert.match(await note.innerText(), /That is the method/);
  await screenshot(page, 'tour-end');
  await note.getByRole('button', { name: 'Finish' }).click();
  assert.equal(await note.count(), 0);
  await page.locator('.status-line', { hasText: 'Tour finished' }).waitFor();
  // Finished means forgotten: the next tour starts from the beginning.
  assert.equal(await page.evaluate(() => localStorage.getItem('strata.tour.step')), null);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(page, problems), []);
  await page.close();
});

test('the design space shows every layer the data and the planned objects make possible; the models it adds run', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const cafe = JSON.parse(strata('example', 'cafe'));
  const bare = { ...cafe, name: 'cafe_bare', models: [], canvas: {} };
  await importDesign(page, bare);
  const ghosts = page.locator('[data-ghost]');
  await ghosts.first().waitFor();
  const proposed = await ghosts.evaluateAll((els) => els.map((e) => e.dataset.ghost));
  assert.deepEqual([...proposed].sort(), [
    'ain_customer__orders_monthly',
    'ain_customer__payments_monthly',
    'ana_customer',
    'src_till__customers',
    'src_till__orders',
    'src_till__payments',
    'vlt_evt_order',
    'vlt_evt_payment',
    'vlt_obj_customer',
  ]);
  // Each ghost sits in its own layer's lane.
  for (const name of proposed) {
    const code = name.split('_')[0];
    assert.match(await page.locator(`[data-ghost="${name}"]`).getAttribute('class'), new RegExp(`layer-${code}`));
  }
  await page.getByRole('button', { name: 'Fit' }).click();
  await screenshot(page, 'design-space');
  // G hides the map and shows it again (a preference kept in the browser).
  await page.keyboard.press('g');
  await page.locator('.status-line', { hasText: 'Design space hidden' }).waitFor();
  assert.equal(await ghosts.count(), 0);
  await page.keyboard.press('g');
  await page.locator('[data-ghost="ana_customer"]').waitFor();

  // The analytic object on top brings what it reads along.
  const top = page.locator('[data-ghost="ana_customer"]');
  assert.match(await top.innerText(), /builds on 4 more/);
  await top.click();
  await page.locator('.status-line', { hasText: 'Added ana_customer from the design space' }).waitFor();
  for (const name of ['src_till__customers', 'src_till__orders', 'vlt_obj_customer', 'vlt_evt_order', 'ana_customer']) {
    await page.locator(`[data-card="${name}"]`).waitFor();
  }
  assert.equal(await page.locator('[data-card="ana_customer"]').getAttribute('aria-pressed'), 'true', 'selected, its form open');
  // One click is one undo step: the five go and their ghosts return.
  await page.keyboard.press('Control+z');
  await page.locator('[data-ghost="ana_customer"]').waitFor();
  assert.equal(await page.locator('[data-card="src_till__customers"]').count(), 0);
  await page.keyboard.press('Control+Shift+z');
  await page.locator('[data-card="ana_customer"]').waitFor();
  // Its orders are measured now, so their rollup is no longer proposed.
  assert.equal(await page.locator('[data-ghost="ain_customer__orders_monthly"]').count(), 0);

  // The rest of the map, one click each.
  while ((await ghosts.count()) > 0) {
    const name = await ghosts.first().getAttribute('data-ghost');
    await ghosts.first().click();
    await page.locator(`[data-card="${name}"]`).waitFor();
  }
  assert.equal(await page.locator('.diagnostic.error').count(), 0, 'no rule errors');

  // What the design space proposed really builds in DuckDB-wasm.
  const status = await runDesign(page);
  assert.match(status, /Ran the design: 8 built/);
  const statuses = await runStatuses(page);
  for (const name of proposed.filter((n) => n !== 'ain_customer__orders_monthly')) {
    assert.equal(statuses[name], 'built', `${name} is built`);
  }
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('business objects are planned with sources and relationships; profiling suggests them and the link is proposed', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const cafe = JSON.parse(strata('example', 'cafe'));
  await importDesign(page, { ...cafe, name: 'cafe_planned' });
  // The design panel: nothing selected.
  await page.keyboard.press('Escape');
  const objectName = page.locator('#object-name');
  await objectName.fill('order');
  await page.locator('#object-keys').fill('order_id');
  await page.getByRole('button', { name: 'Add object' }).click();
  const order = page.locator('.object-row[data-object="order"]');
  await order.waitFor();
  await order.getByLabel('Add a raw table that feeds order').selectOption('till.orders');
  await order.locator('.chip', { hasText: 'till.orders' }).waitFor();

  // Profiling finds orders.customer_id in customers: a suggestion.
  await page.locator('[data-card="till.orders"]').click();
  await page.getByRole('button', { name: 'Profile the raw data' }).click();
  await page.locator('.status-line', { hasText: 'Profiled' }).waitFor({ timeout: 120_000 });
  await page.keyboard.press('Escape');
  const suggestion = page.locator('[data-suggestion="order->customer"]');
  await suggestion.waitFor();
  assert.match(await suggestion.innerText(), /order → customer · many to one/);
  assert.match(await suggestion.innerText(), /% of till\.orders\.customer_id found in till\.customers\.customer_id/);
  await suggestion.scrollIntoViewIfNeeded();
  await screenshot(page, 'object-planner');
  await suggestion.getByRole('button', { name: 'Relate' }).click();
  await order.locator('[data-relationship="order->customer"]').waitFor();
  assert.equal(await suggestion.count(), 0, 'planned, no longer suggested');

  // The planned object and its link are proposed in the vault.
  const link = page.locator('[data-ghost="vlt_rel_order__customer"]');
  await link.waitFor();
  await page.locator('[data-ghost="vlt_obj_order"]').waitFor();
  await link.click();
  await page.locator('[data-card="vlt_rel_order__customer"]').waitFor();
  assert.equal(await page.locator('.diagnostic.error').count(), 0, 'no rule errors');

  // The relationship is removed the way it was added.
  await page.keyboard.press('Escape');
  await order.getByRole('button', { name: 'order no longer relates to customer' }).click();
  assert.equal(await order.locator('[data-relationship]').count(), 0);
  // The form relates with a chosen cardinality.
  await order.getByLabel('cardinality').selectOption('many to one');
  await order.getByRole('button', { name: 'Relate' }).click();
  await order.locator('[data-relationship="order->customer"]', { hasText: 'many to one' }).waitFor();
  assert.deepEqual(problems.errors, []);
  await page.close();
});
