// The control surface: a JS handle for tests that start the server in-process,
// and the same operations over HTTP under /__control/ (JSON in, JSON out) for tests
// in other processes, and for pages whose origin is listed in corsOrigins (no other
// page: guard.mjs).
// Control requests are not API requests: they are not logged, not rate-limited
// and never hit by faults.

import { normalizeRateLimit } from './ratelimit.mjs';
import { normalizeCorsOrigins, controlCorsHeaders, preflightReply, CONTROL_METHODS } from './cors.mjs';
import { FaultError, normalizeFault } from './faults.mjs';
import { controlOriginRefusal, controlTypeRefusal } from './guard.mjs';
import { maskAccount, StateError } from './state.mjs';
import { jsonReply, errorReply, readBody, writeReply } from './wire.mjs';

export const CONTROL_PREFIX = '/__control';

export class ControlError extends Error {}

/** Builds the control handle over the server's context. */
export function createControl(ctx) {
  const control = {
    config() {
      return {
        reassignIdOnUpdate: ctx.config.reassignIdOnUpdate,
        rateLimit: { ...ctx.limiter.config },
        corsOrigins: ctx.config.corsOrigins,
        bodyLimit: ctx.config.bodyLimit,
        state: ctx.store.file,
        keys: ctx.keys.describe(),
      };
    },
    /** Changes { reassignIdOnUpdate, rateLimit: { limit, periodSeconds, name }, corsOrigins, bodyLimit }; returns config(). */
    setConfig(patch = {}) {
      const known = ['reassignIdOnUpdate', 'rateLimit', 'corsOrigins', 'bodyLimit'];
      for (const key of Object.keys(patch)) if (!known.includes(key)) throw new ControlError(`unknown config option '${key}' (known: ${known.join(', ')})`);
      // Validate everything before changing anything.
      const next = { ...ctx.config };
      if ('reassignIdOnUpdate' in patch) {
        if (typeof patch.reassignIdOnUpdate !== 'boolean') throw new ControlError('reassignIdOnUpdate must be a boolean');
        next.reassignIdOnUpdate = patch.reassignIdOnUpdate;
      }
      if ('corsOrigins' in patch) next.corsOrigins = wrap(() => normalizeCorsOrigins(patch.corsOrigins));
      if ('bodyLimit' in patch) next.bodyLimit = wrap(() => checkBodyLimit(patch.bodyLimit));
      const rateLimit = 'rateLimit' in patch ? wrap(() => normalizeRateLimit(patch.rateLimit, ctx.limiter.config)) : null;
      Object.assign(ctx.config, next);
      if (rateLimit) ctx.limiter.configure(rateLimit);
      return control.config();
    },
    setReassignIdOnUpdate(on) {
      return control.setConfig({ reassignIdOnUpdate: on }).reassignIdOnUpdate;
    },

    faults: () => ctx.faults.list(),
    /** Adds a fault spec or an array of them; returns what was added, with ids. */
    addFault: (spec) => wrap(() => ctx.faults.add(spec)),
    /** Replaces every pending fault with these. */
    setFaults(specs) {
      const list = Array.isArray(specs) ? specs : [specs];
      wrap(() => list.forEach(normalizeFault)); // all valid, or nothing changes
      ctx.faults.clear();
      return ctx.faults.add(list);
    },
    removeFault: (id) => ctx.faults.remove(Number(id)),
    clearFaults: () => ctx.faults.clear(),

    /** Request log entries, optionally filtered by { method, pathPrefix, since }. */
    requests: (filter) => ctx.log.list(filter),
    clearRequests: () => ctx.log.clear(),

    /** Stored accounts; secrets are "***" unless { secrets: true }. */
    accounts({ secrets = false } = {}) {
      const list = ctx.store.list();
      return secrets ? list : list.map(maskAccount);
    },
    /** Replaces every account (persisted when there is a state file). */
    setAccounts(accounts) {
      if (!Array.isArray(accounts)) throw new ControlError('accounts must be an array');
      wrap(() => ctx.store.reset(accounts));
      return control.accounts();
    },

    /**
     * Back to a clean start: accounts emptied (or set to `accounts`, or to the
     * seed with { seed: true }), faults, request log and rate-limit window
     * cleared, config back to the start options.
     */
    reset({ accounts, seed = false } = {}) {
      if (accounts !== undefined && !Array.isArray(accounts)) throw new ControlError('accounts must be an array');
      wrap(() => ctx.store.reset(accounts ?? (seed ? ctx.store.seed : [])));
      ctx.faults.clear();
      ctx.log.clear();
      Object.assign(ctx.config, ctx.initialConfig);
      ctx.limiter.configure(ctx.initialRateLimit);
      return { ok: true, accounts: ctx.store.accounts.size };
    },

    rateLimit: () => ctx.limiter.status(),
    resetRateLimit() {
      ctx.limiter.reset();
      return ctx.limiter.status();
    },
  };
  // Shorter names for the request log, as the issue calls it.
  control.log = control.requests;
  control.clearLog = control.clearRequests;
  return control;
}

export function checkBodyLimit(v) {
  if (!Number.isInteger(v) || v < 1) throw new TypeError('bodyLimit must be an integer >= 1 (bytes)');
  return v;
}

// Turns validation errors from the other modules into ControlErrors (HTTP 400).
function wrap(fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FaultError || e instanceof StateError || e instanceof TypeError) throw new ControlError(e.message);
    throw e;
  }
}

// method + sub-path -> (control, body, url) => result. Results go out as JSON.
const ROUTES = {
  '': {
    GET: () => ({
      routes: [...Object.entries(ROUTES).flatMap(([p, m]) => Object.keys(m).map((verb) => `${verb} ${CONTROL_PREFIX}${p}`)), `DELETE ${CONTROL_PREFIX}/faults/:id`],
    }),
  },
  '/health': { GET: () => ({ ok: true }) },
  '/config': { GET: (c) => c.config(), PATCH: (c, b) => c.setConfig(b), POST: (c, b) => c.setConfig(b) },
  '/faults': {
    GET: (c) => ({ faults: c.faults() }),
    POST: (c, b) => ({ faults: c.addFault(b.faults ?? b) }),
    PUT: (c, b) => ({ faults: c.setFaults(b.faults ?? b) }),
    DELETE: (c) => ({ cleared: c.clearFaults() }),
  },
  '/requests': {
    GET: (c, _b, url) => ({ requests: c.requests(filterFrom(url)) }),
    DELETE: (c) => ({ cleared: c.clearRequests() }),
  },
  '/accounts': {
    GET: (c, _b, url) => ({ accounts: c.accounts({ secrets: url.searchParams.get('secrets') === 'true' }) }),
    PUT: (c, b) => ({ accounts: c.setAccounts(b.accounts) }),
  },
  '/reset': { POST: (c, b) => c.reset(b) },
  '/rate-limit': { GET: (c) => c.rateLimit(), DELETE: (c) => c.resetRateLimit() },
};

function filterFrom(url) {
  const p = url.searchParams;
  return { method: p.get('method') || undefined, pathPrefix: p.get('pathPrefix') || undefined, since: Number(p.get('since')) || undefined };
}

/** Serves one request under /__control. */
export async function handleControlRequest(ctx, control, req, res, url) {
  const refused = controlOriginRefusal(ctx, req);
  if (refused) return writeReply(res, refused);
  const origins = ctx.config.corsOrigins;
  const cors = controlCorsHeaders(origins, req.headers.origin);
  let sub = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  let faultId = null;
  const m = /^\/faults\/(\d+)$/.exec(sub);
  if (m) [sub, faultId] = ['/faults/:id', Number(m[1])];
  const route = sub === '/faults/:id' ? { DELETE: (c) => ({ removed: c.removeFault(faultId) }) } : ROUTES[sub];
  if (!route) return writeReply(res, errorReply(404, `Unknown control route ${url.pathname}`, cors));
  const allow = Object.keys(route);
  if (req.method === 'OPTIONS') {
    return writeReply(res, preflightReply({ origins, req, control: true, allow: CONTROL_METHODS.filter((x) => allow.includes(x)) }));
  }
  const handler = route[req.method];
  if (!handler) return writeReply(res, errorReply(405, `Method ${req.method} not allowed on ${url.pathname}`, { ...cors, Allow: [...allow, 'OPTIONS'].join(', ') }));
  const badType = controlTypeRefusal(req, cors);
  if (badType) return writeReply(res, badType);
  const { buffer, tooLarge } = await readBody(req, Math.max(ctx.config.bodyLimit, 1024 * 1024));
  if (tooLarge) return writeReply(res, errorReply(413, 'Control request body too large', cors));
  let body = {};
  if (buffer.length > 0) {
    try {
      body = JSON.parse(buffer.toString('utf8'));
    } catch (e) {
      return writeReply(res, errorReply(400, `Control request body is not valid JSON: ${e.message}`, cors));
    }
  }
  if (body === null || typeof body !== 'object') return writeReply(res, errorReply(400, 'Control request body must be a JSON object or array', cors));
  try {
    const status = req.method === 'POST' && sub === '/faults' ? 201 : 200;
    return writeReply(res, jsonReply(status, handler(control, body, url), cors));
  } catch (e) {
    if (e instanceof ControlError) return writeReply(res, errorReply(400, e.message, cors));
    throw e;
  }
}
