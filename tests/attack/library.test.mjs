// The library under attack (issue 12), from the packed package: hostile ids, servers that echo
// secrets, huge bodies, a browser worker. One test per hole; each was seen to fail before its fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { ACCOUNT, ACCOUNTS, CANARIES, SEED, apiFor, assertNoPiece, bodies, client, json, manage, rejection, serverFor } from "./library-helpers.mjs";

// ---- Hole 1: account ids that leave their path segment ----------------------------------

const OPERATIONS = {
  get: (api, accountId) => api.getOktaAccount({ accountId }),
  update: (api, accountId) => api.updateOktaAccount({ accountId, body: bodies.update() }),
  delete: (api, accountId) => api.deleteOktaAccount({ accountId }),
};
const ESCAPING_IDS = [".", "..", "a/..", "../../v1/validate", "..\\..", "x/y", "tab\tid", "nul\u0000"];

/** A server that answers every account request, recording it. */
const answering = (t) =>
  serverFor(t, (req, res) => {
    if (req.method === "DELETE") return res.writeHead(204).end();
    json(res, 200, { data: ACCOUNT(decodeURIComponent(req.url.split("/").pop())) });
  });

test("hole 1: get, update and delete refuse . and .. (and /, \\, control characters) before sending", async (t) => {
  const server = await answering(t);
  const api = apiFor(server);
  for (const [op, call] of Object.entries(OPERATIONS)) {
    for (const id of ESCAPING_IDS) {
      const e = await rejection(call(api, id));
      assert.ok(e instanceof client.ValidationError, `${op} ${JSON.stringify(id)}: ${e}`);
      assert.deepEqual(e.problems.map((p) => p.path), ["accountId"], `${op} ${JSON.stringify(id)}`);
    }
  }
  assert.deepEqual(server.requests, [], "nothing was sent");
  const { problems } = await client.rules.checkAccountId("..");
  assert.equal(problems.length, 1);
});

test("hole 1: ids that only look like dot segments stay one encoded segment", async (t) => {
  const server = await answering(t);
  const api = apiFor(server);
  for (const [op, call] of Object.entries(OPERATIONS)) {
    for (const id of ["%2e%2e", "%2E.", ".%2e", "%2e", "...", "..a", "a..", "%2f", "?x", "#y"]) {
      server.requests.length = 0;
      await call(api, id);
      assert.deepEqual(server.requests.map((r) => r.url), [`${ACCOUNTS}/${encodeURIComponent(id)}`], `${op} ${JSON.stringify(id)}`);
    }
  }
});

test("hole 1: hostile ids from a server are refused when fed back into a call, by hand or by apply", async (t) => {
  const hostileIds = ["..", ".", "../../../v1/org", "a\\..", "a/b"];
  const listed = [...hostileIds.map((id, i) => ACCOUNT(id, { name: `evil-${i}` })), ACCOUNT("good-id", { name: "good" })];
  const server = await serverFor(t, (req, res) => {
    if (req.url === ACCOUNTS && req.method === "GET") return json(res, 200, { data: listed });
    if (req.method === "DELETE") return res.writeHead(204).end();
    json(res, 200, { data: ACCOUNT("good-id", { name: "good" }) });
  });
  const api = apiFor(server);
  const { data } = await api.listOktaAccounts();
  for (const account of data.filter((a) => a.id !== "good-id")) {
    for (const [op, call] of Object.entries(OPERATIONS)) {
      const e = await rejection(call(api, account.id));
      assert.ok(e instanceof client.ValidationError, `${op} ${JSON.stringify(account.id)}: ${e}`);
    }
  }
  // apply with prune deletes every account not desired: the hostile ids fail their step, unsent.
  const plan = await manage.planOktaAccounts(api, {}, { prune: true, site: server.url });
  const result = await manage.applyOktaAccountPlan(api, plan, { continueOnError: true });
  const failed = result.steps.filter((s) => s.status === "failed");
  assert.equal(failed.length, hostileIds.length);
  for (const step of failed) assert.ok(step.error instanceof client.ValidationError, String(step.error));
  const paths = server.requests.map((r) => `${r.method} ${r.url}`);
  assert.ok(paths.every((p) => p.endsWith(ACCOUNTS) || p.endsWith(`${ACCOUNTS}/good-id`)), paths.join("\n"));
});

// ---- Hole 5: secrets in errors ----------------------------------------------------------

const asciiJson = (value) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
/** The secrets a request carries: the DD keys, and the Okta secret of its body. */
function carried(req) {
  const attributes = req.body ? JSON.parse(req.body).data.attributes : {};
  return [req.headers["dd-api-key"], req.headers["dd-application-key"], attributes.client_secret, attributes.api_key].filter(Boolean);
}

/** Hostile answers to one request, each echoing the secrets it carried in another form. */
const ECHOES = {
  "the API's errors, raw": (res, req) => json(res, 400, { errors: carried(req).map((s) => `bad value ${s}`) }),
  "the request echoed as JSON": (res, req) => json(res, 400, `{"received":${req.body || "null"},"headers":${JSON.stringify(req.headers)}}`),
  "the request echoed as ASCII-only JSON": (res, req) => json(res, 422, `{"received":${asciiJson(req.body ? JSON.parse(req.body) : null)},"headers":${asciiJson(req.headers)}}`),
  "an HTML page with URL-encoded secrets": (res, req) => res.writeHead(502, { "content-type": "text/html" }).end(`<a href="/login?${carried(req).map((s, i) => `k${i}=${encodeURIComponent(s)}`).join("&")}">retry</a>`),
  "a text body with a secret across the 4,096-character cut": (res, req) => res.writeHead(400, { "content-type": "text/plain" }).end(`${"x".repeat(4096 - 12)}${carried(req).join(" ")}`),
  "a text body with a secret at the 120-character message cut": (res, req) => res.writeHead(400, { "content-type": "text/plain" }).end(`${"y".repeat(120 - 10)}${carried(req).reverse().join(" ")}`),
  "echoing headers": (res, req) => {
    const [apiKey, appKey, okta = "none"] = carried(req);
    res.writeHead(400, { "content-type": "text/plain", "x-echo": apiKey, "x-echo-url": encodeURIComponent(appKey), "x-okta": encodeURIComponent(okta) }).end("no");
  },
  "a success body cut across the 200-character snippet": (res, req) => res.writeHead(200, { "content-type": "application/json" }).end(`{"data":"${"z".repeat(200 - 20)}${carried(req).reverse().join(" ")}`),
};

test("hole 5: no piece of a secret leaves in an error, whatever form the server echoes it in", async (t) => {
  const leaks = [];
  for (const [name, answer] of Object.entries(ECHOES)) {
    const server = await serverFor(t, (req, res) => answer(res, req));
    const api = apiFor(server);
    for (const [op, call] of Object.entries({ create: () => api.createOktaAccount({ body: bodies.create() }), update: () => api.updateOktaAccount({ accountId: "id-1", body: bodies.update() }), get: () => api.getOktaAccount({ accountId: "id-1" }) })) {
      const e = await rejection(call());
      assert.ok(e instanceof client.DatadogOktaError, `${name}: ${e}`);
      try {
        assertNoPiece(e, `${name}, ${op}`);
      } catch (failure) {
        leaks.push(failure.message);
      }
    }
  }
  assert.deepEqual(leaks, []);
});

test("hole 5: a write of unknown outcome keeps its cause free of secrets", async (t) => {
  const server = await serverFor(t, (req, res) => json(res, 502, `{"echo":${req.body}}`));
  const e = await rejection(apiFor(server, { enableRetry: true }).updateOktaAccount({ accountId: "id-1", body: bodies.update() }));
  assert.ok(e instanceof client.UnknownOutcomeError, String(e));
  assert.equal(e.cause.code, 502);
  assertNoPiece(e, "unknown outcome");
});

test("hole 5: a custom fetch whose rejection carries the request (got, ky) leaves no key in NetworkError.cause", async (t) => {
  const server = await serverFor(t, (req, res) => res.end());
  const gotLike = async (url, init) => {
    const options = { url, method: init.method, headers: { ...init.headers }, body: init.body };
    const e = new Error(`Request failed: ${init.method} ${url}`);
    e.name = "RequestError";
    e.code = "ECONNRESET";
    e.options = options;
    e.request = { options, requestUrl: new URL(url) };
    e.cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET", headers: options.headers });
    throw e;
  };
  for (const call of [(api) => api.listOktaAccounts(), (api) => api.createOktaAccount({ body: bodies.create() }), (api) => api.updateOktaAccount({ accountId: "id-1", body: bodies.update() })]) {
    const e = await rejection(call(apiFor(server, { fetch: gotLike })));
    const network = e instanceof client.UnknownOutcomeError ? e.cause : e;
    assert.ok(network instanceof client.NetworkError, String(e));
    // The cause is kept (what went wrong, and its code), without what the request carried.
    assert.equal(network.cause.name, "RequestError");
    assert.equal(network.cause.code, "ECONNRESET");
    assert.equal(network.cause.cause?.code, "ECONNRESET");
    assertNoPiece(e, "got-like rejection");
  }
});

test("hole 5: a success that echoes a secret under an unknown key keeps the key, not the secret", async (t) => {
  let escapedKey = false;
  const server = await serverFor(t, (req, res) => {
    const attributes = { token: CANARIES.oktaToken, echo: { headers: [CANARIES.apiKey, CANARIES.appKey] } };
    const body = { data: { ...ACCOUNT("id-1", attributes), clientSecret: CANARIES.oktaToken }, meta: { debug: `key=${CANARIES.apiKey}` } };
    let text = JSON.stringify(body);
    // An escaped key sends the body to the tree decoder; without it, the one-pass rewrite reads it.
    if (escapedKey) text = text.replace('"name"', '"n\\u0061me"');
    json(res, 200, text);
  });
  const api = apiFor(server);
  for (const path of ["fast", "tree"]) {
    escapedKey = path === "tree";
    const r = await api.updateOktaAccount({ accountId: "id-1", body: bodies.update() });
    assertNoPiece(r, `${path} path`);
    assert.equal(r.data.attributes.name, "prod", path);
    assert.deepEqual(r.data.attributes.additionalProperties, { token: "[REDACTED]", echo: { headers: ["[REDACTED]", "[REDACTED]"] } }, path);
    assert.deepEqual(r.data.additionalProperties, { clientSecret: "[REDACTED]" }, path);
    assert.deepEqual(r.additionalProperties, { meta: { debug: "key=[REDACTED]" } }, path);
  }
});

// ---- Hole 6: no limit on response size -------------------------------------------------

/** A valid get body of exactly `n` bytes. */
function sized(n) {
  const base = JSON.stringify({ data: ACCOUNT("id-1"), pad: "" });
  return base.replace('"pad":""', `"pad":"${"p".repeat(n - Buffer.byteLength(base))}"`);
}

test("hole 6: a body over maxResponseBytes is a DecodeError, by Content-Length or by counting, and the next call works", async (t) => {
  const CAP = 2048;
  let mode;
  const server = await serverFor(t, (req, res) => {
    const head = { "content-type": "application/json" };
    if (mode === "exact") return res.writeHead(200, head).end(sized(CAP));
    if (mode === "length") return res.writeHead(200, { ...head, "content-length": CAP + 1 }).end(sized(CAP + 1));
    if (mode === "gzip") return res.writeHead(200, { ...head, "content-encoding": "gzip" }).end(gzipSync(sized(CAP * 50)));
    const body = sized(CAP + 1);
    res.writeHead(mode === "error" ? 503 : 200, head); // no Content-Length: chunked
    res.write(body.slice(0, 600));
    setTimeout(() => res.end(body.slice(600)), 5);
  });
  const api = apiFor(server, { maxResponseBytes: CAP });
  mode = "exact";
  assert.equal((await api.getOktaAccount({ accountId: "id-1" })).data.id, "id-1", "a body of exactly the cap is read");
  for (const m of ["length", "chunked", "gzip"]) {
    mode = m;
    const e = await rejection(api.getOktaAccount({ accountId: "id-1" }));
    assert.ok(e instanceof client.DecodeError, `${m}: ${e}`);
    assert.equal(e.code, 200);
    assert.match(e.message, /larger than maxResponseBytes \(2048 bytes\)/, m);
    mode = "exact";
    assert.equal((await api.getOktaAccount({ accountId: "id-1" })).data.id, "id-1", `${m}: the next call works`);
  }
  // A write whose answer is too large was applied: the message says so.
  mode = "chunked";
  const e = await rejection(api.updateOktaAccount({ accountId: "id-1", body: bodies.update() }));
  assert.ok(e instanceof client.DecodeError, String(e));
  assert.match(e.message, /the update was applied, but the body is larger than maxResponseBytes/);
  // An error status keeps its class; the body it could not read is named.
  mode = "error";
  const api503 = await rejection(api.getOktaAccount({ accountId: "id-1" }));
  assert.ok(api503 instanceof client.ApiException, String(api503));
  assert.equal(api503.code, 503);
  assert.match(api503.body, /larger than maxResponseBytes/);
  const { limits } = await client.rules.describe();
  assert.deepEqual(limits.maxResponseBytes, { min: 1024, max: 268435456, default: 67108864, integer: true });
});

test("hole 6: an endless body stops at the default cap of 64 MiB without killing the process", async (t) => {
  const chunk = Buffer.alloc(1 << 20, 0x20); // spaces: valid JSON padding, had it ended
  let closed = false;
  const server = await serverFor(t, (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"data":');
    const more = () => {
      if (closed) return;
      if (res.write(chunk)) setImmediate(more);
      else res.once("drain", more);
    };
    res.on("close", () => (closed = true));
    more();
  });
  const api = apiFor(server, { timeoutMs: 60_000 });
  const started = Date.now();
  const e = await rejection(api.listOktaAccounts());
  assert.ok(e instanceof client.DecodeError, String(e));
  assert.match(e.message, /larger than maxResponseBytes \(67108864 bytes\)/);
  assert.ok(Date.now() - started < 30_000);
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(closed, "the connection was closed, not read to its end");
});

// ---- Hole 10: the browser guard stopped at pages -----------------------------------------

// Runs in a page and in a module Worker: DD keys aimed at a Datadog site, through a fetch that
// only counts (nothing leaves the browser either way).
const PROBE = `import * as lib from "/pkg/web.mjs";
export async function probe(extra) {
  let sent = 0;
  const fetch = async () => (sent++, new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } }));
  const cfg = lib.client.createConfiguration({ authMethods: { apiKeyAuth: "k-0123456789abcdef", appKeyAuth: "a-0123456789abcdef" }, fetch, ...extra });
  try {
    await new lib.v2.OktaIntegrationApi(cfg).listOktaAccounts();
    return { outcome: "sent", sent };
  } catch (e) {
    return { outcome: e.name, message: e.message, sent };
  }
}
`;
const WORKER = `import { probe } from "/probe.mjs";
onmessage = async (m) => postMessage(await probe(m.data));
`;
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import { probe } from "/probe.mjs";
window.inPage = probe;
window.inWorker = (extra) => new Promise((resolve) => {
  const w = new Worker("/worker.mjs", { type: "module" });
  w.onmessage = (m) => { resolve(m.data); w.terminate(); };
  w.onerror = (e) => resolve({ outcome: "worker error", message: e.message });
  w.postMessage(extra);
});
window.ready = true;
</script>`;

test("hole 10: DD keys aimed at a Datadog site are refused in a module Worker as in a page", async (t) => {
  const { readFileSync } = await import("node:fs");
  const { join, normalize } = await import("node:path");
  const { installedPackage } = await import("../plan/helpers.mjs");
  const pkg = installedPackage().pkg;
  const types = { mjs: "text/javascript", wasm: "application/wasm", html: "text/html" };
  const server = await serverFor(t, (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const files = { "/": PAGE, "/probe.mjs": PROBE, "/worker.mjs": WORKER };
    let body = files[path];
    if (body === undefined && path.startsWith("/pkg/")) {
      const file = normalize(join(pkg, path.slice(5)));
      if (file.startsWith(pkg)) body = readFileSync(file);
    }
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[path.split(".").pop()] ?? "text/html" }).end(body);
  });
  const { chromium } = await import(join(process.cwd(), "node_modules/playwright-core/index.mjs"));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.ready === true);
  for (const scope of ["inPage", "inWorker"]) {
    const refused = await page.evaluate(([f]) => window[f]({}), [scope]);
    assert.equal(refused.outcome, "ValidationError", `${scope}: ${JSON.stringify(refused)}`);
    assert.match(refused.message, /same-origin proxy/);
    assert.equal(refused.sent, 0, `${scope}: nothing was sent`);
    const allowed = await page.evaluate(([f]) => window[f]({ dangerouslyAllowBrowser: true }), [scope]);
    assert.deepEqual(allowed, { outcome: "sent", sent: 1 }, `${scope}: dangerouslyAllowBrowser`);
    const proxied = await page.evaluate(([f, url]) => window[f]({ authMethods: {}, baseServer: new URL("/proxy", url).href }), [scope, server.url]);
    assert.equal(proxied.outcome, "sent", `${scope}: a same-origin proxy needs no keys`);
  }
});

// A worker of a server runtime holds keys legitimately: Deno's has a WorkerGlobalScope, as a
// browser's does, and must not be refused for it.
const SERVER_WORKER = `import * as lib from "datadog-okta-wasm";
let sent = 0;
const fetch = async () => (sent++, new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } }));
const cfg = lib.client.createConfiguration({ authMethods: { apiKeyAuth: "k-0123456789abcdef", appKeyAuth: "a-0123456789abcdef" }, fetch });
let outcome = "sent";
try { await new lib.v2.OktaIntegrationApi(cfg).listOktaAccounts(); } catch (e) { outcome = e.name; }
postMessage({ outcome, sent, workerScope: typeof WorkerGlobalScope !== "undefined" });
`;
const SERVER_MAIN = `const w = new Worker(new URL("./worker.mjs", import.meta.url).href, { type: "module" });
w.onmessage = (m) => { console.log(JSON.stringify(m.data)); w.terminate(); };
w.onerror = (e) => console.log(JSON.stringify({ outcome: "worker error: " + e.message }));
`;

test("hole 10: a worker in Deno or Bun is a server, not a browser: keys to a Datadog site are sent", async () => {
  const { join } = await import("node:path");
  const { lastJson, makeProject, run, tools, ROOT } = await import("../runtimes/helpers.mjs");
  const dir = makeProject("server-worker", { type: "module" }, { "main.mjs": SERVER_MAIN, "worker.mjs": SERVER_WORKER, "deno.json": '{"nodeModulesDir":"manual"}' });
  const env = { ...process.env, DENO_DIR: join(ROOT, "target/runtimes/deno-dir"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DO_NOT_TRACK: "1" };
  const runtimes = { Deno: [tools().deno, ["run", "--no-prompt", "--no-remote", "--allow-env", "--allow-read", "main.mjs"]], Bun: [tools().bun, ["run", "main.mjs"]] };
  for (const [name, [cmd, args]] of Object.entries(runtimes)) {
    const r = lastJson(await run(cmd, args, { cwd: dir, env, timeoutMs: 30_000 }), name);
    assert.equal(r.outcome, "sent", `${name}: ${JSON.stringify(r)}`);
    assert.equal(r.sent, 1, name);
    if (name === "Deno") assert.equal(r.workerScope, true, "Deno's worker has a WorkerGlobalScope");
  }
});
