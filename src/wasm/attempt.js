// One attempt over `fetch`, and one cancellable wait, for the Rust transport (fetch.rs).
// The timer, the caller's signal and the race against a fetch that ignores its signal live
// here because, as JS closures, they cost a fraction of Rust closures crossing the boundary:
// each attempt is one call in and one result out.

/**
 * Sends a request; never rejects. Resolves to `{ status, headers, bytes | text }` (headers as
 * "name\nvalue\n" pairs) or to `{ kind: "aborted" | "timeout" | "network", error? }`.
 */
export async function attempt(fetchFn, url, method, headers, body, timeoutMs, signal) {
  if (signal?.aborted) return { kind: "aborted" };
  const controller = new AbortController();
  let timedOut = false;
  let cancel;
  const cancelled = new Promise((_, reject) => (cancel = reject));
  cancelled.catch(() => {});
  const stop = () => {
    controller.abort();
    cancel(new Error("aborted"));
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  signal?.addEventListener("abort", stop);
  try {
    const init = { method, headers, signal: controller.signal };
    if (body !== undefined) init.body = body;
    // A custom fetch may ignore the signal: race every await against it.
    const res = await Promise.race([fetchFn(url, init), cancelled]);
    const status = res?.status;
    if (typeof status !== "number" || status < 100 || status > 599) throw new TypeError("fetch resolved to something that is not a Response");
    let list = "";
    if (res.headers && typeof res.headers[Symbol.iterator] === "function") {
      for (const [name, value] of res.headers) list += `${name.toLowerCase()}\n${value}\n`;
    } else if (typeof res.headers?.forEach === "function") {
      res.headers.forEach((value, name) => (list += `${String(name).toLowerCase()}\n${value}\n`));
    }
    // Bytes cross into wasm with one copy; a Response-like stub with only text() still works.
    if (typeof res.arrayBuffer === "function") {
      return { status, headers: list, bytes: new Uint8Array(await Promise.race([res.arrayBuffer(), cancelled])) };
    }
    return { status, headers: list, text: String(await Promise.race([res.text(), cancelled])) };
  } catch (error) {
    if (signal?.aborted) return { kind: "aborted" };
    if (timedOut) return { kind: "timeout" };
    return { kind: "network", error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
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
