// X-RateLimit-* on every API response, 429 once the budget is spent, a fresh
// budget after the period, never a Retry-After.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './server.mjs';
import { RateLimiter } from './ratelimit.mjs';
import { ACCOUNTS, RATE_HEADERS, oauthAccount, request, startQuiet, spawnCli, exited, delay } from './helpers.mjs';

function rate(r) {
  return Object.fromEntries(RATE_HEADERS.map((h) => [h.slice('x-ratelimit-'.length), r.headers[h]]));
}

test('every API response carries the five headers, and no Retry-After', async () => {
  const fake = await startQuiet({ rateLimit: { limit: 50, periodSeconds: 30, name: 'okta_test' } });
  try {
    const responses = [
      await fake.api.post(ACCOUNTS, oauthAccount('a')),
      await fake.api.get(ACCOUNTS),
      await fake.api.get(`${ACCOUNTS}/missing`),
      await fake.api.post(ACCOUNTS, '{', { headers: { 'Content-Type': 'application/json' } }),
      await request(fake.url, 'GET', ACCOUNTS, { keys: false }),
      await request(fake.url, 'PUT', ACCOUNTS),
      await fake.api.get('/nowhere'),
    ];
    for (const r of responses) {
      for (const h of RATE_HEADERS) assert.ok(r.headers[h] !== undefined, `${h} missing on a ${r.status}`);
      assert.equal(r.headers['retry-after'], undefined);
      assert.equal(r.headers['x-ratelimit-limit'], '50');
      assert.equal(r.headers['x-ratelimit-period'], '30');
      assert.equal(r.headers['x-ratelimit-name'], 'okta_test');
      assert.match(r.headers['x-ratelimit-reset'], /^\d+$/);
      const reset = Number(r.headers['x-ratelimit-reset']);
      assert.ok(reset >= 1 && reset <= 30, `reset ${reset}`);
    }
    // Counted: the four authenticated requests to real routes; not the 403, the 405 nor the unknown path.
    assert.deepEqual(responses.map((r) => r.headers['x-ratelimit-remaining']), ['49', '48', '47', '46', '46', '46', '46']);
  } finally {
    await fake.close();
  }
});

test('429 {"errors":["Too many requests"]} once the budget is spent; a new window after the period', async () => {
  const fake = await startQuiet({ rateLimit: { limit: 3, periodSeconds: 1 } });
  try {
    const statuses = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await fake.api.get(ACCOUNTS);
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(last.text, '{"errors":["Too many requests"]}');
    assert.equal(last.headers['content-type'], 'application/json');
    assert.deepEqual(rate(last), { limit: '3', period: '1', remaining: '0', reset: '1', name: 'okta_integration' });
    assert.equal(last.headers['retry-after'], undefined);
    // A write refused by the limiter is not applied.
    assert.equal((await fake.api.post(ACCOUNTS, oauthAccount('late'))).status, 429);
    assert.deepEqual(fake.control.accounts(), []);

    await delay(1100);
    const fresh = await fake.api.get(ACCOUNTS);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers['x-ratelimit-remaining'], '2');
  } finally {
    await fake.close();
  }
});

test('the budget can be changed and the window reset through the handle and the control endpoint', async () => {
  const fake = await startQuiet();
  try {
    assert.equal(fake.control.rateLimit().limit, 1000);
    fake.control.setConfig({ rateLimit: { limit: 1, periodSeconds: 60 } });
    assert.equal((await fake.api.get(ACCOUNTS)).status, 200);
    assert.equal((await fake.api.get(ACCOUNTS)).status, 429);
    const status = await fake.api.control.get('/rate-limit');
    assert.deepEqual({ ...status.json, resetSeconds: undefined }, { limit: 1, periodSeconds: 60, name: 'okta_integration', used: 1, remaining: 0, resetSeconds: undefined });
    assert.equal((await fake.api.control.delete('/rate-limit')).json.remaining, 1);
    assert.equal((await fake.api.get(ACCOUNTS)).status, 200);
    const bad = await fake.api.control.patch('/config', { rateLimit: { limit: -1 } });
    assert.equal(bad.status, 400);
    assert.match(bad.json.errors[0], /rateLimit.limit must be an integer >= 0/);
    const set = await fake.api.control.patch('/config', { rateLimit: { limit: 2 } });
    assert.deepEqual(set.json.rateLimit, { limit: 2, periodSeconds: 60, name: 'okta_integration' });
  } finally {
    await fake.close();
  }
});

test('X-RateLimit-Reset counts down whole seconds to the end of the window', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter({ limit: 2, periodSeconds: 10 }, () => now);
  assert.equal(limiter.headers()['X-RateLimit-Reset'], '10');
  limiter.consume();
  now += 2500;
  assert.equal(limiter.consume().headers['X-RateLimit-Reset'], '8');
  now += 7000;
  const over = limiter.consume();
  assert.equal(over.allowed, false);
  assert.equal(over.headers['X-RateLimit-Reset'], '1');
  now += 500; // the window is over
  const again = limiter.consume();
  assert.equal(again.allowed, true);
  assert.equal(again.headers['X-RateLimit-Remaining'], '1');
  assert.equal(again.headers['X-RateLimit-Reset'], '10');
});

test('bad rate-limit options are refused', async () => {
  await assert.rejects(start({ rateLimit: { periodSeconds: 0 } }), /periodSeconds must be an integer >= 1/);
});

test('CLI --rate-limit and --rate-limit-period', async () => {
  const { child, url } = await spawnCli(['--port', '0', '--rate-limit', '2', '--rate-limit-period', '5', '--rate-limit-name', 'cli']);
  try {
    const a = await request(url, 'GET', ACCOUNTS);
    assert.deepEqual(rate(a), { limit: '2', period: '5', remaining: '1', reset: '5', name: 'cli' });
    await request(url, 'GET', ACCOUNTS);
    assert.equal((await request(url, 'GET', ACCOUNTS)).status, 429);
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
});
