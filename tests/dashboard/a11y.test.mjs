// Accessibility in headless Chromium: axe-core (from npm, injected past the page's CSP) finds
// no serious or critical violation on the list, the dialogs and the error states, in both
// themes and at both widths; Chromium's own accessibility tree has a table with headers and
// dialogs named by their titles; every control is reached by Tab in reading order with a
// visible focus ring, and works from the keyboard; prefers-reduced-motion stops the motion.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { axeProblems, dashboardSuite } from './helpers.mjs';
import { manyAccounts } from './many.mjs';

const ACCOUNTS = manyAccounts(200);
const WIDE = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

/** Chromium's accessibility tree (what a screen reader gets), as [{ role, name }]. */
async function axTree(context, page) {
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value ?? '' }));
}

/** What has the focus: its id, or its accessible label, or its text; and whether a ring shows. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      what: el.id || el.getAttribute('aria-label') || el.textContent.trim(),
      ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
      onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    };
  });

describe('dashboard: accessibility', () => {
  const suite = dashboardSuite({ seed: ACCOUNTS });
  const { open } = suite;

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core: no serious or critical violation on the list, the dialogs and the error states (${colorScheme})`, async () => {
      const found = [];
      const check = async (page, what) => found.push(...(await axeProblems(page)).map((p) => `${what}: ${p}`));
      const { page } = await open({ colorScheme, bypassCSP: true, path: '/?sort=name:asc' });
      await check(page, 'the list, sorted');
      await page.getByRole('searchbox', { name: 'Search accounts' }).fill('no-such-account');
      await check(page, 'a search without results');
      await page.getByRole('button', { name: 'Clear the search' }).click();

      await page.locator('#new-account').click();
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('#f-domain-error').waitFor();
      await check(page, 'the form with a problem at each field');
      await page.getByLabel('Name', { exact: true }).fill(ACCOUNTS[0].name);
      await page.getByLabel('Okta domain').fill('https://taken.okta.com/');
      await page.getByLabel('Client ID', { exact: true }).fill('0oaX');
      await page.getByLabel('Client secret', { exact: true }).fill('s');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('#form-error .alert-status').waitFor();
      await check(page, 'the form after a 409');
      await page.keyboard.press('Escape');
      await page.locator('#discard-dialog[open]').waitFor();
      await check(page, 'the discard question');
      await page.getByRole('button', { name: 'Discard changes' }).click();

      await page.getByRole('button', { name: `Delete ${ACCOUNTS[1].name}` }).click();
      await page.locator('#delete-dialog[open]').waitFor();
      await check(page, 'the delete confirmation');
      await page.keyboard.press('Escape');

      suite.control.addFault({ kind: 'html', status: 502, count: 3, method: 'GET' });
      await page.locator('#refresh').click();
      await page.locator('#list-error').waitFor();
      suite.control.setConfig({ rateLimit: { limit: 0, periodSeconds: 60 } });
      await page.locator('#refresh').click();
      await page.locator('#rate-limit[data-exhausted="true"]').waitFor();
      await check(page, 'a stale list, an upstream error and a spent rate limit');

      const phone = await open({ colorScheme, bypassCSP: true, viewport: PHONE });
      await check(phone.page, 'the list at 390 px');
      await phone.page.locator('#new-account').click();
      await phone.page.getByRole('button', { name: 'Create account' }).click();
      await phone.page.locator('#f-domain-error').waitFor();
      await check(phone.page, 'the form at 390 px');

      suite.control.addFault({ kind: 'status', status: 503, count: 3, method: 'GET' });
      const failed = await open({ reset: false, colorScheme, bypassCSP: true });
      await failed.page.locator('#list-error').waitFor();
      await check(failed.page, 'a first load that failed');
      assert.deepEqual(found, []);
    });
  }

  test("Chromium's accessibility tree: a table with its headers and a row header per account; dialogs named by their titles", async () => {
    for (const [viewport, headers] of [[WIDE, ['name', 'domain', 'auth method', 'client id', 'id', 'actions']], [PHONE, ['name', 'domain', 'auth method', 'actions']]]) {
      const { page, context } = await open({ viewport });
      const tree = await axTree(context, page);
      assert.deepEqual(tree.filter((n) => n.role === 'table').map((n) => n.name), ['Accounts']);
      assert.deepEqual(tree.filter((n) => n.role === 'columnheader').map((n) => n.name.toLowerCase()), headers, `${viewport.width} px`);
      assert.deepEqual(tree.filter((n) => n.role === 'rowheader').map((n) => n.name), ACCOUNTS.map((a) => a.name), `${viewport.width} px: every account, on screen or not`);
      assert.equal(tree.filter((n) => n.role === 'row').length, ACCOUNTS.length + 1);
    }
    const { page, context } = await open();
    const dialogs = async () => (await axTree(context, page)).filter((n) => n.role === 'dialog').map((n) => n.name);
    await page.locator('#new-account').click();
    assert.deepEqual(await dialogs(), ['New Okta account']);
    await page.getByLabel('Name', { exact: true }).fill('x');
    await page.keyboard.press('Escape');
    assert.deepEqual(await dialogs(), ['Discard your changes?'], 'the form behind the question is inert');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('button', { name: `Delete ${ACCOUNTS[0].name}` }).click();
    assert.deepEqual(await dialogs(), [`Delete “${ACCOUNTS[0].name}”?`]);
  });

  test('keyboard: Tab reaches every control in reading order with a visible focus ring, and they work', async () => {
    for (const [viewport, sortStops] of [[WIDE, ['Name', 'Domain', 'Auth method']], [PHONE, ['sort']]]) {
      const { page } = await open({ viewport });
      const stops = [];
      for (let i = 0; i < 10 + sortStops.length; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        assert.ok(f.ring, `${viewport.width} px: ${f.what} shows where the focus is`);
        assert.ok(f.onScreen, `${viewport.width} px: ${f.what} is scrolled into view`);
        stops.push(f.what);
      }
      const [a, b] = ACCOUNTS;
      const rowStops = viewport === WIDE ? [`Copy the id of ${a.name}`, `Edit ${a.name}`, `Delete ${a.name}`, `Copy the id of ${b.name}`, `Edit ${b.name}`, `Delete ${b.name}`] : [`Edit ${a.name}`, `Delete ${a.name}`, `Edit ${b.name}`, `Delete ${b.name}`, `Edit ${ACCOUNTS[2].name}`, `Delete ${ACCOUNTS[2].name}`];
      assert.deepEqual(stops, ['Skip to the accounts', 'refresh', 'new-account', 'search', ...sortStops, ...rowStops], `${viewport.width} px`);
    }

    // They work: the skip link, `/`, sorting, opening a dialog (the focus stays inside it) and Esc.
    const { page } = await open();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).what, 'accounts-heading');
    await page.keyboard.press('/');
    await page.keyboard.type('tailspin');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // sort by name
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'name:asc');
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'name:desc');
    const first = await page.locator('#accounts-body tr[data-id]:not([hidden])').first().getAttribute('data-name');
    assert.match(first, /^tailspin/);
    await page.keyboard.press('Tab'); // Domain
    await page.keyboard.press('Tab'); // Auth method
    await page.keyboard.press('Tab'); // copy
    await page.keyboard.press('Tab'); // Edit
    await page.keyboard.press('Enter');
    await page.locator('#account-dialog[open]').waitFor();
    // Tab cycles through the dialog (and, past its end, the browser's own controls: body here),
    // never to the page behind it.
    const reached = new Set();
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => (document.activeElement === document.body ? 'body' : document.querySelector('#account-dialog').contains(document.activeElement) ? document.activeElement.id || document.activeElement.value : `outside: ${document.activeElement.outerHTML.slice(0, 60)}`));
      assert.doesNotMatch(where, /^outside/);
      reached.add(where);
    }
    for (const id of ['f-domain', 'oauth', 'f-clientId', 'f-clientSecret', 'account-cancel', 'account-submit']) assert.ok(reached.has(id), `${id} is reached: ${[...reached]}`);
    await page.keyboard.press('Escape');
    await page.locator('#account-dialog').waitFor({ state: 'hidden' });
    assert.equal((await focused(page)).what, `Edit ${first}`);
  });

  test('prefers-reduced-motion: no animation or transition lasts', async () => {
    const durations = async (page) =>
      page.evaluate(() => {
        const longest = (el) => Math.max(...`${getComputedStyle(el).animationDuration},${getComputedStyle(el).transitionDuration}`.split(',').map((s) => parseFloat(s) * (s.trim().endsWith('ms') ? 1 : 1000)));
        return Math.max(...[...document.querySelectorAll('.spinner, .toast, .btn, tr.flash > *, #accounts-table tbody')].map(longest));
      });
    const show = async (page) => {
      await page.locator('#refresh').evaluate((b) => b.classList.add('busy'));
      await page.evaluate(() => {
        document.querySelector('#toasts').innerHTML = '<p class="toast">moving?</p>';
        document.querySelector('#accounts-body tr[data-id]:not([hidden])').classList.add('flash');
      });
    };
    const moving = await open();
    await show(moving.page);
    assert.ok((await durations(moving.page)) >= 400, 'without the preference, things move (the check can fail)');
    const still = await open({ reducedMotion: 'reduce' });
    await show(still.page);
    assert.ok((await durations(still.page)) < 1, `with it, nothing lasts: ${await durations(still.page)} ms`);
  });
});
