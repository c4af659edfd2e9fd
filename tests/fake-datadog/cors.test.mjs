// CORS for browser tests: preflights for the DD headers, the X-RateLimit-* headers exposed,
// loopback origins only; and what keeps every other page out: the Host check (DNS
// rebinding), the control endpoint's Origin, Sec-Fetch-Site and Content-Type checks.

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

test('API preflight from any loopback origin by default: methods, DD headers, no keys needed, not rate-limited', async () => {
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

test('by default, any loopback origin may call the API paths, and no other', async () => {
  const fake = await startQuiet();
  try {
    for (const origin of [PAGE, 'http://localhost:8080', 'http://[::1]:3000', 'https://localhost', 'http://127.0.0.1']) {
      const r = await preflight(fake.url, ACCOUNTS, origin);
      assert.equal(r.status, 204, origin);
      assert.equal(r.headers['access-control-allow-origin'], origin);
    }
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example:8080', 'file://', 'http://LOCALHOST:8080', 'http://127.0.0.2:8080']) {
      const r = await preflight(fake.url, ACCOUNTS, origin);
      assert.equal(r.status, 403, origin);
      assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
    }
  } finally {
    await fake.close();
  }
});

test('corsOrigins: only listed origins get CORS headers, on the API and the control endpoint', async () => {
  const fake = await startQuiet({ corsOrigins: [PAGE, 'http://localhost:8080/'] });
  try {
    assert.equal((await preflight(fake.url, ACCOUNTS, 'http://localhost:8080')).status, 204, 'a trailing slash in the option is ignored');
    const bad = await preflight(fake.url, ACCOUNTS, 'http://127.0.0.1:9999');
    assert.equal(bad.status, 403);
    assert.deepEqual(bad.json, { errors: ['CORS: origin http://127.0.0.1:9999 is not allowed'] });
    const r = await fake.api.get(ACCOUNTS, { headers: { Origin: 'http://evil.example' } });
    assert.equal(r.status, 200, 'a non-browser client is not stopped by CORS');
    assert.equal(r.headers['access-control-allow-origin'], undefined);

    assert.equal((await request(fake.url, 'GET', '/__control/health', { headers: { Origin: PAGE } })).headers['access-control-allow-origin'], PAGE);
    const other = await request(fake.url, 'GET', '/__control/health', { headers: { Origin: 'http://127.0.0.1:9999' } });
    assert.equal(other.status, 403);
    assert.equal(other.headers['access-control-allow-origin'], undefined);

    fake.control.setConfig({ corsOrigins: 'loopback' });
    assert.equal((await preflight(fake.url, ACCOUNTS, 'http://127.0.0.1:9999')).status, 204);
    assert.equal((await request(fake.url, 'GET', '/__control/health', { headers: { Origin: PAGE } })).status, 403, "'loopback' opens the API paths only");
  } finally {
    await fake.close();
  }
});

test('corsOrigins refuses "*" and origins that are not loopback; false and "none" allow no page', async () => {
  for (const value of ['*', ['http://a.test'], 'http://127.0.0.1:80/x', ['http://127.0.0.1:5173', 'https://evil.example'], [42]]) {
    await assert.rejects(startQuiet({ corsOrigins: value }), TypeError, JSON.stringify(value));
  }
  for (const value of [false, 'none', []]) {
    const fake = await startQuiet({ corsOrigins: value });
    try {
      assert.equal((await preflight(fake.url, ACCOUNTS, PAGE)).status, 403, JSON.stringify(value));
    } finally {
      await fake.close();
    }
  }
});

test('the control endpoint answers no page by default, and a listed one with its origin, never "*"', async () => {
  const fake = await startQuiet();
  try {
    const pre = await request(fake.url, 'OPTIONS', '/__control/faults', {
      keys: false,
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
    for (const headers of [{ Origin: PAGE }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'same-site' }, { 'Sec-Fetch-Site': 'cross-site' }]) {
      const r = await request(fake.url, 'GET', '/__control/accounts?secrets=true', { keys: false, headers });
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.match(r.json.errors[0], /^Forbidden: the control endpoint does not answer/);
    }
    assert.equal((await request(fake.url, 'GET', '/__control/health', { keys: false, headers: { 'Sec-Fetch-Site': 'none' } })).status, 200, 'typed in the address bar');

    fake.control.setConfig({ corsOrigins: [PAGE] });
    const listed = await request(fake.url, 'OPTIONS', '/__control/faults', {
      keys: false,
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(listed.status, 204);
    assert.equal(listed.headers['access-control-allow-origin'], PAGE);
    assert.equal(listed.headers['access-control-allow-methods'], 'GET, POST, PUT, DELETE');
    assert.equal(listed.headers['access-control-allow-headers'], 'Content-Type');
    const get = await request(fake.url, 'GET', '/__control/faults', { keys: false, headers: { Origin: PAGE, 'Sec-Fetch-Site': 'same-site' } });
    assert.equal(get.status, 200);
    assert.equal(get.headers['access-control-allow-origin'], PAGE);
  } finally {
    await fake.close();
  }
});

test('control writes: JSON bodies only (415 otherwise); a write without a body needs no label', async () => {
  const fake = await startQuiet();
  try {
    for (const [type, body] of [['text/plain', '{}'], ['application/x-www-form-urlencoded', 'a=b'], [undefined, '{}'], ['text/plain', '']]) {
      const headers = type ? { 'Content-Type': type } : {};
      const r = await request(fake.url, 'POST', '/__control/reset', { keys: false, headers, body });
      assert.equal(r.status, 415, `${type} ${JSON.stringify(body)}`);
      assert.match(r.json.errors[0], /application\/json/);
    }
    assert.equal((await request(fake.url, 'POST', '/__control/reset', { keys: false })).status, 200, 'curl -X POST .../reset');
    assert.equal((await request(fake.url, 'DELETE', '/__control/faults', { keys: false })).status, 200);
    assert.equal((await request(fake.url, 'POST', '/__control/faults', { keys: false, body: { kind: 'drop' }, headers: { 'Content-Type': 'application/json; charset=utf-8' } })).status, 201);
  } finally {
    await fake.close();
  }
});

test('Host: only the names of this server on its port (DNS rebinding), on the API and the control endpoint', async () => {
  const fake = await startQuiet();
  try {
    const port = fake.port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `0.0.0.0:${port}`]) {
      for (const p of [ACCOUNTS, '/__control/health', '/elsewhere']) {
        const r = await request(fake.url, 'GET', p, { headers: { Host: host } });
        assert.equal(r.status, 403, `Host ${host} ${p}`);
        assert.match(r.json.errors[0], /^Forbidden: Host /);
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      assert.equal((await request(fake.url, 'GET', ACCOUNTS, { headers: { Host: host } })).status, 200, host);
    }
    assert.deepEqual(fake.control.requests().map((r) => r.headers.host), [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`], 'refused requests are not logged');
  } finally {
    await fake.close();
  }
});

test('allowedHosts: the loopback names, the address listened on when it is one, port 80 with or without the port', async () => {
  const { allowedHosts } = await import('./guard.mjs');
  assert.deepEqual([...allowedHosts('127.0.0.1', 8126)], ['127.0.0.1:8126', 'localhost:8126', '[::1]:8126']);
  assert.deepEqual([...allowedHosts('0.0.0.0', 8126)], ['127.0.0.1:8126', 'localhost:8126', '[::1]:8126'], 'a wildcard is no name');
  assert.deepEqual([...allowedHosts('::1', 8126)], ['127.0.0.1:8126', 'localhost:8126', '[::1]:8126']);
  assert.ok(allowedHosts('192.168.1.5', 8126).has('192.168.1.5:8126'));
  assert.ok(allowedHosts('fd00::5', 8126).has('[fd00::5]:8126'));
  const web = allowedHosts('127.0.0.1', 80);
  assert.ok(web.has('localhost') && web.has('localhost:80'));
});
