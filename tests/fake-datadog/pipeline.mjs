// One request, start to finish: the Host check, control or API, faults, body limit, routing,
// keys, rate limit, content checks, the operation, and how the answer leaves
// (whole, truncated, or not at all). Any exception becomes a 500 and is logged:
// a request can never take the server down.

import { matchRoute, runOperation, ROUTES } from './api.mjs';
import { CONTROL_PREFIX, handleControlRequest } from './control.mjs';
import { apiCorsHeaders, preflightReply } from './cors.mjs';
import { isFrontFault, frontFaultReply } from './faults.mjs';
import { hostRefusal } from './guard.mjs';
import { maskBody } from './requestlog.mjs';
import { errorReply, isJsonContentType, readBody, sleep, writeReply } from './wire.mjs';

export function createHandler(ctx, control) {
  return (req, res) => {
    handle(ctx, control, req, res).catch((err) => failed(ctx, req, res, null, err));
  };
}

async function handle(ctx, control, req, res) {
  // DNS rebinding: a page on another name that now points here is same-origin to the browser.
  const badHost = hostRefusal(ctx, req);
  if (badHost) return writeReply(res, badHost);
  let url;
  try {
    url = new URL(req.url, 'http://fake-datadog.invalid');
  } catch {
    return writeReply(res, errorReply(400, 'Bad Request: malformed request target'));
  }
  if (ctx.config.controlEndpoint && (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(CONTROL_PREFIX + '/'))) {
    return handleControlRequest(ctx, control, req, res, url);
  }
  const route = matchRoute(url.pathname);
  const entry = ctx.log.open(req, url);
  try {
    await serveApi(ctx, req, res, url, route, entry);
  } catch (err) {
    failed(ctx, req, res, entry, err);
  }
}

async function serveApi(ctx, req, res, url, route, entry) {
  const cors = apiCorsHeaders(ctx.config.corsOrigins, req.headers.origin);
  if (req.method === 'OPTIONS') {
    const allow = route ? Object.keys(ROUTES[route.name]) : [];
    const reply = route ? preflightReply({ origins: ctx.config.corsOrigins, req, control: false, allow }) : errorReply(404, 'Not Found', cors);
    return send(ctx, res, entry, reply);
  }

  let body;
  try {
    body = await readBody(req, ctx.config.bodyLimit);
  } catch (e) {
    entry.error = e.message;
    return ctx.log.close(entry, 'aborted');
  }
  entry.body = maskBody(body.buffer);
  entry.bodyBytes = body.bytes;

  const fault = ctx.faults.take(req.method, url.pathname);
  if (fault) entry.fault = fault.kind;
  if (fault && fault.delayMs > 0) {
    await sleep(fault.delayMs, ctx.timers);
    // A client that gave up meanwhile does not stop the request, as on a real
    // server: a timed-out create may still have been applied. Only close() does.
    if (ctx.closed) return ctx.log.close(entry, 'aborted');
  }
  const headers = fault && !fault.cors ? {} : cors;

  if (fault && isFrontFault(fault)) {
    const reply = frontFaultReply(fault, ctx.limiter.headers());
    if (!reply) return drop(ctx, res, entry);
    return send(ctx, res, entry, withHeaders(reply, headers));
  }

  const reply = withHeaders(processApi(ctx, req, route, body, fault), headers);
  if (fault?.kind === 'drop-after-apply') {
    entry.intendedStatus = reply.status;
    return drop(ctx, res, entry);
  }
  if (fault?.kind === 'truncate') return sendTruncated(ctx, res, entry, reply, fault);
  return send(ctx, res, entry, reply);
}

/** Everything behind the load balancer. Returns a reply; writes are persisted before it returns. */
function processApi(ctx, req, route, body, fault) {
  const current = () => ctx.limiter.headers();
  // Size first, as a proxy in front would: nobody parses a body that big.
  if (body.tooLarge) return errorReply(413, `Request body too large: the limit is ${ctx.config.bodyLimit} bytes`, current());
  if (!route) return errorReply(404, 'Not Found', current());
  const methods = ROUTES[route.name];
  const permission = methods[req.method];
  if (!permission) {
    return errorReply(405, 'Method Not Allowed', { ...current(), Allow: [...Object.keys(methods), 'OPTIONS'].join(', ') });
  }
  if (!ctx.keys.allows(req.headers, permission)) return errorReply(403, 'Forbidden', current());

  const { allowed, headers } = ctx.limiter.consume();
  if (!allowed) return errorReply(429, 'Too many requests', headers);

  let parsed;
  if (req.method === 'POST' || req.method === 'PATCH') {
    // 415 rather than 400: the body may be fine, it is the label that is wrong.
    if (!isJsonContentType(req.headers['content-type'])) {
      return errorReply(415, 'Unsupported Media Type: the request body must be sent as application/json', headers);
    }
    if (body.buffer.length === 0) return errorReply(400, 'Missing request body', headers);
    try {
      parsed = JSON.parse(body.buffer.toString('utf8'));
    } catch {
      return errorReply(400, 'Malformed JSON in request body', headers);
    }
  }
  if (fault?.kind === 'exception') throw new Error('injected fault: exception in the API handler');
  return withHeaders(runOperation(ctx, route, req.method, parsed), headers);
}

function withHeaders(reply, headers) {
  return { ...reply, headers: { ...headers, ...reply.headers } };
}

function send(ctx, res, entry, reply) {
  writeReply(res, reply);
  ctx.log.close(entry, 'answered', reply.status);
  trace(ctx, entry);
}

/** The socket goes away without a byte of answer: the client sees a network error. */
function drop(ctx, res, entry) {
  res.socket?.destroy();
  ctx.log.close(entry, 'dropped');
  trace(ctx, entry);
}

/**
 * 'short': a complete HTTP message whose body is the first part of the JSON
 * (Content-Length matches what is sent), so the client's JSON parse fails.
 * 'abort': Content-Length announces the whole body, part of it is sent, then the
 * connection ends, so the client's body read fails.
 */
function sendTruncated(ctx, res, entry, reply, fault) {
  const full = Buffer.from(reply.body ?? '');
  if (reply.status === 204 || full.length === 0) return send(ctx, res, entry, reply);
  const cut = full.subarray(0, Math.floor(full.length * fault.fraction));
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', fault.mode === 'short' ? cut.length : full.length);
  res.writeHead(reply.status);
  if (fault.mode === 'short') {
    res.end(cut);
  } else {
    res.flushHeaders();
    res.write(cut, () => res.socket?.end());
  }
  ctx.log.close(entry, 'truncated', reply.status);
  trace(ctx, entry);
}

function failed(ctx, req, res, entry, err) {
  ctx.logger(`fake-datadog: error while serving ${req.method} ${req.url}: ${err?.stack || err}`);
  if (entry) entry.error = String(err?.message || err);
  if (!res.headersSent && !res.destroyed) {
    writeReply(res, errorReply(500, 'Internal Server Error'));
    if (entry) ctx.log.close(entry, 'error', 500);
  } else {
    res.socket?.destroy();
    if (entry) ctx.log.close(entry, 'error');
  }
}

function trace(ctx, entry) {
  if (!ctx.verbose) return;
  const status = entry.status ?? '-';
  const fault = entry.fault ? ` [fault ${entry.fault}]` : '';
  ctx.logger(`fake-datadog: ${entry.method} ${entry.path}${entry.query} -> ${status} ${entry.outcome}${fault}`);
}
