// Shared pieces of the library's attack suite: the packed package, hostile servers on 127.0.0.1
// that record what reaches them, random canary secrets, and the check that no 8-character piece
// of a canary shows anywhere a user could see it.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { inspect } from "node:util";
import { installedPackage } from "../plan/helpers.mjs";
import { listenLocal } from "../support/listen.mjs";

export const { client, v2 } = await import(installedPackage().nodeEntry);
export const manage = await import(join(installedPackage().pkg, "manage/node.mjs"));
export const ACCOUNTS = "/api/v2/integrations/okta/accounts";

// A seeded generator, so that a failure can be replayed: ATTACK_SEED=<seed> node --test ...
export const SEED = Number(process.env.ATTACK_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const pick = (chars) => chars[Math.floor(random() * chars.length)];

/** A random canary of 20 to 27 characters from `alphabet`, holding every one of `musts`. */
function canary(alphabet, musts) {
  const chars = Array.from({ length: 20 + Math.floor(random() * 8) }, () => pick(alphabet));
  for (const m of musts) chars.splice(1 + Math.floor(random() * (chars.length - 2)), 0, m);
  return chars.join("");
}
const ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("");
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** DD keys (printable ASCII, as a header carries) and Okta secrets (any text) with quotes, backslashes and more. */
export const CANARIES = {
  apiKey: canary(ASCII, ['"', "\\", "%", "/"]),
  appKey: canary(ASCII, ['"', "\\", "+", "&"]),
  clientSecret: canary(ALNUM + "é中€ ", ['"', "\\", "/", "é", " "]),
  oktaToken: canary(ALNUM + "ü<>&", ['"', "\\", "%", "ü"]),
};

/** Every 8-character piece of every canary, in the forms text can show it in. */
const PIECES = Object.entries(CANARIES).flatMap(([name, secret]) => {
  const out = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const piece = secret.slice(i, i + 8);
    for (const form of new Set([piece, JSON.stringify(piece).slice(1, -1), encodeURIComponent(piece), inspect(piece).slice(1, -1)])) out.push({ name, form });
  }
  return out;
});

/** Every way a user sees a value: String, message, stack, util.inspect (hidden too), JSON. */
export function views(value) {
  const out = [String(value), inspect(value, { depth: Infinity, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // a cycle: inspect has shown it
  }
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? "", JSON.stringify(value.body ?? null), JSON.stringify(value.headers ?? null), JSON.stringify(value.snippet ?? null));
    if (value.cause !== undefined) out.push(...views(value.cause));
  }
  return out;
}

/** Fails when any 8-character piece of a canary appears in any view of `value`. */
export function assertNoPiece(value, where) {
  for (const text of views(value)) {
    for (const { name, form } of PIECES) {
      const at = text.indexOf(form);
      assert.ok(at < 0, `${where}: a piece of the ${name} canary (${JSON.stringify(form)}) shows in ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 60))} (ATTACK_SEED=${SEED})`);
    }
  }
}

/**
 * A hostile server on 127.0.0.1: `handler(request, res)` answers, with `request` holding the
 * method, the raw URL, the headers and the body text. Resolves to { url, requests, close }.
 */
export async function hostile(handler) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const request = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    requests.push(request);
    try {
      await handler(request, res);
    } catch {
      res.destroy();
    }
  });
  return { ...(await listenLocal(server)), requests };
}

/** A hostile server for one test, closed after it. */
export async function serverFor(t, handler) {
  const s = await hostile(handler);
  t.after(() => s.close());
  return s;
}

/** An API against `server` with the canary DD keys; no retries unless asked. */
export function apiFor(server, extra = {}) {
  return new v2.OktaIntegrationApi(
    client.createConfiguration({
      baseServer: new client.BaseServerConfiguration(server.url, {}),
      authMethods: { apiKeyAuth: CANARIES.apiKey, appKeyAuth: CANARIES.appKey },
      enableRetry: false,
      timeoutMs: 5000,
      ...extra,
    }),
  );
}

export const json = (res, status, value, headers = {}) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
};

export const ACCOUNT = (id = "id-1", attributes = {}) => ({
  type: "okta-accounts",
  id,
  attributes: { name: "prod", auth_method: "oauth", domain: "https://prod.okta.com/", client_id: "cid", ...attributes },
});

export const bodies = {
  create: (name = "fresh") => ({ data: { attributes: { authMethod: "oauth", domain: "https://fresh.okta.com/", name, clientId: "cid", clientSecret: CANARIES.clientSecret }, type: "okta-accounts" } }),
  update: () => ({ data: { attributes: { authMethod: "api_key", domain: "https://moved.okta.com/", apiKey: CANARIES.oktaToken }, type: "okta-accounts" } }),
};

/** The rejection of `promise`; fails when it resolves. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}
