// Failures as the dashboard shows them, in headless Chromium: an injected 500 (after the
// library's retries), a 403 from keys that lack a permission, an HTML 502, a 409, a create
// whose outcome is unknown, and a server that went away. Always the status and the server's
// own messages, never a stack.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { SAMPLE_ACCOUNTS } from '../../www/server.mjs';
import { API, dashboardSuite, demo, looksLikeStack, row, screenshot, tableRows, text } from './helpers.mjs';

// Inside one describe so that its hooks stay its own when run-all.mjs (Node 21+) imports
// every file into one process.
describe('dashboard: errors', () => {
  const suite = dashboardSuite();
  const { open } = suite;

  async function fillCreate(page, name) {
    await page.locator('#new-account').click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Okta domain').fill(`https://${name}.okta.com/`);
    await page.getByLabel('Client ID', { exact: true }).fill('0oaX');
    await page.getByLabel('Client secret', { exact: true }).fill('secret');
  }

  async function assertPlain(locator) {
    const raw = await locator.innerText();
    assert.ok(!looksLikeStack(raw), `no stack trace in:\n${raw}`);
    assert.doesNotMatch(raw, /undefined|null|\[object Object\]|<html|<\/?h1>/i);
  }

  test('an injected 500 on the list: the status and message after the retries, then Try again works', async () => {
    const { page } = await open();
    suite.control.clearRequests();
    suite.control.addFault({ kind: 'status', status: 500, count: 10, method: 'GET' });
    await page.locator('#refresh').click();
    const alert = page.locator('#list-error');
    await alert.waitFor();
    const shown = await text(alert);
    assert.match(shown, /Could not load the accounts/);
    assert.match(shown, /HTTP 500 Internal Server Error after 3 attempts/);
    assert.match(shown, /Internal Server Error/);
    assert.match(shown, /failed on every attempt/);
    await assertPlain(alert);
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal(suite.control.requests({ method: 'GET' }).length, 3, 'the first attempt and two retries');
    assert.equal((await tableRows(page)).length, SAMPLE_ACCOUNTS.length, 'what was loaded stays');
    assert.equal(await page.locator('#activity li[data-status="500"]').count(), 3, 'each attempt is listed');
    await screenshot(page, 'error-500');

    suite.control.clearFaults();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await alert.waitFor({ state: 'hidden' });
    assert.equal((await tableRows(page)).length, SAMPLE_ACCOUNTS.length);
  });

  test('a 500 on the first load leaves a clear empty state, not a spinner', async () => {
    suite.control.reset({ seed: true });
    suite.control.addFault({ kind: 'status', status: 503, count: 3, method: 'GET', message: 'Service is down for maintenance' });
    const { page } = await open({ reset: false });
    const alert = page.locator('#list-error');
    await alert.waitFor();
    assert.match(await text(alert), /HTTP 503 Service Unavailable after 3 attempts/);
    assert.match(await text(alert), /Service is down for maintenance/);
    assert.equal(await text(page.locator('#accounts-count')), 'Not loaded');
    assert.match(await text(page.locator('#accounts-body')), /could not be loaded/);
    assert.equal(await page.locator('#accounts-body .spinner').count(), 0);
  });

  test('an HTML 502 page from a proxy in front becomes one line: the status, from the upstream', async () => {
    const { page } = await open();
    suite.control.addFault({ kind: 'html', status: 502, count: 3, method: 'GET' });
    await page.locator('#refresh').click();
    const alert = page.locator('#list-error');
    await alert.waitFor();
    const shown = await text(alert);
    assert.match(shown, /HTTP 502 Bad Gateway from the proxy's upstream after 3 attempts/);
    // nginx's page says "502 Bad Gateway" in its title and again in its heading: once is enough.
    assert.equal(shown.match(/502 Bad Gateway/g).length, 1, shown);
    assert.equal(await alert.locator('.alert-messages').count(), 0, 'no list of messages that only repeat the status');
    await assertPlain(alert);
  });

  test('a 403 (keys without manage_integrations): listing works, create and delete are refused plainly', async () => {
    const readOnly = await demo({ localPermissions: ['integrations_read'] });
    try {
      const { page } = await open({ target: readOnly });
      assert.equal((await tableRows(page)).length, SAMPLE_ACCOUNTS.length);
      await fillCreate(page, 'not-allowed');
      await page.getByRole('button', { name: 'Create account' }).click();
      const formError = page.locator('#form-error');
      await formError.locator('.alert-status').waitFor();
      const shown = await text(formError);
      assert.match(shown, /The account was not created/);
      assert.match(shown, /HTTP 403 Forbidden/);
      assert.match(shown, /Forbidden/);
      assert.match(shown, /manage_integrations/);
      assert.doesNotMatch(shown, /after \d+ attempts/, 'a 403 is not retried');
      await assertPlain(formError);
      assert.equal(await page.locator('#account-dialog').isVisible(), true, 'the form stays open with what was typed');
      assert.equal(await page.getByLabel('Name').inputValue(), 'not-allowed');
      await screenshot(page, 'error-403-create');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard changes' }).click();

      await page.getByRole('button', { name: 'Delete initech-eu' }).click();
      await page.getByRole('button', { name: 'Delete account' }).click();
      const deleteError = page.locator('#delete-error');
      await deleteError.waitFor();
      assert.match(await text(deleteError), /The account was not deleted.*HTTP 403 Forbidden/);
      await assertPlain(deleteError);
      assert.equal(readOnly.local.control.accounts().length, SAMPLE_ACCOUNTS.length);
      assert.deepEqual(readOnly.local.control.requests().map((r) => [r.method, r.status]), [['GET', 200], ['POST', 403], ['DELETE', 403]]);
    } finally {
      await readOnly.close();
    }
  });

  test('a 403 injected on the list', async () => {
    const { page } = await open();
    suite.control.addFault({ kind: 'status', status: 403, method: 'GET' });
    await page.locator('#refresh').click();
    const alert = page.locator('#list-error');
    await alert.waitFor();
    assert.match(await text(alert), /HTTP 403 Forbidden.*Forbidden.*integrations_read/);
  });

  test('a 409 for a name already taken keeps the form open with the server message, and marks the Name field', async () => {
    const { page } = await open();
    await fillCreate(page, 'initech-eu');
    await page.getByRole('button', { name: 'Create account' }).click();
    const formError = page.locator('#form-error');
    await formError.locator('.alert-status').waitFor();
    assert.match(await text(formError), /HTTP 409 Conflict.*An Okta account named 'initech-eu' already exists.*Pick another name/);
    assert.equal(suite.control.accounts().filter((a) => a.name === 'initech-eu').length, 1);
    const nameError = page.locator('#f-name-error');
    assert.equal(await text(nameError), 'Name is already used by another account: pick another one.');
    assert.equal(await page.locator('#f-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-name', 'the focus goes to the name to change');
    await screenshot(page, 'error-409-name');

    // Sending the same name again is refused here; another name clears the mark and goes through.
    const posts = () => suite.control.requests({ method: 'POST' }).length;
    const before = posts();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#form-error .alert-title:text("Fix the problem below")').waitFor();
    assert.equal(await text(nameError), 'Name is already used by another account.');
    assert.equal(posts(), before, 'the taken name was not sent again');
    await page.getByLabel('Name', { exact: true }).fill('initech-eu-2');
    await nameError.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Create account' }).click();
    await row(page, 'initech-eu-2').waitFor();
  });

  test('a create whose every attempt fails with 500: the outcome is unknown, so the list is reloaded', async () => {
    const { page } = await open();
    suite.control.clearRequests();
    suite.control.addFault({ kind: 'status', status: 500, count: 10, method: 'POST' });
    await fillCreate(page, 'maybe-created');
    await page.getByRole('button', { name: 'Create account' }).click();
    const formError = page.locator('#form-error');
    await formError.locator('.alert-status').waitFor({ timeout: 15_000 });
    const shown = await text(formError);
    assert.match(shown, /did not say whether it worked/);
    assert.match(shown, /HTTP 500 Internal Server Error: outcome unknown/);
    assert.match(shown, /list has been reloaded/);
    await assertPlain(formError);
    // The library checked the list before each resend, and the dashboard reloaded it after.
    const lists = () => suite.control.requests({ method: 'GET' }).length;
    for (let i = 0; i < 50 && lists() < 3; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(lists() >= 3, `lists: ${lists()}`);
    assert.ok(!suite.control.accounts().some((a) => a.name === 'maybe-created'));
    await screenshot(page, 'error-unknown-outcome');
  });

  test('a server that went away: a network error, said plainly', async () => {
    const doomed = await demo();
    const { page } = await open({ target: doomed });
    await doomed.close();
    await page.locator('#refresh').click();
    const alert = page.locator('#list-error');
    await alert.waitFor({ timeout: 15_000 });
    assert.match(await text(alert), /Network error after 3 attempts.*could not be reached/);
    await assertPlain(alert);
  });

  test('a success body that is not the documented JSON is reported, not shown as an empty list', async () => {
    const { page } = await open();
    suite.control.addFault({ kind: 'truncate', method: 'GET', count: 3 });
    await page.locator('#refresh').click();
    const alert = page.locator('#list-error');
    await alert.waitFor();
    assert.match(await text(alert), /HTTP 200 OK/);
    await assertPlain(alert);
    assert.equal((await tableRows(page)).length, SAMPLE_ACCOUNTS.length);
    await row(page, 'acme-workforce').waitFor();
  });
});
