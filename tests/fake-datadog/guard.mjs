// What a request passes before anything else, so that no web page the developer visits can
// use this server: the Host check on every request (DNS rebinding: a page whose name now
// points at 127.0.0.1 is same-origin, so CORS does not stop it), and on the control endpoint
// the Origin, Sec-Fetch-Site and Content-Type checks (a "simple" cross-site POST needs no
// preflight). The API paths need no more: a page cannot send the DD-* key headers without a
// preflight, which only loopback origins pass (cors.mjs).

import { controlOriginAllowed } from './cors.mjs';
import { errorReply, isJsonContentType } from './wire.mjs';

const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];

/**
 * The Host values this server answers to: its loopback names with its port, and the address
 * it listens on when that is a single address. Port 80 may also go without it.
 * @example allowedHosts('127.0.0.1', 8126)   // Set { '127.0.0.1:8126', 'localhost:8126', '[::1]:8126' }
 */
export function allowedHosts(listenHost, port) {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const own = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
  if (!WILDCARD_HOSTS.includes(own) && !names.includes(own.toLowerCase())) names.push(own.toLowerCase());
  return new Set(names.flatMap((name) => (port === 80 ? [`${name}:80`, name] : [`${name}:${port}`])));
}

/** A 403 for a Host this server does not answer to, or null. */
export function hostRefusal(ctx, req) {
  const host = req.headers.host;
  if (typeof host === 'string' && ctx.allowedHosts.has(host.toLowerCase())) return null;
  const shown = JSON.stringify(String(host ?? '')).slice(0, 120);
  return errorReply(403, `Forbidden: Host ${shown} is not one of this server's names (${[...ctx.allowedHosts].join(', ')})`);
}

/**
 * A 403 for a control request from a page whose origin is not listed, or null. Tools (no
 * Origin, no Sec-Fetch-Site) and listed origins pass.
 */
export function controlOriginRefusal(ctx, req) {
  const origin = req.headers.origin;
  const listed = controlOriginAllowed(ctx.config.corsOrigins, origin);
  if (origin !== undefined && !listed) {
    return errorReply(403, `Forbidden: the control endpoint does not answer pages on ${String(origin).slice(0, 100)} (only origins listed in corsOrigins)`);
  }
  const site = req.headers['sec-fetch-site'];
  if (!listed && (site === 'cross-site' || site === 'same-site')) {
    return errorReply(403, `Forbidden: the control endpoint does not answer ${site} requests`);
  }
  return null;
}

/** A 415 for a control write whose body (or label) is not JSON, or null. No body, no label: fine. */
export function controlTypeRefusal(req, cors) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return null;
  const type = req.headers['content-type'];
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if ((type !== undefined || hasBody) && !isJsonContentType(type)) {
    return errorReply(415, 'Unsupported Media Type: control request bodies must be sent as application/json', cors);
  }
  return null;
}
