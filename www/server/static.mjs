// The page, its modules and the library (/, /app/*, /pkg/*), and /__demo/info. Nothing else
// on disk is reachable: not this server's own code, not the state file.

import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

import { APP_DIR, ROOT, WWW_DIR } from './options.mjs';
import { jsonBody, send, textBody } from './reply.mjs';

// 'wasm-unsafe-eval' lets the page compile the library's WebAssembly; nothing else is loosened.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
};

/** Answers a request for anything but the API paths. */
export async function serveStatic(ctx, req, res, rawPath) {
  if (rawPath === '/__demo/info') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, textBody('Method Not Allowed'), { Allow: 'GET, HEAD' });
    return send(res, 200, jsonBody(info(ctx)), { 'Cache-Control': 'no-store' }, req.method === 'HEAD');
  }
  const file = staticFile(ctx, rawPath);
  if (!file) return send(res, 404, textBody('Not Found'));
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, textBody('Method Not Allowed'), { Allow: 'GET, HEAD' });
  let content;
  try {
    content = await fs.promises.readFile(file);
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'EISDIR') return send(res, 404, textBody('Not Found'));
    throw e;
  }
  const type = MIME[path.extname(file)] ?? 'text/plain; charset=utf-8';
  // Revalidated on every load (a rebuilt pkg/ shows at once); a 304 lets the browser reuse
  // its cached copy, and Chromium its compiled wasm.
  const etag = `"${createHash('sha1').update(content).digest('base64url')}"`;
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = PAGE_CSP;
  if (req.headers['if-none-match'] === etag) return send(res, 304, { body: '', headers }, {});
  return send(res, 200, { body: content, headers }, {}, req.method === 'HEAD');
}

/**
 * Maps a URL path to one of the files the page may load, or null. Never a server file: only
 * www/index.html, www/app/ and pkg/ are mapped, so www/server/ stays private.
 */
function staticFile(ctx, rawPath) {
  if (rawPath === '/' || rawPath === '/index.html') return path.join(WWW_DIR, 'index.html');
  const m = /^\/(app|pkg)\/([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(rawPath);
  if (!m || m[2].includes('..')) return null;
  const [, dir, name] = m;
  if (dir === 'app' && !/\.(mjs|css|svg)$/.test(name)) return null;
  return path.join(dir === 'app' ? APP_DIR : ctx.pkgDir, name);
}

function info(ctx) {
  const b = ctx.backend;
  return {
    mode: b.mode,
    site: b.site,
    backend: b.mode === 'local' ? 'Local API (embedded fake-datadog)' : `Datadog API (${b.upstreamLabel})`,
    keys: b.mode === 'local' ? 'made up for this run, held by the server' : 'DD_API_KEY and DD_APP_KEY, held by the server',
    stateFile: b.mode === 'local' && b.stateFile ? path.relative(ROOT, b.stateFile) : null,
    libraryVersion: ctx.version,
  };
}
