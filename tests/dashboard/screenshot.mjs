#!/usr/bin/env node
// Takes the README's screenshot of the dashboard: the sample accounts plus one created through
// the page, in headless Chromium, against the local API in memory (fixed ids, so the picture
// only changes when the page does).
//
//   node tests/dashboard/screenshot.mjs [OUT.png]      # default docs/dashboard.png (make dashboard-screenshot)

import path from 'node:path';

import { SAMPLE_ACCOUNTS } from '../../www/server.mjs';
import { ROOT, demo, launchBrowser, openDashboard, row } from './helpers.mjs';

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs', 'dashboard.png'));
const ids = ['3f6c2a9e-8b41-4d7a-9c15-2e7f0b6d4a81', '9a0d5e27-61c3-4f8b-b2e4-7c19d3a5f602', 'c4b8e1f0-2d97-4a63-8e5b-1f06a7c39d24', '58e3a7d1-0f4c-4b92-a6d8-93c2e5b1f7a0'];
let next = 0;
const newIds = ['e1d7c3b9-4a25-4f60-9b8e-6d2f0a5c7e13', '7b2f9e04-c6d1-4a8e-b3f5-0e9a4d6c2b78'];

const server = await demo({
  seed: SAMPLE_ACCOUNTS.map((a, i) => ({ ...a, id: ids[i] })),
  localOptions: { newId: () => newIds[next++] ?? crypto.randomUUID(), rateLimit: { limit: 1000, periodSeconds: 60 } },
});
const browser = await launchBrowser();
try {
  const { page, context, problems } = await openDashboard(browser, server);
  await page.locator('#new-account').click();
  await page.getByLabel('Name').fill('umbrella-prod');
  await page.getByLabel('Okta domain').fill('https://umbrella.okta.com/');
  await page.getByLabel('Client ID', { exact: true }).fill('0oa4hq8z1RtY6uWx2k9');
  await page.getByLabel('Client secret', { exact: true }).fill('not-a-real-secret');
  await page.getByRole('button', { name: 'Create account' }).click();
  await row(page, 'umbrella-prod').waitFor();
  await page.locator('#refresh').click();
  await page.locator('#activity li').nth(2).waitFor();
  // No toast, no flash, no focus ring, no hover: the page at rest.
  await page.evaluate(() => {
    document.querySelectorAll('.toast').forEach((t) => t.remove());
    document.querySelectorAll('tr.flash').forEach((r) => r.classList.remove('flash'));
    document.activeElement?.blur();
  });
  await page.mouse.move(0, 0);
  const height = await page.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom));
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height } });
  await context.close();
  if (problems.length > 0) throw new Error(`the page reported problems: ${problems.join('; ')}`);
  console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  await server.close();
}
