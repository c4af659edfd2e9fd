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
 * "name\nvalue\n" pairs; left empty for a 2xx when `successHeaders` is false), to
 * `{ status, headers, oversized: true }` when the body is larger than `maxBytes` (not read
 * further), or to `{ kind: "aborted" | "timeout" | "network", error? }`.
 */
export async function attempt(fetchFn, url, method, headers, body, timeoutMs, maxBytes, signal, successHeaders = true) {
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
    const bytes = await readBody(res, maxBytes, bounded);
    if (bytes === undefined) {
      stop(); // no more of the download
      return { status, headers: list, oversized: true };
    }
    const out = typeof bytes === "string" ? { status, headers: list, text: bytes } : { status, headers: list, bytes };
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

/** A response header, or undefined (also for a Response-like stub without `headers.get`). */
function header(res, name) {
  try {
    const v = res.headers?.get?.(name);
    return v === null || v === undefined ? undefined : String(v);
  } catch {
    return undefined;
  }
}

/** Cancels a body that will not be read; never throws. */
function discard(res) {
  try {
    Promise.resolve(res.body?.cancel?.()).catch(() => {});
  } catch {
    // A stub whose body cannot be cancelled: nothing to stop.
  }
}

/**
 * The body as bytes (or text, for a Response-like stub with only `text()`), or `undefined` when
 * it is larger than `maxBytes`: refused by its Content-Length when it has one and is not
 * compressed (a compressed body grows when decoded), and counted while reading, so an endless or
 * huge body never fills the memory. Read from its stream whenever it has one: in Node 20 that
 * costs less than `arrayBuffer()` (a one-chunk body is used as it comes; loopback throughput
 * 3,479 -> 3,602 calls/s, benches/profile/loopback-ab.mjs), and more so without the read that
 * only says the stream ended (3,457 -> 3,701).
 */
async function readBody(res, maxBytes, bounded) {
  const declared = header(res, "content-length");
  const length = declared === undefined ? NaN : Number(declared);
  const encoding = header(res, "content-encoding");
  const identity = encoding === undefined || encoding === "identity";
  if (identity && length > maxBytes) {
    discard(res);
    return undefined;
  }
  const stream = res.body;
  if (typeof stream?.getReader === "function") {
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await bounded(reader.read());
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          reader.cancel().catch(() => {});
          return undefined;
        }
        chunks.push(value);
        // Every declared byte is in: the body is complete (HTTP/1.1 delimits it by its length),
        // and the stream's end need not be waited for: one read less per call.
        if (identity && total === length) break;
      }
    } catch (e) {
      reader.cancel().catch(() => {});
      throw e;
    }
    if (chunks.length === 1) return chunks[0];
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  }
  // Bytes cross into wasm with one copy; a Response-like stub with only text() still works.
  if (typeof res.arrayBuffer === "function") {
    const bytes = new Uint8Array(await bounded(res.arrayBuffer()));
    return bytes.byteLength > maxBytes ? undefined : bytes;
  }
  const text = String(await bounded(res.text()));
  // UTF-8 takes at least as many bytes as UTF-16 code units, at most three times as many.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).byteLength > maxBytes)) return undefined;
  return text;
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
