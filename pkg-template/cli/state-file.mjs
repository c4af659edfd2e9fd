// The state file: fingerprints only, written atomically (temp file, fsync, rename, fsync of the
// folder) with mode 0600, so a crash leaves the old file or the new one, never half of one.
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./errors.mjs";

let tempCounter = 0;

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

export function writeStateFile(path, state) {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${++tempCounter}`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
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
