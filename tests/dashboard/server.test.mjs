// www/server.mjs over plain HTTP: what it serves, what it refuses (Host, Origin, content
// type, paths), that it adds the keys itself, proxy mode against a local fake upstream,
// the state file across restarts, and the command line. No browser here.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { start as startFake } from '../fake-datadog/server.mjs';
import { DemoError, SAMPLE_ACCOUNTS, startDemo } from '../../www/server.mjs';
import { API, ROOT, demo, rawRequest, tempDir, waitForBuild, waitForPkg } from './helpers.mjs';

const VALID_BODY = JSON.stringify({ data: { type: 'okta-accounts', attributes: { name: 'ct-test', domain: 'https://ct.okta.com/', auth_method: 'api_key', api_key: 'k' } } });

describe('local mode', () => {
  let server;
  let host;
  const apiLog = () => server.local.control.requests().map((r) => `${r.method} ${r.path}`);

  before(async () => {
    server = await demo();
    host = `127.0.0.1:${server.port}`;
  });
  after(() => server?.close());

  test('serves the page with a strict CSP, the app modules and the library with the right types', async () => {
    const page = await rawRequest(server.url, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(page.headers['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /<script type="module" src="\/app\/main.mjs">/);

    const wasm = await rawRequest(server.url, { path: '/pkg/datadog_okta_wasm_bg.wasm' });
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    for (const p of ['/pkg/web.mjs', '/app/main.mjs']) {
      const js = await rawRequest(server.url, { path: p });
      assert.equal(js.status, 200, p);
      assert.match(js.headers['content-type'], /^text\/javascript/, p);
    }
    assert.match((await rawRequest(server.url, { path: '/app/style.css' })).headers['content-type'], /^text\/css/);
    assert.equal((await rawRequest(server.url, { method: 'HEAD', path: '/pkg/web.mjs' })).status, 200);
    assert.equal((await rawRequest(server.url, { method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 405);
  });

  test('serves nothing else: not itself, not the state, no traversal', async () => {
    for (const p of ['/server.mjs', '/www/server.mjs', '/.state/accounts.json', '/app/../server.mjs', '/app/%2e%2e/server.mjs', '/pkg/../www/server.mjs', '/pkg/..%2fwww%2fserver.mjs', '/app/', '/pkg/', '/app/icon.svg.bak', '/favicon.ico', '/README.md']) {
      const res = await rawRequest(server.url, { path: p });
      assert.equal(res.status, 404, `${p} answered ${res.status}`);
    }
  });

  test('serves none of its own parts in www/server/', async () => {
    const parts = fs.readdirSync(path.join(ROOT, 'www', 'server')).filter((f) => f.endsWith('.mjs'));
    assert.ok(parts.includes('proxy.mjs'), `www/server/ holds ${parts.join(', ')}`);
    for (const name of parts) {
      for (const p of [`/server/${name}`, `/www/server/${name}`, `/app/../server/${name}`, `/app/%2e%2e/server/${name}`, `/pkg/..%2fwww%2fserver%2f${name}`]) {
        const res = await rawRequest(server.url, { path: p });
        assert.equal(res.status, 404, `${p} answered ${res.status}`);
      }
    }
    assert.equal((await rawRequest(server.url, { path: '/server/' })).status, 404);
  });

  test('reports the backend and site, and no key', async () => {
    const info = await rawRequest(server.url, { path: '/__demo/info' });
    assert.equal(info.status, 200);
    assert.equal(info.json.mode, 'local');
    assert.equal(info.json.site, 'local');
    assert.match(info.json.backend, /Local API/);
    assert.equal(info.headers['cache-control'], 'no-store');
  });

  test('answers the API from the local API, which only takes the keys the server adds', async () => {
    const list = await rawRequest(server.url, { path: API });
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.data.map((a) => a.attributes.name), SAMPLE_ACCOUNTS.map((a) => a.name));
    assert.ok(list.headers['x-ratelimit-remaining'], 'rate-limit headers are passed on');
    // The local API itself refuses a request without the server's keys: nothing can go around the checks.
    const direct = await fetch(server.local.url + API, { headers: { 'DD-API-KEY': 'a', 'DD-APPLICATION-KEY': 'b' } });
    assert.equal(direct.status, 403);
    // Keys sent by the browser are dropped, not passed on: the request still carries the server's.
    const withKeys = await rawRequest(server.url, { path: API, headers: { 'DD-API-KEY': 'browser', 'dd-application-key': 'browser' } });
    assert.equal(withKeys.status, 200);
  });

  test('refuses a Host other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding), before anything is forwarded', async () => {
    server.local.control.clearRequests();
    for (const bad of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `0.0.0.0:${server.port}`, `[::1]:${server.port}`, `localhost.evil.example:${server.port}`]) {
      for (const p of [API, '/', '/__demo/info']) {
        const res = await rawRequest(server.url, { path: p, headers: { Host: bad } });
        assert.equal(res.status, 403, `Host ${bad} ${p} answered ${res.status}`);
      }
    }
    assert.equal((await rawRequest(server.url, { path: API, headers: { Host: `localhost:${server.port}` } })).status, 200);
    assert.equal((await rawRequest(server.url, { path: API, headers: { Host: `LOCALHOST:${server.port}` } })).status, 200);
    assert.deepEqual(apiLog(), [`GET ${API}`, `GET ${API}`]);
  });

  test('refuses a missing Host (HTTP/1.0)', async () => {
    const net = await import('node:net');
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.end(`GET ${API} HTTP/1.0\r\n\r\n`));
      let data = '';
      socket.on('data', (c) => (data += c));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.[01] 403/);
  });

  test('refuses cross-site requests: another Origin, an opaque one, Sec-Fetch-Site cross-site or same-site', async () => {
    server.local.control.clearRequests();
    const cases = [
      { Origin: 'http://evil.example' },
      { Origin: 'https://app.datadoghq.com' },
      { Origin: `http://localhost:${server.port}` }, // another origin than the Host's
      { Origin: `http://127.0.0.1:${server.port + 1}` }, // same site, another port
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of cases) {
      for (const [method, p, body] of [['GET', API], ['POST', API, VALID_BODY], ['DELETE', `${API}/x`]]) {
        const res = await rawRequest(server.url, { method, path: p, headers: { ...headers, 'Content-Type': 'application/json' }, body });
        assert.equal(res.status, 403, `${JSON.stringify(headers)} ${method} answered ${res.status}`);
        assert.match(res.json.errors[0], /^demo server: Forbidden/);
      }
    }
    assert.deepEqual(apiLog(), [], 'nothing reached the local API');
    // Same origin (what the page sends) goes through.
    const ok = await rawRequest(server.url, { path: API, headers: { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(ok.status, 200);
  });

  test('accepts only application/json bodies on the API paths', async () => {
    server.local.control.clearRequests();
    const refused = [
      ['POST', API, { 'Content-Type': 'text/plain' }],
      ['POST', API, { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['POST', API, { 'Content-Type': 'multipart/form-data; boundary=x' }],
      ['POST', API, {}],
      ['POST', API, { 'Content-Type': 'application/vnd.api+json' }],
      ['PATCH', `${API}/x`, { 'Content-Type': 'text/plain;charset=utf-8' }],
      ['GET', API, { 'Content-Type': 'text/plain' }], // a GET with a body
    ];
    for (const [method, p, headers] of refused) {
      const res = await rawRequest(server.url, { method, path: p, headers, body: VALID_BODY });
      assert.equal(res.status, 415, `${method} ${JSON.stringify(headers)} answered ${res.status}`);
      assert.match(res.json.errors[0], /application\/json/);
    }
    assert.deepEqual(apiLog(), [], 'nothing reached the local API');
    const created = await rawRequest(server.url, { method: 'POST', path: API, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: VALID_BODY });
    assert.equal(created.status, 201);
    assert.equal(created.json.data.attributes.name, 'ct-test');
    assert.deepEqual(apiLog(), [`POST ${API}`]);
    server.local.control.reset({ seed: true });
  });

  test('forwards no other path, no traversal, no query and no other method', async () => {
    server.local.control.clearRequests();
    const notForwarded = [
      '/api/v2/users',
      '/api/v1/validate',
      '/api/v2/integrations/okta',
      '/api/v2/integrations/okta/',
      '/api/v2/integrations/okta/other',
      `${API}/`,
      `${API}/a/b`,
      `${API}/..%2F..%2Fusers`,
      `${API}/%2e%2e`,
      `${API}/..`,
      `${API}/x%5C..%5Cy`,
      `${API}/%00`,
      `${API}/%zz`,
      '/api/v2/integrations/okta/../../users',
      `${API}?page=1`,
      '/__control/accounts',
      '/__control',
    ];
    for (const p of notForwarded) {
      const res = await rawRequest(server.url, { path: p });
      assert.ok(res.status >= 400 && res.status < 500, `${p} answered ${res.status}`);
    }
    for (const method of ['PUT', 'OPTIONS', 'TRACE']) {
      const res = await rawRequest(server.url, { method, path: API });
      assert.equal(res.status, 405, `${method} answered ${res.status}`);
    }
    const absolute = await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: `http://evil.example${API}`, headers: { Host: `127.0.0.1:${server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(absolute, 400, 'an absolute-form request target is refused');
    assert.deepEqual(apiLog(), [], 'nothing reached the local API');
  });

  test('refuses a body over 1 MiB', async () => {
    const res = await rawRequest(server.url, { method: 'POST', path: API, headers: { 'Content-Type': 'application/json' }, body: `{"x":"${'a'.repeat(1024 * 1024)}"}` });
    assert.equal(res.status, 413);
  });
});

describe('proxy mode (against a local fake upstream; tests never reach Datadog)', () => {
  let upstream;
  let server;
  const seen = [];
  let answer = (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'X-RateLimit-Limit': '12',
      'X-RateLimit-Remaining': '11',
      'X-RateLimit-Reset': '7',
      'Set-Cookie': 'upstream=1',
      'X-Upstream-Secret': 'nope',
    });
    res.end('{"data":[]}\n');
  };

  before(async () => {
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        answer(req, res);
      });
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    waitForPkg();
    server = await startDemo({
      port: 0,
      pkgDir: waitForPkg(),
      env: { DD_API_KEY: 'proxy-test-api-key', DD_APP_KEY: 'proxy-test-app-key', DD_SITE: 'datadoghq.eu' },
      upstreamUrl: `http://127.0.0.1:${upstream.address().port}`,
    });
  });
  after(async () => {
    await server?.close();
    upstream?.close();
  });

  test('says which site it proxies to, without the keys', async () => {
    assert.equal(server.mode, 'proxy');
    assert.equal(server.site, 'datadoghq.eu');
    assert.equal(server.local, null);
    const info = await rawRequest(server.url, { path: '/__demo/info' });
    assert.equal(info.json.mode, 'proxy');
    assert.equal(info.json.site, 'datadoghq.eu');
    assert.match(info.json.backend, /https:\/\/api\.datadoghq\.eu/);
    assert.doesNotMatch(info.body, /proxy-test-(api|app)-key/);
  });

  test('adds the keys itself and passes on nothing else from the browser', async () => {
    seen.length = 0;
    const res = await rawRequest(server.url, {
      path: API,
      headers: { 'DD-API-KEY': 'from-browser', 'DD-APPLICATION-KEY': 'from-browser', Cookie: 'session=1', Authorization: 'Bearer x', 'X-Forwarded-For': '1.2.3.4', 'X-Custom': 'y' },
    });
    assert.equal(res.status, 200);
    assert.equal(seen.length, 1);
    const h = seen[0].headers;
    assert.equal(h['dd-api-key'], 'proxy-test-api-key');
    assert.equal(h['dd-application-key'], 'proxy-test-app-key');
    for (const name of ['cookie', 'authorization', 'x-forwarded-for', 'x-custom', 'origin', 'referer']) assert.equal(h[name], undefined, name);
    assert.equal(seen[0].url, API);
    // Only the API's own headers come back.
    assert.equal(res.headers['x-ratelimit-remaining'], '11');
    assert.equal(res.headers['x-ratelimit-reset'], '7');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['x-upstream-secret'], undefined);
  });

  test('forwards a JSON body as is, with the item path the library encoded', async () => {
    seen.length = 0;
    const body = JSON.stringify({ data: { type: 'okta-accounts', attributes: { domain: 'https://x.okta.com/', auth_method: 'api_key', api_key: 'k' } } });
    const res = await rawRequest(server.url, { method: 'PATCH', path: `${API}/abc%20def`, headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(res.status, 200);
    assert.equal(seen[0].method, 'PATCH');
    assert.equal(seen[0].url, `${API}/abc%20def`);
    assert.equal(seen[0].headers['content-type'], 'application/json');
    assert.equal(seen[0].body, body);
  });

  test('applies the same Host, Origin, content-type and path checks before anything leaves', async () => {
    seen.length = 0;
    assert.equal((await rawRequest(server.url, { path: API, headers: { Host: 'evil.example' } })).status, 403);
    assert.equal((await rawRequest(server.url, { path: API, headers: { Origin: 'http://evil.example' } })).status, 403);
    assert.equal((await rawRequest(server.url, { method: 'POST', path: API, headers: { 'Content-Type': 'text/plain' }, body: VALID_BODY })).status, 415);
    assert.equal((await rawRequest(server.url, { path: '/api/v2/users' })).status, 404);
    assert.equal((await rawRequest(server.url, { path: '/api/v1/validate' })).status, 404);
    assert.equal((await rawRequest(server.url, { path: `${API}/..%2F..%2F..%2Fv1%2Fvalidate` })).status, 400);
    assert.deepEqual(seen, [], 'nothing reached the upstream');
  });

  test('does not follow a redirect with the keys', async () => {
    seen.length = 0;
    answer = (req, res) => {
      if (req.url === '/steal') {
        res.writeHead(200);
        return res.end();
      }
      res.writeHead(302, { Location: `http://127.0.0.1:${upstream.address().port}/steal` });
      res.end();
    };
    const res = await rawRequest(server.url, { path: API });
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, undefined);
    assert.deepEqual(seen.map((s) => s.url), [API]);
  });

  test('answers 502 in the API error shape when the upstream cannot be reached', async () => {
    const closedPort = upstream.address().port;
    const dead = await startDemo({ port: 0, pkgDir: waitForPkg(), env: { DD_API_KEY: 'a', DD_APP_KEY: 'b' }, upstreamUrl: 'http://127.0.0.1:1' });
    try {
      const res = await rawRequest(dead.url, { path: API });
      assert.equal(res.status, 502);
      assert.match(res.json.errors[0], /^demo server: could not reach https:\/\/api\.datadoghq\.com/);
      assert.notEqual(closedPort, 1);
    } finally {
      await dead.close();
    }
  });

  test('refuses half a key pair, or a site that is not a host name', async () => {
    await assert.rejects(startDemo({ port: 0, pkgDir: waitForPkg(), env: { DD_API_KEY: 'a' } }), (e) => e instanceof DemoError && /DD_APP_KEY/.test(e.message));
    await assert.rejects(startDemo({ port: 0, pkgDir: waitForPkg(), env: { DD_APP_KEY: 'a' } }), (e) => e instanceof DemoError && /DD_API_KEY/.test(e.message));
    for (const site of ['evil.example/x', 'datadoghq.com:8080', 'a b.com', 'localhost', 'datadoghq.com@evil.example']) {
      await assert.rejects(startDemo({ port: 0, pkgDir: waitForPkg(), env: { DD_API_KEY: 'a', DD_APP_KEY: 'b', DD_SITE: site } }), DemoError, site);
    }
    await assert.rejects(startDemo({ port: 0, host: '0.0.0.0' }), TypeError);
    await assert.rejects(startDemo({ port: 0, bogus: 1 }), TypeError);
  });
});

describe('state file', () => {
  test('starts from the sample accounts and keeps changes across restarts', async () => {
    const stateFile = path.join(tempDir(), 'nested', 'accounts.json');
    let server = await demo({ stateFile });
    try {
      const first = await rawRequest(server.url, { path: API });
      assert.equal(first.json.data.length, SAMPLE_ACCOUNTS.length);
      const created = await rawRequest(server.url, { method: 'POST', path: API, headers: { 'Content-Type': 'application/json' }, body: VALID_BODY });
      assert.equal(created.status, 201);
      const gone = first.json.data[0].id;
      assert.equal((await rawRequest(server.url, { method: 'DELETE', path: `${API}/${gone}` })).status, 204);
    } finally {
      await server.close();
    }
    assert.ok(fs.existsSync(stateFile));
    assert.equal(fs.statSync(stateFile).mode & 0o077, 0, 'the state file holds secrets: owner only');
    server = await demo({ stateFile });
    try {
      const names = (await rawRequest(server.url, { path: API })).json.data.map((a) => a.attributes.name);
      assert.deepEqual(names, [...SAMPLE_ACCOUNTS.slice(1).map((a) => a.name), 'ct-test']);
    } finally {
      await server.close();
    }
  });

  test('the default state file is git-ignored', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8');
    assert.match(ignored, /^\/www\/\.state\/$/m);
  });
});

describe('command line', () => {
  /** Starts `node www/server.mjs`; resolves once it printed its URL. */
  function cli(env) {
    waitForBuild();
    const child = spawn(process.execPath, [path.join(ROOT, 'www', 'server.mjs')], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DEMO_STATE_FILE: path.join(tempDir(), 'state.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const started = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed within 15 s; stdout: ${out}; stderr: ${err}`)), 15_000);
      child.stdout.on('data', () => {
        const m = /Ctrl-C to stop/.test(out) && /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`exited before printing its URL; stdout: ${out}; stderr: ${err}`));
      });
    });
    return { child, started, exited, output: () => ({ out, err }) };
  }

  test('local mode: prints the URL, the mode and the site, serves, stops cleanly on SIGINT', async () => {
    const run = cli({});
    const url = await run.started;
    const { out } = run.output();
    assert.match(out, /mode: local API/);
    assert.match(out, /site: local/);
    assert.equal((await fetch(`${url}/`)).status, 200);
    assert.equal((await fetch(url + API)).status, 200);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 0);
    assert.match(run.output().out, /SIGINT: stopping/);
  });

  test('proxy mode: prints the site and never the keys; stops cleanly on SIGTERM', async () => {
    const run = cli({ DD_API_KEY: 'cli-secret-api-key', DD_APP_KEY: 'cli-secret-app-key', DD_SITE: 'us5.datadoghq.com' });
    await run.started;
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    assert.equal(code, 0);
    const { out, err } = run.output();
    assert.match(out, /mode: Datadog proxy/);
    assert.match(out, /site: us5\.datadoghq\.com \(https:\/\/api\.us5\.datadoghq\.com\)/);
    assert.doesNotMatch(out + err, /cli-secret/);
  });

  test('a port in use is a one-line error and exit code 1', async () => {
    const blocker = http.createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const run = cli({ PORT: String(blocker.address().port) });
      await assert.rejects(run.started);
      const { code } = await run.exited;
      assert.equal(code, 1);
      assert.match(run.output().err, /already in use: set PORT/);
    } finally {
      blocker.close();
    }
  });
});

// The fake's own start() is what local mode uses; make sure a fake upstream with keys works
// with the proxy end to end (the browser test of proxy mode relies on it).
test('proxy mode end to end against fake-datadog holding only the proxy keys', async () => {
  const fake = await startFake({ port: 0, keys: [{ apiKey: 'e2e-api', appKey: 'e2e-app' }], seed: SAMPLE_ACCOUNTS.slice(0, 2) });
  waitForPkg();
  const server = await startDemo({ port: 0, pkgDir: waitForPkg(), env: { DD_API_KEY: 'e2e-api', DD_APP_KEY: 'e2e-app' }, upstreamUrl: fake.url });
  try {
    const res = await rawRequest(server.url, { path: API });
    assert.equal(res.status, 200);
    assert.equal(res.json.data.length, 2);
  } finally {
    await server.close();
    await fake.close();
  }
});
