// HTTP plumbing shared by the API, the faults and the control endpoint.
//
// Handlers never write to the response directly: they return a *reply*
// ({ status, headers, body }) and the server writes it. That indirection is what
// lets a fault take the reply of a request that was really processed and cut it
// short or drop it instead of sending it.

import { STATUS_CODES } from 'node:http';

export const JSON_TYPE = 'application/json';
// What the real API sends with its empty 204 on delete (see the recordings).
export const DELETE_TYPE = 'text/html; charset=utf-8';

/** A JSON success reply. The real API ends every JSON success body with "\n". */
export function jsonReply(status, value, headers = {}) {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: JSON.stringify(value) + '\n',
  };
}

/**
 * An error reply in the API's shape, {"errors": [...]}. The recorded 400 has no
 * trailing newline, so error bodies have none either.
 */
export function errorReply(status, messages, headers = {}) {
  const errors = Array.isArray(messages) ? messages : [messages];
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: JSON.stringify({ errors }),
  };
}

/** A reply with an arbitrary body and content type (HTML error pages, empty bodies). */
export function rawReply(status, body, contentType, headers = {}) {
  const h = { ...headers };
  if (contentType) h['Content-Type'] = contentType;
  return { status, headers: h, body };
}

export function reasonPhrase(status) {
  return STATUS_CODES[status] || 'Error';
}

/** Writes a reply; header values that are arrays go out as repeated header lines. */
export function writeReply(res, reply) {
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value !== undefined && value !== null) res.setHeader(name, value);
  }
  const body = reply.body ?? '';
  // 204 and 304 must not carry a body nor a Content-Length.
  if (reply.status !== 204 && reply.status !== 304) {
    res.setHeader('Content-Length', Buffer.byteLength(body));
  }
  res.writeHead(reply.status);
  res.end(reply.status === 204 || reply.status === 304 ? undefined : body);
}

/**
 * Reads a request body, keeping at most `limit` bytes. A bigger body is still
 * drained (and discarded) so the client can read the 413 instead of hitting a
 * reset while it is still sending; past `limit * 8 + 8 MiB` the socket is cut,
 * because at that point the client is hostile rather than mistaken.
 * Resolves { buffer, bytes, tooLarge }; rejects if the client goes away.
 */
export function readBody(req, limit) {
  const hardCap = limit * 8 + 8 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const chunks = [];
    let bytes = 0;
    let tooLarge = false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > hardCap) {
      req.socket.destroy();
      reject(new Error('request body far over the limit; connection cut'));
      return;
    }
    req.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes > hardCap) {
        req.socket.destroy();
        return;
      }
      if (bytes > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ buffer: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), bytes, tooLarge }));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('client aborted the request')));
    req.on('close', () => {
      if (!req.complete) reject(new Error('connection closed before the body was complete'));
    });
  });
}

/** True when the Content-Type names JSON (application/json or a +json type), parameters allowed. */
export function isJsonContentType(value) {
  if (typeof value !== 'string') return false;
  const type = value.split(';')[0].trim().toLowerCase();
  return type === JSON_TYPE || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export function sleep(ms, timers) {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers?.delete(t);
      resolve();
    }, ms);
    timers?.add(t);
  });
}
