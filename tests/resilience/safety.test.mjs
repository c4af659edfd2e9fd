// Secrets never leave, hostile arguments never crash or poison the module, and time limits
// and cancellation behave as documented.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { startFake, makeApi, bodies, EXISTING, CANARIES, client, v2, assertNoSecrets } from "./harness.mjs";

let fake;
before(async () => (fake = await startFake()));
after(() => fake.close());

test("a configuration never shows its keys", () => {
  const cfg = client.createConfiguration({ authMethods: { apiKeyAuth: CANARIES.apiKey, appKeyAuth: CANARIES.appKey } });
  assertNoSecrets(cfg, "configuration");
  assert.match(inspect(cfg), /\[REDACTED\]/);
  assert.match(JSON.stringify(cfg), /\[REDACTED\]/);
  assert.deepEqual(Object.keys(cfg), [], "no own enumerable properties");
});

test("debug: true logs each attempt without keys, secrets or bodies", async () => {
  const lines = [];
  const original = console.debug;
  console.debug = (...args) => lines.push(args.join(" "));
  try {
    fake.control.reset({ accounts: [EXISTING] });
    fake.control.addFault({ kind: "status", status: 400, method: "POST", message: `echo ${CANARIES.clientSecret} ${CANARIES.apiKey}` });
    const api = makeApi(fake, { debug: true });
    const e = await api.createOktaAccount({ body: bodies.create() }).catch((x) => x);
    assert.equal(e.code, 400);
    assertNoSecrets(e, "400 with an echo");
    assert.deepEqual(e.body.errors, ["echo [REDACTED] [REDACTED]"]);
    await api.updateOktaAccount({ accountId: EXISTING.id, body: bodies.update() });
  } finally {
    console.debug = original;
  }
  assert.equal(lines.length, 2);
  assert.match(lines[0], /createOktaAccount POST \/api\/v2\/integrations\/okta\/accounts -> 400 attempt=1/);
  assertNoSecrets(lines, "debug output");
});

test("every failure path is free of secrets", async () => {
  const failures = [
    () => makeApi(fake).createOktaAccount({ body: { data: { attributes: { authMethod: "oauth", domain: "nope", name: "x", clientId: "c", clientSecret: CANARIES.clientSecret } } } }),
    () => makeApi(fake, { authMethods: { apiKeyAuth: `${CANARIES.apiKey}\n`, appKeyAuth: CANARIES.appKey } }).listOktaAccounts(),
    () => makeApi(fake, { fetch: async () => { throw new TypeError(`boom ${CANARIES.apiKey}`); }, enableRetry: false }).listOktaAccounts(),
    () => makeApi(fake, { fetch: async () => new Response(`<pre>${CANARIES.appKey} ${CANARIES.clientSecret}</pre>`, { status: 502 }), enableRetry: false }).createOktaAccount({ body: bodies.create() }),
    () => makeApi(fake, { fetch: async () => new Response(`{"data": "${CANARIES.oktaToken}`, { status: 200 }), enableRetry: false }).updateOktaAccount({ accountId: "x", body: bodies.update() }),
    () => makeApi(fake, { fetch: () => new Promise(() => {}), timeoutMs: 20, enableRetry: false }).createOktaAccount({ body: bodies.create() }),
    () => makeApi(fake, { fetch: async () => new Response("{}", { status: 503 }), maxRetries: 2 }).updateOktaAccount({ accountId: "x", body: bodies.update() }),
  ];
  for (const [i, f] of failures.entries()) {
    const e = await f().then(() => assert.fail(`failure ${i} resolved`), (x) => x);
    assertNoSecrets(e, `failure ${i} (${e?.name})`);
  }
});

test("a NetworkError's cause is a copy of the runtime's error: its class, message, code and cause, scrubbed", async () => {
  const plain = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
  const e = await makeApi(fake, { fetch: async () => { throw plain; }, enableRetry: false }).listOktaAccounts().catch((x) => x);
  assert.ok(e instanceof client.NetworkError, String(e));
  assert.notEqual(e.cause, plain, "a copy: the object itself may carry the request");
  assert.ok(e.cause instanceof TypeError);
  assert.equal(e.cause.message, "fetch failed");
  assert.equal(e.cause.cause.code, "ECONNREFUSED");
  assert.equal(e.cause.stack, plain.stack);
  assert.match(e.message, /TypeError: fetch failed \(ECONNREFUSED\)/);
  // A custom fetch whose error (here its stack) repeats a key: the copy's stack is scrubbed.
  const echo = new TypeError("fetch failed");
  echo.stack = `TypeError: fetch failed\n    at send (${CANARIES.apiKey})`;
  const f = await makeApi(fake, { fetch: async () => { throw echo; }, enableRetry: false }).listOktaAccounts().catch((x) => x);
  assert.ok(f instanceof client.NetworkError);
  assert.equal(f.cause.message, "fetch failed");
  assert.match(f.cause.stack, /at send \(\[REDACTED\]\)/);
  assertNoSecrets(f, "a network error whose stack held a key");
});

test("keys never go over plain http to a remote host unless allowed", async () => {
  let calls = 0;
  const fetch = async () => (calls++, new Response('{"data":[]}', { status: 200 }));
  const cfg = (extra) => client.createConfiguration({ baseServer: new client.BaseServerConfiguration("http://proxy.example:8080", {}), authMethods: { apiKeyAuth: "k1", appKeyAuth: "k2" }, fetch, ...extra });
  const e = await new v2.OktaIntegrationApi(cfg({})).listOktaAccounts().catch((x) => x);
  assert.ok(e instanceof client.ValidationError);
  assert.match(e.message, /allowInsecureHttp/);
  assert.equal(calls, 0);
  await new v2.OktaIntegrationApi(cfg({ allowInsecureHttp: true })).listOktaAccounts();
  assert.equal(calls, 1);
});

test("a Datadog site needs both keys, and says which variable to set", async () => {
  const e = await new v2.OktaIntegrationApi(client.createConfiguration({ authMethods: {}, fetch: async () => assert.fail("sent") })).listOktaAccounts().catch((x) => x);
  assert.ok(e instanceof client.ValidationError);
  assert.deepEqual(e.problems.map((p) => p.path), ["configuration.authMethods.apiKeyAuth", "configuration.authMethods.appKeyAuth"]);
  assert.match(e.message, /DD_API_KEY/);
});

const hostile = () => {
  const cyclic = { accountId: "x" };
  cyclic.self = cyclic;
  const getter = { get accountId() { throw new Error("getter says no"); } };
  return [
    ["null params", (api) => api.getOktaAccount(null)],
    ["number params", (api) => api.getOktaAccount(5)],
    ["array params", (api) => api.getOktaAccount([EXISTING.id])],
    ["number id", (api) => api.getOktaAccount({ accountId: 5 })],
    ["missing body", (api) => api.createOktaAccount({})],
    ["snake_case keys", (api) => api.createOktaAccount({ body: { data: { attributes: { auth_method: "oauth" } } } })],
    ["10 MB string", (api) => api.createOktaAccount({ body: bodies.create("x".repeat(10 * 1024 * 1024)) })],
    ["__proto__ key", (api) => api.createOktaAccount(JSON.parse('{"body":{"data":{"attributes":{"__proto__":{"polluted":true}}}}}'))],
    ["throwing getter", (api) => api.getOktaAccount(getter)],
    ["cyclic object", (api) => api.getOktaAccount(cyclic)],
    ["BigInt", (api) => api.getOktaAccount({ accountId: 10n })],
    ["bad options", (api) => api.listOktaAccounts({ timeout: 5 })],
    ["bad configuration value", () => new v2.OktaIntegrationApi(client.createConfiguration({ maxRetries: "three" })).listOktaAccounts()],
    ["not a configuration", () => new v2.OktaIntegrationApi({ apiKey: "x" }).listOktaAccounts()],
    ["unknown configuration key", () => new v2.OktaIntegrationApi(client.createConfiguration({ apikey: "x" })).listOktaAccounts()],
    ["signal whose listener methods throw", (api) => api.listOktaAccounts({ signal: { aborted: false, addEventListener() { throw new Error("no"); }, removeEventListener() { throw new Error("no"); } } })],
    ["signal whose aborted getter throws", (api) => api.listOktaAccounts({ signal: { get aborted() { throw new Error("no"); }, addEventListener() {} } })],
  ];
};

test("hostile arguments reject with a ValidationError and leave the module working", async () => {
  fake.control.reset({ accounts: [EXISTING] });
  const api = makeApi(fake);
  for (const [name, f] of hostile()) {
    let e;
    try {
      e = await f(api).then(() => null, (x) => x);
    } catch (thrown) {
      assert.fail(`${name}: threw synchronously: ${thrown}`);
    }
    assert.ok(e instanceof client.ValidationError, `${name}: ${e}`);
    assert.ok(e.problems.length > 0, name);
    assert.equal(({}).polluted, undefined, `${name}: prototype changed`);
    // The next call still works.
    const { data } = await api.getOktaAccount({ accountId: EXISTING.id });
    assert.equal(data.id, EXISTING.id, name);
  }
  assert.equal(fake.control.requests({ method: "POST" }).length, 0, "nothing hostile was sent");
});

test("the validators report every problem and never throw", async () => {
  assert.deepEqual(await v2.validateOktaAccountRequest(bodies.create()), []);
  const problems = await v2.validateOktaAccountRequest({ data: { attributes: { authMethod: "oauth", domain: "http://x", name: "" } } });
  assert.deepEqual(problems.map((p) => p.path), ["body.data.attributes.clientId", "body.data.attributes.clientSecret", "body.data.attributes.domain", "body.data.attributes.name"]);
  const cyclic = {};
  cyclic.c = cyclic;
  assert.equal((await v2.validateOktaAccountRequest(cyclic))[0].path, "body");
  assert.deepEqual((await v2.validateOktaAccountRequest(undefined)).map((p) => p.path), ["body"]);
  assert.deepEqual((await v2.validateOktaAccountUpdateRequest({ data: { attributes: { authMethod: "oauth", domain: "https://a.okta.com", name: "n" } } })).map((p) => p.path), ["body.data.attributes.name"]);
});

test("a timeout is a TimeoutError; an abort rejects with the signal's reason", async () => {
  fake.control.reset({ accounts: [EXISTING] });
  fake.control.addFault({ kind: "delay", delayMs: 2000, count: 5 });
  const t = await makeApi(fake, { timeoutMs: 50, maxRetries: 1 }).listOktaAccounts().catch((x) => x);
  assert.ok(t instanceof client.TimeoutError, String(t));
  assert.equal(t.scope, "attempt");
  const d = await makeApi(fake, { timeoutMs: 1000, deadlineMs: 120 }).listOktaAccounts().catch((x) => x);
  assert.ok(d instanceof client.TimeoutError);
  assert.equal(d.scope, "deadline");

  const reason = new Error("user left the page");
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), 30);
  const a = await makeApi(fake).listOktaAccounts({ signal: controller.signal }).catch((x) => x);
  assert.equal(a, reason);

  const official = new AbortController();
  setTimeout(() => official.abort(), 30);
  const o = await makeApi(fake, { httpConfig: { signal: official.signal } }).listOktaAccounts().catch((x) => x);
  assert.equal(o?.name, "AbortError");
  fake.control.clearFaults();
});

test("an abort during a backoff sleep stops at once", async () => {
  fake.control.reset({ accounts: [EXISTING] });
  fake.control.addFault({ kind: "rate-limit-duplicate-reset", reset: 30 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  const e = await makeApi(fake, { retryDelayScale: 1 }).listOktaAccounts({ signal: controller.signal }).catch((x) => x);
  assert.equal(e?.name, "AbortError");
  assert.ok(Date.now() - started < 1000);
  assert.equal(fake.control.requests({ pathPrefix: "/api/" }).length, 1);
});

test("an already aborted signal sends nothing", async () => {
  fake.control.reset({ accounts: [EXISTING] });
  const e = await makeApi(fake).listOktaAccounts({ signal: AbortSignal.abort("gone") }).catch((x) => x);
  assert.equal(e, "gone");
  assert.equal(fake.control.requests({ pathPrefix: "/api/" }).length, 0);
});
