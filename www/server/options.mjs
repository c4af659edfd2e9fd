// startDemo's options, their defaults, and the fixed values the other server files share.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readLimits } from './connections.mjs';

/** www/, where the page and its modules are. */
export const WWW_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(WWW_DIR, '..');
export const APP_DIR = path.join(WWW_DIR, 'app');
const PKG_DIR = path.join(ROOT, 'pkg');

export const DEFAULT_PORT = 8080;
export const DEFAULT_STATE_FILE = path.join(WWW_DIR, '.state', 'accounts.json');
/** Requests under this prefix go to the proxy, which forwards only what the core calls an account path. */
export const API_PREFIX = '/api/';

/** What a new local state starts with. Secrets are placeholders: the API never returns them. */
export const SAMPLE_ACCOUNTS = [
  { name: 'acme-workforce', domain: 'https://acme.okta.com/', auth_method: 'oauth', client_id: '0oa8f3kq2xLmN4pR5d7', client_secret: 'demo-only-not-a-secret' },
  { name: 'acme-customers', domain: 'https://acme-ciam.okta.com/', auth_method: 'oauth', client_id: '0oa9t2wz7BcD1eF6g5h', client_secret: 'demo-only-not-a-secret' },
  { name: 'globex-staging', domain: 'https://globex.oktapreview.com/', auth_method: 'api_key', api_key: 'demo-only-not-a-key' },
  { name: 'initech-eu', domain: 'https://initech.okta-emea.com/', auth_method: 'api_key', api_key: 'demo-only-not-a-key' },
];

const STARTED_OPTIONS = ['port', 'host', 'stateFile', 'seed', 'env', 'localPermissions', 'localOptions', 'upstreamUrl', 'pkgDir', 'log', 'limits'];

export class DemoError extends Error {}

/**
 * Checks startDemo's options and fills in the defaults (see startDemo for each option).
 * Throws a TypeError for an unknown or invalid option, a DemoError when pkg/ is not built.
 */
export function readOptions(options) {
  for (const key of Object.keys(options)) {
    if (!STARTED_OPTIONS.includes(key)) throw new TypeError(`startDemo: unknown option '${key}' (known: ${STARTED_OPTIONS.join(', ')})`);
  }
  const {
    port = DEFAULT_PORT,
    host = '127.0.0.1',
    stateFile = DEFAULT_STATE_FILE,
    seed = SAMPLE_ACCOUNTS,
    env = process.env,
    localPermissions = undefined,
    localOptions = {},
    upstreamUrl = null,
    pkgDir = PKG_DIR,
    log = () => {},
    limits = {},
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('port must be an integer from 0 to 65535');
  if (host !== '127.0.0.1') throw new TypeError('host must be 127.0.0.1: this server may hold Datadog keys and must not be reachable from the network');
  if (!fs.existsSync(path.join(pkgDir, 'web.mjs'))) {
    throw new DemoError(`the library is not built (${path.relative(process.cwd(), path.join(pkgDir, 'web.mjs')) || 'pkg/web.mjs'} is missing): run \`make pkg\`, or \`make demo\`, which builds it first`);
  }
  return { port, host, stateFile, seed, env, localPermissions, localOptions, upstreamUrl, pkgDir, log, limits: readLimits(limits) };
}
