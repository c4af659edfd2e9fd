// The accounts the fake organisation holds, in memory and optionally in a file.
//
// Durability contract (what the kill -9 test checks): every change is made on a
// copy, the copy is written to the state file atomically (temp file in the same
// directory, fsync, rename over, fsync the directory) and only then becomes the
// live state, so the caller acknowledges a write only once it is on disk. A
// crash at any moment leaves either the old or the new file, never half of one.
// Writes are synchronous on purpose: that serialises them without a queue.

import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export const SECRET_FIELDS = ['client_secret', 'api_key'];
const STRING_FIELDS = ['name', 'domain', 'auth_method', 'client_id', 'client_secret', 'api_key'];
const STATE_VERSION = 1;

/** Startup problems with the state file or the seed: shown to the user, never papered over. */
export class StateError extends Error {}

/**
 * Turns a seed or state-file account into the stored shape
 * { id, name, domain, auth_method, client_id?, client_secret?, api_key? }.
 * Accepts the flat shape or the API's { id, type, attributes: {...} } shape.
 */
export function normalizeAccount(input, where, { requireId = false } = {}) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new StateError(`${where}: an account must be a JSON object`);
  }
  const src = input.attributes && typeof input.attributes === 'object' ? { id: input.id, ...input.attributes } : input;
  const account = {};
  if (src.id !== undefined) {
    if (typeof src.id !== 'string' || src.id === '') throw new StateError(`${where}: "id" must be a non-empty string`);
    account.id = src.id;
  } else if (requireId) {
    throw new StateError(`${where}: missing "id"`);
  } else {
    account.id = randomUUID();
  }
  for (const field of ['name', 'domain', 'auth_method']) {
    if (typeof src[field] !== 'string' || src[field] === '') {
      throw new StateError(`${where}: "${field}" must be a non-empty string`);
    }
  }
  for (const field of STRING_FIELDS) {
    if (src[field] === undefined) continue;
    if (typeof src[field] !== 'string') throw new StateError(`${where}: "${field}" must be a string`);
    account[field] = src[field];
  }
  return account;
}

/** A copy of an account with its secrets replaced by "***" (absent secrets stay absent). */
export function maskAccount(account) {
  const copy = { ...account };
  for (const field of SECRET_FIELDS) if (copy[field] !== undefined) copy[field] = '***';
  return copy;
}

export class AccountStore {
  /**
   * @param {object} o
   * @param {string|null} o.file  state file, or null to keep everything in memory
   * @param {object[]} o.seed     accounts to start with when there is no state yet
   */
  constructor({ file = null, seed = [] } = {}) {
    this.file = file ? path.resolve(file) : null;
    this.seed = seed.map((a, i) => normalizeAccount(a, `seed account #${i + 1}`));
    checkUnique(this.seed, 'seed');
    this.accounts = new Map(); // id -> account, in insertion order (that is the list order)
    this.retired = new Map(); // id that an update replaced -> the id that replaced it
    this.tmpCounter = 0;
  }

  /**
   * Loads the state file. A missing file (or no file at all) starts from the seed;
   * an existing file, even one with no accounts, is respected as it is. A corrupt
   * or unreadable file throws StateError and is left untouched.
   */
  load() {
    if (!this.file) {
      this.replaceAll(this.seed);
      return;
    }
    let text;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if (e.code !== 'ENOENT') throw new StateError(`cannot read state file ${this.file}: ${e.message}`);
      text = null;
    }
    checkDirectory(path.dirname(this.file));
    this.removeStaleTempFiles();
    if (text === null) {
      this.replaceAll(this.seed);
      if (this.seed.length > 0) this.persist(this.accounts, this.retired);
      return;
    }
    const { accounts, retired } = parseStateFile(text, this.file);
    this.accounts = accounts;
    this.retired = retired;
  }

  list() {
    return [...this.accounts.values()].map((a) => ({ ...a }));
  }

  get(id) {
    const a = this.accounts.get(id);
    return a ? { ...a } : undefined;
  }

  /** The id that replaced `id` on an update, if `id` was retired that way. */
  replacementOf(id) {
    return this.retired.get(id);
  }

  findByName(name) {
    for (const a of this.accounts.values()) if (a.name === name) return { ...a };
    return undefined;
  }

  /**
   * Applies `mutate(draft)` to a copy of the state ({ accounts, retired } Maps),
   * persists the copy, then makes it live. If persisting throws, nothing changes.
   * Returns what `mutate` returns.
   */
  transact(mutate) {
    const draft = {
      accounts: new Map([...this.accounts].map(([id, a]) => [id, { ...a }])),
      retired: new Map(this.retired),
    };
    const result = mutate(draft);
    this.persist(draft.accounts, draft.retired);
    this.accounts = draft.accounts;
    this.retired = draft.retired;
    return result;
  }

  /** Replaces every account (control endpoint, reset); forgets retired ids. Persisted. */
  reset(accounts) {
    const list = accounts.map((a, i) => normalizeAccount(a, `account #${i + 1}`));
    checkUnique(list, 'accounts');
    this.transact((draft) => {
      draft.accounts = new Map(list.map((a) => [a.id, a]));
      draft.retired = new Map();
    });
  }

  replaceAll(list) {
    this.accounts = new Map(list.map((a) => [a.id, { ...a }]));
    this.retired = new Map();
  }

  persist(accounts, retired) {
    if (!this.file) return;
    const doc = {
      version: STATE_VERSION,
      accounts: [...accounts.values()],
      retiredIds: [...retired],
    };
    writeAtomically(this.file, JSON.stringify(doc, null, 2) + '\n', this.tempName());
  }

  tempName() {
    const dir = path.dirname(this.file);
    return path.join(dir, `.${path.basename(this.file)}.tmp-${process.pid}-${++this.tmpCounter}`);
  }

  /** A kill -9 between creating and renaming a temp file leaves it behind; tidy up at start. */
  removeStaleTempFiles() {
    const dir = path.dirname(this.file);
    const prefix = `.${path.basename(this.file)}.tmp-`;
    let names = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(prefix)) fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}

/** Fail at startup, not on the first write, when the state file could never be written. */
function checkDirectory(dir) {
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new StateError(`state directory ${dir} is not a writable directory: ${e.message}`);
  }
}

function checkUnique(list, what) {
  const ids = new Set();
  const names = new Set();
  for (const a of list) {
    if (ids.has(a.id)) throw new StateError(`${what}: duplicate account id "${a.id}"`);
    if (names.has(a.name)) throw new StateError(`${what}: duplicate account name "${a.name}"`);
    ids.add(a.id);
    names.add(a.name);
  }
}

function parseStateFile(text, file) {
  const refuse = (why) =>
    new StateError(`state file ${file} is unusable (${why}); refusing to start rather than overwrite it. Fix or remove the file.`);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw refuse(`not valid JSON: ${e.message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw refuse('not a JSON object');
  if (doc.version !== STATE_VERSION) throw refuse(`unknown version ${JSON.stringify(doc.version)}, expected ${STATE_VERSION}`);
  if (!Array.isArray(doc.accounts)) throw refuse('"accounts" is not an array');
  let accounts;
  try {
    accounts = doc.accounts.map((a, i) => normalizeAccount(a, `account #${i + 1}`, { requireId: true }));
    checkUnique(accounts, 'accounts');
  } catch (e) {
    throw refuse(e.message);
  }
  const retiredIds = doc.retiredIds ?? [];
  const pairOk = (p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string' && s !== '');
  if (!Array.isArray(retiredIds) || !retiredIds.every(pairOk)) throw refuse('"retiredIds" is not a list of [oldId, newId] pairs');
  return { accounts: new Map(accounts.map((a) => [a.id, a])), retired: new Map(retiredIds) };
}

/** Temp file (mode 0600) + fsync + rename + fsync of the directory. */
function writeAtomically(file, text, tmp) {
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  // The rename is only durable once the directory entry is on disk.
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}
