// kill -9 at random moments while creates and deletes are in flight: the state
// file must always parse, hold every acknowledged create, and lack every
// acknowledged delete. Writes whose answer never arrived may go either way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ACCOUNTS, oauthAccount, request, spawnCli, tempDir, exited, delay } from './helpers.mjs';

const ITERATIONS = 20;
const WORKERS = 4;

test(`kill -9 during writes, ${ITERATIONS} times: no acknowledged write lost, never a half-written file`, async (t) => {
  const file = path.join(tempDir(), 'state.json');
  const mustExist = new Set(); // acknowledged creates, not since deleted
  const mustNotExist = new Set(); // acknowledged deletes
  let acknowledged = 0;

  for (let i = 0; i < ITERATIONS; i++) {
    // Restarting on the file the previous kill left is itself part of the test.
    const { child, url } = await spawnCli(['--port', '0', '--state', file]);
    let killed = false;
    const worker = async (w) => {
      for (let n = 0; !killed; n++) {
        const victim = n % 3 === 2 ? [...mustExist][Math.floor(Math.random() * mustExist.size)] : undefined;
        try {
          if (victim) {
            mustExist.delete(victim); // in flight: may or may not be applied
            const r = await request(url, 'DELETE', `${ACCOUNTS}/${victim}`);
            assert.equal(r.status, 204, r.text);
            mustNotExist.add(victim);
          } else {
            const r = await request(url, 'POST', ACCOUNTS, { body: oauthAccount(`i${i}-w${w}-n${n}`) });
            assert.equal(r.status, 201, r.text);
            mustExist.add(r.json.data.id);
          }
          acknowledged += 1;
        } catch (e) {
          if (e.code === 'ERR_ASSERTION') throw e;
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    await delay(Math.random() * 120);
    killed = true;
    child.kill('SIGKILL');
    assert.equal((await exited(child)).signal, 'SIGKILL');
    await Promise.all(workers);

    if (!fs.existsSync(file)) {
      assert.equal(mustExist.size + mustNotExist.size, 0, 'acknowledged writes but no state file');
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    let doc;
    assert.doesNotThrow(() => (doc = JSON.parse(text)), `iteration ${i}: the state file does not parse`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const ids = new Set(doc.accounts.map((a) => a.id));
    for (const id of mustExist) assert.ok(ids.has(id), `iteration ${i}: acknowledged create ${id} lost`);
    for (const id of mustNotExist) assert.ok(!ids.has(id), `iteration ${i}: acknowledged delete ${id} undone`);
    // Settle the uncertain ones: whatever the file holds is now the truth.
    for (const id of ids) if (!mustNotExist.has(id)) mustExist.add(id);
  }
  t.diagnostic(`${acknowledged} writes acknowledged, ${mustExist.size} accounts at the end`);
  // Typically several hundred; a handful would mean the loop tested next to nothing.
  assert.ok(acknowledged >= ITERATIONS / 2, `only ${acknowledged} writes were acknowledged: the loop did not exercise much`);

  // A last start on the final file serves exactly what it holds.
  const { child, url } = await spawnCli(['--port', '0', '--state', file]);
  try {
    const listed = new Set((await request(url, 'GET', ACCOUNTS)).json.data.map((a) => a.id));
    for (const id of mustExist) assert.ok(listed.has(id));
  } finally {
    child.kill('SIGKILL');
    await exited(child);
  }
});
