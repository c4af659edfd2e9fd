// The state file: fingerprints only, under a lock, merged with what is on disk before each write
// (another run may have recorded its own accounts meanwhile), and written atomically (a temporary
// file with a random name, fsync, rename, fsync of the folder) with mode 0600, so that a crash
// leaves the old file or the new one, never half of one. A write that fails is an error.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createOktaPlanState } from "datadog-okta-wasm/manage";
import { EXIT, UsageError } from "./errors.mjs";
import { withLock } from "./lock.mjs";

/** --state, else FILE with .state.json in place of .json (or added). */
export function statePathFor(file, opts) {
  if (opts.state) return opts.state;
  return file.endsWith(".json") ? `${file.slice(0, -5)}.state.json` : `${file}.state.json`;
}

/** The parsed state file, or undefined when there is none yet. */
export function readStateFile(path) {
  if (!existsSync(path)) return undefined;
  let text;
  try {
    text = readFileSync(path, "utf8");
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`state file ${path}: ${text === undefined ? `cannot be read (${e.code ?? e.message})` : "is not valid JSON"}; fix or remove it (secrets then show as not verifiable)`);
  }
}

/** Writes `text` to `path` atomically, with mode 0600. */
export function writePrivateFile(path, text) {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${randomBytes(8).toString("hex")}`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (e) {
    unlinkSync(temp);
    throw e;
  }
  try {
    const dirFd = openSync(dir, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Folders cannot be opened for fsync everywhere; the rename is still atomic.
  }
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * This run's view of a state file: what it recorded (`record`), written by `save` on top of what
 * the file holds then. An old (version 1) file is rewritten in the current format.
 */
export function openStateFile(path) {
  const journal = [];
  function merged() {
    let state = readStateFile(path);
    if (!isObject(state) || state.version !== 2 || !isObject(state.organisations)) state = createOktaPlanState();
    for (const { organisation, name, entry, keyId } of journal) {
      let section = state.organisations[organisation];
      if (entry === undefined) {
        if (isObject(section?.accounts)) delete section.accounts[name];
        continue;
      }
      if (!isObject(section) || section.keyId !== keyId || !isObject(section.accounts)) section = state.organisations[organisation] = { keyId, accounts: {} };
      section.accounts[name] = entry;
    }
    return state;
  }
  return {
    path,
    /** Records the entry of `name` in `organisation` (undefined: the account is gone). */
    record(organisation, name, entry, keyId) {
      journal.push({ organisation, name, entry, keyId });
    },
    /** Writes the file: what it holds now, with this run's records on top. Throws a StateWriteError. */
    save() {
      try {
        withLock(`${path}.lock`, path, () => writePrivateFile(path, `${JSON.stringify(merged(), null, 2)}\n`));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw Object.assign(new Error(e.code === "ELOCKED" ? `state file ${e.message}` : `state file ${path} cannot be written (${e.message})`), { exit: EXIT.partial, stateWrite: true });
      }
    },
  };
}
