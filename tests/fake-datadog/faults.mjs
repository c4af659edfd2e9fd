// Misbehaviour on demand: the next N matching requests fail in a chosen way.
//
// Two phases. "Front" faults stand for the load balancer or a crash in front of
// the API: the request is never processed (no auth, no budget, no write). "Back"
// faults let the request be processed - and any write applied and persisted -
// then spoil the answer, which is how a client ends up not knowing that its
// create succeeded (the case that makes naive retries duplicate accounts).

import { errorReply, rawReply, reasonPhrase, JSON_TYPE } from './wire.mjs';

export class FaultError extends Error {}

/** kind -> { phase, defaults, options it accepts beyond the common ones } */
export const FAULT_KINDS = {
  status: { phase: 'front', defaults: { status: 500 }, options: ['status', 'message'] },
  empty: { phase: 'front', defaults: { status: 502 }, options: ['status'] },
  html: { phase: 'front', defaults: { status: 502 }, options: ['status'] },
  'rate-limit-html': { phase: 'front', defaults: { rateLimitHeaders: false }, options: ['rateLimitHeaders'] },
  'rate-limit-duplicate-reset': { phase: 'front', defaults: { reset: 7, variant: 'lines' }, options: ['reset', 'variant'] },
  drop: { phase: 'front', defaults: {}, options: [] },
  delay: { phase: 'back', defaults: { delayMs: 1000 }, options: [] },
  truncate: { phase: 'back', defaults: { fraction: 0.5, mode: 'short' }, options: ['fraction', 'mode'] },
  'drop-after-apply': { phase: 'back', defaults: {}, options: [] },
  exception: { phase: 'back', defaults: {}, options: [] },
};
const COMMON_OPTIONS = ['kind', 'count', 'method', 'pathPrefix', 'delayMs', 'cors'];
const MAX_DELAY_MS = 10 * 60 * 1000;

/** Validates a fault spec and fills its defaults. Unknown options are refused, to catch typos. */
export function normalizeFault(spec) {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new FaultError('a fault must be a JSON object');
  const kind = FAULT_KINDS[spec.kind];
  if (!kind) throw new FaultError(`unknown fault kind ${JSON.stringify(spec.kind)}; known kinds: ${Object.keys(FAULT_KINDS).join(', ')}`);
  for (const key of Object.keys(spec)) {
    if (!COMMON_OPTIONS.includes(key) && !kind.options.includes(key)) {
      throw new FaultError(`fault kind '${spec.kind}' has no option '${key}'`);
    }
  }
  const f = { kind: spec.kind, count: 1, method: null, pathPrefix: null, delayMs: 0, cors: true, ...kind.defaults, ...spec };
  if (!Number.isInteger(f.count) || f.count < 1) throw new FaultError('count must be an integer >= 1');
  if (f.method !== null) {
    if (typeof f.method !== 'string' || !/^[A-Za-z]+$/.test(f.method)) throw new FaultError('method must be an HTTP method name');
    f.method = f.method.toUpperCase();
  }
  if (f.pathPrefix !== null && (typeof f.pathPrefix !== 'string' || !f.pathPrefix.startsWith('/'))) {
    throw new FaultError("pathPrefix must be a string starting with '/'");
  }
  if (!Number.isInteger(f.delayMs) || f.delayMs < 0 || f.delayMs > MAX_DELAY_MS) {
    throw new FaultError(`delayMs must be an integer from 0 to ${MAX_DELAY_MS}`);
  }
  if (typeof f.cors !== 'boolean') throw new FaultError('cors must be a boolean');
  if ('status' in kind.defaults && (!Number.isInteger(f.status) || f.status < 400 || f.status > 599)) {
    throw new FaultError('status must be an integer from 400 to 599');
  }
  if (f.message !== undefined && typeof f.message !== 'string') throw new FaultError('message must be a string');
  if (f.kind === 'rate-limit-html' && typeof f.rateLimitHeaders !== 'boolean') throw new FaultError('rateLimitHeaders must be a boolean');
  if (f.kind === 'rate-limit-duplicate-reset') {
    if (!Number.isInteger(f.reset) || f.reset < 0) throw new FaultError('reset must be an integer >= 0');
    if (!['lines', 'joined'].includes(f.variant)) throw new FaultError("variant must be 'lines' or 'joined'");
  }
  if (f.kind === 'truncate') {
    if (typeof f.fraction !== 'number' || !(f.fraction >= 0 && f.fraction < 1)) throw new FaultError('fraction must be a number in [0, 1)');
    if (!['short', 'abort'].includes(f.mode)) throw new FaultError("mode must be 'short' or 'abort'");
  }
  return f;
}

export class Faults {
  constructor() {
    this.pending = [];
    this.nextId = 1;
  }

  /** Adds one fault spec or an array of them; returns the stored faults (with ids). */
  add(specs) {
    const list = (Array.isArray(specs) ? specs : [specs]).map(normalizeFault);
    const added = list.map((f) => ({ id: this.nextId++, ...f, remaining: f.count }));
    this.pending.push(...added);
    return added.map((f) => ({ ...f }));
  }

  list() {
    return this.pending.map((f) => ({ ...f }));
  }

  remove(id) {
    const before = this.pending.length;
    this.pending = this.pending.filter((f) => f.id !== id);
    return before !== this.pending.length;
  }

  clear() {
    const n = this.pending.length;
    this.pending = [];
    return n;
  }

  /**
   * The first pending fault that matches, counted as used (removed when spent).
   * A preflight (OPTIONS) only matches a fault that names OPTIONS, so a browser's
   * preflight does not eat a fault meant for the request that follows it.
   */
  take(method, pathname) {
    const i = this.pending.findIndex((f) => {
      if (f.method ? f.method !== method : method === 'OPTIONS') return false;
      return f.pathPrefix === null || pathname.startsWith(f.pathPrefix);
    });
    if (i < 0) return null;
    const f = this.pending[i];
    f.remaining -= 1;
    if (f.remaining === 0) this.pending.splice(i, 1);
    return { ...f };
  }
}

export const isFrontFault = (f) => FAULT_KINDS[f.kind].phase === 'front';

/**
 * The reply of a front fault, or null for 'drop' (the caller destroys the socket).
 * `rateHeaders` are the current X-RateLimit-* headers, for faults that stand for
 * the API itself failing (its JSON errors carry them; a load balancer's HTML does not).
 */
export function frontFaultReply(f, rateHeaders) {
  switch (f.kind) {
    case 'status':
      return errorReply(f.status, f.message ?? reasonPhrase(f.status), rateHeaders);
    case 'empty':
      return rawReply(f.status, '', null);
    case 'html':
      return rawReply(f.status, htmlPage(f.status), 'text/html');
    case 'rate-limit-html':
      return rawReply(429, htmlPage(429), 'text/html', f.rateLimitHeaders ? { ...rateHeaders, 'X-RateLimit-Remaining': '0' } : {});
    case 'rate-limit-duplicate-reset': {
      const reset = String(f.reset);
      // 'lines' sends two X-RateLimit-Reset header lines (most clients join them
      // into "7, 7"); 'joined' sends one line whose value already is "7, 7".
      const value = f.variant === 'lines' ? [reset, reset] : `${reset}, ${reset}`;
      return {
        status: 429,
        headers: { 'Content-Type': JSON_TYPE, ...rateHeaders, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': value },
        body: JSON.stringify({ errors: ['Too many requests'] }),
      };
    }
    case 'drop':
      return null;
    default:
      throw new Error(`not a front fault: ${f.kind}`);
  }
}

/** An nginx-style error page, as load balancers in front of APIs send. */
export function htmlPage(status) {
  const title = `${status} ${reasonPhrase(status)}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}
