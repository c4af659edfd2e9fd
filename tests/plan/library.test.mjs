// The helpers of `datadog-okta-wasm/manage` from the packed tarball against the local API: find by name, plan (with
// paths for every problem), apply (ids followed, state recorded, stop/continue, abort, the
// shared rate-limit gate), and plans that never carry a secret.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { inspect } from "node:util";
import { CANARIES, assertNoSecrets, installedPackage, startFake } from "./helpers.mjs";

const { client, v2 } = await import(installedPackage().nodeEntry);
const manage = await import(join(installedPackage().pkg, "manage/node.mjs"));

async function setup(t, fakeOptions = {}, configOptions = {}) {
  const fake = await startFake(fakeOptions);
  t.after(() => fake.close());
  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(fake.url, {}),
    authMethods: { apiKeyAuth: CANARIES.apiKey, appKeyAuth: CANARIES.appKey },
    retryDelayScale: 0.001,
    ...configOptions,
  });
  return { fake, api: new v2.OktaIntegrationApi(configuration) };
}

const oauth = (domain, secret = CANARIES.prod) => ({ authMethod: "oauth", domain, clientId: "cid", clientSecret: secret });
const apiKey = (domain, secret = CANARIES.lab) => ({ authMethod: "api_key", domain, apiKey: secret });
const seeded = (name, extra = {}) => ({ name, domain: `https://${name}.okta.com/`, auth_method: "api_key", api_key: "old", ...extra });

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

test("findOktaAccountByName: the account, undefined, or a ValidationError when two share the name", async (t) => {
  const { api } = await setup(t, { seed: [seeded("prod"), seeded("lab")] });
  const found = await manage.findOktaAccountByName(api, "lab");
  assert.equal(found.attributes.name, "lab");
  assert.match(found.id, /^[0-9a-f-]{36}$/);
  assert.equal(await manage.findOktaAccountByName(api, "LAB"), undefined, "names match exactly");
  const twins = [found, { ...found, id: "other-id" }];
  const e = await rejection(manage.findOktaAccountByName(api, "lab", { current: twins }));
  assert.ok(e instanceof client.ValidationError);
  assert.equal(e.problems[0].path, "name");
  assert.match(e.problems[0].message, /2 accounts on the server are named "lab" \(ids .+, other-id\)/);
  assert.ok((await rejection(manage.findOktaAccountByName(api, ""))) instanceof client.ValidationError);
});

test("planOktaAccounts reports every problem with its path, and a name used twice", async (t) => {
  const { fake, api } = await setup(t);
  const e = await rejection(manage.planOktaAccounts(api, { prod: { ...oauth("http://prod"), clientId: undefined }, lab: { ...apiKey("https://lab/"), clientId: "x" } }));
  assert.ok(e instanceof client.ValidationError);
  assert.deepEqual(
    e.problems.map((p) => p.path),
    ["desired.prod.clientId", "desired.prod.domain", "desired.lab.clientId"],
  );
  const dup = await rejection(manage.planOktaAccounts(api, [{ name: "a", ...apiKey("https://a/") }, { name: "a", ...apiKey("https://b/") }]));
  assert.deepEqual(dup.problems, [{ path: "desired[1].name", message: '"a" is also the name of desired[0]: account names must be unique' }]);
  const twins = [{ id: "1", type: "okta-accounts", attributes: { name: "a", authMethod: "api_key", domain: "https://a/" } }, { id: "2", type: "okta-accounts", attributes: { name: "a", authMethod: "api_key", domain: "https://a/" } }];
  const server = await rejection(manage.planOktaAccounts(api, { a: apiKey("https://a/") }, { current: twins }));
  assert.equal(server.problems[0].path, "current[1]");
  const state = await rejection(manage.planOktaAccounts(api, {}, { state: { version: 2, organisations: [] } }));
  assert.deepEqual(state.problems.map((p) => p.path), ["state.organisations"]);
  assertNoSecrets(inspect([e, dup, server], { depth: 6 }), "validation errors");
  assert.equal(fake.control.requests().length, 0, "invalid input is reported before any call");
});

test("a plan is JSON without secrets; its JSON cannot be applied (it has nothing to send)", async (t) => {
  const { api } = await setup(t, { seed: [seeded("old")] });
  const plan = await manage.planOktaAccounts(api, { prod: oauth("https://prod.okta.com/"), lab: apiKey("https://lab.okta.com/") }, { prune: true });
  assert.deepEqual(plan.changes.map((c) => [c.action, c.name, c.secret]), [["create", "prod", "new"], ["create", "lab", "new"], ["delete", "old", "none"]]);
  assert.deepEqual(plan.summary, { create: 2, update: 0, delete: 1, unchanged: 0, unmanaged: 0 });
  assert.equal(plan.hasChanges, true);
  assertNoSecrets(JSON.stringify(plan) + inspect(plan, { depth: 8, showHidden: true }), "a plan");
  const e = await rejection(manage.applyOktaAccountPlan(api, JSON.parse(JSON.stringify(plan))));
  assert.ok(e instanceof client.ValidationError);
  assert.equal(e.problems[0].path, "plan");
});

test("apply follows an id that changed after the plan, records it, and a delete of a gone account is done", async (t) => {
  const { fake, api } = await setup(t, { reassignIdOnUpdate: true, seed: [seeded("moving"), seeded("gone")] });
  const state = manage.createOktaPlanState();
  const key = await manage.createOktaStateKey("a-state-key-of-the-test");
  const plan = await manage.planOktaAccounts(api, { moving: apiKey("https://moved.okta.com/") }, { state, key, organisation: fake.url, prune: true });
  const planned = plan.changes.find((c) => c.name === "moving").id;
  // Meanwhile someone else updates "moving" (a new id) and deletes "gone".
  const elsewhere = await api.updateOktaAccount({ accountId: planned, body: { data: { attributes: { authMethod: "api_key", domain: "https://moving.okta.com/", apiKey: "x" } } } });
  await api.deleteOktaAccount({ accountId: plan.changes.find((c) => c.name === "gone").id });

  const steps = [];
  const result = await manage.applyOktaAccountPlan(api, plan, { onStep: (s) => steps.push(`${s.change.action} ${s.change.name} ${s.status}`) });
  assert.equal(result.ok, true, inspect(result.steps.map((s) => s.error)));
  assert.deepEqual(steps, ["update moving done", "delete gone done"]);
  const [now] = fake.control.accounts({ secrets: true });
  assert.equal(now.api_key, CANARIES.lab);
  const update = result.steps[0];
  assert.equal(update.previousId, planned);
  assert.equal(update.id, now.id);
  assert.notEqual(now.id, elsewhere.data.id, "the update itself moved it again");
  assert.deepEqual(Object.keys(state.organisations[fake.url].accounts), ["moving"]);
  assert.equal(state.organisations[fake.url].accounts.moving.id, now.id);
  assert.equal(state.organisations[fake.url].keyId, key.id);
  const again = await manage.planOktaAccounts(api, { moving: apiKey("https://moved.okta.com/") }, { state, key, organisation: fake.url });
  assert.deepEqual(again.changes.map((c) => [c.action, c.secret]), [["unchanged", "unchanged"]]);
});

test("a failed write the server may have applied says so (mayHaveApplied): a 5xx or 408 yes, a 4xx or a delete no", async (t) => {
  const { fake, api } = await setup(t, { seed: [seeded("prod")] }, { enableRetry: false });
  const desired = { prod: apiKey("https://moved.okta.com/") };
  const outcome = async (fault) => {
    fake.control.addFault(fault);
    const result = await manage.applyOktaAccountPlan(api, await manage.planOktaAccounts(api, desired));
    fake.control.clearFaults();
    return result.steps.filter((s) => s.status === "failed").map((s) => [s.change.action, s.error?.code, s.mayHaveApplied]);
  };
  assert.deepEqual(await outcome({ kind: "status", status: 500, method: "PATCH", count: 10 }), [["update", 500, true]]);
  assert.deepEqual(await outcome({ kind: "status", status: 408, method: "PATCH", count: 10 }), [["update", 408, true]]);
  assert.deepEqual(await outcome({ kind: "status", status: 422, method: "PATCH", count: 10 }), [["update", 422, false]]);
  const extra = await setup(t, { seed: [seeded("gone")] }, { enableRetry: false });
  extra.fake.control.addFault({ kind: "status", status: 503, method: "DELETE", count: 10 });
  const deleted = await manage.applyOktaAccountPlan(extra.api, await manage.planOktaAccounts(extra.api, {}, { prune: true }));
  assert.deepEqual(deleted.steps.map((s) => [s.change.action, s.error?.code, s.mayHaveApplied]), [["delete", 503, false]]);
});

test("apply stops at the first failure, or goes on with continueOnError; failures keep their error", async (t) => {
  const { fake, api } = await setup(t);
  const desired = Object.fromEntries(["a", "b", "c"].map((n) => [n, apiKey(`https://${n}.okta.com/`)]));
  fake.control.addFault([{ kind: "delay", delayMs: 0, method: "POST" }, { kind: "status", status: 400, method: "POST" }]);
  const stopped = await manage.applyOktaAccountPlan(api, await manage.planOktaAccounts(api, desired));
  assert.deepEqual(stopped.steps.map((s) => s.status), ["done", "failed", "skipped"]);
  assert.deepEqual([stopped.ok, stopped.changed, stopped.interrupted], [false, true, false]);
  assert.ok(stopped.steps[1].error instanceof client.ApiException);
  assert.equal(stopped.steps[1].mayHaveApplied, false);

  fake.control.addFault({ kind: "status", status: 400, method: "POST" });
  const goOn = await manage.applyOktaAccountPlan(api, await manage.planOktaAccounts(api, desired), { continueOnError: true });
  assert.deepEqual(goOn.steps.map((s) => [s.change.name, s.status]), [["b", "failed"], ["c", "done"]]);
  const last = await manage.applyOktaAccountPlan(api, await manage.planOktaAccounts(api, desired));
  assert.deepEqual(last.summary, { done: 1, failed: 0, skipped: 0 });
  assert.deepEqual(fake.control.accounts().map((a) => a.name), ["a", "c", "b"]);
});

test("an aborted signal stops starting calls; the call in flight finishes and is recorded", async (t) => {
  const { fake, api } = await setup(t);
  const desired = Object.fromEntries(["a", "b", "c"].map((n) => [n, apiKey(`https://${n}.okta.com/`)]));
  const plan = await manage.planOktaAccounts(api, desired, { organisation: "here", key: await manage.createOktaStateKey("k") });
  const controller = new AbortController();
  fake.control.addFault({ kind: "delay", delayMs: 300, method: "POST" });
  const result = await manage.applyOktaAccountPlan(api, plan, { signal: controller.signal, onStepStart: () => controller.abort() });
  assert.deepEqual(result.steps.map((s) => s.status), ["done", "skipped", "skipped"]);
  assert.deepEqual([result.interrupted, result.changed], [true, true]);
  assert.deepEqual(Object.keys(result.state.organisations.here.accounts), ["a"]);
  assert.equal(fake.control.accounts().length, 1);
});

test("concurrency runs calls side by side over one configuration; the gate spends no call on 429s", async (t) => {
  const desired = Object.fromEntries(["a", "b", "c", "d", "e"].map((n) => [n, apiKey(`https://${n}.okta.com/`)]));
  const count429 = (fake) => fake.control.requests().filter((r) => r.status === 429).length;

  const wide = await setup(t);
  let inFlight = 0;
  let most = 0;
  const result = await manage.applyOktaAccountPlan(wide.api, await manage.planOktaAccounts(wide.api, desired), {
    concurrency: 3,
    onStepStart: () => (most = Math.max(most, ++inFlight)),
    onStep: () => inFlight--,
  });
  assert.equal(result.summary.done, 5);
  assert.equal(most, 3);
  assert.ok((await rejection(manage.applyOktaAccountPlan(wide.api, await manage.planOktaAccounts(wide.api, {}), { concurrency: 0 }))) instanceof client.ValidationError);

  // A budget of 3 per second: list + 2 creates spend it. Without the gate, the next create is a 429.
  const rateLimit = { limit: 3, periodSeconds: 1 };
  const ungated = await setup(t, { rateLimit });
  await manage.applyOktaAccountPlan(ungated.api, await manage.planOktaAccounts(ungated.api, desired));
  assert.ok(count429(ungated.fake) > 0, "the budget is spent without a gate");

  const gate = manage.createRateLimitGate();
  const gated = await setup(t, { rateLimit }, { onResponse: gate.observe });
  const started = Date.now();
  const ok = await manage.applyOktaAccountPlan(gated.api, await manage.planOktaAccounts(gated.api, desired), { rateLimitGate: gate });
  assert.equal(ok.summary.done, 5);
  assert.equal(count429(gated.fake), 0, "the gate waited for the window instead");
  assert.ok(Date.now() - started >= 900, "it waited for the window to reset");
});

test("readOktaDesiredState resolves secret references from the given environment and reports what is missing", async () => {
  const text = JSON.stringify({ accounts: { prod: { authMethod: "oauth", domain: "https://p/", clientId: "c", clientSecret: "${PROD_SECRET}" }, lab: { authMethod: "api_key", domain: "https://l/", apiKey: "${LAB_TOKEN}" } } });
  const desired = await manage.readOktaDesiredState(text, { env: { PROD_SECRET: CANARIES.prod, LAB_TOKEN: CANARIES.lab } });
  assert.deepEqual(desired, [
    { name: "prod", authMethod: "oauth", domain: "https://p/", clientId: "c", clientSecret: CANARIES.prod },
    { name: "lab", authMethod: "api_key", domain: "https://l/", apiKey: CANARIES.lab },
  ]);
  const e = await rejection(manage.readOktaDesiredState(text, { env: { PROD_SECRET: "" } }));
  assert.deepEqual(e.problems.map((p) => p.path), ["accounts.prod.clientSecret", "accounts.lab.apiKey"]);
  assert.match(e.message, /refers to the environment variable PROD_SECRET, which is empty/);
  assert.match(e.message, /refers to the environment variable LAB_TOKEN, which is not set/);
  assert.ok((await rejection(manage.readOktaDesiredState({ accounts: {} }))) instanceof client.ValidationError);
});

test("fingerprints are keyed outside the state: another key gives another fingerprint, and reads as a changed key", async (t) => {
  const { api } = await setup(t, { seed: [seeded("a")] });
  const fingerprints = [];
  const state = manage.createOktaPlanState();
  for (const secret of ["first-state-key", "second-state-key"]) {
    const key = await manage.createOktaStateKey(secret);
    const plan = await manage.planOktaAccounts(api, { a: apiKey("https://a.okta.com/") }, { state, key, organisation: "s", pushUnverifiableSecrets: true });
    assert.deepEqual(plan.changes.map((c) => [c.action, c.secret, c.reason]), [["update", "unverifiable", fingerprints.length === 0 ? "no-record" : "key-changed"]]);
    await manage.applyOktaAccountPlan(api, plan, { state });
    assert.equal(state.organisations.s.keyId, key.id);
    fingerprints.push(state.organisations.s.accounts.a.fingerprint);
    assertNoSecrets(JSON.stringify(state) + inspect(key, { showHidden: true }), "the state and the key");
  }
  assert.notEqual(fingerprints[0], fingerprints[1]);
  // Without a key nothing can be verified, nor recorded.
  const keyless = await manage.planOktaAccounts(api, { a: apiKey("https://a.okta.com/") }, { state, organisation: "s" });
  assert.deepEqual(keyless.changes.map((c) => c.reason), ["no-key"]);
  assert.ok((await rejection(manage.createOktaStateKey(""))) instanceof client.ValidationError);
});

test("the rate-limit gate waits at most 120 s or what is left of the deadline, says so, and fails clearly past that", async () => {
  const waits = [];
  const gate = manage.createRateLimitGate({ onWait: (w) => waits.push(w) });
  gate.observe({ status: 200, rateLimit: { remaining: 0, reset: 86400, name: "okta_integration" } });
  const e = await rejection(gate.wait());
  assert.ok(e instanceof client.DatadogOktaError);
  assert.match(e.message, /the rate limit \(okta_integration\) is spent until .*, 864\d\d s from now; an apply waits at most 120 s/);
  assert.deepEqual(waits, [], "no wait was started");
  const soon = manage.createRateLimitGate({ onWait: (w) => waits.push(w), deadline: Date.now() + 5_000 });
  soon.observe({ status: 429, rateLimit: { remaining: 0, reset: 60 } });
  assert.match((await rejection(soon.wait())).message, /what is left of the deadline, [45] s/);
  const short = manage.createRateLimitGate({ onWait: (w) => waits.push(w) });
  short.observe({ status: 200, rateLimit: { remaining: 0, reset: 0.05, name: "w" } });
  await short.wait();
  assert.equal(waits.length, 1);
  assert.equal(waits[0].name, "w");
  assert.ok(waits[0].until instanceof Date && waits[0].waitMs <= 50);
});

test("readOktaDesiredDocument: organisations, placement, each secret's variable, warnings; recordOktaSecret records a call made outside a plan", async (t) => {
  const text = JSON.stringify({
    organisations: { us: { site: "datadoghq.com", apiKey: "${US_API}", appKey: "${US_APP}" }, local: { baseUrl: "http://127.0.0.1:1", apiKey: "${L_API}", appKey: "${L_APP}" } },
    allowedDomains: ["example.com"],
    accounts: { a: { ...apiKey("https://a.okta.com/"), apiKey: "${A}", organisations: ["us"] }, b: { ...apiKey("https://b.elsewhere.test/"), apiKey: "${B}" } },
  });
  const env = { US_API: "1", US_APP: "2", L_API: "3", L_APP: "4", A: CANARIES.lab, B: CANARIES.extra };
  const doc = await manage.readOktaDesiredDocument(text, { env });
  assert.deepEqual(doc.organisations, [
    { name: "us", site: "datadoghq.com", loopback: false, apiKey: "US_API", appKey: "US_APP" },
    { name: "local", baseUrl: "http://127.0.0.1:1", loopback: true, apiKey: "L_API", appKey: "L_APP" },
  ]);
  // Sites and base URLs are checked by the client's rules, with their paths, among the other problems.
  const bad = JSON.parse(text);
  bad.organisations.us.site = "DatadogHQ.con";
  bad.organisations.local.baseUrl = "http://proxy.example";
  const refused = await rejection(manage.readOktaDesiredDocument(JSON.stringify(bad), { env }));
  assert.deepEqual(refused.problems.map((p) => p.path), ["organisations.us.site", "organisations.local.baseUrl"]);
  assert.match(refused.problems[0].message, /^unknown Datadog site/);
  assert.deepEqual(doc.placement, { a: ["us"] });
  assert.deepEqual(doc.secretVariables, { a: "A", b: "B" });
  assert.deepEqual(doc.accounts.map((a) => [a.name, a.apiKey]), [["a", CANARIES.lab], ["b", CANARIES.extra]]);
  assert.deepEqual(doc.warnings.map((w) => w.path), ["accounts.b.domain"]);
  const e = await rejection(manage.readOktaDesiredDocument(text, { env: { ...env, US_APP: "" } }));
  assert.deepEqual(e.problems, [{ path: "organisations.us.appKey", message: "refers to the environment variable US_APP, which is empty" }]);

  const { api } = await setup(t, { seed: [seeded("a")] });
  const key = await manage.createOktaStateKey("recording-key");
  const state = manage.createOktaPlanState();
  const [account] = (await api.listOktaAccounts()).data;
  const entry = await manage.recordOktaSecret(state, { key, organisation: "o", id: account.id, attributes: { name: "a", authMethod: "api_key", domain: "https://a.okta.com/", apiKey: CANARIES.lab } });
  assert.deepEqual(state.organisations.o, { keyId: key.id, accounts: { a: entry } });
  const plan = await manage.planOktaAccounts(api, { a: apiKey("https://a.okta.com/") }, { state, key, organisation: "o" });
  assert.deepEqual(plan.changes.map((c) => [c.action, c.secret]), [["unchanged", "unchanged"]]);
  assertNoSecrets(JSON.stringify(state), "the state");
});
