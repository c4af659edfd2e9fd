// The checks every request passes before anything is served or forwarded: Host (DNS
// rebinding), the request target, Origin and Sec-Fetch-Site (other pages the user visits).

import { API_PREFIX } from './options.mjs';
import { refuse, safeForLog, send, textBody } from './reply.mjs';

/**
 * Checks a request; when it is refused, answers it and returns null. Otherwise returns
 * `{ rawPath, isApi }`: its path without the query, and whether it is one of the API paths.
 */
export function guard(ctx, req, res) {
  // 1. Host: only the names this server is reached by on loopback (DNS rebinding).
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!ctx.allowedHosts.has(host)) {
    ctx.log(`refused ${req.method} ${safeForLog(req.url)}: Host '${safeForLog(req.headers.host ?? '')}' is not 127.0.0.1:${ctx.port} or localhost:${ctx.port}`);
    send(res, 403, textBody(`Forbidden: this server only answers to http://127.0.0.1:${ctx.port} and http://localhost:${ctx.port}`));
    return null;
  }
  // 2. The request target: origin-form only ("GET http://other/ HTTP/1.1" is refused).
  if (typeof req.url !== 'string' || !req.url.startsWith('/')) {
    send(res, 400, textBody('Bad Request: malformed request target'));
    return null;
  }
  const rawPath = req.url.split('?')[0];
  const isApi = rawPath.startsWith(API_PREFIX) || rawPath === API_PREFIX.slice(0, -1);

  // 3. Origin: absent (same-origin GET, curl) or exactly this origin. Fetch metadata too.
  const origin = req.headers.origin;
  const sameOrigin = `http://${host}`;
  if (origin !== undefined && origin !== sameOrigin) {
    ctx.log(`refused ${req.method} ${safeForLog(rawPath)}: cross-site Origin '${safeForLog(origin)}'`);
    refuse(res, isApi, 403, `Forbidden: requests from ${origin === 'null' ? 'an opaque origin' : origin} are not accepted; open ${sameOrigin}/ instead`);
    return null;
  }
  const site = req.headers['sec-fetch-site'];
  if (isApi && site !== undefined && site !== 'same-origin' && site !== 'none') {
    ctx.log(`refused ${req.method} ${safeForLog(rawPath)}: Sec-Fetch-Site '${safeForLog(site)}'`);
    refuse(res, isApi, 403, `Forbidden: ${site} requests are not accepted`);
    return null;
  }
  return { rawPath, isApi };
}
