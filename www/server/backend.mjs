// Where the API requests go: Datadog itself (proxy mode, the keys from the environment) or the
// embedded local API (local mode, keys made up for this run).

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { DEFAULT_SITE, DemoError } from './options.mjs';

/** Proxy mode when both keys are in the environment; local mode when neither is. */
export async function openBackend({ env, stateFile, seed, localPermissions, localOptions, upstreamUrl }) {
  const apiKey = env.DD_API_KEY ?? '';
  const appKey = env.DD_APP_KEY ?? '';
  if (apiKey !== '' || appKey !== '') {
    if (apiKey === '' || appKey === '') {
      throw new DemoError(`only ${apiKey ? 'DD_API_KEY' : 'DD_APP_KEY'} is set: set both DD_API_KEY and DD_APP_KEY to use Datadog, or neither to use the local API`);
    }
    const site = env.DD_SITE ? String(env.DD_SITE).trim().toLowerCase() : DEFAULT_SITE;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(site)) {
      throw new DemoError(`DD_SITE '${env.DD_SITE}' is not a site name such as datadoghq.com or datadoghq.eu`);
    }
    const upstream = upstreamUrl ?? `https://api.${site}`;
    return {
      mode: 'proxy',
      site,
      upstream,
      upstreamLabel: `https://api.${site}`,
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
