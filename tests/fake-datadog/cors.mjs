// CORS, so browser tests can call the fake directly from their own pages, and no other page
// can use it.
//
// The real API is assumed not to answer preflights (see the reference README); this is a
// test convenience. Only loopback origins are ever allowed: by default any page on
// 127.0.0.1, localhost or [::1] (whatever its port: the browser suites serve their pages
// from ports of their own) may call the API paths, with the keys it must send, which a page
// can only do after a preflight. The control endpoint, which returns stored secrets, resets
// and injects faults, answers no page unless its origin is listed exactly. API responses
// reflect the allowed Origin; nothing ever answers "*".

import { errorReply } from './wire.mjs';

export const API_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'];
export const API_REQUEST_HEADERS = ['DD-API-KEY', 'DD-APPLICATION-KEY', 'Content-Type', 'Accept', 'User-Agent'];
export const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Period', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-RateLimit-Name'];
export const CONTROL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_AGE_SECONDS = '600';
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True for an http(s) origin, in its canonical form, on a loopback name. */
export function isLoopbackOrigin(origin) {
  if (typeof origin !== 'string') return false;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin && LOOPBACK_NAMES.includes(url.hostname);
}

/**
 * 'loopback' (the default: any page on a loopback name, API paths only), a list of exact
 * loopback origins such as "http://127.0.0.1:8080" (API paths and control endpoint), or
 * false, [] or 'none' for no page at all. '*' and other origins are refused: a page on any
 * other site must not reach a server that holds accounts and secrets.
 */
export function normalizeCorsOrigins(value) {
  if (value === undefined || value === 'loopback') return 'loopback';
  if (value === false || value === null || value === 'none') return [];
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((o) => typeof o === 'string' && o !== '')) {
    throw new TypeError("corsOrigins must be 'loopback', false, or a list of loopback origins");
  }
  const origins = list.map((o) => o.replace(/\/$/, ''));
  for (const origin of origins) {
    if (origin === '*') throw new TypeError("corsOrigins '*' is not accepted: any web page could use this server; 'loopback' (the default) allows the pages on 127.0.0.1, localhost and [::1]");
    if (!isLoopbackOrigin(origin)) throw new TypeError(`corsOrigins: ${origin} is not a loopback origin (http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT)`);
  }
  return origins;
}

/** May a page on `origin` call the API paths? */
export function originAllowed(origins, origin) {
  if (typeof origin !== 'string' || origin === '') return false;
  return origins === 'loopback' ? isLoopbackOrigin(origin) : origins.includes(origin);
}

/** May a page on `origin` use the control endpoint? Only when its origin is listed. */
export function controlOriginAllowed(origins, origin) {
  return Array.isArray(origins) && typeof origin === 'string' && origins.includes(origin);
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
  if (!controlOriginAllowed(origins, origin)) return {};
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
  if (!(control ? controlOriginAllowed : originAllowed)(origins, origin)) {
    return errorReply(403, `CORS: origin ${origin} is not allowed${control ? ' on the control endpoint' : ''}`, allowHeader);
  }
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
