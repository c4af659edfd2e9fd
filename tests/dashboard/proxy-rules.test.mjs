// The dashboard's proxy judges sites, keys and account paths by the library's own rules
// (client.rules), so it can never be laxer than the library: a mistyped or hostile DD_SITE is
// refused at start (the keys would go to that host), a key the library refuses is refused
// without being echoed, and an account path is forwarded only as the core encodes it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { start as startFake } from '../fake-datadog/server.mjs';
import { DemoError, startDemo } from '../../www/server.mjs';
import { API, rawRequest, waitForPkg } from './helpers.mjs';

const API_KEY = 'proxy-rules-test-api-key-3b8e';
const APP_KEY = 'proxy-rules-test-app-key-d41f';

async function refusal(env) {
  try {
    const demo = await startDemo({ port: 0, pkgDir: waitForPkg(), stateFile: null, env, upstreamUrl: 'http://127.0.0.1:9' });
    await demo.close();
  } catch (e) {
    return e;
  }
  assert.fail(`started with ${JSON.stringify(env)}`);
}

describe('dashboard: the proxy asks the library', () => {
  test('refuses at start a DD_SITE the library refuses', async () => {
    for (const site of ['datadoghq.con', 'datadoghq.com.attacker.example', 'evil.com/.datadoghq.com', 'api.datadoghq.com:444']) {
      const e = await refusal({ DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_SITE: site });
      assert.ok(e instanceof DemoError, `${site}: ${e}`);
      assert.match(e.message, /^DD_SITE .*unknown Datadog site/, site);
    }
  });

  test('accepts every site the library accepts, and proxies to its API host', async () => {
    for (const [site, host] of [['datadoghq.eu', 'https://api.datadoghq.eu'], ['US5.datadoghq.com', 'https://api.us5.datadoghq.com'], ['us9.datadoghq.com', 'https://api.us9.datadoghq.com']]) {
      const demo = await startDemo({ port: 0, pkgDir: waitForPkg(), stateFile: null, env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_SITE: site }, upstreamUrl: 'http://127.0.0.1:9' });
      try {
        assert.equal(demo.upstream, host);
      } finally {
        await demo.close();
      }
    }
  });

  test('refuses a key the library refuses, without echoing it', async () => {
    const bad = 'canary-proxy-key-0e7d\ninjected: 1';
    for (const env of [{ DD_API_KEY: bad, DD_APP_KEY: APP_KEY }, { DD_API_KEY: API_KEY, DD_APP_KEY: `${bad} ` }]) {
      const e = await refusal(env);
      assert.ok(e instanceof DemoError, String(e));
      assert.match(e.message, /^DD_(API|APP)_KEY must be printable ASCII/);
      assert.ok(!e.message.includes('canary'), e.message);
    }
  });

  test('forwards an account path in the encoding the library checked, and nothing that is not one', async () => {
    const upstream = await startFake({ port: 0, keys: [{ apiKey: API_KEY, appKey: APP_KEY }], logger: () => {} });
    const demo = await startDemo({ port: 0, pkgDir: waitForPkg(), stateFile: null, env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY }, upstreamUrl: upstream.url });
    try {
      upstream.control.clearRequests();
      assert.equal((await rawRequest(demo.url, { path: `${API}/a%3fb` })).status, 404, 'an unknown id reaches the API');
      for (const path of [`${API}/..`, `${API}/%2e%2E`, `${API}/..%2F..%2Fusers`, `${API}/a%5Cb`, `${API}/%0a`]) {
        assert.equal((await rawRequest(demo.url, { path })).status, 400, path);
      }
      assert.equal((await rawRequest(demo.url, { path: '/api/v2/users' })).status, 404);
      assert.deepEqual(upstream.control.requests({ pathPrefix: '/api/' }).map((r) => r.path), [`${API}/a%3Fb`]);
    } finally {
      await demo.close();
      await upstream.close();
    }
  });
});
