// Where the API requests go: Datadog itself (proxy mode, the keys from the environment) or the
// embedded local API (local mode, keys made up for this run).

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { boundConnections } from './connections.mjs';
import { DemoError } from './options.mjs';

/**
 * Proxy mode when both keys are in the environment; local mode when neither is. The keys and
 * DD_SITE are checked by the library's rules (`rules`, `client.rules`), as the library itself
 * would check them; a message never repeats a key.
 */
export async function openBackend({ env, stateFile, seed, localPermissions, localOptions, upstreamUrl, rules, limits }) {
  const apiKey = env.DD_API_KEY ?? '';
  const appKey = env.DD_APP_KEY ?? '';
  if (apiKey !== '' || appKey !== '') {
    if (apiKey === '' || appKey === '') {
      throw new DemoError(`only ${apiKey ? 'DD_API_KEY' : 'DD_APP_KEY'} is set: set both DD_API_KEY and DD_APP_KEY to use Datadog, or neither to use the local API`);
    }
    for (const [name, value] of [['DD_API_KEY', apiKey], ['DD_APP_KEY', appKey]]) {
      const { problems } = await rules.checkKey(value);
      if (problems.length > 0) throw new DemoError(`${name} ${problems.map((p) => p.message).join('; ')}`);
    }
    const wanted = env.DD_SITE || (await rules.describe()).defaultSite;
    const checked = await rules.checkSite(wanted);
    if (checked.problems.length > 0) {
      throw new DemoError(`DD_SITE ${JSON.stringify(String(wanted)).slice(0, 200)}: ${checked.problems.map((p) => p.message).join('; ')}`);
    }
    const { site, baseUrl } = checked;
    return {
      mode: 'proxy',
      site,
      upstream: upstreamUrl ?? baseUrl,
      upstreamLabel: baseUrl,
      keys: { apiKey, appKey },
      fake: null,
      close: async () => {},
    };
  }

  // Local mode: the embedded local API only accepts a key pair made up for this run, which
  // only this server knows, so every request it answers went through the checks of guard.mjs.
  const { start } = await import('../../tests/fake-datadog/server.mjs');
  const keys = { apiKey: randomBytes(16).toString('hex'), appKey: randomBytes(20).toString('hex') };
  if (stateFile) fs.mkdirSync(path.dirname(stateFile), { recursive: true, mode: 0o700 });
  const fake = await start({
    port: 0,
    host: '127.0.0.1',
    state: stateFile ?? null,
    seed,
    keys: [{ ...keys, ...(localPermissions ? { permissions: localPermissions } : {}) }],
    corsOrigins: false, // the browser never talks to it directly
    controlEndpoint: false, // not needed by the page; tests use the in-process handle
    logger: () => {},
    ...localOptions,
  });
  // Same process, same file descriptors: idle sockets on its port must not lock the page out either.
  boundConnections(fake.server, limits);
  return {
    mode: 'local',
    site: 'local',
    upstream: fake.url,
    upstreamLabel: fake.url,
    keys,
    fake,
    stateFile: stateFile ?? null,
    close: () => fake.close(),
  };
}
