// The state file: persisted before acknowledging, reloaded at start, mode 0600,
// and a corrupt or unreadable file refused rather than replaced.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, StateError } from './server.mjs';
import { ACCOUNTS, oauthAccount, oauthUpdate, runCli, startQuiet, tempDir } from './helpers.mjs';

const mode = (file) => fs.statSync(file).mode & 0o777;

test('writes survive a restart, retired ids included; the file is JSON with mode 0600', async () => {
  const file = path.join(tempDir(), 'state.json');
  let fake = await startQuiet({ state: file, reassignIdOnUpdate: true });
  const a = (await fake.api.post(ACCOUNTS, oauthAccount('kept'))).json.data.id;
  const b = (await fake.api.post(ACCOUNTS, oauthAccount('moved'))).json.data.id;
  const c = (await fake.api.post(ACCOUNTS, oauthAccount('deleted'))).json.data.id;
  const b2 = (await fake.api.patch(`${ACCOUNTS}/${b}`, oauthUpdate())).json.data.id;
  assert.equal((await fake.api.delete(`${ACCOUNTS}/${c}`)).status, 204);
  await fake.close();

  assert.equal(mode(file), 0o600);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(doc.version, 1);
  assert.deepEqual(doc.accounts.map((x) => x.id), [a, b2]);
  assert.equal(doc.accounts[1].client_secret, 'csecret2', 'secrets are kept (the file is 0600 for that reason)');
  assert.deepEqual(doc.retiredIds, [[b, b2]]);

  fake = await startQuiet({ state: file });
  try {
    assert.deepEqual((await fake.api.get(ACCOUNTS)).json.data.map((x) => x.attributes.name), ['kept', 'moved']);
    assert.equal((await fake.api.get(`${ACCOUNTS}/${b}`)).text, '{"errors":["Unknown error occurred: "]}');
    assert.equal((await fake.api.get(`${ACCOUNTS}/${c}`)).status, 404);
    assert.equal(fake.control.config().state, file);
  } finally {
    await fake.close();
  }
});

test('a missing state file starts empty (or from the seed, written at once); an existing empty one is not reseeded', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'state.json');
  let fake = await startQuiet({ state: file });
  assert.deepEqual(fake.control.accounts(), []);
  assert.equal(fs.existsSync(file), false, 'nothing written before the first write');
  await fake.close();

  const seed = [{ name: 'seeded', domain: 'https://s.okta.com/', auth_method: 'oauth', client_id: 'c', client_secret: 'x' }];
  fake = await startQuiet({ state: file, seed });
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).accounts[0].name, 'seeded');
  await fake.control.reset();
  await fake.close();
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).accounts, [], 'reset is persisted');

  fake = await startQuiet({ state: file, seed });
  assert.deepEqual(fake.control.accounts(), [], 'an existing state, even empty, wins over the seed');
  await fake.close();
});

const corrupt = [
  ['half-written JSON', '{"version":1,"accounts":[{"id":"a"', /not valid JSON/],
  ['an empty file', '', /not valid JSON/],
  ['a JSON array', '[]', /not a JSON object/],
  ['another version', '{"version":2,"accounts":[]}', /unknown version 2/],
  ['accounts not a list', '{"version":1,"accounts":{}}', /"accounts" is not an array/],
  ['an account without a name', '{"version":1,"accounts":[{"id":"a","domain":"d","auth_method":"oauth"}]}', /account #1: "name" must be a non-empty string/],
  ['an account without an id', '{"version":1,"accounts":[{"name":"n","domain":"d","auth_method":"oauth"}]}', /account #1: missing "id"/],
  ['bad retired ids', '{"version":1,"accounts":[],"retiredIds":[["a"]]}', /retiredIds/],
];

for (const [what, text, message] of corrupt) {
  test(`a state file with ${what} is refused and left untouched`, async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, text);
    const error = await start({ state: file }).then(
      (f) => f.close().then(() => assert.fail('started on a corrupt state file')),
      (e) => e,
    );
    assert.ok(error instanceof StateError, error);
    assert.match(error.message, message);
    assert.match(error.message, /refusing to start/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });
}

test('an unreadable state file, or one in a missing directory, is refused', async () => {
  const dir = tempDir();
  await assert.rejects(start({ state: dir }), /cannot read state file .*EISDIR/);
  await assert.rejects(start({ state: path.join(dir, 'no', 'such', 'state.json') }), /state directory .* is not a writable directory/);
});

test('the CLI refuses a corrupt state file with a clear message and exit code 1', async () => {
  const file = path.join(tempDir(), 'state.json');
  fs.writeFileSync(file, '{"version":1,"accounts":[');
  const r = await runCli(['--port', '0', '--state', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^fake-datadog: state file .*state\.json is unusable \(not valid JSON/);
  assert.equal(r.stdout, '');
  assert.equal(fs.readFileSync(file, 'utf8'), '{"version":1,"accounts":[');
});

test('temp files left by a crash are removed at start', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'state.json');
  fs.writeFileSync(path.join(dir, '.state.json.tmp-999-1'), '{"half');
  fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'keep me');
  const fake = await startQuiet({ state: file });
  await fake.close();
  assert.deepEqual(fs.readdirSync(dir).sort(), ['unrelated.txt']);
});

test('a write that cannot be persisted is answered 500 and not applied', async () => {
  const dir = path.join(tempDir(), 'sub');
  fs.mkdirSync(dir);
  const fake = await startQuiet({ state: path.join(dir, 'state.json') });
  try {
    fs.rmSync(dir, { recursive: true });
    const r = await fake.api.post(ACCOUNTS, oauthAccount('lost'));
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { errors: ['Internal Server Error'] });
    assert.deepEqual(fake.control.accounts(), [], 'memory does not hold what the disk does not');
    assert.ok(fake.lines.some((l) => /ENOENT/.test(l)));
  } finally {
    await fake.close();
  }
});
