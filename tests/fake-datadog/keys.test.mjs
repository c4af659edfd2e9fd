// DD-API-KEY / DD-APPLICATION-KEY: any pair by default, a key list with
// permissions when configured; 403 {"errors":["Forbidden"]} otherwise.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start } from './server.mjs';
import { ACCOUNTS, oauthAccount, oauthUpdate, request, spawnCli, startQuiet, tempDir, exited } from './helpers.mjs';

const FORBIDDEN = '{"errors":["Forbidden"]}';
const keysFor = (api, app) => ({ 'DD-API-KEY': api, 'DD-APPLICATION-KEY': app });
const KEYS = [
  { apiKey: 'rw-api', appKey: 'rw-app', permissions: ['integrations_read', 'manage_integrations'] },
  { apiKey: 'ro-api', appKey: 'ro-app', permissions: ['integrations_read'] },
  { apiKey: 'wo-api', appKey: 'wo-app', permissions: ['manage_integrations'] },
  { apiKey: 'all-api', appKey: 'all-app' }, // no permissions listed: all of them
];

test('default: any non-empty pair has full rights; a missing or empty key is 403', async () => {
  const fake = await startQuiet();
  try {
    const any = keysFor('whatever', 'anything');
    assert.equal((await request(fake.url, 'POST', ACCOUNTS, { keys: any, body: oauthAccount('a') })).status, 201);
    assert.equal((await request(fake.url, 'GET', ACCOUNTS, { keys: any })).status, 200);
    for (const keys of [false, { 'DD-API-KEY': 'only-api' }, { 'DD-APPLICATION-KEY': 'only-app' }, keysFor('', 'x'), keysFor('x', '')]) {
      const r = await request(fake.url, 'GET', ACCOUNTS, { keys });
      assert.equal(r.status, 403, JSON.stringify(keys));
      assert.equal(r.text, FORBIDDEN);
      assert.equal(r.headers['content-type'], 'application/json');
    }
  } finally {
    await fake.close();
  }
});

test('header names are case-insensitive', async () => {
  const fake = await startQuiet({ keys: KEYS });
  try {
    for (const [a, b] of [['dd-api-key', 'dd-application-key'], ['DD-API-KEY', 'DD-APPLICATION-KEY'], ['Dd-Api-Key', 'dD-aPPLICATION-kEY']]) {
      const r = await request(fake.url, 'GET', ACCOUNTS, { keys: { [a]: 'ro-api', [b]: 'ro-app' } });
      assert.equal(r.status, 200, `${a} / ${b}`);
    }
  } finally {
    await fake.close();
  }
});

describeKeyList('keys option', () => startQuiet({ keys: KEYS }));

describeKeyList('keys file (module option as a path)', () => {
  const dir = tempDir();
  const file = path.join(dir, 'keys.json');
  fs.writeFileSync(file, JSON.stringify(KEYS));
  return startQuiet({ keys: file });
});

function describeKeyList(title, starter) {
  let fake;
  const call = (method, p, keys, body) => request(fake.url, method, p, { keys, body });
  test(`${title}: only listed pairs, each with its permissions`, async (t) => {
    fake = await starter();
    t.after(() => fake.close());
    const rw = keysFor('rw-api', 'rw-app');
    const ro = keysFor('ro-api', 'ro-app');
    const wo = keysFor('wo-api', 'wo-app');
    const all = keysFor('all-api', 'all-app');

    // Unknown pair, and a known api key with another pair's app key.
    for (const keys of [keysFor('nope', 'nope'), keysFor('rw-api', 'ro-app')]) {
      const r = await call('GET', ACCOUNTS, keys);
      assert.equal(r.status, 403);
      assert.equal(r.text, FORBIDDEN);
    }
    const created = await call('POST', ACCOUNTS, rw, oauthAccount('k1'));
    assert.equal(created.status, 201);
    const item = `${ACCOUNTS}/${created.json.data.id}`;
    assert.equal((await call('POST', ACCOUNTS, all, oauthAccount('k2'))).status, 201);

    // Read-only: reads yes, writes 403, and the writes change nothing.
    assert.equal((await call('GET', ACCOUNTS, ro)).status, 200);
    assert.equal((await call('GET', item, ro)).status, 200);
    for (const [method, p, body] of [['POST', ACCOUNTS, oauthAccount('k3')], ['PATCH', item, oauthUpdate()], ['DELETE', item]]) {
      const r = await call(method, p, ro, body);
      assert.equal(r.status, 403, `${method} with a read-only pair`);
      assert.equal(r.text, FORBIDDEN);
    }
    assert.equal(fake.control.accounts().length, 2);
    assert.equal(fake.control.accounts({ secrets: true })[0].client_secret, 'csecret');

    // manage_integrations alone does not grant reads (the spec lists one permission per operation).
    assert.equal((await call('GET', ACCOUNTS, wo)).status, 403);
    assert.equal((await call('PATCH', item, wo, oauthUpdate())).status, 200);
    assert.equal((await call('DELETE', item, wo)).status, 204);
  });
}

test('a bad keys list is refused at start with a clear message', async () => {
  await assert.rejects(start({ keys: [{ apiKey: 'a' }] }), /entry #1: "appKey" must be a non-empty string/);
  await assert.rejects(start({ keys: [{ apiKey: 'a', appKey: 'b', permissions: ['admin'] }] }), /unknown permission "admin"/);
  await assert.rejects(start({ keys: '/nonexistent/keys.json' }), /cannot read keys file/);
});

test('CLI --keys FILE', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'keys.json');
  fs.writeFileSync(file, JSON.stringify([{ apiKey: 'cli-api', appKey: 'cli-app', permissions: ['integrations_read'] }]));
  const { child, url } = await spawnCli(['--port', '0', '--keys', file]);
  try {
    assert.equal((await request(url, 'GET', ACCOUNTS, { keys: keysFor('cli-api', 'cli-app') })).status, 200);
    assert.equal((await request(url, 'POST', ACCOUNTS, { keys: keysFor('cli-api', 'cli-app'), body: oauthAccount('x') })).status, 403);
    assert.equal((await request(url, 'GET', ACCOUNTS, { keys: keysFor('other', 'other') })).status, 403);
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
  fs.writeFileSync(file, '[{');
  const bad = await spawnCli(['--port', '0', '--keys', file]).catch((e) => e);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /keys file .* is not valid JSON/);
});
