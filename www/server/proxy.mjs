// The API proxy: forwards the Okta account paths, and nothing else, to the backend with the
// keys this server holds.

import { refuse, safeForLog, send } from './reply.mjs';

const API_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'];
const BODY_LIMIT = 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 30_000;
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-period',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-name',
];

/** Answers a request on the API paths: refuses it, or forwards it and passes the answer on. */
export async function proxy(ctx, req, res, rawPath) {
  const b = ctx.backend;
  // The collection or one account, as the library's rules say; the id is forwarded in its
  // canonical encoding, so what Datadog sees is what was checked.
  const checked = await ctx.rules.checkApiPath(rawPath);
  if (checked.problems.length > 0) {
    const why = checked.notFound ? 'not forwarded: only the Okta account paths are' : `the path ${checked.problems[0].message}`;
    ctx.log(`refused ${req.method} ${safeForLog(rawPath)}: ${why}`);
    return refuse(res, true, checked.notFound ? 404 : 400, why);
  }
  const forwardPath = checked.path;
  if (req.url.includes('?')) return refuse(res, true, 400, 'query strings are not forwarded: the Okta account operations take none');
  if (!API_METHODS.includes(req.method)) return refuse(res, true, 405, `method ${req.method} is not forwarded`, { Allow: API_METHODS.join(', ') });

  const hasBody = req.method === 'POST' || req.method === 'PATCH' || Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !isJsonContentType(req.headers['content-type'])) {
    ctx.log(`refused ${req.method} ${rawPath}: Content-Type '${safeForLog(req.headers['content-type'] ?? '')}'`);
    return refuse(res, true, 415, 'request bodies must be sent as application/json');
  }
  let body;
  if (hasBody) {
    const read = await readBody(req, BODY_LIMIT);
    if (read.aborted) return undefined;
    if (read.tooLarge) return refuse(res, true, 413, `request body over ${BODY_LIMIT} bytes`, { Connection: 'close' });
    body = read.buffer;
  }

  // Headers built from scratch: the keys come from here, nothing comes from the browser
  // but the body's type.
  const headers = {
    Accept: 'application/json',
    'DD-API-KEY': b.keys.apiKey,
    'DD-APPLICATION-KEY': b.keys.appKey,
    'User-Agent': `datadog-okta-wasm-demo/${ctx.version ?? 'dev'}`,
  };
  if (hasBody) headers['Content-Type'] = 'application/json';

  const started = Date.now();
  let upstream;
  try {
    upstream = await fetch(b.upstream + forwardPath, {
      method: req.method,
      headers,
      body: hasBody ? body : undefined,
      redirect: 'manual', // a redirect must not take the keys anywhere else
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (e) {
    const timedOut = e?.name === 'TimeoutError';
    const raw = timedOut ? `no answer within ${UPSTREAM_TIMEOUT_MS / 1000} s` : String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'unknown error');
    // The runtime's text may quote the request (a header value, say): never the keys.
    const why = [b.keys.apiKey, b.keys.appKey].reduce((text, key) => (key ? text.split(key).join('[REDACTED]') : text), raw);
    ctx.log(`${req.method} ${rawPath} -> ${timedOut ? 504 : 502}: ${b.upstreamLabel}: ${why}`);
    return refuse(res, true, timedOut ? 504 : 502, `could not reach ${b.upstreamLabel}: ${why}`);
  }
  let answer;
  try {
    answer = Buffer.from(await upstream.arrayBuffer());
  } catch (e) {
    ctx.log(`${req.method} ${rawPath} -> 502: the answer of ${b.upstreamLabel} was cut: ${e?.message}`);
    return refuse(res, true, 502, `the answer of ${b.upstreamLabel} was cut short`);
  }
  const out = { 'Cache-Control': 'no-store' };
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out[name] = value;
  }
  ctx.log(`${req.method} ${rawPath} -> ${upstream.status} (${Date.now() - started} ms)`);
  return send(res, upstream.status, { body: answer, headers: {} }, out);
}

function isJsonContentType(value) {
  return typeof value === 'string' && /^application\/json\s*(;.*)?$/i.test(value.trim());
}

function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let bytes = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (bytes > limit * 4) req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ buffer: Buffer.concat(chunks), tooLarge }));
    req.on('error', () => resolve({ aborted: true }));
    req.on('close', () => {
      if (!req.complete) resolve({ aborted: true });
    });
  });
}
