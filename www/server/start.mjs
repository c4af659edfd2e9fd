// startDemo: opens the backend, listens on loopback, and sends each request through the
// guard to the proxy or the static files.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { openBackend } from './backend.mjs';
import { boundConnections, serverOptions } from './connections.mjs';
import { guard } from './guard.mjs';
import { DemoError, readOptions } from './options.mjs';
import { proxy } from './proxy.mjs';
import { send, textBody } from './reply.mjs';
import { serveStatic } from './static.mjs';

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
 * - `limits`: `{ maxSockets, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs }`, bounds on
 *   connections, for this server and the embedded local API (defaults in connections.mjs)
 *
 * Resolves to `{ url, port, mode, site, upstream, local, close }`; `local` is
 * `{ url, control }` of the embedded local API in local mode, `null` in proxy mode.
 *
 * @example
 * const demo = await startDemo({ port: 0, stateFile: null });   // demo.url, demo.close()
 */
export async function startDemo(options = {}) {
  const { port, host, stateFile, seed, env, localPermissions, localOptions, upstreamUrl, pkgDir, log, limits } = readOptions(options);
  const version = readVersion(pkgDir);
  // The library the page loads is also this server's judge of sites, keys and account paths.
  const { client } = await import(pathToFileURL(path.join(pkgDir, 'node.mjs')).href);
  const rules = client.rules;
  const backend = await openBackend({ env, stateFile, seed, localPermissions, localOptions, upstreamUrl, rules, limits });

  // Idle sockets are shed and timed out, so a few hundred of them cannot lock the page out.
  const server = http.createServer(serverOptions(limits));
  boundConnections(server, limits);
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
    rules,
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

async function handle(ctx, req, res) {
  const allowed = guard(ctx, req, res);
  if (!allowed) return undefined;
  if (allowed.isApi) return proxy(ctx, req, res, allowed.rawPath);
  return serveStatic(ctx, req, res, allowed.rawPath);
}

function readVersion(pkgDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}
