// Faults on demand: each kind, their filters and counts, and the request log
// that lets a test count what the server saw.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, RATE_HEADERS, oauthAccount, oauthUpdate, request, startQuiet } from './helpers.mjs';

let fake;
let api;
before(async () => {
  fake = await startQuiet();
  api = fake.api;
});
after(() => fake.close());
beforeEach(() => fake.control.reset());

const networkError = (promise) =>
  promise.then(
    (r) => assert.fail(`expected a network error, got ${r.status} ${r.text}`),
    (e) => e,
  );
const names = () => fake.control.accounts().map((a) => a.name);

test('status faults: the next N requests answer 500/502/503 with a JSON errors body, then normal service', async () => {
  fake.control.addFault({ kind: 'status', status: 503, count: 2 });
  for (let i = 0; i < 2; i++) {
    const r = await api.post(ACCOUNTS, oauthAccount(`s${i}`));
    assert.equal(r.status, 503);
    assert.equal(r.text, '{"errors":["Service Unavailable"]}');
    assert.equal(r.headers['content-type'], 'application/json');
    for (const h of RATE_HEADERS) assert.ok(r.headers[h], `${h} on an API error`);
  }
  assert.deepEqual(names(), [], 'a front fault is never applied');
  assert.equal((await api.post(ACCOUNTS, oauthAccount('s2'))).status, 201);
  fake.control.addFault([{ kind: 'status' }, { kind: 'status', status: 502, message: 'upstream hiccup' }]);
  assert.equal((await api.get(ACCOUNTS)).text, '{"errors":["Internal Server Error"]}');
  assert.equal((await api.get(ACCOUNTS)).text, '{"errors":["upstream hiccup"]}');
  assert.equal((await api.get(ACCOUNTS)).status, 200);
});

test('front faults answer before auth and do not spend the rate budget', async () => {
  fake.control.addFault({ kind: 'status', status: 500 });
  assert.equal((await request(fake.url, 'GET', ACCOUNTS, { keys: false })).status, 500);
  assert.equal(fake.control.rateLimit().used, 0);
});

test('html: a load balancer error page, text/html, without X-RateLimit headers', async () => {
  fake.control.addFault({ kind: 'html' });
  const r = await api.get(ACCOUNTS);
  assert.equal(r.status, 502);
  assert.equal(r.headers['content-type'], 'text/html');
  assert.match(r.text, /^<html>\r\n<head><title>502 Bad Gateway<\/title>/);
  assert.equal(r.headers['x-ratelimit-limit'], undefined);
  fake.control.addFault({ kind: 'html', status: 504 });
  assert.match((await api.get(ACCOUNTS)).text, /504 Gateway Timeout/);
});

test('empty: a status with an empty body and no content type', async () => {
  fake.control.addFault({ kind: 'empty', status: 503 });
  const r = await api.get(ACCOUNTS);
  assert.equal(r.status, 503);
  assert.equal(r.text, '');
  assert.equal(r.headers['content-type'], undefined);
});

test('rate-limit-html: 429 with an HTML body, X-RateLimit headers only on request', async () => {
  fake.control.addFault([{ kind: 'rate-limit-html' }, { kind: 'rate-limit-html', rateLimitHeaders: true }]);
  let r = await api.get(ACCOUNTS);
  assert.equal(r.status, 429);
  assert.equal(r.headers['content-type'], 'text/html');
  assert.match(r.text, /429 Too Many Requests/);
  assert.equal(r.headers['x-ratelimit-reset'], undefined);
  r = await api.get(ACCOUNTS);
  assert.equal(r.status, 429);
  assert.equal(r.headers['x-ratelimit-remaining'], '0');
  assert.match(r.headers['x-ratelimit-reset'], /^\d+$/);
  assert.equal(r.headers['retry-after'], undefined);
});

test('rate-limit-duplicate-reset: two X-RateLimit-Reset lines, or one line "7, 7"', async () => {
  fake.control.addFault([{ kind: 'rate-limit-duplicate-reset' }, { kind: 'rate-limit-duplicate-reset', variant: 'joined' }]);
  const values = (r) => r.rawHeaders.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === 'x-ratelimit-reset' ? [r.rawHeaders[i + 1]] : []));

  const lines = await api.get(ACCOUNTS);
  assert.equal(lines.status, 429);
  assert.equal(lines.text, '{"errors":["Too many requests"]}');
  assert.deepEqual(values(lines), ['7', '7'], 'two header lines on the wire');
  assert.equal(lines.headers['x-ratelimit-reset'], '7, 7', 'what a client that joins repeated headers sees');

  const joined = await api.get(ACCOUNTS);
  assert.deepEqual(values(joined), ['7, 7']);
  assert.equal(joined.headers['x-ratelimit-remaining'], '0');
  assert.equal(joined.headers['retry-after'], undefined);
});

test('truncate (short): 200 with a complete HTTP message whose JSON is cut in the middle', async () => {
  await api.post(ACCOUNTS, oauthAccount('t1'));
  const full = (await api.get(ACCOUNTS)).text;
  fake.control.addFault({ kind: 'truncate' });
  const r = await api.get(ACCOUNTS);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.text, full.slice(0, Math.floor(full.length / 2)));
  assert.equal(r.json, undefined, 'the body must not parse');
  assert.equal(Number(r.headers['content-length']), r.text.length);
});

test('truncate (abort) on a create: the client sees a broken body, yet the account was created', async () => {
  fake.control.addFault({ kind: 'truncate', mode: 'abort', method: 'POST', fraction: 0.3 });
  const e = await networkError(api.post(ACCOUNTS, oauthAccount('half')));
  assert.ok(['ABORTED', 'INCOMPLETE', 'ECONNRESET'].includes(e.code), e.code);
  assert.deepEqual(names(), ['half']);
  const [entry] = fake.control.requests();
  assert.equal(entry.outcome, 'truncated');
  assert.equal(entry.status, 201);
});

test('delay: the answer comes after delayMs, and is otherwise normal', async () => {
  fake.control.addFault({ kind: 'delay', delayMs: 300 });
  const t0 = Date.now();
  const r = await api.post(ACCOUNTS, oauthAccount('slow'));
  assert.ok(Date.now() - t0 >= 290, `answered after ${Date.now() - t0} ms`);
  assert.equal(r.status, 201);
  // delayMs combines with other kinds: a slow 503.
  fake.control.addFault({ kind: 'status', status: 503, delayMs: 200 });
  const t1 = Date.now();
  assert.equal((await api.get(ACCOUNTS)).status, 503);
  assert.ok(Date.now() - t1 >= 190);
});

test('drop: the connection is cut before processing; nothing is applied', async () => {
  fake.control.addFault({ kind: 'drop', method: 'POST' });
  await networkError(api.post(ACCOUNTS, oauthAccount('never')));
  assert.deepEqual(names(), []);
  const [entry] = fake.control.requests();
  assert.deepEqual([entry.method, entry.outcome, entry.status, entry.fault], ['POST', 'dropped', null, 'drop']);
  assert.equal((await api.post(ACCOUNTS, oauthAccount('later'))).status, 201);
});

test('drop-after-apply: create, update and delete are applied although the client sees a network error', async () => {
  fake.control.addFault({ kind: 'drop-after-apply', method: 'POST' });
  await networkError(api.post(ACCOUNTS, oauthAccount('ghost')));
  assert.deepEqual(names(), ['ghost'], 'the create was applied exactly once');
  const posts = fake.control.requests({ method: 'POST' });
  assert.equal(posts.length, 1);
  assert.deepEqual([posts[0].outcome, posts[0].status, posts[0].intendedStatus], ['dropped', null, 201]);

  const id = fake.control.accounts()[0].id;
  fake.control.addFault({ kind: 'drop-after-apply', method: 'PATCH' });
  await networkError(api.patch(`${ACCOUNTS}/${id}`, oauthUpdate({ client_id: 'applied' })));
  assert.equal(fake.control.accounts()[0].client_id, 'applied');

  fake.control.addFault({ kind: 'drop-after-apply', method: 'DELETE' });
  await networkError(api.delete(`${ACCOUNTS}/${id}`));
  assert.deepEqual(names(), []);
  // A retry of the delete then sees 404: what a client must treat as success.
  assert.equal((await api.delete(`${ACCOUNTS}/${id}`)).status, 404);
});

test('filters: method and pathPrefix; count spends exactly N matching requests', async () => {
  const id = (await api.post(ACCOUNTS, oauthAccount('f'))).json.data.id;
  fake.control.addFault({ kind: 'status', status: 500, pathPrefix: `${ACCOUNTS}/`, method: 'get', count: 2 });
  assert.equal((await api.get(ACCOUNTS)).status, 200, 'the list path does not match the prefix');
  assert.equal((await api.patch(`${ACCOUNTS}/${id}`, oauthUpdate())).status, 200, 'PATCH does not match the method');
  assert.deepEqual(fake.control.faults().map((f) => f.remaining), [2]);
  assert.equal((await api.get(`${ACCOUNTS}/${id}`)).status, 500);
  assert.equal((await api.get(`${ACCOUNTS}/${id}`)).status, 500);
  assert.equal((await api.get(`${ACCOUNTS}/${id}`)).status, 200);
  assert.deepEqual(fake.control.faults(), []);
});

test('a CORS preflight does not use up a fault meant for the request after it', async () => {
  fake.control.addFault({ kind: 'status', status: 502 });
  const pre = await request(fake.url, 'OPTIONS', ACCOUNTS, { keys: false, headers: { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'GET' } });
  assert.equal(pre.status, 204);
  assert.equal((await api.get(ACCOUNTS)).status, 502);
});

test('cors: false leaves the CORS headers off a fault answer, like a load balancer would', async () => {
  fake.control.addFault([{ kind: 'html' }, { kind: 'html', cors: false }]);
  const origin = { Origin: 'http://localhost:8080' };
  assert.equal((await api.get(ACCOUNTS, { headers: origin })).headers['access-control-allow-origin'], 'http://localhost:8080');
  assert.equal((await api.get(ACCOUNTS, { headers: origin })).headers['access-control-allow-origin'], undefined);
});

test('control endpoint: add, list, remove one, replace all, clear; bad specs are 400', async () => {
  const c = api.control;
  const added = await c.post('/faults', { kind: 'status', status: 503, count: 3 });
  assert.equal(added.status, 201);
  assert.deepEqual(added.json.faults.map((f) => [f.kind, f.status, f.remaining]), [['status', 503, 3]]);
  const two = await c.post('/faults', { faults: [{ kind: 'delay', delayMs: 5 }, { kind: 'drop' }] });
  assert.equal(two.json.faults.length, 2);
  assert.deepEqual((await c.get('/faults')).json.faults.map((f) => f.kind), ['status', 'delay', 'drop']);
  assert.deepEqual((await c.delete(`/faults/${added.json.faults[0].id}`)).json, { removed: true });
  assert.deepEqual((await c.get('/faults')).json.faults.map((f) => f.kind), ['delay', 'drop']);
  const set = await c.put('/faults', [{ kind: 'html' }]);
  assert.deepEqual(set.json.faults.map((f) => f.kind), ['html']);
  assert.deepEqual((await c.delete('/faults')).json, { cleared: 1 });
  assert.deepEqual((await c.get('/faults')).json.faults, []);

  for (const [spec, message] of [
    [{ kind: 'explode' }, /unknown fault kind "explode"/],
    [{ kind: 'status', stauts: 500 }, /fault kind 'status' has no option 'stauts'/],
    [{ kind: 'status', status: 200 }, /status must be an integer from 400 to 599/],
    [{ kind: 'drop', count: 0 }, /count must be an integer >= 1/],
    [{ kind: 'truncate', mode: 'sideways' }, /mode must be 'short' or 'abort'/],
  ]) {
    const r = await c.post('/faults', spec);
    assert.equal(r.status, 400, JSON.stringify(spec));
    assert.match(r.json.errors[0], message);
  }
  // PUT with one bad spec changes nothing.
  await c.post('/faults', { kind: 'drop' });
  assert.equal((await c.put('/faults', [{ kind: 'html' }, { kind: 'nope' }])).status, 400);
  assert.deepEqual((await c.get('/faults')).json.faults.map((f) => f.kind), ['drop']);
});

test('the request log masks keys and secrets and can be filtered and cleared', async () => {
  await api.post(ACCOUNTS, oauthAccount('logged'));
  await api.post(ACCOUNTS, '{"data":{"attributes":{"client_secret":"leak', { headers: { 'Content-Type': 'application/json' } });
  await api.get(`${ACCOUNTS}?x=1`);
  const all = (await api.control.get('/requests')).json.requests;
  assert.deepEqual(all.map((e) => [e.method, e.status, e.outcome]), [['POST', 201, 'answered'], ['POST', 400, 'answered'], ['GET', 200, 'answered']]);
  assert.equal(all[0].headers['dd-api-key'], '***');
  assert.equal(all[0].headers['dd-application-key'], '***');
  assert.equal(all[0].body.data.attributes.client_secret, '***');
  assert.equal(all[0].body.data.attributes.client_id, 'cid');
  assert.equal(all[1].body, '{"data":{"attributes":{"client_secret":"***');
  assert.equal(all[2].query, '?x=1');
  assert.ok(!JSON.stringify(all).includes('csecret') && !JSON.stringify(all).includes('test-api-key'));
  assert.ok(all.every((e) => Date.parse(e.startedAt) <= Date.parse(e.finishedAt) && e.durationMs >= 0));

  assert.equal((await api.control.get('/requests?method=POST')).json.requests.length, 2);
  assert.equal((await api.control.get(`/requests?since=${all[1].seq}`)).json.requests.length, 1);
  assert.equal((await api.control.get('/requests?pathPrefix=/nowhere')).json.requests.length, 0);
  assert.deepEqual((await api.control.delete('/requests')).json, { cleared: 3 });
  assert.deepEqual(fake.control.log(), []);
});
