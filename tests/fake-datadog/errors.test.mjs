// Invalid bodies (400 with specific messages), conflicts, and hostile input:
// 413, 415, 404, 405, garbage on the socket, handler exceptions.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ACCOUNTS, oauthAccount, oauthUpdate, request, startQuiet } from './helpers.mjs';

let fake;
let api;
before(async () => {
  fake = await startQuiet({ bodyLimit: 64 * 1024 });
  api = fake.api;
});
after(() => fake.close());
beforeEach(() => fake.control.reset());

const attrs = (a) => ({ data: { type: 'okta-accounts', attributes: a } });
const base = { auth_method: 'oauth', domain: 'https://d.okta.com/', name: 'n', client_id: 'c', client_secret: 's' };

async function expectErrors(r, status, errors) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.deepEqual(r.json, { errors });
  assert.ok(!r.text.endsWith('\n'), 'error bodies have no trailing newline, as recorded');
}

const createCases = [
  ['malformed JSON', '{"data": {', ['Malformed JSON in request body']],
  ['an empty body', '', ['Missing request body']],
  ['a JSON array', [1, 2], ['Invalid request body: expected a JSON object']],
  ['no data', { nodata: 1 }, ["Missing required field 'data'"]],
  ['data null', { data: null }, ["Missing required field 'data'"]],
  ['data a string', { data: 'x' }, ["Field 'data' must be an object"]],
  ['no type', { data: { attributes: base } }, ["Missing required field 'data.type'"]],
  ['a wrong type', { data: { type: 'okta-account', attributes: base } }, ['Invalid type "okta-account": must be \'okta-accounts\'']],
  ['no attributes', { data: { type: 'okta-accounts' } }, ["Missing required field 'data.attributes'"]],
  ['attributes an array', { data: { type: 'okta-accounts', attributes: [] } }, ["Field 'data.attributes' must be an object"]],
  [
    'no attributes at all inside',
    attrs({}),
    ["Missing required attribute 'auth_method'", "Missing required attribute 'domain'", "Missing required attribute 'name'"],
  ],
  ['no name', attrs({ ...base, name: undefined }), ["Missing required attribute 'name'"]],
  ['an empty domain', attrs({ ...base, domain: ' ' }), ["Attribute 'domain' must not be empty"]],
  ['a numeric name', attrs({ ...base, name: 42 }), ["Attribute 'name' must be a string"]],
  ['an unknown auth_method', attrs({ ...base, auth_method: 'saml' }), ['Unknown auth_method "saml": must be \'oauth\' or \'api_key\'']],
  [
    'oauth without client id and secret',
    attrs({ ...base, client_id: undefined, client_secret: undefined }),
    ["Attribute 'client_id' is required when auth_method is 'oauth'", "Attribute 'client_secret' is required when auth_method is 'oauth'"],
  ],
  ['oauth without the secret', attrs({ ...base, client_secret: '' }), ["Attribute 'client_secret' is required when auth_method is 'oauth'"]],
  ['api_key without api_key', attrs({ ...base, auth_method: 'api_key' }), ["Attribute 'api_key' is required when auth_method is 'api_key'"]],
  ['a non-string secret', attrs({ ...base, client_secret: 7 }), ["Attribute 'client_secret' must be a string", "Attribute 'client_secret' is required when auth_method is 'oauth'"]],
];

for (const [what, body, errors] of createCases) {
  test(`create with ${what}: 400 and nothing stored`, async () => {
    const r = await request(fake.url, 'POST', ACCOUNTS, { body, headers: { 'Content-Type': 'application/json' } });
    await expectErrors(r, 400, errors);
    assert.deepEqual(fake.control.accounts(), []);
  });
}

test('the feature file\'s "Bad Request" create (oauth, no client id/secret) is a 400', async () => {
  const body = { data: { attributes: { auth_method: 'oauth', domain: 'https://example.okta.com/', name: 'Okta-Prod' }, id: 'f749daaf-682e-4208-a38d-c9b43162c609', type: 'okta-accounts' } };
  assert.equal((await api.post(ACCOUNTS, body)).status, 400);
});

test('update validation: name present, missing auth_method/domain, oauth without secrets, wrong type', async () => {
  const id = (await api.post(ACCOUNTS, oauthAccount('orig'))).json.data.id;
  const at = `${ACCOUNTS}/${id}`;
  await expectErrors(await api.patch(at, oauthUpdate({ name: 'renamed' })), 400, ["Attribute 'name' cannot be changed: it is not part of an update"]);
  await expectErrors(await api.patch(at, attrs({ client_id: 'c', client_secret: 's' })), 400, [
    "Missing required attribute 'auth_method'",
    "Missing required attribute 'domain'",
  ]);
  // The feature file's "Bad Request" update body.
  await expectErrors(await api.patch(at, { data: { attributes: { auth_method: 'oauth', domain: 'https://dev-test.okta.com/' }, type: 'okta-accounts' } }), 400, [
    "Attribute 'client_id' is required when auth_method is 'oauth'",
    "Attribute 'client_secret' is required when auth_method is 'oauth'",
  ]);
  await expectErrors(await api.patch(at, { data: { type: 'nope', attributes: oauthUpdate().data.attributes } }), 400, ['Invalid type "nope": must be \'okta-accounts\'']);
  await expectErrors(await api.patch(at, '{', { headers: { 'Content-Type': 'application/json' } }), 400, ['Malformed JSON in request body']);
  assert.equal(fake.control.accounts({ secrets: true })[0].client_secret, 'csecret', 'a rejected update changes nothing');
});

test('a duplicate name on create: 409 with a clear message, nothing stored', async () => {
  assert.equal((await api.post(ACCOUNTS, oauthAccount('twice'))).status, 201);
  await expectErrors(await api.post(ACCOUNTS, oauthAccount('twice')), 409, ["An Okta account named 'twice' already exists"]);
  assert.equal(fake.control.accounts().length, 1);
});

test('a wrong or missing Content-Type on POST/PATCH: 415', async () => {
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
    const headers = ct ? { 'Content-Type': ct } : {};
    const r = await request(fake.url, 'POST', ACCOUNTS, { body: JSON.stringify(oauthAccount('ct')), headers });
    await expectErrors(r, 415, ['Unsupported Media Type: the request body must be sent as application/json']);
  }
  const ok = await request(fake.url, 'POST', ACCOUNTS, { body: JSON.stringify(oauthAccount('ct')), headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  assert.equal(ok.status, 201);
});

test('a body over the limit: 413, and the connection still answers', async () => {
  const big = JSON.stringify(oauthAccount('big', { domain: 'x'.repeat(64 * 1024) }));
  const r = await request(fake.url, 'POST', ACCOUNTS, { body: big, headers: { 'Content-Type': 'application/json' } });
  await expectErrors(r, 413, ['Request body too large: the limit is 65536 bytes']);
  assert.deepEqual(fake.control.accounts(), []);
  assert.equal((await api.get(ACCOUNTS)).status, 200);
});

test('unknown paths: 404 Not Found', async () => {
  for (const p of ['/', '/api/v2/integrations/okta', `${ACCOUNTS}/`, `${ACCOUNTS}/a/b`, '/api/v1/validate', `${ACCOUNTS}/%E0%A4%A`]) {
    await expectErrors(await api.get(p), 404, ['Not Found']);
  }
});

test('unsupported methods: 405 with an Allow header', async () => {
  let r = await request(fake.url, 'PUT', ACCOUNTS, { body: oauthAccount('p') });
  await expectErrors(r, 405, ['Method Not Allowed']);
  assert.equal(r.headers.allow, 'GET, POST, OPTIONS');
  r = await request(fake.url, 'POST', `${ACCOUNTS}/some-id`, { body: oauthAccount('p') });
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'GET, PATCH, DELETE, OPTIONS');
  r = await request(fake.url, 'DELETE', ACCOUNTS);
  assert.equal(r.status, 405);
});

test('a handler exception becomes a 500, is logged, and the server keeps serving', async () => {
  fake.control.addFault({ kind: 'exception' });
  await expectErrors(await api.get(ACCOUNTS), 500, ['Internal Server Error']);
  assert.ok(fake.lines.some((l) => l.includes('injected fault: exception')), 'the exception is logged');
  const [entry] = fake.control.requests();
  assert.equal(entry.status, 500);
  assert.equal(entry.outcome, 'error');
  assert.match(entry.error, /injected fault/);
  assert.equal((await api.get(ACCOUNTS)).status, 200);
});

test('garbage on the socket does not take the server down', async () => {
  const garbage = ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n', '\x00\x01\x02\x03', 'POST /api HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'];
  for (const g of garbage) {
    await new Promise((resolve) => {
      const s = net.connect(fake.port, '127.0.0.1', () => s.end(g));
      s.on('data', () => {});
      s.on('error', resolve);
      s.on('close', resolve);
    });
  }
  // A client that sends half a body and vanishes.
  await new Promise((resolve) => {
    const s = net.connect(fake.port, '127.0.0.1', () => {
      s.write(`POST ${ACCOUNTS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"data":`);
      setTimeout(() => s.destroy() && resolve(), 30);
    });
  });
  assert.equal((await api.get(ACCOUNTS)).status, 200);
  assert.deepEqual(fake.control.accounts(), []);
});
