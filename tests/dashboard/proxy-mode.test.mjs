// The dashboard in proxy mode, in headless Chromium: the server holds DD_API_KEY/DD_APP_KEY
// and forwards to an upstream that, in tests, is a local fake-datadog accepting only those
// keys (never the real Datadog). The page says which site it talks to, works end to end,
// and no key ever reaches the browser. A cross-site page cannot use the proxy.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { start as startFake } from '../fake-datadog/server.mjs';
import { SAMPLE_ACCOUNTS, startDemo } from '../../www/server.mjs';
import { API, launchBrowser, openDashboard, row, screenshot, tableRows, text, waitForPkg } from './helpers.mjs';

const API_KEY = 'proxy-browser-test-api-key-7f3a';
const APP_KEY = 'proxy-browser-test-app-key-91c2';

// Inside one describe so that its hooks stay its own when run-all.mjs (Node 21+) imports
// every file into one process.
describe('dashboard: proxy mode', () => {
  let browser;
  let upstream;
  let server;

  before(async () => {
    waitForPkg();
    upstream = await startFake({ port: 0, keys: [{ apiKey: API_KEY, appKey: APP_KEY }], seed: SAMPLE_ACCOUNTS.slice(0, 2), logger: () => {} });
    [browser, server] = await Promise.all([
      launchBrowser(),
      startDemo({ port: 0, pkgDir: waitForPkg(), env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_SITE: 'datadoghq.eu' }, upstreamUrl: upstream.url }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await upstream?.close();
  });

  test('shows the Datadog site and a warning that changes are real; works end to end; no key reaches the page', async () => {
    const session = await openDashboard(browser, server);
    const { page } = session;
    const bodies = [];
    page.on('response', async (r) => {
      try {
        bodies.push(`${r.url()} ${JSON.stringify(await r.allHeaders())} ${await r.text()}`);
      } catch {
        // bodies of redirects and the like cannot be read
      }
    });
    try {
      assert.equal(await text(page.locator('#backend-value')), 'Datadog proxy');
      assert.equal(await text(page.locator('#site-value')), 'datadoghq.eu');
      const banner = page.locator('#mode-banner');
      assert.equal(await banner.isVisible(), true);
      assert.match(await text(banner), /Connected to Datadog \(datadoghq\.eu\)\. Changes made here are real/);
      assert.deepEqual((await tableRows(page)).map((r) => r.name), SAMPLE_ACCOUNTS.slice(0, 2).map((a) => a.name));

      await page.locator('#new-account').click();
      await page.getByLabel('Name').fill('via-proxy');
      await page.getByLabel('Okta domain').fill('https://via-proxy.okta.com/');
      await page.getByLabel('API token', { exact: true }).check();
      await page.getByLabel('Okta API token').fill('okta-token');
      await page.getByRole('button', { name: 'Create account' }).click();
      await row(page, 'via-proxy').waitFor();
      assert.ok(upstream.control.accounts().some((a) => a.name === 'via-proxy'));
      await page.locator('#refresh').click();
      await page.locator('#activity li').nth(2).waitFor();
      await screenshot(page, 'proxy-mode');

      // Every request the upstream saw carried the server's keys (it accepts no others) and
      // came from the server, not the page.
      assert.ok(upstream.control.requests().every((r) => r.status < 400), JSON.stringify(upstream.control.requests().map((r) => r.status)));
      // Nothing the browser received holds a key: the page, the info, the library, the API answers.
      bodies.push(await page.content());
      for (const b of bodies) {
        assert.ok(!b.includes(API_KEY) && !b.includes(APP_KEY), `a key leaked into: ${b.slice(0, 120)}`);
      }
      assert.deepEqual(session.problems, []);
    } finally {
      await session.context.close();
    }
  });

  test('a page on another origin cannot use the proxy, even on the same machine', async () => {
    // A "malicious" page served from another loopback port tries a cross-site write and read.
    const evil = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>evil</title>');
    });
    await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${evil.address().port}/`);
      upstream.control.clearRequests();
      const results = await page.evaluate(async ({ target, path }) => {
        const out = [];
        // A "simple" cross-site POST needs no preflight; the server must refuse it itself.
        for (const init of [
          { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"data":{}}' },
          { method: 'GET', mode: 'no-cors' },
          { method: 'GET' },
        ]) {
          try {
            const r = await fetch(target + path, init);
            out.push(r.type === 'opaque' ? 'opaque' : r.status);
          } catch (e) {
            out.push(`blocked: ${e.name}`);
          }
        }
        return out;
      }, { target: server.url, path: API });
      assert.equal(results.length, 3);
      assert.deepEqual(upstream.control.requests(), [], `nothing reached the upstream (page saw ${JSON.stringify(results)})`);
    } finally {
      await context.close();
      evil.close();
    }
  });
});
