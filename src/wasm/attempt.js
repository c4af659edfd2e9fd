// One attempt over `fetch`, and one cancellable wait: the I/O of a call, done for the loop that
// drives it (pkg-template/src/drive.mjs). The timer, the caller's signal and the race against a
// fetch that ignores its signal live here, as JS closures.

// Unfired AbortControllers, each lent to one attempt at a time. Creating a controller and its
// signal is the costliest step of an attempt in Node 20 (makeTransferable). A controller goes
// back only when its attempt ended normally (the body read, nothing aborted), and serves at most
// USES attempts: a fetch that leaves one listener on its signal per request (Node's own does,
// until garbage collection) then never reaches Node's warning threshold of 10.
const USES = 8;
const idle = [];
const borrow = () => idle.pop() ?? { controller: new AbortController(), uses: 0 };

/**
 * Sends a request; never rejects. Resolves to `{ status, headers, bytes | text }` (headers as
 * "name\nvalue\n" pairs; left empty for a 2xx when `successHeaders` is false) or to
 * `{ kind: "aborted" | "timeout" | "network", error? }`.
 */
export async function attempt(fetchFn, url, method, headers, body, timeoutMs, signal, successHeaders = true) {
  if (signal?.aborted) return { kind: "aborted" };
  const lent = borrow();
  const controller = lent.controller;
  let ended = false;
  let timedOut = false;
  let stopped = false;
  let cancel;
  // A custom fetch may ignore the signal: every await is bounded by `stop` too.
  const bounded = (promise) =>
    new Promise((resolve, reject) => {
      cancel = reject;
      if (stopped) reject(new Error("aborted"));
      Promise.resolve(promise).then(resolve, reject);
    });
  const stop = () => {
    stopped = true;
    controller.abort();
    cancel?.(new Error("aborted"));
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  signal?.addEventListener("abort", stop);
  try {
    const init = { method, headers, signal: controller.signal };
    if (body !== undefined) init.body = body;
    const res = await bounded(fetchFn(url, init));
    const status = res?.status;
    if (typeof status !== "number" || status < 100 || status > 599) throw new TypeError("fetch resolved to something that is not a Response");
    let list = "";
    if (!successHeaders && status >= 200 && status < 300) {
      // Not needed: nothing reads a success's headers when no onResponse hook is set.
    } else if (res.headers && typeof res.headers[Symbol.iterator] === "function") {
      for (const [name, value] of res.headers) list += `${name.toLowerCase()}\n${value}\n`;
    } else if (typeof res.headers?.forEach === "function") {
      res.headers.forEach((value, name) => (list += `${String(name).toLowerCase()}\n${value}\n`));
    }
    // Bytes cross into wasm with one copy; a Response-like stub with only text() still works.
    const out = typeof res.arrayBuffer === "function"
      ? { status, headers: list, bytes: new Uint8Array(await bounded(res.arrayBuffer())) }
      : { status, headers: list, text: String(await bounded(res.text())) };
    ended = true;
    return out;
  } catch (error) {
    if (signal?.aborted) return { kind: "aborted" };
    if (timedOut) return { kind: "timeout" };
    return { kind: "network", error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
    if (ended && !controller.signal.aborted && ++lent.uses < USES && idle.length < 64) idle.push(lent);
  }
}

/** Waits `ms`; resolves to false if `signal` aborts first. */
export function wait(ms, signal) {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener("abort", onAbort);
  });
}
