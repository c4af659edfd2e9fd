// The /__control HTTP endpoint (faults and the request log have their own
// tests in faults.test.mjs) and the matching handle methods.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, oauthAccount, request, startQuiet } from './helpers.mjs';

const SEED = [{ id: 'seed-1', name: 'seeded', domain: 'https://s.okta.com/', auth_method: 'api_key', api_key: 'sk' }];
let fake;
let c;
before(async () => {
  fake = await startQuiet({ seed: SEED });
  c = fake.api.control;
});
after(() => fake.close());
beforeEach(() => fake.control.reset({ seed: true }));

test('health and the route index', async () => {
  assert.deepEqual((await c.get('/health')).json, { ok: true });
  const index = await c.get('');
  assert.equal(index.status, 200);
  for (const route of ['GET /__control/config', 'POST /__control/faults', 'DELETE /__control/requests', 'POST /__control/reset', 'DELETE /__control/rate-limit', 'DELETE /__control/faults/:id']) {
    assert.ok(index.json.routes.includes(route), route);
  }
});

test('config: read and change; unknown options and bad values are 400 and change nothing', async () => {
  const cfg = (await c.get('/config')).json;
  assert.deepEqual(cfg, {
    reassignIdOnUpdate: false,
    rateLimit: { limit: 1000, periodSeconds: 60, name: 'okta_integration' },
    corsOrigins: 'loopback',
    bodyLimit: 1048576,
    state: null,
    keys: 'any non-empty pair',
  });
  const changed = await c.patch('/config', { reassignIdOnUpdate: true, bodyLimit: 2048, corsOrigins: ['http://127.0.0.1:5173'] });
  assert.equal(changed.status, 200);
  assert.deepEqual([changed.json.reassignIdOnUpdate, changed.json.bodyLimit, changed.json.corsOrigins], [true, 2048, ['http://127.0.0.1:5173']]);
  assert.equal((await c.post('/config', { reassignIdOnUpdate: false })).json.reassignIdOnUpdate, false, 'POST works too');

  for (const [patch, message] of [
    [{ reassign: true }, /unknown config option 'reassign'/],
    [{ reassignIdOnUpdate: 'yes' }, /reassignIdOnUpdate must be a boolean/],
    [{ bodyLimit: 0 }, /bodyLimit must be an integer >= 1/],
    [{ reassignIdOnUpdate: true, rateLimit: { periodSeconds: 'x' } }, /periodSeconds/],
    [{ corsOrigins: '*' }, /'\*' is not accepted/],
    [{ corsOrigins: ['http://a.test'] }, /http:\/\/a\.test is not a loopback origin/],
  ]) {
    const r = await c.patch('/config', patch);
    assert.equal(r.status, 400, JSON.stringify(patch));
    assert.match(r.json.errors[0], message);
  }
  assert.equal(fake.control.config().reassignIdOnUpdate, false, 'a refused patch changes nothing');
});

test('accounts: secrets masked by default, shown with ?secrets=true; PUT replaces them', async () => {
  await fake.api.post(ACCOUNTS, oauthAccount('o1'));
  const masked = (await c.get('/accounts')).json.accounts;
  assert.deepEqual(masked[0], { id: 'seed-1', name: 'seeded', domain: 'https://s.okta.com/', auth_method: 'api_key', api_key: '***' });
  assert.equal(masked[1].client_secret, '***');
  const clear = (await c.get('/accounts?secrets=true')).json.accounts;
  assert.deepEqual([clear[0].api_key, clear[1].client_secret], ['sk', 'csecret']);

  const put = await c.put('/accounts', { accounts: [{ name: 'fresh', domain: 'https://f.okta.com/', auth_method: 'oauth', client_id: 'c', client_secret: 'x' }] });
  assert.equal(put.status, 200);
  assert.equal(put.json.accounts.length, 1);
  assert.match(put.json.accounts[0].id, /^[0-9a-f-]{36}$/, 'an id is made up when none is given');
  assert.deepEqual((await fake.api.get(ACCOUNTS)).json.data.map((a) => a.attributes.name), ['fresh']);

  const bad = await c.put('/accounts', { accounts: [{ name: 'x' }] });
  assert.equal(bad.status, 400);
  assert.match(bad.json.errors[0], /account #1: "domain" must be a non-empty string/);
  const dup = await c.put('/accounts', { accounts: [SEED[0], SEED[0]] });
  assert.match(dup.json.errors[0], /duplicate account id "seed-1"/);
  assert.equal((await c.put('/accounts', {})).status, 400);
});

test('reset: empties the accounts (or seeds them, or sets them) and clears faults, log, budget and config', async () => {
  await fake.api.post(ACCOUNTS, oauthAccount('gone'));
  fake.control.addFault({ kind: 'drop' });
  fake.control.setConfig({ reassignIdOnUpdate: true, rateLimit: { limit: 5 } });
  const r = await c.post('/reset');
  assert.deepEqual(r.json, { ok: true, accounts: 0 });
  assert.deepEqual(fake.control.accounts(), []);
  assert.deepEqual(fake.control.faults(), []);
  assert.deepEqual(fake.control.requests(), []);
  assert.equal(fake.control.rateLimit().used, 0);
  assert.equal(fake.control.rateLimit().limit, 1000);
  assert.equal(fake.control.config().reassignIdOnUpdate, false);

  assert.deepEqual((await c.post('/reset', { seed: true })).json, { ok: true, accounts: 1 });
  assert.equal(fake.control.accounts()[0].id, 'seed-1');
  await c.post('/reset', { accounts: [{ id: 'x', name: 'given', domain: 'https://g.okta.com/', auth_method: 'oauth' }] });
  assert.deepEqual(fake.control.accounts().map((a) => a.name), ['given']);
});

test('unknown routes 404, wrong methods 405, bad JSON 400; control calls are not logged nor counted', async () => {
  const nope = await c.get('/nope');
  assert.equal(nope.status, 404);
  assert.deepEqual(nope.json, { errors: ['Unknown control route /__control/nope'] });
  const wrong = await c.delete('/health');
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.allow, 'GET, OPTIONS');
  const bad = await request(fake.url, 'POST', '/__control/faults', { body: '{oops', headers: { 'Content-Type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.match(bad.json.errors[0], /not valid JSON/);
  assert.deepEqual(fake.control.requests(), []);
  assert.equal(fake.control.rateLimit().used, 0);
});

test('controlEndpoint: false turns /__control into an ordinary unknown API path', async () => {
  const closed = await startQuiet({ controlEndpoint: false });
  try {
    const r = await request(closed.url, 'GET', '/__control/health');
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, { errors: ['Not Found'] });
    assert.ok(closed.control.accounts, 'the JS handle still works');
  } finally {
    await closed.close();
  }
});

test('unknown start() options are refused (typos would otherwise be silent)', async () => {
  const { start } = await import('./server.mjs');
  await assert.rejects(start({ reasignIdOnUpdate: true }), /unknown option 'reasignIdOnUpdate'/);
});
