// CORS for browser tests and the demo: preflights for the DD headers, the
// X-RateLimit-* headers exposed, origins configurable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, request, startQuiet } from './helpers.mjs';

const PAGE = 'http://127.0.0.1:5173';

function preflight(url, pathname, origin, method = 'POST', extra = {}) {
  return request(url, 'OPTIONS', pathname, {
    keys: false,
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'dd-api-key,dd-application-key,content-type', ...extra },
  });
}

test('API preflight from any origin by default: methods, DD headers, no keys needed, not rate-limited', async () => {
  const fake = await startQuiet({ rateLimit: { limit: 1 } });
  try {
    for (const [p, method, allow] of [[ACCOUNTS, 'POST', 'GET, POST'], [`${ACCOUNTS}/abc`, 'PATCH', 'GET, PATCH, DELETE']]) {
      const r = await preflight(fake.url, p, PAGE, method);
      assert.equal(r.status, 204);
      assert.equal(r.headers['access-control-allow-origin'], PAGE, 'the origin is reflected, not "*"');
      assert.equal(r.headers['access-control-allow-methods'], allow);
      assert.equal(r.headers['access-control-allow-headers'], 'DD-API-KEY, DD-APPLICATION-KEY, Content-Type, Accept, User-Agent');
      assert.equal(r.headers['access-control-max-age'], '600');
      assert.match(r.headers.vary, /Origin/);
    }
    assert.equal(fake.control.rateLimit().used, 0);
    // The actual request exposes the rate-limit headers to the page.
    const r = await fake.api.get(ACCOUNTS, { headers: { Origin: PAGE } });
    assert.equal(r.headers['access-control-allow-origin'], PAGE);
    assert.equal(r.headers['access-control-expose-headers'], 'X-RateLimit-Limit, X-RateLimit-Period, X-RateLimit-Remaining, X-RateLimit-Reset, X-RateLimit-Name');
    // So does a 429 (a page must be able to read X-RateLimit-Reset).
    const limited = await fake.api.get(ACCOUNTS, { headers: { Origin: PAGE } });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['access-control-allow-origin'], PAGE);
  } finally {
    await fake.close();
  }
});

test('a preflight for a method the path does not support is refused', async () => {
  const fake = await startQuiet();
  try {
    const r = await preflight(fake.url, ACCOUNTS, PAGE, 'DELETE');
    assert.equal(r.status, 405);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal((await preflight(fake.url, '/elsewhere', PAGE)).status, 404);
  } finally {
    await fake.close();
  }
});

test('OPTIONS without CORS headers just lists the allowed methods', async () => {
  const fake = await startQuiet();
  try {
    const r = await request(fake.url, 'OPTIONS', ACCOUNTS, { keys: false });
    assert.equal(r.status, 204);
    assert.equal(r.headers.allow, 'GET, POST, OPTIONS');
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  } finally {
    await fake.close();
  }
});

test('Private Network Access preflights are answered', async () => {
  const fake = await startQuiet();
  try {
    const r = await preflight(fake.url, ACCOUNTS, PAGE, 'GET', { 'Access-Control-Request-Private-Network': 'true' });
    assert.equal(r.headers['access-control-allow-private-network'], 'true');
  } finally {
    await fake.close();
  }
});

test('corsOrigins: only listed origins get CORS headers, on the API and the control endpoint', async () => {
  const fake = await startQuiet({ corsOrigins: [PAGE, 'http://localhost:8080/'] });
  try {
    assert.equal((await preflight(fake.url, ACCOUNTS, 'http://localhost:8080')).status, 204, 'a trailing slash in the option is ignored');
    const bad = await preflight(fake.url, ACCOUNTS, 'http://evil.example');
    assert.equal(bad.status, 403);
    assert.deepEqual(bad.json, { errors: ['CORS: origin http://evil.example is not allowed'] });
    const r = await fake.api.get(ACCOUNTS, { headers: { Origin: 'http://evil.example' } });
    assert.equal(r.status, 200, 'a non-browser client is not stopped by CORS');
    assert.equal(r.headers['access-control-allow-origin'], undefined);

    assert.equal((await request(fake.url, 'GET', '/__control/health', { headers: { Origin: PAGE } })).headers['access-control-allow-origin'], PAGE);
    assert.equal((await request(fake.url, 'GET', '/__control/health', { headers: { Origin: 'http://evil.example' } })).headers['access-control-allow-origin'], undefined);

    fake.control.setConfig({ corsOrigins: '*' });
    assert.equal((await preflight(fake.url, ACCOUNTS, 'http://evil.example')).status, 204);
  } finally {
    await fake.close();
  }
});

test('the control endpoint answers "*" and its preflights allow JSON bodies', async () => {
  const fake = await startQuiet();
  try {
    const r = await request(fake.url, 'OPTIONS', '/__control/faults', {
      keys: false,
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-methods'], 'GET, POST, PUT, DELETE');
    assert.equal(r.headers['access-control-allow-headers'], 'Content-Type');
    const get = await request(fake.url, 'GET', '/__control/faults', { headers: { Origin: PAGE } });
    assert.equal(get.headers['access-control-allow-origin'], '*');
  } finally {
    await fake.close();
  }
});
