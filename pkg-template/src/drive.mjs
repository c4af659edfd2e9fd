// The loop that runs a call of the core (src/drive): the core says what to do next (send a
// request, wait), attempt.js does it, and the outcome goes back in, until the call is done.
// Each step is one synchronous call into the wasm with plain values and one JSON text out: no
// promise or closure crosses the boundary.
import { attempt, wait } from "./attempt.js";

// `resume`'s status when there is no HTTP status (src/wasm/exports.rs).
const NETWORK = 0;
const TIMEOUT = 1;
const ABORTED = 2;
const WAITED = 3;
const WAIT_ABORTED = 4;
// Added to the HTTP status of a response whose body is larger than the request's maxBytes.
const OVERSIZED = 1000;
const NONE = new Uint8Array(0);
const encoder = new TextEncoder();

/** A one-line description of a JS error: `TypeError: fetch failed (ECONNREFUSED)`. */
function describe(e) {
  try {
    if (e instanceof Error) {
      const code = e.cause?.code;
      return `${e.name}: ${e.message}${typeof code === "string" ? ` (${code})` : ""}`;
    }
    return typeof e === "string" ? e : String(JSON.stringify(e) ?? "");
  } catch {
    return "(an error that could not be read)";
  }
}

// The properties of a runtime error worth keeping (Node's network errors carry the last four).
const KEPT = ["name", "message", "stack", "code", "errno", "syscall", "address", "port"];

/**
 * A runtime error as JSON: the properties above and its own cause, the same way, four deep.
 * Only those: a custom fetch's rejection may carry the request (got's and ky's `.options`).
 * The core scrubs every string before anything of it comes back (src/drive).
 */
function details(e, depth = 0) {
  const out = {};
  try {
    if (e === null || typeof e !== "object") return { message: describe(e) };
    for (const key of KEPT) {
      const v = e[key];
      if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) out[key] = v;
    }
    if (e.cause !== undefined && depth < 4) out.cause = details(e.cause, depth + 1);
  } catch {
    // A getter that throws: what was read so far.
  }
  return out;
}

/** An `Error` (a TypeError or RangeError when it was one) from the scrubbed JSON of one. */
function rebuild(d) {
  const Class = d.name === "TypeError" ? TypeError : d.name === "RangeError" ? RangeError : Error;
  const e = new Class(typeof d.message === "string" ? d.message : "");
  for (const key of KEPT) {
    if (key !== "message" && d[key] !== undefined) Object.defineProperty(e, key, { value: d[key], writable: true, configurable: true, enumerable: key !== "name" && key !== "stack" });
  }
  if (d.cause !== null && typeof d.cause === "object") e.cause = rebuild(d.cause);
  return e;
}

/** An action of the core: JSON, or `\u0001JSON\u0001BODY` for a request with a body (src/drive). */
function parse(text) {
  if (text.charCodeAt(0) !== 1) return JSON.parse(text);
  const cut = text.indexOf("\u0001", 1);
  const action = JSON.parse(text.slice(1, cut));
  action.send.body = text.slice(cut + 1);
  return action;
}

function report(events, onResponse) {
  for (const event of events) {
    try {
      onResponse(event);
    } catch {
      // A hook that throws must not break the call.
    }
  }
}

/**
 * Runs `operation` to its end; resolves to the last action: `{ done, result? }` or
 * `{ error, cause? }`, with `cause` rebuilt as an `Error` from the core's scrubbed copy.
 */
export async function drive(module, operation, config, params, fetchFn, signal, onResponse) {
  let action = parse(module.start(operation, config, params));
  for (;;) {
    if (action.events && onResponse) report(action.events, onResponse);
    const id = action.id;
    if (id === undefined) {
      if (action.cause !== undefined) action.cause = rebuild(action.cause);
      return action;
    }
    let next;
    try {
      const send = action.send;
      if (send) {
        const r = await attempt(fetchFn, send.url, send.method, send.headers, send.body, send.timeoutMs, send.maxBytes, signal, send.successHeaders !== false);
        if (r.oversized) {
          next = module.resume(id, OVERSIZED + r.status, r.headers, NONE);
        } else if (r.kind === undefined) {
          next = module.resume(id, r.status, r.headers, r.bytes ?? encoder.encode(r.text));
        } else if (r.kind === "network") {
          next = module.resume(id, NETWORK, describe(r.error), encoder.encode(JSON.stringify(details(r.error))));
        } else {
          next = module.resume(id, r.kind === "timeout" ? TIMEOUT : ABORTED, "", NONE);
        }
      } else {
        next = module.resume(id, (await wait(action.wait, signal)) ? WAITED : WAIT_ABORTED, "", NONE);
      }
    } catch (e) {
      try {
        module.cancel(id);
      } catch {
        // The module trapped: api.mjs refuses further calls.
      }
      throw e;
    }
    action = parse(next);
  }
}
