// The command line, `node www/server.mjs` (what `make demo` runs): reads PORT and
// DEMO_STATE_FILE, starts the server, says where it is, and stops on Ctrl-C or SIGTERM.

import path from 'node:path';

import { DEFAULT_PORT, DEFAULT_STATE_FILE, DemoError } from './options.mjs';
import { startDemo } from './start.mjs';

/** DEMO_STATE_FILE moves the local state elsewhere (tests use a temp file); default www/.state/. */
function stateFile() {
  return process.env.DEMO_STATE_FILE ? path.resolve(process.env.DEMO_STATE_FILE) : DEFAULT_STATE_FILE;
}

/** Runs the server until a signal stops it; exits 2 for a bad PORT, 1 when it cannot start. */
export async function main() {
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
