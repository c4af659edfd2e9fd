// The five operations' success paths and the facts the reference README lists.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ACCOUNTS, UUID_V4, oauthAccount, oauthUpdate, startQuiet, request } from './helpers.mjs';

let fake;
let api;
before(async () => {
  fake = await startQuiet();
  api = fake.api;
});
after(() => fake.close());
beforeEach(() => fake.control.reset());

test('create: 201, a fresh UUID v4 (the sent id ignored), no secrets, body ends with a newline', async () => {
  const body = oauthAccount('prod');
  body.data.id = 'f749daaf-682e-4208-a38d-c9b43162c609';
  const r = await api.post(ACCOUNTS, body);
  assert.equal(r.status, 201);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.ok(r.text.endsWith('}\n'));
  assert.match(r.json.data.id, UUID_V4);
  assert.notEqual(r.json.data.id, body.data.id);
  assert.deepEqual(r.json, {
    data: { type: 'okta-accounts', id: r.json.data.id, attributes: { auth_method: 'oauth', client_id: 'cid', domain: 'https://dev-test.okta.com/', name: 'prod' } },
  });
  assert.ok(!r.text.includes('csecret'));
  // ...but the secret is stored.
  assert.equal(fake.control.accounts({ secrets: true })[0].client_secret, 'csecret');
  assert.equal(fake.control.accounts()[0].client_secret, '***');
});

test('two creates get two different ids', async () => {
  const a = await api.post(ACCOUNTS, oauthAccount('a'));
  const b = await api.post(ACCOUNTS, oauthAccount('b'));
  assert.notEqual(a.json.data.id, b.json.data.id);
});

test('api_key accounts: api_key stored, never returned, client_id dropped', async () => {
  const r = await api.post(ACCOUNTS, {
    data: { type: 'okta-accounts', attributes: { auth_method: 'api_key', domain: 'https://k.okta.com/', name: 'k', api_key: 'okta-key', client_id: 'stray' } },
  });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json.data.attributes, { auth_method: 'api_key', domain: 'https://k.okta.com/', name: 'k' });
  const stored = fake.control.accounts({ secrets: true })[0];
  assert.equal(stored.api_key, 'okta-key');
  assert.equal(stored.client_id, undefined);
});

test('get: 200 with the account; list: 200 with every account, unpaginated, in creation order', async () => {
  const ids = [];
  for (let i = 0; i < 120; i++) ids.push((await api.post(ACCOUNTS, oauthAccount(`acct-${i}`))).json.data.id);
  const one = await api.get(`${ACCOUNTS}/${ids[7]}`);
  assert.equal(one.status, 200);
  assert.ok(one.text.endsWith('\n'));
  assert.equal(one.json.data.attributes.name, 'acct-7');
  const list = await api.get(ACCOUNTS);
  assert.equal(list.status, 200);
  assert.ok(list.text.endsWith('\n'));
  assert.deepEqual(list.json.data.map((a) => a.id), ids);
  assert.ok(list.json.data.every((a) => a.type === 'okta-accounts' && !('client_secret' in a.attributes)));
  assert.equal(Object.keys(list.json).join(), 'data', 'no pagination links or meta');
});

test('list of an empty organisation is {"data":[]}', async () => {
  const r = await api.get(ACCOUNTS);
  assert.equal(r.status, 200);
  assert.equal(r.text, '{"data":[]}\n');
});

test('update: 200, same id by default, name kept, auth fields replaced', async () => {
  const id = (await api.post(ACCOUNTS, oauthAccount('upd'))).json.data.id;
  const r = await api.patch(`${ACCOUNTS}/${id}`, oauthUpdate());
  assert.equal(r.status, 200);
  assert.ok(r.text.endsWith('\n'));
  assert.deepEqual(r.json.data, { type: 'okta-accounts', id, attributes: { auth_method: 'oauth', client_id: 'cid2', domain: 'https://example.okta.com/', name: 'upd' } });
  assert.equal(fake.control.accounts({ secrets: true })[0].client_secret, 'csecret2');
  assert.equal((await api.get(`${ACCOUNTS}/${id}`)).json.data.attributes.domain, 'https://example.okta.com/');
});

test('update from oauth to api_key drops client_id and the client secret', async () => {
  const id = (await api.post(ACCOUNTS, oauthAccount('switch'))).json.data.id;
  const r = await api.patch(`${ACCOUNTS}/${id}`, { data: { type: 'okta-accounts', attributes: { auth_method: 'api_key', domain: 'https://s.okta.com/', api_key: 'k1' } } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.data.attributes, { auth_method: 'api_key', domain: 'https://s.okta.com/', name: 'switch' });
  const stored = fake.control.accounts({ secrets: true })[0];
  assert.deepEqual([stored.client_id, stored.client_secret, stored.api_key], [undefined, undefined, 'k1']);
});

test('update without data.type is accepted (optional in OktaAccountUpdateRequestData)', async () => {
  const id = (await api.post(ACCOUNTS, oauthAccount('notype'))).json.data.id;
  const body = oauthUpdate();
  delete body.data.type;
  assert.equal((await api.patch(`${ACCOUNTS}/${id}`, body)).status, 200);
});

test('delete: 204, empty body, Content-Type text/html; charset=utf-8; then 404', async () => {
  const id = (await api.post(ACCOUNTS, oauthAccount('del'))).json.data.id;
  const r = await api.delete(`${ACCOUNTS}/${id}`, { headers: { Accept: '*/*' } });
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['content-length'], undefined);
  assert.equal((await api.get(`${ACCOUNTS}/${id}`)).status, 404);
  assert.equal((await api.delete(`${ACCOUNTS}/${id}`)).status, 404);
  assert.deepEqual(fake.control.accounts(), []);
});

test('an id that never existed: 404 {"errors":["Not Found"]} for get, patch and delete', async () => {
  for (const [method, body] of [['GET'], ['PATCH', oauthUpdate()], ['DELETE']]) {
    const r = await request(fake.url, method, `${ACCOUNTS}/00000000-0000-4000-8000-000000000000`, { body });
    assert.equal(r.status, 404, method);
    assert.equal(r.text, '{"errors":["Not Found"]}', method);
    assert.equal(r.headers['content-type'], 'application/json');
  }
});

test('account ids are percent-decoded as encodeURIComponent sends them', async () => {
  fake.control.setAccounts([{ id: 'odd id/1', name: 'odd', domain: 'https://o.okta.com/', auth_method: 'oauth', client_id: 'c' }]);
  const r = await api.get(`${ACCOUNTS}/${encodeURIComponent('odd id/1')}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.data.id, 'odd id/1');
});

test('reassignIdOnUpdate: a new id; the old one answers 400 Unknown error to get, patch and delete', async () => {
  fake.control.setReassignIdOnUpdate(true);
  const oldId = (await api.post(ACCOUNTS, oauthAccount('moving'))).json.data.id;
  const r = await api.patch(`${ACCOUNTS}/${oldId}`, oauthUpdate());
  assert.equal(r.status, 200);
  const newId = r.json.data.id;
  assert.match(newId, UUID_V4);
  assert.notEqual(newId, oldId);
  assert.equal(r.json.data.attributes.name, 'moving');
  for (const [method, body] of [['GET'], ['PATCH', oauthUpdate()], ['DELETE']]) {
    const old = await request(fake.url, method, `${ACCOUNTS}/${oldId}`, { body });
    assert.equal(old.status, 400, method);
    assert.equal(old.text, '{"errors":["Unknown error occurred: "]}', method);
  }
  assert.equal((await api.get(`${ACCOUNTS}/${newId}`)).status, 200);
  assert.deepEqual((await api.get(ACCOUNTS)).json.data.map((a) => a.id), [newId]);
  assert.equal((await api.delete(`${ACCOUNTS}/${newId}`)).status, 204);
});

test('reassignIdOnUpdate can be set through the control endpoint', async () => {
  const set = await api.control.patch('/config', { reassignIdOnUpdate: true });
  assert.equal(set.status, 200);
  assert.equal(set.json.reassignIdOnUpdate, true);
  const oldId = (await api.post(ACCOUNTS, oauthAccount('m2'))).json.data.id;
  assert.notEqual((await api.patch(`${ACCOUNTS}/${oldId}`, oauthUpdate())).json.data.id, oldId);
});

test('seed accounts are there at start', async () => {
  const seeded = await startQuiet({ seed: [{ id: 's-1', name: 'seeded', domain: 'https://s.okta.com/', auth_method: 'oauth', client_id: 'c', client_secret: 'x' }] });
  try {
    const r = await seeded.api.get(ACCOUNTS);
    assert.deepEqual(r.json.data, [{ type: 'okta-accounts', id: 's-1', attributes: { auth_method: 'oauth', client_id: 'c', domain: 'https://s.okta.com/', name: 'seeded' } }]);
  } finally {
    await seeded.close();
  }
});

test('newId option makes ids deterministic', async () => {
  let n = 0;
  const det = await startQuiet({ newId: () => `id-${++n}` });
  try {
    assert.equal((await det.api.post(ACCOUNTS, oauthAccount('x'))).json.data.id, 'id-1');
  } finally {
    await det.close();
  }
});

test('close() resolves while a keep-alive connection and a delayed request are open', async () => {
  const f = await startQuiet();
  f.control.addFault({ kind: 'delay', delayMs: 60_000 });
  const agent = new http.Agent({ keepAlive: true });
  await new Promise((resolve) => http.get(`${f.url}/__control/health`, { agent }, (res) => res.resume().on('end', resolve)));
  const pending = request(f.url, 'GET', ACCOUNTS).then(
    () => 'answered',
    () => 'network error',
  );
  await new Promise((r) => setTimeout(r, 50));
  const t0 = Date.now();
  await f.close();
  assert.ok(Date.now() - t0 < 2000, 'close took too long');
  assert.equal(await pending, 'network error');
  await f.close(); // idempotent
  agent.destroy();
});
