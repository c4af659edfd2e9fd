#!/usr/bin/env node
// A local stand-in for Datadog's Okta Integration API (v2), for tests, the
// benchmarks and the demo. Node only, no dependencies. See README.md here.
//
//   import { start } from './tests/fake-datadog/server.mjs';
//   const fake = await start({ port: 0 });      // fake.url, fake.control, fake.close()
//
//   node tests/fake-datadog/server.mjs --port 0 [--state FILE] [--keys FILE] ...

import fs from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { createControl, checkBodyLimit } from './control.mjs';
import { normalizeCorsOrigins } from './cors.mjs';
import { Faults } from './faults.mjs';
import { allowedHosts } from './guard.mjs';
import { KeyRing, KeysError, loadKeysFile, normalizeKeys } from './keys.mjs';
import { createHandler } from './pipeline.mjs';
import { normalizeRateLimit, RateLimiter, DEFAULT_RATE_LIMIT } from './ratelimit.mjs';
import { recordedOptions } from './recorded.mjs';
import { RequestLog } from './requestlog.mjs';
import { AccountStore, StateError } from './state.mjs';

export { recordedOptions, RECORDED_ORG_ACCOUNTS } from './recorded.mjs';
export { StateError } from './state.mjs';
export { KeysError } from './keys.mjs';

const DEFAULTS = {
  port: 0,
  host: '127.0.0.1', // loopback only: this server has no real security
  state: null,
  keys: null,
  seed: [],
  reassignIdOnUpdate: false,
  rateLimit: DEFAULT_RATE_LIMIT,
  bodyLimit: 1024 * 1024,
  corsOrigins: 'loopback',
  logLimit: 1000,
  controlEndpoint: true,
  newId: randomUUID,
  logger: (line) => console.error(line),
  verbose: false,
};

/**
 * Starts a fake Datadog Okta API.
 * @returns {Promise<{url: string, port: number, host: string, server: http.Server, control: object, close: () => Promise<void>}>}
 * Rejects with StateError / KeysError / TypeError on bad options or an unusable state file.
 */
export async function start(options = {}) {
  const o = normalizeOptions(options);
  const keys = new KeyRing(o.keys === null ? null : typeof o.keys === 'string' ? loadKeysFile(o.keys) : normalizeKeys(o.keys, 'keys option'));
  const store = new AccountStore({ file: o.state, seed: o.seed });
  store.load();

  const config = { reassignIdOnUpdate: o.reassignIdOnUpdate, corsOrigins: o.corsOrigins, bodyLimit: o.bodyLimit, controlEndpoint: o.controlEndpoint };
  const ctx = {
    store,
    keys,
    faults: new Faults(),
    log: new RequestLog(o.logLimit),
    limiter: new RateLimiter(o.rateLimit),
    config,
    initialConfig: { ...config },
    initialRateLimit: o.rateLimit,
    newId: o.newId,
    logger: o.logger,
    verbose: o.verbose,
    timers: new Set(), // pending fault delays, cleared by close()
    closed: false,
    allowedHosts: new Set(), // the Host values it answers to, once it listens (guard.mjs)
  };
  const control = createControl(ctx);
  const server = http.createServer(createHandler(ctx, control));
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();
  ctx.allowedHosts = allowedHosts(o.host, port);
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;

  let closing = null;
  return {
    url,
    port,
    host: o.host,
    server,
    control,
    /** Stops listening, cuts keep-alive and in-flight connections, resolves once closed. Idempotent. */
    close() {
      closing ??= new Promise((resolve) => {
        ctx.closed = true;
        for (const t of ctx.timers) clearTimeout(t);
        ctx.timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function normalizeOptions(options) {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULTS)) throw new TypeError(`fake-datadog: unknown option '${key}' (known: ${Object.keys(DEFAULTS).join(', ')})`);
  }
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new TypeError('port must be an integer from 0 to 65535');
  if (typeof o.host !== 'string' || o.host === '') throw new TypeError('host must be a non-empty string');
  if (o.state !== null && (typeof o.state !== 'string' || o.state === '')) throw new TypeError('state must be a file path');
  if (!Array.isArray(o.seed)) throw new TypeError('seed must be an array of accounts');
  if (typeof o.reassignIdOnUpdate !== 'boolean') throw new TypeError('reassignIdOnUpdate must be a boolean');
  if (!Number.isInteger(o.logLimit) || o.logLimit < 1) throw new TypeError('logLimit must be an integer >= 1');
  if (typeof o.newId !== 'function') throw new TypeError('newId must be a function returning a new id');
  if (typeof o.logger !== 'function') throw new TypeError('logger must be a function taking a line');
  o.rateLimit = normalizeRateLimit(o.rateLimit);
  o.bodyLimit = checkBodyLimit(o.bodyLimit);
  o.corsOrigins = normalizeCorsOrigins(o.corsOrigins);
  return o;
}

// ---------------------------------------------------------------- command line

const USAGE = `usage: node tests/fake-datadog/server.mjs [options]

  --port N                  port to listen on (default 0: any free port)
  --host HOST               address to listen on (default 127.0.0.1)
  --state FILE              keep accounts in FILE (atomic, fsynced writes); default in memory
  --keys FILE               accept only these key pairs: [{"apiKey","appKey","permissions"}]
  --seed FILE               accounts to start with when there is no state yet (JSON array)
  --recorded                behave like the recordings: their organisation's accounts as seed
                            (unless --seed) and ids reassigned on update
  --reassign-id-on-update   an update moves the account to a new id, as the real API once did
  --rate-limit N            requests per period (default ${DEFAULT_RATE_LIMIT.limit})
  --rate-limit-period S     period in seconds (default ${DEFAULT_RATE_LIMIT.periodSeconds})
  --rate-limit-name NAME    X-RateLimit-Name value (default ${DEFAULT_RATE_LIMIT.name})
  --body-limit BYTES        larger request bodies get 413 (default 1048576)
  --cors-origins LIST       'loopback' (default: pages on 127.0.0.1, localhost, [::1] may call
                            the API paths), 'none', or comma-separated loopback origins that
                            may call the API paths and the control endpoint
  --log-limit N             request log entries kept (default 1000)
  --no-control              disable the /__control HTTP endpoint
  --verbose                 print one line per request on stderr
  --help                    show this help

Prints "fake-datadog listening on http://HOST:PORT" on stdout once it accepts requests.`;

class UsageError extends Error {}

function integer(value, flag) {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} needs a whole number, got '${value}'`);
  return Number(value);
}

function readJsonFile(file, what) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot use ${what} file ${file}: ${e.message}`);
  }
}

export function optionsFromArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      keys: { type: 'string' },
      seed: { type: 'string' },
      recorded: { type: 'boolean' },
      'reassign-id-on-update': { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'rate-limit-period': { type: 'string' },
      'rate-limit-name': { type: 'string' },
      'body-limit': { type: 'string' },
      'cors-origins': { type: 'string' },
      'log-limit': { type: 'string' },
      'no-control': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return null;
  const options = values.recorded ? recordedOptions() : {};
  const set = (key, value) => value !== undefined && (options[key] = value);
  set('port', integer(values.port, '--port'));
  set('host', values.host);
  set('state', values.state);
  set('keys', values.keys);
  if (values.seed !== undefined) options.seed = readJsonFile(values.seed, 'seed');
  if (values['reassign-id-on-update']) options.reassignIdOnUpdate = true;
  const rateLimit = {};
  if (values['rate-limit'] !== undefined) rateLimit.limit = integer(values['rate-limit'], '--rate-limit');
  if (values['rate-limit-period'] !== undefined) rateLimit.periodSeconds = integer(values['rate-limit-period'], '--rate-limit-period');
  if (values['rate-limit-name'] !== undefined) rateLimit.name = values['rate-limit-name'];
  if (Object.keys(rateLimit).length > 0) options.rateLimit = rateLimit;
  set('bodyLimit', integer(values['body-limit'], '--body-limit'));
  // Checked here, so that a refused list is a usage error (exit 2) like any other bad flag.
  if (values['cors-origins'] !== undefined) options.corsOrigins = normalizeCorsOrigins(values['cors-origins']);
  set('logLimit', integer(values['log-limit'], '--log-limit'));
  if (values['no-control']) options.controlEndpoint = false;
  if (values.verbose) options.verbose = true;
  return options;
}

async function main() {
  let options;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fake-datadog: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === null) {
    console.log(USAGE);
    return;
  }
  let fake;
  try {
    fake = await start(options);
  } catch (e) {
    const known = e instanceof StateError || e instanceof KeysError || e instanceof TypeError || e.code === 'EADDRINUSE' || e.code === 'EACCES';
    console.error(`fake-datadog: ${known ? e.message : e.stack}`);
    process.exit(1);
  }
  console.log(`fake-datadog listening on ${fake.url}`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function invokedDirectly() {
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) main();
