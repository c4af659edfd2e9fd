// Every request of every real recording, sent to the fake, gets the recorded
// status, content type and an equivalent body (same JSON, ids aside; the ids
// must map one-to-one and be fresh UUID v4s).
//
// The recordings are read from the copy in tests/fixtures/recordings (so a clean
// checkout without ../shared works); a separate test checks that the copy still
// matches ../shared/reference/recordings when that is there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { recordedOptions } from './server.mjs';
import { HERE, REPO_ROOT, UUID_V4, request, startQuiet } from './helpers.mjs';

const COPY = path.join(REPO_ROOT, 'tests', 'fixtures', 'recordings');
const SHARED = path.resolve(REPO_ROOT, '../shared/reference/recordings');
const DIR = fs.existsSync(COPY) ? COPY : SHARED;
const recordings = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('there are recordings to replay', () => {
  assert.ok(recordings.length >= 4, `expected the 4 recordings in ${DIR}, found ${recordings.length}`);
});

test('the fixture copy matches ../shared/reference/recordings', { skip: !fs.existsSync(SHARED) && 'no ../shared here' }, () => {
  const shared = fs.readdirSync(SHARED).filter((f) => /\.(json|frozen)$/.test(f)).sort();
  const copied = fs.readdirSync(COPY).filter((f) => /\.(json|frozen)$/.test(f)).sort();
  assert.deepEqual(copied, shared, 'copy the new or removed recordings into tests/fixtures/recordings');
  for (const f of shared) assert.equal(fs.readFileSync(path.join(COPY, f), 'utf8'), fs.readFileSync(path.join(SHARED, f), 'utf8'), `${f} differs`);
});

/** Walks expected and actual together, mapping each recorded "id" to the one the fake answered. */
function learnIds(expected, actual, ids, where = '') {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array`);
    assert.equal(actual.length, expected.length, `${where}: array length`);
    expected.forEach((e, i) => learnIds(e, actual[i], ids, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${where}: expected an object`);
    for (const [k, v] of Object.entries(expected)) {
      if (k === 'id' && typeof v === 'string') {
        assert.match(actual.id, UUID_V4, `${where}.id is not a UUID v4`);
        if (ids.has(v)) assert.equal(actual.id, ids.get(v), `${where}.id: recorded id ${v} must map to one id`);
        else ids.set(v, actual.id);
      } else {
        learnIds(v, actual[k], ids, `${where}.${k}`);
      }
    }
  }
}

function withIds(value, ids) {
  if (Array.isArray(value)) return value.map((v) => withIds(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'id' && ids.has(v) ? ids.get(v) : withIds(v, ids)]));
  }
  return value;
}

for (const file of recordings) {
  test(`replays ${file}`, async () => {
    const recording = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
    // The recorded organisation (for List) and ids reassigned on update (for Update).
    const fake = await startQuiet(recordedOptions());
    try {
      const ids = new Map();
      for (const [i, { request: rq, response: rs }] of recording.http_interactions.entries()) {
        const at = `${file} interaction #${i + 1} (${rq.method.toUpperCase()})`;
        let pathname = new URL(rq.uri).pathname;
        for (const [recorded, ours] of ids) pathname = pathname.split(recorded).join(ours);
        const headers = Object.fromEntries(Object.entries(rq.headers).map(([k, v]) => [k, v.join(', ')]));
        const body = typeof rq.body === 'object' && rq.body ? rq.body.string : rq.body;
        const res = await request(fake.url, rq.method.toUpperCase(), pathname, { body: body || undefined, headers });

        assert.equal(res.status, rs.status.code, `${at}: status; body ${res.text}`);
        assert.equal(res.headers['content-type'], rs.headers['Content-Type'][0], `${at}: content type`);
        const expected = rs.body.string;
        if (expected === '') {
          assert.equal(res.text, '', `${at}: body must be empty`);
          continue;
        }
        assert.equal(res.text.endsWith('\n'), expected.endsWith('\n'), `${at}: trailing newline`);
        const want = JSON.parse(expected);
        assert.notEqual(res.json, undefined, `${at}: body is not JSON: ${res.text}`);
        learnIds(want, res.json, ids, at);
        assert.deepStrictEqual(res.json, withIds(want, ids), `${at}: body`);
      }
      // Distinct recorded ids (e.g. before and after the update) stay distinct.
      assert.equal(new Set(ids.values()).size, ids.size, 'two recorded ids mapped to one');
    } finally {
      await fake.close();
    }
  });
}
