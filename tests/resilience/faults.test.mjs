// The fault matrix: each fault of the local API against each operation, with the expected
// result, the requests the server saw, and no account duplicated or lost.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startFake, makeApi, bodies, EXISTING, client, v2, assertNoSecrets } from "./harness.mjs";

let fake;
before(async () => (fake = await startFake()));
after(() => fake.close());

const OPS = {
  list: { method: "GET", run: (api) => api.listOktaAccounts() },
  get: { method: "GET", run: (api) => api.getOktaAccount({ accountId: EXISTING.id }) },
  create: { method: "POST", run: (api) => api.createOktaAccount({ body: bodies.create() }) },
  update: { method: "PATCH", run: (api) => api.updateOktaAccount({ accountId: EXISTING.id, body: bodies.update() }) },
  delete: { method: "DELETE", run: (api) => api.deleteOktaAccount({ accountId: EXISTING.id }) },
};

// What each operation ends with: `ok`, or the error class; `seen` are the API requests, in order.
const retriedRead = { list: ["ok", "GET GET"], get: ["ok", "GET GET"], delete: ["ok", "DELETE DELETE"] };
const notApplied = { ...retriedRead, create: ["ok", "POST GET POST"], update: ["UnknownOutcomeError", "PATCH"] };
const rateLimited = { list: ["ok", "GET GET"], get: ["ok", "GET GET"], create: ["ok", "POST POST"], update: ["ok", "PATCH PATCH"], delete: ["ok", "DELETE DELETE"] };

const MATRIX = [
  [{ kind: "status", status: 500 }, notApplied],
  [{ kind: "status", status: 503 }, notApplied],
  [{ kind: "status", status: 408 }, notApplied],
  [{ kind: "html", status: 502 }, notApplied],
  [{ kind: "empty", status: 504 }, notApplied],
  [{ kind: "exception" }, notApplied],
  [{ kind: "drop" }, notApplied],
  [{ kind: "rate-limit-html" }, rateLimited],
  [{ kind: "rate-limit-duplicate-reset", variant: "lines" }, rateLimited],
  [{ kind: "rate-limit-duplicate-reset", variant: "joined" }, rateLimited],
  [{ kind: "drop-after-apply" }, { ...retriedRead, create: ["ok", "POST GET"], update: ["UnknownOutcomeError", "PATCH"] }],
  [{ kind: "truncate", mode: "short" }, { list: ["ok", "GET GET"], get: ["ok", "GET GET"], create: ["ok", "POST GET"], update: ["DecodeError", "PATCH"], delete: ["ok", "DELETE"] }],
  [{ kind: "truncate", mode: "abort" }, { list: ["ok", "GET GET"], get: ["ok", "GET GET"], create: ["ok", "POST GET"], update: ["UnknownOutcomeError", "PATCH"], delete: ["ok", "DELETE"] }],
  [{ kind: "delay", delayMs: 1500 }, { list: ["ok", "GET GET"], get: ["ok", "GET GET"], update: ["UnknownOutcomeError", "PATCH"], delete: ["ok", "DELETE DELETE"] }],
];

// Whether the write of each operation happened in the end (for the state check).
function applied(fault, op, outcome) {
  if (op === "create") return outcome === "ok";
  if (op === "update") return outcome === "ok" || ["drop-after-apply", "delay"].includes(fault.kind) || (fault.kind === "truncate");
  if (op === "delete") return outcome === "ok";
  return false;
}

for (const [fault, expectations] of MATRIX) {
  const label = [fault.kind, fault.status, fault.variant, fault.mode].filter((x) => x !== undefined).join(" ");
  for (const [op, [expected, seen]] of Object.entries(expectations)) {
    test(`${label} on ${op}: ${expected} after ${seen}`, async () => {
      fake.control.reset({ accounts: [EXISTING] });
      fake.control.addFault({ ...fault, method: OPS[op].method, count: 1 });
      const events = [];
      const api = makeApi(fake, { onResponse: (e) => events.push(e) });
      let outcome;
      let error;
      try {
        await OPS[op].run(api);
        outcome = "ok";
      } catch (e) {
        error = e;
        outcome = e?.name;
      }
      assert.equal(outcome, expected, `result (${error?.message})`);
      if (error) {
        assert.ok(error instanceof client[expected], "instanceof");
        assertNoSecrets(error, label);
      }
      assertNoSecrets(events, `${label} events`);
      if (fault.kind === "delay") await new Promise((r) => setTimeout(r, fault.delayMs + 100));
      const requests = fake.control.requests({ pathPrefix: "/api/" }).map((r) => r.method).join(" ");
      assert.equal(requests, seen, "requests the server saw");
      assert.equal(events.length, seen.split(" ").length, "one onResponse event per attempt");

      const accounts = fake.control.accounts();
      const names = accounts.map((a) => a.name);
      assert.equal(new Set(names).size, names.length, "no duplicated account");
      const wrote = applied(fault, op, outcome);
      if (op === "create") assert.equal(names.filter((n) => n === "fresh").length, wrote ? 1 : 0, "created once");
      if (op === "delete") assert.equal(names.includes("existing"), !wrote, "deleted");
      else assert.ok(names.includes("existing"), "the existing account is never lost");
      if (op === "update") assert.equal(accounts.find((a) => a.name === "existing").domain, wrote ? "https://moved.okta.com/" : EXISTING.domain);
    });
  }
}

test("a 429 whose wait would pass the deadline rejects at once with the 429", async () => {
  fake.control.reset({ accounts: [EXISTING] });
  fake.control.addFault({ kind: "rate-limit-duplicate-reset", reset: 60 });
  const api = makeApi(fake, { retryDelayScale: 1, deadlineMs: 5000 });
  const started = Date.now();
  const e = await api.listOktaAccounts().catch((x) => x);
  assert.ok(e instanceof client.ApiException, String(e));
  assert.equal(e.code, 429);
  assert.equal(e.rateLimit.reset, 60);
  assert.ok(Date.now() - started < 1000, "no sleep");
});

test("a spent budget is waited out using X-RateLimit-Reset, then the call succeeds", async () => {
  const limited = await startFake({ rateLimit: { limit: 2, periodSeconds: 1 } });
  try {
    const api = makeApi(limited, { retryDelayScale: 1, maxRetries: 3 });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await api.listOktaAccounts();
    const statuses = limited.control.requests().map((r) => r.status);
    assert.deepEqual(statuses, [200, 200, 429, 200]);
    assert.ok(Date.now() - started >= 500, "waited for the window");
  } finally {
    await limited.close();
  }
});

test("maxRetries: 0 and enableRetry: false send once", async () => {
  for (const extra of [{ maxRetries: 0 }, { enableRetry: false }]) {
    fake.control.reset({ accounts: [EXISTING] });
    fake.control.addFault({ kind: "status", status: 503 });
    const e = await makeApi(fake, extra).listOktaAccounts().catch((x) => x);
    assert.equal(e.code, 503);
    assert.equal(fake.control.requests({ pathPrefix: "/api/" }).length, 1);
  }
});

test("a body is complete once its Content-Length has arrived: a stream left open after it does not hold the call", async () => {
  const text = JSON.stringify({ data: { id: EXISTING.id, type: "okta-accounts", attributes: { name: "existing", domain: EXISTING.domain, auth_method: "oauth", client_id: "cid" } } });
  const bytes = new TextEncoder().encode(text);
  let sent = 0;
  const fetch = async () => {
    sent++;
    // Every byte the header announces, then nothing more and no end: a body is delimited by its
    // length (HTTP/1.1), not by the stream closing.
    const body = new ReadableStream({ start: (c) => c.enqueue(bytes) });
    return new Response(body, { status: 200, headers: { "content-type": "application/json", "content-length": String(bytes.byteLength) } });
  };
  const configuration = client.createConfiguration({ authMethods: { apiKeyAuth: "k-0123", appKeyAuth: "a-4567" }, fetch, timeoutMs: 2_000, deadlineMs: 5_000 });
  const started = performance.now();
  const { data } = await new v2.OktaIntegrationApi(configuration).getOktaAccount({ accountId: EXISTING.id });
  assert.equal(data.attributes.name, "existing");
  assert.equal(sent, 1);
  assert.ok(performance.now() - started < 1_000, "the call waited for the stream to close");
});
