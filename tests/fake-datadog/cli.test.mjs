// node tests/fake-datadog/server.mjs ...: the flags, the URL line, exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { RECORDED_ORG_ACCOUNTS } from './server.mjs';
import { ACCOUNTS, oauthAccount, oauthUpdate, request, runCli, spawnCli, tempDir, exited } from './helpers.mjs';

async function withCli(args, fn) {
  const cli = await spawnCli(args);
  try {
    await fn(cli);
  } finally {
    cli.child.kill('SIGKILL');
    await exited(cli.child);
  }
}

test('prints "fake-datadog listening on http://127.0.0.1:PORT" and exits 0 on SIGTERM', async () => {
  const { child, url, stdout } = await spawnCli(['--port', '0']);
  assert.match(stdout(), /^fake-datadog listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  assert.notEqual(new URL(url).port, '0');
  assert.equal((await request(url, 'GET', ACCOUNTS)).status, 200);
  child.kill('SIGTERM');
  assert.deepEqual(await exited(child), { code: 0, signal: null });
});

test('--port N listens on that port', async () => {
  const free = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  await withCli(['--port', String(free)], async ({ url }) => assert.equal(url, `http://127.0.0.1:${free}`));
});

test('a port in use: exit 1 with a message', async () => {
  const blocker = net.createServer();
  await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
  const r = await runCli(['--port', String(blocker.address().port)]);
  blocker.close();
  assert.equal(r.code, 1);
  assert.match(r.stderr, /EADDRINUSE/);
});

test('--help prints the usage and exits 0; bad flags exit 2 with the usage', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--reassign-id-on-update/);
  for (const args of [['--bogus'], ['--port', 'eighty'], ['--rate-limit', '-1']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^fake-datadog: .*\n\nusage:/s);
  }
});

test('--reassign-id-on-update', async () => {
  await withCli(['--port', '0', '--reassign-id-on-update'], async ({ url }) => {
    const id = (await request(url, 'POST', ACCOUNTS, { body: oauthAccount('r') })).json.data.id;
    const moved = await request(url, 'PATCH', `${ACCOUNTS}/${id}`, { body: oauthUpdate() });
    assert.notEqual(moved.json.data.id, id);
    assert.equal((await request(url, 'DELETE', `${ACCOUNTS}/${id}`)).status, 400);
  });
});

test('--recorded serves the recorded organisation; --seed FILE overrides the seed', async () => {
  await withCli(['--port', '0', '--recorded'], async ({ url }) => {
    const ids = (await request(url, 'GET', ACCOUNTS)).json.data.map((a) => a.id);
    assert.deepEqual(ids, RECORDED_ORG_ACCOUNTS.map((a) => a.id));
    assert.equal((await request(url, 'GET', '/__control/config')).json.reassignIdOnUpdate, true);
  });
  const seed = path.join(tempDir(), 'seed.json');
  fs.writeFileSync(seed, JSON.stringify([{ id: 'only', name: 'one', domain: 'https://o.okta.com/', auth_method: 'oauth', client_id: 'c', client_secret: 's' }]));
  await withCli(['--port', '0', '--recorded', '--seed', seed], async ({ url }) => {
    assert.deepEqual((await request(url, 'GET', ACCOUNTS)).json.data.map((a) => a.id), ['only']);
  });
});

test('--body-limit, --cors-origins, --no-control, --verbose', async () => {
  await withCli(['--port', '0', '--body-limit', '100', '--cors-origins', 'http://127.0.0.1:5173,http://localhost:5174', '--no-control', '--verbose'], async ({ url, stderr }) => {
    assert.equal((await request(url, 'POST', ACCOUNTS, { body: oauthAccount('x'.repeat(200)) })).status, 413);
    const r = await request(url, 'GET', ACCOUNTS, { headers: { Origin: 'http://localhost:5174' } });
    assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:5174');
    assert.equal((await request(url, 'GET', ACCOUNTS, { headers: { Origin: 'http://127.0.0.1:5175' } })).headers['access-control-allow-origin'], undefined, 'a loopback origin not listed');
    assert.equal((await request(url, 'GET', '/__control/health')).status, 404);
    assert.match(stderr(), /fake-datadog: POST \/api\/v2\/integrations\/okta\/accounts -> 413 answered/);
  });
});

test('--cors-origins takes loopback origins only: "*" and other sites are a usage error', async () => {
  for (const value of ['*', 'http://a.test', 'http://127.0.0.1:5173,https://evil.example']) {
    const r = await runCli(['--port', '0', '--cors-origins', value]);
    assert.equal(r.code, 2, value);
    assert.match(r.stderr, /^fake-datadog: corsOrigins.*(not accepted|not a loopback origin).*\n\nusage:/s, value);
  }
});
