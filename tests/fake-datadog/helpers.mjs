// Shared by the *.test.mjs files. Requests go through node:http (not fetch) so
// tests see exactly what was on the wire: repeated header lines, truncated
// bodies, dropped connections.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { start } from './server.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const SERVER = path.join(HERE, 'server.mjs');
export const ACCOUNTS = '/api/v2/integrations/okta/accounts';
export const KEYS = { 'DD-API-KEY': 'test-api-key', 'DD-APPLICATION-KEY': 'test-app-key' };
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-period', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-name'];

/**
 * One request on a fresh connection. `body` may be an object (sent as JSON with
 * Content-Type: application/json), a string or a Buffer. Keys are sent unless
 * `keys: false` (or another header object). Resolves
 * { status, headers, rawHeaders, text, json } and rejects on a network error.
 */
export function request(base, method, pathname, { body, headers = {}, keys = KEYS } = {}) {
  const url = new URL(pathname, base);
  const h = { ...(keys || {}), ...headers };
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      payload = body;
    } else {
      payload = JSON.stringify(body);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    }
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ABORTED' })));
      res.on('end', () => {
        if (!res.complete) return reject(Object.assign(new Error('response incomplete'), { code: 'INCOMPLETE' }));
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A client bound to one server: api.get(path), api.post(path, body), ... */
export function client(base, defaults = {}) {
  const call = (method) => (pathname, body, options = {}) => request(base, method, pathname, { ...defaults, ...options, body });
  return { get: (p, o) => request(base, 'GET', p, { ...defaults, ...o }), post: call('POST'), patch: call('PATCH'), delete: (p, o) => request(base, 'DELETE', p, { ...defaults, ...o }), control: controlClient(base) };
}

/** The /__control HTTP endpoint as JSON calls. */
export function controlClient(base) {
  const call = async (method, sub, body) => {
    const r = await request(base, method, `/__control${sub}`, { body, keys: false });
    return r;
  };
  return { get: (s) => call('GET', s), post: (s, b) => call('POST', s, b ?? {}), put: (s, b) => call('PUT', s, b), patch: (s, b) => call('PATCH', s, b), delete: (s) => call('DELETE', s) };
}

export function oauthAccount(name, extra = {}) {
  return {
    data: {
      type: 'okta-accounts',
      attributes: { auth_method: 'oauth', domain: 'https://dev-test.okta.com/', name, client_id: 'cid', client_secret: 'csecret', ...extra },
    },
  };
}

export function oauthUpdate(extra = {}) {
  return { data: { type: 'okta-accounts', attributes: { auth_method: 'oauth', domain: 'https://example.okta.com/', client_id: 'cid2', client_secret: 'csecret2', ...extra } } };
}

/** A quiet server for one test file; errors it logs are collected in `lines`. */
export async function startQuiet(options = {}) {
  const lines = [];
  const fake = await start({ logger: (l) => lines.push(l), ...options });
  return Object.assign(fake, { lines, api: client(fake.url) });
}

const tempDirs = [];
process.once('exit', () => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix = 'fake-datadog-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * Spawns the CLI; resolves { child, url, stderr() } once it printed its URL, or
 * rejects with its stderr if it exits first.
 */
export function spawnCli(args, { timeoutMs = 10000 } = {}) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not print its URL within ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /fake-datadog listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stdout: () => out, stderr: () => err });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`CLI exited (${code ?? signal}) before listening; stderr: ${err}`), { code, stderr: err }));
    });
  });
}

/** Runs the CLI to completion; resolves { code, signal, stdout, stderr }. */
export function runCli(args, { timeoutMs = 10000 } = {}) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));
