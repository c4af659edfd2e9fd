// The dashboard in headless Chromium against the embedded local API: list, create (with the
// library's validation before anything is sent), edit (including an id the API changes),
// delete with a confirmation, the rate-limit figure and keyboard use.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import { SAMPLE_ACCOUNTS } from '../../www/server.mjs';
import { API, demo, launchBrowser, openDashboard, row, screenshot, tableRows, text } from './helpers.mjs';

// Inside one describe so that its hooks stay its own when run-all.mjs (Node 21+) imports
// every file into one process.
describe('dashboard: accounts', () => {
  let browser;
  let server;
  let control;
  let session; // { page, context, problems, apiRequests }

  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), demo()]);
    control = server.local.control;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    control.reset({ seed: true });
    session = await openDashboard(browser, server);
  });
  afterEach(async (t) => {
    if (session) {
      await screenshot(session.page, `accounts-${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      await session.context.close();
    }
    assert.deepEqual(session?.problems ?? [], [], 'no page errors, CSP violations or console errors');
  });

  const requests = (method) => control.requests({ method, pathPrefix: API }).map((r) => r.path);

  test('lists the accounts with name, domain, auth method, client id and id, and says where they come from', async () => {
    const { page } = session;
    const stored = control.accounts();
    assert.deepEqual(await tableRows(page), stored.map((a) => ({
      id: a.id,
      name: a.name,
      domain: a.domain,
      auth: a.auth_method === 'oauth' ? 'OAuth' : 'API token',
      clientId: a.client_id ?? '—',
    })));
    assert.equal(stored.length, SAMPLE_ACCOUNTS.length);
    assert.equal(await text(page.locator('#accounts-count')), `${SAMPLE_ACCOUNTS.length} accounts`);
    assert.equal(await text(page.locator('#backend-value')), 'Local API');
    assert.match(await text(page.locator('#site-value')), /^local/);
    assert.equal(await page.locator('#mode-banner').isHidden(), true);
    // The page talked to its own origin only, and nothing but the list.
    assert.deepEqual(session.apiRequests, [`GET ${API}`]);
    assert.match(await text(page.locator('#activity li').first()), /GET \/api\/v2\/integrations\/okta\/accounts 200 OK/);
    await screenshot(page, 'list');
  });

  test('shows the remaining rate-limit budget from the responses', async () => {
    const { page } = session;
    const rl = page.locator('#rate-limit');
    assert.equal(await rl.getAttribute('data-remaining'), String(control.rateLimit().remaining));
    control.setConfig({ rateLimit: { limit: 3, periodSeconds: 60 } });
    await page.locator('#refresh').click();
    await page.locator('#rate-limit[data-remaining="2"]').waitFor();
    assert.match(await text(rl), /2 of 3 left/);
    assert.match(await text(rl), /resets in \d+ s/);
    await page.locator('#refresh').click();
    await page.locator('#rate-limit[data-remaining="1"]').waitFor();
    await page.locator('#refresh').click();
    await page.locator('#rate-limit[data-remaining="0"]').waitFor();
    assert.match(await text(rl), /0 of 3 left/);
    // The next one is refused with 429; its wait (60 s) is longer than the dashboard waits, so
    // it is reported at once instead of leaving the button spinning.
    const started = Date.now();
    await page.locator('#refresh').click();
    const alert = page.locator('#list-error');
    await alert.waitFor();
    assert.ok(Date.now() - started < 5000, 'a long 429 wait is reported, not waited out');
    assert.match(await text(alert), /HTTP 429 Too Many Requests/);
    assert.match(await text(alert), /resets in \d+ s/);
    assert.equal(await rl.getAttribute('data-remaining'), '0');
    assert.equal(control.requests({ method: 'GET' }).filter((r) => r.status === 429).length, 1, 'one attempt, no retry loop');
    // What was loaded stays on screen.
    assert.equal((await tableRows(page)).length, SAMPLE_ACCOUNTS.length);
  });

  test('create: the library validates the form before anything is sent; each problem shows at its field', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'New account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New Okta account' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('bad-domain');
    await dialog.getByLabel('Okta domain').fill('example.com');
    await dialog.getByLabel('Client ID', { exact: true }).fill('0oaBAD');
    await dialog.getByLabel('Client secret', { exact: true }).fill('s3cret');
    const before = session.apiRequests.length;
    await dialog.getByRole('button', { name: 'Create account' }).click();
    const domainError = page.locator('#f-domain-error');
    await domainError.waitFor();
    assert.equal(await text(domainError), 'Okta domain must be an absolute https:// URL, such as https://example.okta.com/.');
    assert.equal(await page.locator('#f-domain').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-domain', 'focus moves to the field to fix');
    for (const other of ['name', 'clientId', 'clientSecret']) assert.equal(await page.locator(`#f-${other}-error`).isHidden(), true, other);
    assert.match(await text(page.locator('#form-error')), /Fix the problem below: nothing was sent/);
    assert.deepEqual(requests('POST'), [], 'the local API saw no create');
    assert.equal(session.apiRequests.length, before, 'the browser sent no API request');
    await screenshot(page, 'create-validation');

    // Fixing the field clears its message as you type; then the create goes through.
    await dialog.getByLabel('Okta domain').fill('https://bad-domain.okta.com/');
    await page.locator('#f-domain-error').waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = control.accounts({ secrets: true }).find((a) => a.name === 'bad-domain');
    assert.ok(created, 'stored by the local API');
    assert.deepEqual({ domain: created.domain, auth: created.auth_method, clientId: created.client_id, secret: created.client_secret }, { domain: 'https://bad-domain.okta.com/', auth: 'oauth', clientId: '0oaBAD', secret: 's3cret' });
    await row(page, 'bad-domain').waitFor();
    assert.equal(await row(page, 'bad-domain').getAttribute('data-id'), created.id);
    assert.match(await text(page.locator('#toasts')), /Created “bad-domain”/);
    assert.equal(await text(page.locator('#accounts-count')), `${SAMPLE_ACCOUNTS.length + 1} accounts`);
    assert.deepEqual(requests('POST'), [API]);
  });

  test('create: every problem at once, and the API-token form sends only the token', async () => {
    const { page } = session;
    await page.locator('#new-account').click();
    await page.locator('#account-submit').click();
    for (const [field, message] of [['name', 'Name must not be empty.'], ['domain', 'Okta domain must not be empty.'], ['clientId', 'Client ID must not be empty.'], ['clientSecret', 'Client secret must not be empty.']]) {
      assert.equal(await text(page.locator(`#f-${field}-error`)), message);
    }
    assert.match(await text(page.locator('#form-error')), /Fix the 4 problems below/);
    await page.getByLabel('API token', { exact: true }).check();
    await page.locator('#f-clientId').waitFor({ state: 'hidden' });
    await page.getByLabel('Name').fill('token-account');
    await page.getByLabel('Okta domain').fill('https://token.okta.com');
    await page.getByLabel('Okta API token').fill('00aTOKEN');
    await page.locator('#account-submit').click();
    await row(page, 'token-account').waitFor();
    const created = control.accounts({ secrets: true }).find((a) => a.name === 'token-account');
    assert.equal(created.api_key, '00aTOKEN');
    assert.equal(created.client_id, undefined, 'no oauth field was sent');
    const shown = (await tableRows(page)).find((r) => r.name === 'token-account');
    assert.deepEqual(shown, { id: created.id, name: 'token-account', domain: 'https://token.okta.com', auth: 'API token', clientId: '—' });
  });

  test('edit: name read-only, the secret asked again with the reason, and the new id used after the API changes it', async () => {
    const { page } = session;
    control.setReassignIdOnUpdate(true);
    const before = control.accounts().find((a) => a.name === 'acme-workforce');
    await row(page, 'acme-workforce').getByRole('button', { name: 'Edit acme-workforce' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit acme-workforce' });
    await dialog.waitFor();
    const name = dialog.getByLabel('Name');
    assert.equal(await name.inputValue(), 'acme-workforce');
    assert.equal(await name.getAttribute('readonly'), '');
    assert.match(await text(page.locator('#f-name-hint')), /cannot be changed/);
    assert.equal(await dialog.getByLabel('Okta domain').inputValue(), before.domain);
    assert.equal(await dialog.getByLabel('Client ID', { exact: true }).inputValue(), before.client_id);
    const why = page.locator('#f-clientSecret-why');
    assert.equal(await why.isVisible(), true);
    assert.match(await text(why), /never returns secrets.*leaves the secret out is not documented/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-clientSecret', 'focus starts on the secret');

    // Without the secret: refused here, nothing sent.
    await dialog.getByLabel('Okta domain').fill('https://acme-new.okta.com/');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#f-clientSecret-error').waitFor();
    assert.match(await text(page.locator('#f-clientSecret-error')), /Client secret is needed again/);
    assert.deepEqual(requests('PATCH'), []);
    await screenshot(page, 'edit-secret-needed');

    await dialog.getByLabel('Client secret', { exact: true }).fill('new-secret');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const after = control.accounts({ secrets: true }).find((a) => a.name === 'acme-workforce');
    assert.notEqual(after.id, before.id, 'the local API moved it to a new id');
    assert.equal(after.domain, 'https://acme-new.okta.com/');
    assert.equal(after.client_secret, 'new-secret');
    assert.deepEqual(requests('PATCH'), [`${API}/${before.id}`]);
    // The row shows the new id, in the same place; the old id is gone; the notice says so.
    const rows = await tableRows(page);
    assert.equal(rows[0].name, 'acme-workforce');
    assert.equal(rows[0].id, after.id);
    assert.equal(rows[0].domain, 'https://acme-new.okta.com/');
    assert.ok(!rows.some((r) => r.id === before.id));
    const notice = page.locator('#notice');
    assert.match(await text(notice), new RegExp(`new id: ${before.id} → ${after.id}`));
    await screenshot(page, 'edit-new-id');

    // Later calls use the new id: a second edit and a delete both reach it.
    await row(page, 'acme-workforce').getByRole('button', { name: 'Delete acme-workforce' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete account' }).click();
    await row(page, 'acme-workforce').waitFor({ state: 'detached' });
    assert.deepEqual(requests('DELETE'), [`${API}/${after.id}`]);
    assert.equal(control.requests({ method: 'DELETE' })[0].status, 204);
  });

  test('edit: switching an account to an API token, id unchanged', async () => {
    const { page } = session;
    const before = control.accounts().find((a) => a.name === 'acme-customers');
    await page.getByRole('button', { name: 'Edit acme-customers' }).click();
    await page.getByLabel('API token', { exact: true }).check();
    assert.equal(await page.locator('#f-apiKey-why').isVisible(), true);
    await page.getByLabel('Okta API token').fill('00aSWITCHED');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#account-dialog').waitFor({ state: 'hidden' });
    const after = control.accounts({ secrets: true }).find((a) => a.name === 'acme-customers');
    assert.equal(after.id, before.id);
    assert.equal(after.auth_method, 'api_key');
    assert.equal(after.api_key, '00aSWITCHED');
    const shown = (await tableRows(page)).find((r) => r.name === 'acme-customers');
    assert.equal(shown.auth, 'API token');
    assert.equal(shown.clientId, '—');
    assert.match(await text(page.locator('#toasts')), /Saved “acme-customers”/);
    assert.equal(await page.locator('#notice').isHidden(), true);
  });

  test('delete asks first; Cancel keeps the account, confirming deletes it', async () => {
    const { page } = session;
    const target = control.accounts().find((a) => a.name === 'globex-staging');
    await page.getByRole('button', { name: 'Delete globex-staging' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “globex-staging”?' });
    await dialog.waitFor();
    assert.match(await text(dialog), /globex-staging \(https:\/\/globex\.oktapreview\.com\/\) will be removed.*cannot be undone/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'delete-cancel', 'the safe choice has the focus');
    await screenshot(page, 'delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(requests('DELETE'), []);
    assert.equal(control.accounts().length, SAMPLE_ACCOUNTS.length);

    await page.getByRole('button', { name: 'Delete globex-staging' }).click();
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, 'globex-staging').waitFor({ state: 'detached' });
    assert.deepEqual(requests('DELETE'), [`${API}/${target.id}`]);
    assert.ok(!control.accounts().some((a) => a.name === 'globex-staging'));
    assert.match(await text(page.locator('#toasts')), /Deleted “globex-staging”/);
    assert.equal(await text(page.locator('#accounts-count')), `${SAMPLE_ACCOUNTS.length - 1} accounts`);
  });

  test('keyboard: open, fill and submit the form, Escape closes dialogs and gives the focus back', async () => {
    const { page } = session;
    await page.locator('#new-account').focus();
    await page.keyboard.press('Enter');
    await page.locator('#account-dialog[open]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-name');
    await page.keyboard.press('Escape');
    await page.locator('#account-dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new-account');

    await page.keyboard.press('Enter');
    await page.keyboard.type('keyboard-made');
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://kb.okta.com/');
    await page.keyboard.press('Tab'); // the auth method radio group (OAuth)
    await page.keyboard.press('Tab');
    await page.keyboard.type('0oaKB');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kb-secret');
    await page.keyboard.press('Enter');
    await row(page, 'keyboard-made').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Edit keyboard-made');

    // Delete from the keyboard, then Escape the confirmation.
    await page.getByRole('button', { name: 'Delete keyboard-made' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#delete-dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#delete-dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Delete keyboard-made');
    assert.ok(control.accounts().some((a) => a.name === 'keyboard-made'));
  });

  test('an empty organisation shows an invitation to create, then the new account', async () => {
    control.reset();
    const { page } = session;
    await page.locator('#refresh').click();
    await page.locator('#empty').waitFor();
    assert.equal(await text(page.locator('#accounts-count')), '0 accounts');
    await page.locator('#empty-new-account').click();
    await page.getByLabel('Name').fill('first');
    await page.getByLabel('Okta domain').fill('https://first.okta.com/');
    await page.getByLabel('Client ID', { exact: true }).fill('0oaFIRST');
    await page.getByLabel('Client secret', { exact: true }).fill('x');
    await page.getByRole('button', { name: 'Create account' }).click();
    await row(page, 'first').waitFor();
    assert.equal(await page.locator('#empty').isHidden(), true);
    assert.equal(await text(page.locator('#accounts-count')), '1 account');
  });
});
