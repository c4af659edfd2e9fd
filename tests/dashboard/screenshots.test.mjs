// The list as a person with 200 long-named accounts sees it, at 1280 and 390 px, light and
// dark: target/dashboard-screenshots/list-<width>-<theme>.png. `make dashboard-screenshot`
// copies list-1280-light.png to docs/dashboard.png, the README's picture. Fixed ids and a
// page at rest (no focus ring, no hover), so the pictures change only when the page does.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { OUT, demo, launchBrowser, openDashboard } from './helpers.mjs';
import { manyAccounts } from './many.mjs';

const SIZES = { 1280: { width: 1280, height: 900 }, 390: { width: 390, height: 844 } };

describe('dashboard: screenshots', () => {
  let browser;
  let server;

  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), demo({ seed: manyAccounts(200) })]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of Object.keys(SIZES)) {
    for (const colorScheme of ['light', 'dark']) {
      test(`list-${width}-${colorScheme}.png`, async () => {
        server.local.control.reset({ seed: true });
        const { page, context, problems } = await openDashboard(browser, server, { viewport: SIZES[width], colorScheme });
        try {
          await page.evaluate(() => document.activeElement?.blur());
          await page.mouse.move(0, 0);
          const file = path.join(OUT, `list-${width}-${colorScheme}.png`);
          fs.rmSync(file, { force: true });
          await page.screenshot({ path: file });
          assert.ok(fs.statSync(file).size > 10_000, 'a real picture');
          assert.equal(await page.locator('#accounts-body tr[data-id]:not([hidden])').count(), 200);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
