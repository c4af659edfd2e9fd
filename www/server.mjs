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
// ever reaches the API). It also bounds its connections, so idle sockets cannot lock the
// page out. See www/README.md.
//
// The parts, one job each, in server/ (never served to the browser):
//   options.mjs  startDemo's options and defaults     backend.mjs  local API or proxy to Datadog
//   guard.mjs    Host, Origin, Sec-Fetch-Site checks  static.mjs   the page and /pkg/* files
//   proxy.mjs    the API proxy                        reply.mjs    replies and log lines
//   start.mjs    startDemo: listen, route, close      cli.mjs      this command line
//   connections.mjs  at most 64 sockets, the idlest shed first; time limits on headers

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { main } from './server/cli.mjs';

export { DEFAULT_PORT, DEFAULT_STATE_FILE, DemoError, SAMPLE_ACCOUNTS } from './server/options.mjs';
export { startDemo } from './server/start.mjs';

function invokedDirectly() {
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) main();
