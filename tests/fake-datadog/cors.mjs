// CORS, so browser tests and the demo page can call the fake directly.
//
// The real API is assumed not to answer preflights (see the reference README);
// this is a test convenience. API responses reflect an allowed Origin (never
// "*", so a page cannot be fooled into thinking any origin works); the control
// endpoint answers "*" when every origin is allowed.

import { errorReply } from './wire.mjs';

export const API_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'];
export const API_REQUEST_HEADERS = ['DD-API-KEY', 'DD-APPLICATION-KEY', 'Content-Type', 'Accept', 'User-Agent'];
export const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Period', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-RateLimit-Name'];
export const CONTROL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_AGE_SECONDS = '600';

/** '*' (any origin), or a list of exact origins such as "http://127.0.0.1:8080"; false or [] allows none. */
export function normalizeCorsOrigins(value) {
  if (value === undefined || value === '*') return '*';
  if (value === false || value === null) return [];
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((o) => typeof o === 'string' && o !== '')) {
    throw new TypeError("corsOrigins must be '*', false, or a list of origins");
  }
  return list.includes('*') ? '*' : list.map((o) => o.replace(/\/$/, ''));
}

export function originAllowed(origins, origin) {
  return typeof origin === 'string' && origin !== '' && (origins === '*' || origins.includes(origin));
}

/** Headers for an API response to a request carrying `origin`. */
export function apiCorsHeaders(origins, origin) {
  if (!originAllowed(origins, origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': RATE_LIMIT_HEADERS.join(', '),
    Vary: 'Origin',
  };
}

/** Headers for a control endpoint response. */
export function controlCorsHeaders(origins, origin) {
  if (origins === '*') return { 'Access-Control-Allow-Origin': '*' };
  if (!originAllowed(origins, origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/**
 * The answer to an OPTIONS request. `allow` is the list of methods the path
 * supports (for a request that is not a CORS preflight, and for the Allow header).
 */
export function preflightReply({ origins, req, control, allow }) {
  const origin = req.headers.origin;
  const wanted = req.headers['access-control-request-method'];
  const allowHeader = { Allow: [...allow, 'OPTIONS'].join(', ') };
  if (!origin || !wanted) return { status: 204, headers: allowHeader, body: '' };
  if (!originAllowed(origins, origin)) return errorReply(403, `CORS: origin ${origin} is not allowed`, allowHeader);
  if (!allow.includes(wanted.toUpperCase())) return errorReply(405, `CORS: method ${wanted} is not allowed here`, allowHeader);
  const headers = {
    ...allowHeader,
    ...(control ? controlCorsHeaders(origins, origin) : apiCorsHeaders(origins, origin)),
    'Access-Control-Allow-Methods': allow.join(', '),
    'Access-Control-Allow-Headers': control ? 'Content-Type' : API_REQUEST_HEADERS.join(', '),
    'Access-Control-Max-Age': MAX_AGE_SECONDS,
    Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
  // Chrome's Private Network Access asks before a page reaches a loopback address.
  if (req.headers['access-control-request-private-network'] === 'true') headers['Access-Control-Allow-Private-Network'] = 'true';
  return { status: 204, headers, body: '' };
}
