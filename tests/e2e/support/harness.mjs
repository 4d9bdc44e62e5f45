// Shared set-up for the end-to-end tests: start Strata's real dev server on a
// free port, and launch Debian's Chromium through playwright-core with the
// flags this closed-network machine needs.

import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The repository's root folder. */
export const root = new URL('../../../', import.meta.url).pathname;

export const outputDir = process.env.STRATA_TEST_OUTPUT ?? join(root, 'tests/output');

/**
 * Start `cargo xtask serve --no-build --port 0` (with `args`, e.g. a base
 * path); resolves to { url, stop }, `url` without the base path.
 */
export function startServer(...args) {
  const child = spawn('cargo', ['xtask', 'serve', '--no-build', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/served at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving`));
    });
  });
}

/** Launch headless Chromium. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.STRATA_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Every CSP violation of the whole e2e run, whichever test saw it, lands in
 * this file; `cargo xtask test e2e` fails when it is not empty at the end.
 */
export const cspLog = join(outputDir, 'csp-violations.log');

function recordCsp(text) {
  mkdirSync(outputDir, { recursive: true });
  appendFileSync(cspLog, `${text}\n`);
}

/**
 * Open a page that records every CSP violation and uncaught error, so tests
 * can assert there were none.
 */
export async function openPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = { csp: [], errors: [] };
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      problems.csp.push(message.text());
      recordCsp(message.text());
    }
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        problems.csp.push(message.text());
        recordCsp(message.text());
      }
    }),
  );
  await page.addInitScript(() => {
    // Hostile text that ever runs records itself here (see hostile.mjs).
    window.__xss = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
      window[name] = (message) => window.__xss.push(`${name}: ${message}`);
    }
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  await page.goto(url);
  return { page, problems };
}

/** Every CSP violation the page and its workers reported. */
export async function cspViolations(page, problems) {
  const fromEvents = await page.evaluate(() => window.__cspViolations ?? []);
  return [...problems.csp, ...fromEvents];
}

/** Save a screenshot under the test output folder; returns its path. */
export async function screenshot(page, name) {
  const dir = join(outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Click Run and wait for the run to end; returns the status line. */
export async function runDesign(page, ends = /Ran the design|Run stopped|cannot/) {
  // The run is over when the run progress is gone and the status line says
  // how it ended.
  await page.getByRole('button', { name: 'Run the design' }).click();
  await page.locator('.run-progress').waitFor({ state: 'detached', timeout: 120_000 });
  await page.locator('.status-line', { hasText: ends }).waitFor({ timeout: 120_000 });
  return page.locator('.status-line').innerText();
}

/** Each card's run status (built, failed, skipped), by name. */
export async function runStatuses(page) {
  return page.locator('[data-card][data-run]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.card, e.dataset.run])),
  );
}

/** Runs the `strata` CLI with `args`; returns what it printed. */
export function strata(...args) {
  return execFileSync('cargo', ['run', '--quiet', '--package', 'strata-cli', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
}

/** The layer contract as core states it, through the `strata` CLI. */
export function layerContract() {
  return JSON.parse(strata('layers', '--format', 'json'));
}
