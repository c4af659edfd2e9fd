#!/usr/bin/env node
// The accounts dashboard's server: one origin for the page, the library (/pkg/*) and the
// Okta API paths, so the browser never holds a Datadog key. Node only, no dependencies.
//
//   node www/server.mjs                      # local API (embedded fake-datadog), sample accounts
//   DD_API_KEY=.. DD_APP_KEY=.. [DD_SITE=datadoghq.eu] node www/server.mjs   # proxy to Datadog
//   PORT=8081 node www/server.mjs
//   DEMO_STATE_FILE=/tmp/accounts.json node www/server.mjs  # local accounts kept elsewhere
//
//   import { startDemo } from './www/server.mjs';
//   const demo = await startDemo({ port: 0, stateFile: null });   // demo.url, demo.close()
//
// Because this process may hold real keys, it is built to be useless to any other page the
// user visits: it listens on 127.0.0.1 only, refuses a Host that is not 127.0.0.1:PORT or
// localhost:PORT (DNS rebinding), refuses a cross-site Origin or Sec-Fetch-Site, accepts only
// application/json bodies, forwards nothing but the Okta account paths, and builds the
// forwarded headers from scratch (so no DD-* key, cookie or other header from the browser
// ever reaches the API). See www/README.md.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const APP_DIR = path.join(HERE, 'app');
const PKG_DIR = path.join(ROOT, 'pkg');

export const DEFAULT_PORT = 8080;
export const DEFAULT_SITE = 'datadoghq.com';
export const DEFAULT_STATE_FILE = path.join(HERE, '.state', 'accounts.json');
export const API_COLLECTION = '/api/v2/integrations/okta/accounts';
const API_PREFIX = '/api/v2/integrations/okta/';
const API_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'];
const BODY_LIMIT = 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 30_000;
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-period',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-name',
];

/** What a new local state starts with. Secrets are placeholders: the API never returns them. */
export const SAMPLE_ACCOUNTS = [
  { name: 'acme-workforce', domain: 'https://acme.okta.com/', auth_method: 'oauth', client_id: '0oa8f3kq2xLmN4pR5d7', client_secret: 'demo-only-not-a-secret' },
  { name: 'acme-customers', domain: 'https://acme-ciam.okta.com/', auth_method: 'oauth', client_id: '0oa9t2wz7BcD1eF6g5h', client_secret: 'demo-only-not-a-secret' },
  { name: 'globex-staging', domain: 'https://globex.oktapreview.com/', auth_method: 'api_key', api_key: 'demo-only-not-a-key' },
  { name: 'initech-eu', domain: 'https://initech.okta-emea.com/', auth_method: 'api_key', api_key: 'demo-only-not-a-key' },
];

const STARTED_OPTIONS = ['port', 'host', 'stateFile', 'seed', 'env', 'localPermissions', 'localOptions', 'upstreamUrl', 'pkgDir', 'log'];

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
// 'wasm-unsafe-eval' lets the page compile the library's WebAssembly; nothing else is loosened.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
};

export class DemoError extends Error {}

/**
 * Starts the dashboard server.
 *
 * Options (all optional):
 * - `port` (8080; 0 picks a free one), `host` ('127.0.0.1'; loopback only, anything else is refused)
 * - `stateFile`: the local API's accounts file (default www/.state/accounts.json); `null` keeps them in memory
 * - `seed`: the accounts a new local state starts with (default SAMPLE_ACCOUNTS)
 * - `env`: where DD_API_KEY, DD_APP_KEY and DD_SITE are read (default process.env)
 * - `localPermissions`: permissions of the key pair the local API accepts (default both)
 * - `localOptions`: more options for the embedded fake-datadog (`rateLimit`, `reassignIdOnUpdate`, ...)
 * - `upstreamUrl`: tests only; in proxy mode, forward here instead of https://api.$DD_SITE
 * - `pkgDir`: the built library (default pkg/)
 * - `log`: receives one line per forwarded or refused request (default: nothing)
 *
 * Resolves to `{ url, port, mode, site, upstream, local, close }`; `local` is
 * `{ url, control }` of the embedded local API in local mode, `null` in proxy mode.
 */
export async function startDemo(options = {}) {
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
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('port must be an integer from 0 to 65535');
  if (host !== '127.0.0.1') throw new TypeError('host must be 127.0.0.1: this server may hold Datadog keys and must not be reachable from the network');
  if (!fs.existsSync(path.join(pkgDir, 'web.mjs'))) {
    throw new DemoError(`the library is not built (${path.relative(process.cwd(), path.join(pkgDir, 'web.mjs')) || 'pkg/web.mjs'} is missing): run \`make pkg\`, or \`make demo\`, which builds it first`);
  }
  const version = readVersion(pkgDir);
  const backend = await openBackend({ env, stateFile, seed, localPermissions, localOptions, upstreamUrl });

  const server = http.createServer();
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await backend.close();
    if (e.code === 'EADDRINUSE') throw new DemoError(`port ${port} on ${host} is already in use: set PORT to another one, e.g. PORT=${port + 1} make demo`);
    throw e;
  }
  const actualPort = server.address().port;
  const ctx = {
    port: actualPort,
    allowedHosts: new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`, ...(actualPort === 80 ? ['127.0.0.1', 'localhost'] : [])]),
    backend,
    pkgDir,
    version,
    log,
  };
  server.on('request', (req, res) => {
    handle(ctx, req, res).catch((err) => {
      log(`error: ${req.method} ${req.url}: ${err?.stack ?? err}`);
      if (!res.headersSent) send(res, 500, textBody('Internal error in the demo server'));
      else res.destroy();
    });
  });

  let closing = null;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    mode: backend.mode,
    site: backend.site,
    upstream: backend.upstreamLabel,
    local: backend.fake ? { url: backend.fake.url, control: backend.fake.control } : null,
    /** Stops listening, cuts open connections, stops the local API. Idempotent. */
    close() {
      closing ??= (async () => {
        const closed = new Promise((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await backend.close();
      })();
      return closing;
    },
  };
}

function readVersion(pkgDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the backend

/** Proxy mode when both keys are in the environment; local mode when neither is. */
async function openBackend({ env, stateFile, seed, localPermissions, localOptions, upstreamUrl }) {
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
  // only this server knows, so every request it answers went through the checks below.
  const { start } = await import('../tests/fake-datadog/server.mjs');
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

// ---------------------------------------------------------------- requests

async function handle(ctx, req, res) {
  // 1. Host: only the names this server is reached by on loopback (DNS rebinding).
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!ctx.allowedHosts.has(host)) {
    ctx.log(`refused ${req.method} ${safeForLog(req.url)}: Host '${safeForLog(req.headers.host ?? '')}' is not 127.0.0.1:${ctx.port} or localhost:${ctx.port}`);
    return send(res, 403, textBody(`Forbidden: this server only answers to http://127.0.0.1:${ctx.port} and http://localhost:${ctx.port}`));
  }
  // 2. The request target: origin-form only ("GET http://other/ HTTP/1.1" is refused).
  if (typeof req.url !== 'string' || !req.url.startsWith('/')) return send(res, 400, textBody('Bad Request: malformed request target'));
  const rawPath = req.url.split('?')[0];
  const isApi = rawPath.startsWith(API_PREFIX) || rawPath === API_PREFIX.slice(0, -1);

  // 3. Origin: absent (same-origin GET, curl) or exactly this origin. Fetch metadata too.
  const origin = req.headers.origin;
  const sameOrigin = `http://${host}`;
  if (origin !== undefined && origin !== sameOrigin) {
    ctx.log(`refused ${req.method} ${safeForLog(rawPath)}: cross-site Origin '${safeForLog(origin)}'`);
    return refuse(res, isApi, 403, `Forbidden: requests from ${origin === 'null' ? 'an opaque origin' : origin} are not accepted; open ${sameOrigin}/ instead`);
  }
  const site = req.headers['sec-fetch-site'];
  if (isApi && site !== undefined && site !== 'same-origin' && site !== 'none') {
    ctx.log(`refused ${req.method} ${safeForLog(rawPath)}: Sec-Fetch-Site '${safeForLog(site)}'`);
    return refuse(res, isApi, 403, `Forbidden: ${site} requests are not accepted`);
  }

  if (isApi) return proxy(ctx, req, res, rawPath);
  return serveStatic(ctx, req, res, rawPath);
}

function refuse(res, isApi, status, message, headers = {}) {
  return send(res, status, isApi ? apiError(message) : textBody(message), headers);
}

// ---------------------------------------------------------------- the page and the library

async function serveStatic(ctx, req, res, rawPath) {
  if (rawPath === '/__demo/info') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, textBody('Method Not Allowed'), { Allow: 'GET, HEAD' });
    return send(res, 200, jsonBody(info(ctx)), { 'Cache-Control': 'no-store' }, req.method === 'HEAD');
  }
  const file = staticFile(ctx, rawPath);
  if (!file) return send(res, 404, textBody('Not Found'));
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, textBody('Method Not Allowed'), { Allow: 'GET, HEAD' });
  let content;
  try {
    content = await fs.promises.readFile(file);
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'EISDIR') return send(res, 404, textBody('Not Found'));
    throw e;
  }
  const type = MIME[path.extname(file)] ?? 'text/plain; charset=utf-8';
  // Revalidated on every load (a rebuilt pkg/ shows at once); a 304 lets the browser reuse
  // its cached copy, and Chromium its compiled wasm.
  const etag = `"${createHash('sha1').update(content).digest('base64url')}"`;
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = PAGE_CSP;
  if (req.headers['if-none-match'] === etag) return send(res, 304, { body: '', headers }, {});
  return send(res, 200, { body: content, headers }, {}, req.method === 'HEAD');
}

/** Maps a URL path to one of the files the page may load, or null. Never a server file. */
function staticFile(ctx, rawPath) {
  if (rawPath === '/' || rawPath === '/index.html') return path.join(HERE, 'index.html');
  const m = /^\/(app|pkg)\/([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(rawPath);
  if (!m || m[2].includes('..')) return null;
  const [, dir, name] = m;
  if (dir === 'app' && !/\.(mjs|css|svg)$/.test(name)) return null;
  return path.join(dir === 'app' ? APP_DIR : ctx.pkgDir, name);
}

function info(ctx) {
  const b = ctx.backend;
  return {
    mode: b.mode,
    site: b.site,
    backend: b.mode === 'local' ? 'Local API (embedded fake-datadog)' : `Datadog API (${b.upstreamLabel})`,
    keys: b.mode === 'local' ? 'made up for this run, held by the server' : 'DD_API_KEY and DD_APP_KEY, held by the server',
    stateFile: b.mode === 'local' && b.stateFile ? path.relative(ROOT, b.stateFile) : null,
    libraryVersion: ctx.version,
  };
}

// ---------------------------------------------------------------- the API proxy

/** Checks an API path: the collection or one account, nothing else. Returns an error message or null. */
export function checkApiPath(rawPath) {
  if (rawPath === API_COLLECTION) return null;
  if (!rawPath.startsWith(API_COLLECTION + '/')) return 'not forwarded: only the Okta account paths are';
  const segment = rawPath.slice(API_COLLECTION.length + 1);
  if (segment === '' || segment.includes('/')) return 'not forwarded: only the Okta account paths are';
  let id;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return 'malformed percent-encoding in the account id';
  }
  // eslint-disable-next-line no-control-regex
  if (id === '.' || id === '..' || /[/\\\u0000-\u001f\u007f]/.test(id)) return 'not a valid account id';
  return null;
}

async function proxy(ctx, req, res, rawPath) {
  const b = ctx.backend;
  const pathProblem = checkApiPath(rawPath);
  if (pathProblem) {
    ctx.log(`refused ${req.method} ${safeForLog(rawPath)}: ${pathProblem}`);
    return refuse(res, true, pathProblem.startsWith('not forwarded') ? 404 : 400, pathProblem);
  }
  if (req.url.includes('?')) return refuse(res, true, 400, 'query strings are not forwarded: the Okta account operations take none');
  if (!API_METHODS.includes(req.method)) return refuse(res, true, 405, `method ${req.method} is not forwarded`, { Allow: API_METHODS.join(', ') });

  const hasBody = req.method === 'POST' || req.method === 'PATCH' || Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !isJsonContentType(req.headers['content-type'])) {
    ctx.log(`refused ${req.method} ${rawPath}: Content-Type '${safeForLog(req.headers['content-type'] ?? '')}'`);
    return refuse(res, true, 415, 'request bodies must be sent as application/json');
  }
  let body;
  if (hasBody) {
    const read = await readBody(req, BODY_LIMIT);
    if (read.aborted) return undefined;
    if (read.tooLarge) return refuse(res, true, 413, `request body over ${BODY_LIMIT} bytes`, { Connection: 'close' });
    body = read.buffer;
  }

  // Headers built from scratch: the keys come from here, nothing comes from the browser
  // but the body's type.
  const headers = {
    Accept: 'application/json',
    'DD-API-KEY': b.keys.apiKey,
    'DD-APPLICATION-KEY': b.keys.appKey,
    'User-Agent': `datadog-okta-wasm-demo/${ctx.version ?? 'dev'}`,
  };
  if (hasBody) headers['Content-Type'] = 'application/json';

  const started = Date.now();
  let upstream;
  try {
    upstream = await fetch(b.upstream + rawPath, {
      method: req.method,
      headers,
      body: hasBody ? body : undefined,
      redirect: 'manual', // a redirect must not take the keys anywhere else
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (e) {
    const timedOut = e?.name === 'TimeoutError';
    const why = timedOut ? `no answer within ${UPSTREAM_TIMEOUT_MS / 1000} s` : (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'unknown error');
    ctx.log(`${req.method} ${rawPath} -> ${timedOut ? 504 : 502}: ${b.upstreamLabel}: ${why}`);
    return refuse(res, true, timedOut ? 504 : 502, `could not reach ${b.upstreamLabel}: ${why}`);
  }
  let answer;
  try {
    answer = Buffer.from(await upstream.arrayBuffer());
  } catch (e) {
    ctx.log(`${req.method} ${rawPath} -> 502: the answer of ${b.upstreamLabel} was cut: ${e?.message}`);
    return refuse(res, true, 502, `the answer of ${b.upstreamLabel} was cut short`);
  }
  const out = { 'Cache-Control': 'no-store' };
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out[name] = value;
  }
  ctx.log(`${req.method} ${rawPath} -> ${upstream.status} (${Date.now() - started} ms)`);
  return send(res, upstream.status, { body: answer, headers: {} }, out);
}

function isJsonContentType(value) {
  return typeof value === 'string' && /^application\/json\s*(;.*)?$/i.test(value.trim());
}

function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let bytes = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (bytes > limit * 4) req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ buffer: Buffer.concat(chunks), tooLarge }));
    req.on('error', () => resolve({ aborted: true }));
    req.on('close', () => {
      if (!req.complete) resolve({ aborted: true });
    });
  });
}

// ---------------------------------------------------------------- replies

function textBody(text) {
  return { body: text + '\n', headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
}

function jsonBody(value) {
  return { body: JSON.stringify(value) + '\n', headers: { 'Content-Type': 'application/json' } };
}

/** The API's error shape, so the library shows the message like any other API error. */
function apiError(message) {
  return { body: JSON.stringify({ errors: [`demo server: ${message}`] }), headers: { 'Content-Type': 'application/json' } };
}

function send(res, status, { body, headers }, extra = {}, headOnly = false) {
  for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...headers, ...extra })) res.setHeader(k, v);
  const noBody = status === 204 || status === 304;
  if (!noBody) res.setHeader('Content-Length', Buffer.byteLength(body ?? ''));
  res.writeHead(status);
  res.end(noBody || headOnly ? undefined : body);
}

function safeForLog(value) {
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200);
}

// ---------------------------------------------------------------- command line

/** DEMO_STATE_FILE moves the local state elsewhere (tests use a temp file); default www/.state/. */
function stateFile() {
  return process.env.DEMO_STATE_FILE ? path.resolve(process.env.DEMO_STATE_FILE) : DEFAULT_STATE_FILE;
}

async function main() {
  const portText = process.env.PORT ?? String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    console.error(`demo: PORT must be a port number, got '${portText}'`);
    process.exit(2);
  }
  let demo;
  try {
    demo = await startDemo({ port: Number(portText), stateFile: stateFile(), log: (line) => console.log(`  ${line}`) });
  } catch (e) {
    const known = e instanceof DemoError || e instanceof TypeError || ['StateError', 'KeysError'].includes(e?.constructor?.name);
    console.error(`demo: ${known ? e.message : e?.stack ?? e}`);
    process.exit(1);
  }
  // Handlers first: whoever reads the URL below may send a signal at once.
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    demo.close().then(
      () => process.exit(0),
      (e) => {
        console.error(`demo: ${e?.message ?? e}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  console.log(`Okta accounts dashboard: ${demo.url}/`);
  if (demo.mode === 'local') {
    const where = path.relative(process.cwd(), stateFile());
    console.log(`  mode: local API (embedded fake-datadog; no Datadog account or keys needed)`);
    console.log(`  site: local (nothing leaves this machine); accounts are kept in ${where}`);
    console.log(`        delete that file to start again from the sample accounts`);
  } else {
    console.log(`  mode: Datadog proxy (DD_API_KEY and DD_APP_KEY stay in this process; the browser never sees them)`);
    console.log(`  site: ${demo.site} (${demo.upstream}); changes made on the page are real`);
  }
  console.log('  Ctrl-C to stop');
}

function invokedDirectly() {
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) main();
