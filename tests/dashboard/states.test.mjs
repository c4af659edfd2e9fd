// Every state told as it is, in headless Chromium, driven by the local API: a failed refresh
// keeps the last good list marked stale, never the empty state under an error; a spent rate
// limit ("0 of 0") says "exhausted" without a full bar; a delete or an edit of an account that is
// already gone; messages that never cover the page; Esc or Cancel on a changed form; Okta
// domains that are not origins.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { SAMPLE_ACCOUNTS } from '../../www/server.mjs';
import { API, dashboardSuite, row, screenshot, tableRows, text } from './helpers.mjs';

describe('dashboard: every state honest', () => {
  const suite = dashboardSuite();
  const { open } = suite;
  /** Removes an account behind the page's back, as another user would. */
  const deleteElsewhere = (name) => suite.control.setAccounts(suite.control.accounts({ secrets: true }).filter((a) => a.name !== name));

  test('a failed refresh keeps the last good list, marked stale with the time it was loaded', async () => {
    const { page } = await open();
    const loadedAt = page.locator('#loaded-at');
    const time = /loaded at (.+)$/.exec(await text(loadedAt))[1];
    assert.equal(await loadedAt.getAttribute('data-stale'), 'false');
    suite.control.addFault({ kind: 'status', status: 500, count: 3, method: 'GET' });
    await page.locator('#refresh').click();
    await page.locator('#list-error').waitFor();
    assert.equal((await tableRows(page)).length, SAMPLE_ACCOUNTS.length, 'the last good list stays');
    assert.equal(await loadedAt.getAttribute('data-stale'), 'true');
    assert.equal(await text(loadedAt), `Not up to date: loaded at ${time}, the last refresh failed`);
    assert.equal(await page.locator('#empty').isHidden(), true);
    await screenshot(page, 'states-stale');

    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#list-error').waitFor({ state: 'hidden' });
    assert.equal(await loadedAt.getAttribute('data-stale'), 'false');
    assert.match(await text(loadedAt), /^· loaded at \d\d:\d\d:\d\d/);
  });

  test('an empty organisation whose refresh fails: the error, never the invitation to create under it', async () => {
    const { page } = await open();
    suite.control.reset();
    await page.locator('#refresh').click();
    await page.locator('#empty').waitFor();
    suite.control.addFault({ kind: 'status', status: 503, count: 3, method: 'GET' });
    await page.locator('#refresh').click();
    await page.locator('#list-error').waitFor();
    assert.equal(await page.locator('#empty').isHidden(), true, 'no "No Okta accounts yet" under the error');
    assert.equal(await text(page.locator('#accounts-body')), 'There were no accounts when the list was last loaded.');
    assert.equal(await page.locator('#loaded-at').getAttribute('data-stale'), 'true');
  });

  test('a spent rate limit (limit 0) is shown as the API gave it: "exhausted, resets in N s", no bar, same card size', async () => {
    const { page } = await open();
    const card = page.locator('#rate-limit');
    await page.locator('#rate-limit-meter').waitFor();
    const before = await card.boundingBox();
    suite.control.setConfig({ rateLimit: { limit: 0, periodSeconds: 60 } });
    await page.locator('#refresh').click();
    await page.locator('#list-error').waitFor();
    assert.match(await text(page.locator('#list-error')), /HTTP 429 Too Many Requests/);
    assert.equal(await card.getAttribute('data-exhausted'), 'true');
    assert.equal(await text(page.locator('#rate-limit-value')), '0 of 0 left');
    assert.match(await text(page.locator('#rate-limit-reset')), /^exhausted, resets in (5\d|60) s$/);
    assert.equal(await page.locator('#rate-limit-meter').isHidden(), true, 'no bar, let alone a full one');
    const afterwards = await card.boundingBox();
    assert.deepEqual([afterwards.width, afterwards.height], [before.width, before.height], 'the card keeps its size');
    await screenshot(page, 'states-rate-limit-exhausted');
  });

  test('deleting an account that is already gone removes its row and says so', async () => {
    const { page } = await open();
    deleteElsewhere('globex-staging');
    await page.getByRole('button', { name: 'Delete globex-staging' }).click();
    await page.getByRole('dialog', { name: 'Delete “globex-staging”?' }).getByRole('button', { name: 'Delete account' }).click();
    await page.locator('#delete-dialog').waitFor({ state: 'hidden' });
    await row(page, 'globex-staging').waitFor({ state: 'detached' });
    assert.equal(await text(page.locator('#toasts')), '“globex-staging” was already gone: the API no longer has it, so it was removed from the list.');
    assert.deepEqual(suite.control.requests({ method: 'DELETE' }).map((r) => r.status), [404]);
    assert.equal(await text(page.locator('#accounts-count')), `${SAMPLE_ACCOUNTS.length - 1} accounts`);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Delete initech-eu', 'the focus moves to the next row');
  });

  test('saving an account that is gone says so and offers to refresh the list', async () => {
    const { page } = await open();
    deleteElsewhere('acme-customers');
    await page.getByRole('button', { name: 'Edit acme-customers' }).click();
    await page.getByLabel('Client secret', { exact: true }).fill('new-secret');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const formError = page.locator('#form-error');
    await formError.locator('.alert-status').waitFor();
    assert.match(await text(formError), /^This account no longer exists HTTP 404 Not Found .*deleted elsewhere/);
    assert.deepEqual(suite.control.requests({ method: 'PATCH' }).map((r) => r.status), [404]);
    await screenshot(page, 'states-edit-gone');
    await formError.getByRole('button', { name: 'Refresh the list' }).click();
    await page.locator('#account-dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#discard-dialog').isHidden(), true, 'no question: the account is gone');
    await row(page, 'acme-customers').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'accounts-heading');
    assert.equal(suite.control.requests({ method: 'GET', pathPrefix: API }).length, 2, 'the list was loaded again');
  });

  for (const viewport of [{ width: 1280, height: 860 }, { width: 390, height: 844 }]) {
    test(`messages never cover other content (${viewport.width} px)`, async () => {
      const { page } = await open({ viewport });
      for (const name of ['first-new', 'second-new']) {
        await page.locator('#new-account').click();
        await page.getByLabel('Name', { exact: true }).fill(name);
        await page.getByLabel('Okta domain').fill(`https://${name}.okta.com/`);
        await page.getByLabel('Client ID', { exact: true }).fill('0oaNEW');
        await page.getByLabel('Client secret', { exact: true }).fill('s');
        await page.getByRole('button', { name: 'Create account' }).click();
        await row(page, name).waitFor();
      }
      await page.locator('.toast:text("second-new")').waitFor();
      // Scrolled to the top, the middle and the bottom: nothing else shares the message's pixels.
      for (const at of [0, 0.5, 1]) {
        const overlaps = await page.evaluate((at) => {
          scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * at);
          const message = document.querySelector('.toast');
          const m = message.getBoundingClientRect();
          const others = [...document.querySelectorAll('body *')].filter((el) => !el.contains(message) && !message.contains(el) && el.checkVisibility());
          return others
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && r.height > 0 && Math.min(r.right, m.right) - Math.max(r.left, m.left) > 0.5 && Math.min(r.bottom, m.bottom) - Math.max(r.top, m.top) > 0.5)
            .map(([el]) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
        }, at);
        assert.deepEqual(overlaps, [], `scrolled to ${at * 100} %`);
      }
      assert.equal(await page.locator('.toast').count(), 1, 'one message at a time');
    });
  }

  test('Esc or Cancel on a changed form asks first; an unchanged form just closes', async () => {
    const { page } = await open();
    const form = page.locator('#account-dialog');
    const question = page.getByRole('dialog', { name: 'Discard your changes?' });
    await page.locator('#new-account').click();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });

    await page.locator('#new-account').click();
    await page.getByLabel('Name', { exact: true }).fill('half-done');
    await page.keyboard.press('Escape');
    await question.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'discard-keep', 'the safe answer has the focus');
    await screenshot(page, 'states-discard');
    await page.keyboard.press('Escape'); // Esc on the question keeps editing
    await question.waitFor({ state: 'hidden' });
    assert.equal(await form.isVisible(), true);
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'half-done');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-name', 'back where the typing was');

    await page.getByRole('button', { name: 'Cancel' }).click();
    await question.getByRole('button', { name: 'Discard changes' }).click();
    await form.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new-account');
    assert.deepEqual(suite.control.requests({ method: 'POST' }), []);

    // Edit: the loaded values are not a change; a new domain is.
    await page.getByRole('button', { name: 'Edit acme-workforce' }).click();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Edit acme-workforce' }).click();
    await page.getByLabel('Okta domain').fill('https://elsewhere.okta.com/');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await question.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(await page.getByLabel('Okta domain').inputValue(), 'https://elsewhere.okta.com/');
    await page.keyboard.press('Escape');
    await question.getByRole('button', { name: 'Discard changes' }).click();
    await form.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Edit acme-workforce');
    assert.deepEqual(suite.control.requests({ method: 'PATCH' }), []);
  });

  test("an Okta domain that is not an origin is refused on the form, with the core's message", async () => {
    const { page } = await open();
    const domain = 'https://e.okta.com/admin/x?y=1#z';
    const coreMessage = await page.evaluate(async (domain) => {
      const { v2 } = await import('/pkg/web.mjs');
      const problems = await v2.validateOktaAccountRequest({ data: { type: 'okta-accounts', attributes: { name: 'n', domain, authMethod: 'oauth', clientId: 'c', clientSecret: 's' } } });
      const messages = problems.filter((p) => p.path === 'body.data.attributes.domain').map((p) => p.message);
      return messages.length > 0 ? messages.join('; ') : null;
    }, domain);
    assert.ok(coreMessage, 'the core refuses a domain with a path, a query and a fragment');
    await page.locator('#new-account').click();
    await page.getByLabel('Name', { exact: true }).fill('not-an-origin');
    await page.getByLabel('Okta domain').fill(domain);
    await page.getByLabel('Client ID', { exact: true }).fill('0oaX');
    await page.getByLabel('Client secret', { exact: true }).fill('s');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#f-domain-error').waitFor();
    assert.equal(await text(page.locator('#f-domain-error')), `Okta domain ${coreMessage}.`);
    assert.equal(await page.locator('#f-domain').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(suite.control.requests({ method: 'POST' }), [], 'nothing was sent');
  });

  test('an account stored with a domain that is not an origin still lists, shows and deletes normally', async () => {
    const { page } = await open();
    const legacy = { name: 'legacy-with-path', domain: 'https://legacy.okta.com/admin/x?y=1', auth_method: 'api_key', api_key: 'k' };
    suite.control.setAccounts([...suite.control.accounts({ secrets: true }), legacy]);
    await page.locator('#refresh').click();
    await row(page, legacy.name).waitFor();
    assert.equal((await tableRows(page)).find((r) => r.name === legacy.name).domain, legacy.domain);
    await page.getByRole('button', { name: `Edit ${legacy.name}` }).click();
    assert.equal(await page.getByLabel('Okta domain').inputValue(), legacy.domain);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: `Delete ${legacy.name}` }).click();
    await page.getByRole('button', { name: 'Delete account' }).click();
    await row(page, legacy.name).waitFor({ state: 'detached' });
    assert.deepEqual(suite.control.requests({ method: 'DELETE' }).map((r) => r.status), [204]);
  });
});
