// A lock beside the state file, so that two runs never write it at once: a file created with
// O_EXCL that names its owner. A lock whose owner is gone (same host, no such process) is broken;
// a live one is waited for, a bounded time, then refused with a message that says who holds it.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

/** How long to wait for a lock held by a live process (DATADOG_OKTA_LOCK_TIMEOUT_MS overrides). */
export const LOCK_TIMEOUT_MS = 10_000;
// A lock file that cannot be read as ours (cut short by a crash between create and write) and is
// older than this is taken as stale.
const UNREADABLE_STALE_MS = 30_000;

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM"; // someone else's process, but a process
  }
}

/** Why the lock at `path` cannot be taken now (its owner), or undefined when it is stale. */
function holder(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return undefined;
    throw e;
  }
  let owner;
  try {
    owner = JSON.parse(text);
  } catch {
    owner = undefined;
  }
  if (!Number.isInteger(owner?.pid)) {
    const age = Date.now() - statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    return age > UNREADABLE_STALE_MS ? undefined : { pid: "unknown", host: "?" };
  }
  if (owner.host === hostname() && !alive(owner.pid)) return undefined;
  return owner;
}

/** The lock's wait limit from the environment, or the default. */
function timeoutMs() {
  const n = Number(process.env.DATADOG_OKTA_LOCK_TIMEOUT_MS);
  return Number.isFinite(n) && n >= 0 ? n : LOCK_TIMEOUT_MS;
}

/**
 * Runs `fn` holding the lock `path`; throws an Error with `code: "ELOCKED"` and a message that
 * names the owner when it is still held after the wait.
 */
export function withLock(path, what, fn) {
  const deadline = Date.now() + timeoutMs();
  let fd;
  for (;;) {
    try {
      fd = openSync(path, "wx", 0o600);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    const owner = holder(path);
    if (owner === undefined) {
      try {
        unlinkSync(path); // stale: its owner is gone
      } catch (e) {
        if (e.code !== "ENOENT") throw e;
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const since = owner.started ? ` since ${owner.started}` : "";
      throw Object.assign(new Error(`${what} is locked by process ${owner.pid} on ${owner.host}${since}, another run writing it; waited ${timeoutMs()} ms. If no datadog-okta run holds it, remove ${path}`), { code: "ELOCKED" });
    }
    sleep(Math.min(50, Math.max(1, deadline - Date.now())));
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }));
    closeSync(fd);
    return fn();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
