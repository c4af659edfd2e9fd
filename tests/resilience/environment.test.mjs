// The environment and the module's own state: DD_SITE, DD_API_KEY and DD_APP_KEY read as the
// official client reads them, the runtime's error kept as NetworkError.cause, and the latch that
// refuses every call after a WebAssembly trap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { client, v2 } from "./harness.mjs";

// The JS layer's sources as the build stages them (pkg-template/src/*.mjs beside attempt.js), so
// that createApi runs over a module of the test's own.
const ROOT = new URL("../..", import.meta.url).pathname;
const staged = mkdtempSync(join(tmpdir(), "okta-js-layer-"));
process.on("exit", () => rmSync(staged, { recursive: true, force: true }));
for (const f of readdirSync(join(ROOT, "pkg-template/src")).filter((f) => f.endsWith(".mjs"))) copyFileSync(join(ROOT, "pkg-template/src", f), join(staged, f));
copyFileSync(join(ROOT, "src/wasm/attempt.js"), join(staged, "attempt.js"));
const { createApi } = await import(join(staged, "api.mjs"));

/** Runs `f` with `vars` set in process.env (undefined: unset), restoring them after. */
function withEnv(vars, f) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(vars);
  try {
    return f();
  } finally {
    set(saved);
  }
}

/** A fetch that records each request and answers an empty list. */
function recording() {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, headers: init.headers });
    return new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } });
  };
  return { seen, fetch };
}

const ENV = { DD_SITE: undefined, DD_API_KEY: "env-api-key-0123", DD_APP_KEY: "env-app-key-4567" };
const list = (configuration) => new v2.OktaIntegrationApi(configuration).listOktaAccounts();

test("DD_SITE chooses the site and DD_API_KEY / DD_APP_KEY the keys, unless the configuration does", async () => {
  const { seen, fetch } = recording();
  await list(withEnv({ ...ENV, DD_SITE: "datadoghq.eu" }, () => client.createConfiguration({ fetch })));
  assert.equal(seen.at(-1).url, "https://api.datadoghq.eu/api/v2/integrations/okta/accounts");
  assert.equal(seen.at(-1).headers["DD-API-KEY"], ENV.DD_API_KEY);
  assert.equal(seen.at(-1).headers["DD-APPLICATION-KEY"], ENV.DD_APP_KEY);

  await list(withEnv(ENV, () => client.createConfiguration({ fetch })));
  assert.equal(seen.at(-1).url, "https://api.datadoghq.com/api/v2/integrations/okta/accounts", "no DD_SITE: the default site");

  const chosen = withEnv({ ...ENV, DD_SITE: "us3.datadoghq.com" }, () => client.createConfiguration({ fetch, authMethods: { apiKeyAuth: "own-api-key-89", appKeyAuth: "own-app-key-12" } }));
  chosen.setServerVariables({ site: "ap1.datadoghq.com" });
  await list(chosen);
  assert.equal(seen.at(-1).url, "https://api.ap1.datadoghq.com/api/v2/integrations/okta/accounts");
  assert.equal(seen.at(-1).headers["DD-API-KEY"], "own-api-key-89");

  const calls = seen.length;
  const e = await list(withEnv({ ...ENV, DD_SITE: "datadoghq.com.evil.example" }, () => client.createConfiguration({ fetch }))).catch((x) => x);
  assert.ok(e instanceof client.ValidationError, String(e));
  assert.deepEqual(e.problems.map((p) => p.path), ["configuration.serverVariables.site"]);
  assert.equal(seen.length, calls, "nothing was sent");
});

test("a network failure keeps the runtime's error as NetworkError.cause, with its code", async () => {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port)); // closed: connections are refused
    });
  });
  const api = new v2.OktaIntegrationApi(client.createConfiguration({ baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${port}`, {}), enableRetry: false }));
  const e = await api.listOktaAccounts().catch((x) => x);
  assert.ok(e instanceof client.NetworkError, String(e));
  assert.ok(e.cause instanceof TypeError, String(e.cause));
  assert.equal(e.cause.message, "fetch failed");
  assert.equal(e.cause.cause?.code, "ECONNREFUSED");
  assert.match(e.message, /ECONNREFUSED/);
});

test("after a WebAssembly trap, every call is refused and says so, without entering the module again", async () => {
  let calls = 0;
  const module = {
    start: () => {
      calls++;
      throw new WebAssembly.RuntimeError("unreachable");
    },
    rules: () => "{}",
  };
  const lib = createApi(async () => module);
  const api = new lib.v2.OktaIntegrationApi(lib.client.createConfiguration({ authMethods: { apiKeyAuth: "k-0123", appKeyAuth: "a-4567" }, fetch: async () => assert.fail("sent") }));
  const first = await api.listOktaAccounts().catch((x) => x);
  assert.ok(first instanceof WebAssembly.RuntimeError, String(first));
  for (const later of [() => api.listOktaAccounts(), () => api.getOktaAccount({ accountId: "x" }), () => lib.client.rules.describe()]) {
    const e = await later().catch((x) => x);
    assert.ok(e instanceof Error, String(e));
    assert.match(e.message, /stopped after an internal error \(unreachable\); this is a bug/);
  }
  assert.equal(calls, 1);
});
