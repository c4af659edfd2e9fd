// Shared by the dashboard tests: the demo server on a random port with its state in a temp
// dir, headless Debian Chromium through playwright-core, plain HTTP requests with exact
// headers, axe-core, and screenshots in target/dashboard-screenshots/.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startDemo } from '../../www/server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = path.join(ROOT, 'target', 'dashboard-screenshots');
export const API = '/api/v2/integrations/okta/accounts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * A private copy of pkg/, taken under the build lock: `make pkg` run elsewhere in the tree
 * empties pkg/ first, which would break a page loading the library mid-test. Taken once per
 * process.
 */
let pkgCopy = null;
export function waitForPkg() {
  if (pkgCopy) return pkgCopy;
  const dest = path.join(tempDir(), 'pkg');
  fs.mkdirSync(dest);
  const lock = path.join(ROOT, 'target', '.pkg.lock');
  const copy = ['cp', '-R', path.join(ROOT, 'pkg') + '/.', dest];
  const r = fs.existsSync(lock) ? spawnSync('flock', ['-w', '300', lock, ...copy], { stdio: 'ignore' }) : spawnSync(copy[0], copy.slice(1), { stdio: 'ignore' });
  for (const f of ['web.mjs', 'datadog_okta_wasm_bg.wasm']) {
    if (r.status !== 0 || !fs.existsSync(path.join(dest, f))) throw new Error(`pkg/${f} is missing: run \`make pkg\` first (\`make test\` does)`);
  }
  pkgCopy = dest;
  return dest;
}

/** Waits until no `make pkg` runs (for tests that start the CLI, which serves pkg/ itself). */
export function waitForBuild() {
  const lock = path.join(ROOT, 'target', '.pkg.lock');
  if (fs.existsSync(lock)) spawnSync('flock', ['-w', '300', lock, 'true'], { stdio: 'ignore' });
}

/** A fresh temp dir, removed when the process exits. */
export function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-test-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The demo server in local mode, state in memory unless `stateFile` is given. */
export async function demo(options = {}) {
  return startDemo({ port: 0, stateFile: null, env: {}, pkgDir: waitForPkg(), ...options });
}

export async function launchBrowser() {
  fs.mkdirSync(OUT, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Opens the dashboard in a new context and waits until the library is loaded and the first
 * list has answered. `problems` collects page errors, CSP violations and unexpected console
 * errors (a failed request is logged by Chromium as an error; those are expected in tests of
 * failures and are not collected). Options: `viewport`, `colorScheme`, `reducedMotion`,
 * `bypassCSP` (for injecting axe-core), `path` (e.g. '/?q=acme').
 */
export async function openDashboard(browser, server, { waitForList = true, viewport = { width: 1280, height: 860 }, colorScheme = 'light', reducedMotion = 'no-preference', bypassCSP = false, path: at = '/' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion, bypassCSP });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  const apiRequests = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(`${r.method()} ${url.pathname}`);
  });
  await page.goto(`${server.url}${at}`);
  await page.locator('html[data-ready]').waitFor({ state: 'attached' });
  if ((await page.locator('html').getAttribute('data-ready')) !== 'true') {
    throw new Error(`the dashboard did not start: ${await page.locator('#list-error').innerText()}`);
  }
  if (waitForList) await page.locator('#accounts-count:not(:text("Loading…"))').waitFor();
  return { page, context, problems, apiRequests };
}

/**
 * The life of a dashboard test file, called inside its `describe` (so that the hooks stay its
 * own when run-all.mjs imports every file into one process): one browser and one demo server
 * (started with `demoOptions`) for the file, and every page opened by `open` or handed to
 * `track` closed after its test, which fails on any page error, CSP violation or console error.
 * `open(options)` resets the fake API to its seed and opens the dashboard; `options.target`
 * opens another server instead (not reset unless `reset: true`); the rest goes to
 * `openDashboard`.
 */
export function dashboardSuite(demoOptions = {}) {
  const suite = { browser: null, server: null, control: null };
  const sessions = [];
  before(async () => {
    [suite.browser, suite.server] = await Promise.all([launchBrowser(), demo(demoOptions)]);
    suite.control = suite.server.local.control;
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      await s.context.close();
      assert.deepEqual(s.problems, [], 'no page errors, CSP violations or console errors');
    }
  });
  suite.track = (session) => {
    sessions.push(session);
    return session;
  };
  suite.open = async ({ target, reset = target === undefined, ...options } = {}) => {
    if (reset) suite.control.reset({ seed: true });
    return suite.track(await openDashboard(suite.browser, target ?? suite.server, options));
  };
  return suite;
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2 A and AA rules, best practices) on the page as it is now and returns
 * the serious and critical violations as readable lines. The context needs `bypassCSP: true`.
 */
export async function axeProblems(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
}

/** A full-page screenshot in target/dashboard-screenshots/NAME.png (git-ignored). */
export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

/** The account rows as shown: [{ id, name, domain, auth, clientId }]. */
export async function tableRows(page) {
  return page.locator('#accounts-body tr[data-id]:not([hidden])').evaluateAll((rows) =>
    rows.map((r) => ({
      id: r.querySelector('td.id code').textContent,
      name: r.querySelector('th.name').textContent,
      domain: r.querySelector('td.domain').textContent,
      auth: r.querySelector('td.auth').textContent,
      clientId: r.querySelector('td.client-id').textContent,
    })),
  );
}

export const row = (page, name) => page.locator(`#accounts-body tr[data-name="${name}"]`);

/**
 * A plain HTTP request with exactly these headers and this raw path (fetch would normalise
 * "..", add Origin or refuse to set Host). Resolves to { status, headers, body, json }.
 */
export function rawRequest(baseUrl, { method = 'GET', path: target = '/', headers = {}, body } = {}) {
  const { hostname, port } = new URL(baseUrl);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers = { ...headers, 'Content-Length': Buffer.byteLength(body) };
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: target, headers, setHost: !Object.keys(headers).some((h) => h.toLowerCase() === 'host') }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The text of an element, whitespace collapsed. */
export async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** True when the text looks like a stack trace or source location leaked into the UI. */
export function looksLikeStack(s) {
  return /^\s+at \S|\.m?js:\d+|wasm-function|\.rs:\d+|^\s*\w*Error: /m.test(s);
}
