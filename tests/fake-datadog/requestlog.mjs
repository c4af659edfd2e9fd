// What the server saw, so a test can count requests (e.g. "exactly one POST
// despite the dropped connection"). Keys and Okta secrets are masked before they
// are stored: the log is meant to be printed by failing tests.

import { SECRET_FIELDS } from './state.mjs';

export const MASK = '***';
const SECRET_HEADERS = ['dd-api-key', 'dd-application-key', 'authorization', 'cookie'];
const MAX_RAW_BODY = 4096;

export function maskHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.includes(name) ? MASK : value;
  return out;
}

/** Parsed JSON with secrets masked; a non-JSON body as (bounded) text with secrets masked; null when empty. */
export function maskBody(buffer) {
  if (!buffer || buffer.length === 0) return null;
  const text = buffer.toString('utf8');
  try {
    return maskValue(JSON.parse(text));
  } catch {
    const masked = text.replace(/("(?:client_secret|api_key)"\s*:\s*")((?:[^"\\]|\\.)*)(")?/g, (_, a, _secret, close) => a + MASK + (close ?? ''));
    return masked.length > MAX_RAW_BODY ? `${masked.slice(0, MAX_RAW_BODY)}... (${masked.length - MAX_RAW_BODY} more characters)` : masked;
  }
}

function maskValue(v) {
  if (Array.isArray(v)) return v.map(maskValue);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = SECRET_FIELDS.includes(k) && x !== null && x !== undefined ? MASK : maskValue(x);
    return out;
  }
  return v;
}

export class RequestLog {
  /** @param {number} limit oldest entries are dropped past this many */
  constructor(limit = 1000) {
    this.limit = limit;
    this.entries = [];
    this.seq = 0;
  }

  /** Opens an entry for an incoming request; the server fills in the outcome. */
  open(req, url) {
    const entry = {
      seq: ++this.seq,
      method: req.method,
      path: url.pathname,
      query: url.search || '',
      headers: maskHeaders(req.headers),
      body: null,
      bodyBytes: 0,
      status: null, // the status answered; null while pending or when no answer was sent
      outcome: 'pending', // answered | dropped | truncated | aborted | error
      fault: null, // the kind of the injected fault, if any
      intendedStatus: null, // for 'drop-after-apply': the status the dropped answer would have had
      error: null, // the message of a handler exception, if any
      startedAt: new Date().toISOString(),
      finishedAt: null,
      durationMs: null,
    };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return entry;
  }

  close(entry, outcome, status = null) {
    if (entry.outcome !== 'pending') return;
    entry.outcome = outcome;
    entry.status = status;
    const now = new Date();
    entry.finishedAt = now.toISOString();
    entry.durationMs = now.getTime() - Date.parse(entry.startedAt);
  }

  /** Copies of the entries, optionally only { method, pathPrefix, since (seq, exclusive) }. */
  list({ method, pathPrefix, since } = {}) {
    return this.entries
      .filter((e) => (!method || e.method === method.toUpperCase()) && (!pathPrefix || e.path.startsWith(pathPrefix)) && (!since || e.seq > since))
      .map((e) => structuredClone(e));
  }

  clear() {
    const n = this.entries.length;
    this.entries = [];
    return n;
  }
}
