// `datadog-okta` from the packed tarball against the local API: the plan/apply workflow, an
// update that reassigns the id, a rotated secret, failures in the middle of an apply, duplicate
// names, Ctrl-C, and the one-account commands. Every run is checked for leaked secrets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { join } from "node:path";
import { tools } from "../runtimes/helpers.mjs";
import { CANARIES, LAB, PROD, assertNoSecrets, baseEnv, cli, installedPackage, serverAccounts, startCli, startFake, tempDir, writeDesired } from "./helpers.mjs";

/** A fresh local API and folder; `run` adds --base-url. */
async function setup(t, fakeOptions = {}) {
  const fake = await startFake(fakeOptions);
  t.after(() => fake.close());
  const dir = tempDir("cli");
  const run = (args, env) => cli([...args, "--base-url", fake.url], { cwd: dir, env });
  return { fake, dir, run, statePath: join(dir, "okta.state.json"), org: organisationOf(fake.url) };
}

/** The state file's section of the organisation at `url`: its canonical origin. */
const organisationOf = (url) => url.replace("://127.0.0.1:", "://localhost:");
const entries = (state, org) => state.organisations[org].accounts;

const writes = (fake) => fake.control.requests().filter((r) => r.method !== "GET");

function checkStateFile(path) {
  const text = readFileSync(path, "utf8");
  assertNoSecrets(text, "the state file");
  assert.equal(statSync(path).mode & 0o777, 0o600, "the state file is private");
  return JSON.parse(text);
}

test("--help documents every command and the exit codes; bad usage exits 1", async () => {
  const help = await cli(["--help"]);
  assert.equal(help.code, 0);
  for (const word of ["list", "get", "create", "update", "delete", "plan FILE", "apply FILE", "--base-url", "--site", "--json", "--exit-code", "DD_API_KEY", "${OKTA_PROD_CLIENT_SECRET}"]) {
    assert.ok(help.stdout.includes(word), `--help mentions ${word}`);
  }
  for (const code of ["0  success", "1  validation error", "2  API error", "3  partial failure", "4  plan --exit-code"]) assert.ok(help.stdout.includes(code), code);
  assert.equal((await cli([])).code, 1);
  const unknown = await cli(["frobnicate"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  assert.equal((await cli(["list", "--colour"])).code, 1);
  assert.equal((await cli(["plan"])).code, 1);
});

test("plan, apply, then a second apply that plans nothing; the state file is private and holds no secret", async (t) => {
  const { fake, dir, run, statePath, org } = await setup(t);
  const file = writeDesired(dir, { prod: PROD, lab: LAB });

  const plan = await run(["plan", file, "--exit-code"]);
  assert.equal(plan.code, 4, plan.stderr);
  assert.match(plan.stdout, /\+\s+create\s+prod/);
  assert.match(plan.stdout, /clientSecret \(set\)/);
  assert.match(plan.stdout, /Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged\./);
  assert.equal(writes(fake).length, 0, "plan writes nothing");

  const apply = await run(["apply", "--yes", file]);
  assert.equal(apply.code, 0, apply.stderr);
  assert.match(apply.stderr, /\[1\/2\] create prod \.\.\. created \(id [0-9a-f-]{36}\)\n/);
  assert.match(apply.stderr, /\[2\/2\] create lab \.\.\. created/);
  const accounts = serverAccounts(fake);
  assert.deepEqual(accounts.map((a) => [a.name, a.client_secret ?? a.api_key]), [["prod", CANARIES.prod], ["lab", CANARIES.lab]]);
  const state = checkStateFile(statePath);
  const site = entries(state, org);
  assert.deepEqual(Object.keys(site), ["prod", "lab"]);
  assert.equal(site.prod.id, accounts[0].id);
  assert.match(site.prod.fingerprint, /^hmac-sha256:[\w-]{43}$/);

  fake.control.clearRequests();
  const again = await run(["apply", "--yes", file]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /Plan: 0 to create, 0 to update, 0 to delete, 2 unchanged\.\nNothing to do\./);
  assert.deepEqual(writes(fake), [], "a second apply sends nothing");
  assert.equal((await run(["plan", file, "--exit-code"])).code, 0);

  const json = JSON.parse((await run(["plan", file, "--json"])).stdout);
  assert.equal(json.hasChanges, false);
  assert.deepEqual(json.changes.map((c) => [c.action, c.secret]), [["unchanged", "unchanged"], ["unchanged", "unchanged"]]);
});

test("an update that reassigns the id: the new id is followed, recorded, and the next plan is empty", async (t) => {
  const { fake, dir, run, statePath, org } = await setup(t, { reassignIdOnUpdate: true });
  const file = writeDesired(dir, { prod: PROD });
  assert.equal((await run(["apply", "--yes", file])).code, 0);
  const [before] = serverAccounts(fake);

  writeDesired(dir, { prod: { ...PROD, domain: "https://prod-moved.okta.com/" } });
  const plan = await run(["plan", file]);
  assert.match(plan.stdout, /~\s+update\s+prod\s+\S+\s+domain: https:\/\/prod\.okta\.com\/ -> https:\/\/prod-moved\.okta\.com\//);
  const apply = await run(["apply", "--yes", file]);
  assert.equal(apply.code, 0, apply.stderr);
  const [after] = serverAccounts(fake);
  assert.notEqual(after.id, before.id, "the local API moved the account");
  assert.ok(apply.stderr.includes(`updated (id ${before.id} -> ${after.id})`), apply.stderr);
  assert.equal(entries(checkStateFile(statePath), org).prod.id, after.id);
  const patch = fake.control.requests({ method: "PATCH" }).at(-1);
  assert.equal(patch.body.data.attributes.client_secret, "***", "every update sends the secret");

  const next = JSON.parse((await run(["plan", file, "--json"])).stdout);
  assert.deepEqual(next.changes.map((c) => [c.action, c.id, c.secret]), [["unchanged", after.id, "unchanged"]]);
});

test("a secret rotated between runs is planned as an update of the secret and sent", async (t) => {
  const { fake, dir, run } = await setup(t, { reassignIdOnUpdate: true });
  const file = writeDesired(dir, { prod: PROD, lab: LAB });
  assert.equal((await run(["apply", "--yes", file])).code, 0);

  const rotated = { ...baseEnv(), OKTA_PROD_SECRET: CANARIES.prodRotated };
  const plan = await run(["plan", file, "--exit-code"], rotated);
  assert.equal(plan.code, 4);
  assert.match(plan.stdout, /~\s+update\s+prod\s+\S+\s+clientSecret \(changed\)/);
  assert.match(plan.stdout, /=\s+unchanged\s+lab/);
  assert.equal((await run(["apply", "--yes", file], rotated)).code, 0);
  assert.equal(serverAccounts(fake).find((a) => a.name === "prod").client_secret, CANARIES.prodRotated);
  assert.equal((await run(["plan", file, "--exit-code"], rotated)).code, 0, "the rotation is recorded");
  // Back to the first secret: a change again, not "unchanged" by accident.
  assert.equal((await run(["plan", file, "--exit-code"])).code, 4);
});

test("without a fingerprint the secret is reported as not verifiable, and --push-secrets sends it", async (t) => {
  const { fake, dir, run, statePath, org } = await setup(t, {
    seed: [{ name: "prod", domain: "https://prod.okta.com/", auth_method: "oauth", client_id: "prod-client", client_secret: "unknown-to-us" }],
  });
  const file = writeDesired(dir, { prod: PROD });
  const plan = await run(["plan", file, "--exit-code"]);
  assert.equal(plan.code, 4, "not known to be in sync: nothing is guessed");
  assert.match(plan.stdout, /unchanged\s+prod\s+\S+\s+secret not verifiable: no fingerprint is recorded/);
  assert.match(plan.stdout, /1 secret could not be verified \(prod\): datadog-okta apply .*okta\.json --push-secrets sends it and records its fingerprint\./);
  assert.equal((await run(["plan", file, "--exit-code", "--ignore-unverifiable-secrets"])).code, 0, "unless told to ignore them");
  const push = await run(["apply", "--yes", file, "--push-secrets"]);
  assert.equal(push.code, 0, push.stderr);
  assert.match(push.stdout, /secret sent from \$\{OKTA_PROD_SECRET\} \(not verifiable\)/);
  assert.equal(serverAccounts(fake)[0].client_secret, CANARIES.prod);
  assert.ok(entries(checkStateFile(statePath), org).prod);
  assert.doesNotMatch((await run(["plan", file])).stdout, /not verifiable/);
});

test("a failure in the middle stops the apply (exit 3); nothing is lost or duplicated, and a rerun converges", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, { a: { ...LAB, domain: "https://a.okta.com/" }, b: { ...LAB, domain: "https://b.okta.com/" }, c: { ...LAB, domain: "https://c.okta.com/" }, d: PROD });
  // The first create passes, the second is refused, the third is dropped after it was applied.
  fake.control.addFault([
    { kind: "delay", delayMs: 0, method: "POST" },
    { kind: "status", status: 400, method: "POST", message: `refused ${CANARIES.lab}` },
  ]);
  const first = await run(["apply", "--yes", file]);
  assert.equal(first.code, 3, first.stdout + first.stderr);
  assert.match(first.stderr, /\[2\/4\] create b \.\.\. failed: createOktaAccount: HTTP 400 Bad Request: refused \[REDACTED\]/);
  assert.match(first.stdout, /Apply: 1 done, 1 failed, 2 not attempted\./);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["a"]);

  fake.control.addFault({ kind: "drop-after-apply", method: "POST" });
  const second = await run(["apply", "--yes", file, "--continue-on-error"]);
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name).sort(), ["a", "b", "c", "d"], "each account exactly once");
  assert.match((await run(["apply", "--yes", file])).stdout, /Nothing to do\./);
});

test("--continue-on-error goes on after a failure; an API error with nothing changed exits 2", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, { a: { ...LAB, domain: "https://a.okta.com/" }, b: { ...LAB, domain: "https://b.okta.com/" } });
  fake.control.addFault({ kind: "status", status: 403, method: "POST" });
  const partial = await run(["apply", "--yes", file, "--continue-on-error"]);
  assert.equal(partial.code, 3);
  assert.match(partial.stdout, /Apply: 1 done, 1 failed, 0 not attempted\./);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["b"]);

  writeDesired(dir, { a: { ...LAB, domain: "https://a.okta.com/" }, b: { ...LAB, domain: "https://b.okta.com/" }, c: LAB });
  fake.control.addFault({ kind: "status", status: 403, method: "POST" });
  const refused = await run(["apply", "--yes", file]);
  assert.equal(refused.code, 2, "the first call failed and nothing changed");
  fake.control.addFault({ kind: "status", status: 403, method: "GET" });
  const listFails = await run(["plan", file]);
  assert.equal(listFails.code, 2);
  assert.match(listFails.stderr, /listOktaAccounts: HTTP 403 Forbidden/);
});

/**
 * A proxy in front of the local API whose list shows every account twice (the second copy with
 * another id): the local API itself refuses a second account of one name, the real API may not.
 */
async function twinningProxy(t, fake) {
  const server = createServer(async (req, res) => {
    const body = await new Promise((r) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c)).on("end", () => r(Buffer.concat(chunks)));
    });
    const upstream = await fetch(fake.url + req.url, { method: req.method, headers: req.headers, body: body.length > 0 ? body : undefined });
    let text = await upstream.text();
    if (req.method === "GET" && req.url.endsWith("/accounts")) {
      const list = JSON.parse(text);
      list.data = list.data.flatMap((a) => [a, { ...a, id: `${a.id.slice(0, -4)}beef` }]);
      text = JSON.stringify(list);
    }
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(text);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${server.address().port}`;
}

test("a name used twice, in the file or on the server, is an error (exit 1), not a guess", async (t) => {
  const { fake, dir, run } = await setup(t, { seed: [{ name: "twin", domain: "https://t1.okta.com/", auth_method: "api_key", api_key: "x" }] });
  const lab = JSON.stringify(LAB);
  const file = writeDesired(dir, `{"accounts": {"prod": ${lab}, "prod": ${lab}}}`);
  const inFile = await run(["plan", file]);
  assert.equal(inFile.code, 1);
  assert.match(inFile.stderr, /accounts\.prod: appears twice: account names must be unique/);
  assert.equal(fake.control.requests().length, 0, "nothing is asked of the API");

  const proxy = await twinningProxy(t, fake);
  writeDesired(dir, { twin: LAB });
  const onServer = await cli(["apply", "--yes", file, "--base-url", proxy], { cwd: dir });
  assert.equal(onServer.code, 1, onServer.stdout + onServer.stderr);
  assert.match(onServer.stderr, /current\[1\]: 2 accounts on the server are named "twin" \(ids [0-9a-f-]+, [0-9a-f-]+beef\)/);
  const get = await cli(["get", "--name", "twin", "--base-url", proxy], { cwd: dir });
  assert.equal(get.code, 1);
  assert.match(get.stderr, /2 accounts on the server are named "twin"/);
  assert.equal(writes(fake).length, 0);
  // Deleting both needs no choice: with --prune and without the name, the plan deletes both.
  writeDesired(dir, {});
  const prune = JSON.parse((await cli(["plan", file, "--prune", "--json", "--base-url", proxy], { cwd: dir })).stdout);
  assert.deepEqual(prune.changes.map((c) => [c.action, c.name]), [["delete", "twin"], ["delete", "twin"]]);
});

test("an invalid file is reported by path, with no secret value; a literal secret and a missing variable are refused", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, {
    prod: { ...PROD, domain: "http://prod.okta.com" },
    lab: { ...LAB, apiKey: CANARIES.extra },
    other: { ...PROD, clientSecret: "${NOT_SET_ANYWHERE}" },
  });
  const bad = await run(["apply", "--yes", file]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /accounts\.prod\.domain: must be an absolute https:\/\/ URL/);
  assert.match(bad.stderr, /accounts\.lab\.apiKey: must be a reference to an environment variable/);
  writeDesired(dir, { other: { ...PROD, clientSecret: "${NOT_SET_ANYWHERE}" } });
  const unset = await run(["plan", file]);
  assert.equal(unset.code, 1);
  assert.match(unset.stderr, /accounts\.other\.clientSecret: refers to the environment variable NOT_SET_ANYWHERE, which is not set/);
  writeFileSync(file, "{ not json");
  assert.match((await run(["plan", file])).stderr, /\(the document\): is not valid JSON: .* at line 1 column 3/);
  assert.equal(fake.control.requests().length, 0);
});

test("--prune deletes the accounts the file does not name; without it they are listed and left", async (t) => {
  const { fake, dir, run, statePath, org } = await setup(t, { seed: [{ name: "stray", domain: "https://stray.okta.com/", auth_method: "api_key", api_key: "x" }] });
  const file = writeDesired(dir, { lab: LAB });
  const plan = await run(["plan", file]);
  assert.match(plan.stdout, /\?\s+unmanaged\s+stray\s+\S+\s+not in FILE: left alone \(--prune deletes it\)/);
  const prunePlan = await run(["plan", file, "--prune"]);
  assert.match(prunePlan.stdout, /-\s+delete\s+stray\s+\S+\s+authMethod=api_key; domain=https:\/\/stray\.okta\.com\//, "a delete line shows the account");
  assert.equal((await run(["apply", "--yes", file])).code, 0);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["stray", "lab"]);
  const pruned = await run(["apply", "--yes", file, "--prune", "--json"]);
  assert.equal(pruned.code, 0);
  const out = JSON.parse(pruned.stdout);
  assert.deepEqual(out.result.steps.map((s) => [s.action, s.name, s.status]), [["delete", "stray", "done"]]);
  assert.match(pruned.stderr, /\[1\/1\] delete stray \.\.\. deleted/, "progress goes to stderr");
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["lab"]);
  assert.deepEqual(Object.keys(entries(checkStateFile(statePath), org)), ["lab"]);
});

test("Ctrl-C during apply finishes the call in flight, saves the state and exits 3; a rerun finishes the job", async (t) => {
  const { fake, dir, org } = await setup(t);
  const file = writeDesired(dir, { a: { ...LAB, domain: "https://a.okta.com/" }, b: { ...LAB, domain: "https://b.okta.com/" }, c: { ...LAB, domain: "https://c.okta.com/" } });
  fake.control.addFault({ kind: "delay", delayMs: 1200, method: "POST" });
  const { child, result } = startCli(["apply", "--yes", file, "--base-url", fake.url], { cwd: dir });
  const deadline = Date.now() + 10_000;
  while (!fake.control.requests({ method: "POST" }).some((r) => r.outcome === "pending")) {
    assert.ok(Date.now() < deadline, "the first create never started");
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGINT");
  const r = await result;
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stderr, /\[1\/3\] create a \.\.\. \nInterrupted: finishing the calls in flight/, "the notice starts a line of its own");
  assert.match(r.stderr, /\[1\/3\] create a \.\.\. created/);
  assert.match(r.stdout, /Apply: 1 done, 0 failed, 2 not attempted \(interrupted\)\./);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["a"]);
  const state = checkStateFile(join(dir, "okta.state.json"));
  assert.equal(entries(state, org).a.id, serverAccounts(fake)[0].id, "the finished call is in the state");

  const rerun = await cli(["apply", "--yes", file, "--base-url", fake.url], { cwd: dir });
  assert.equal(rerun.code, 0);
  assert.match(rerun.stdout, /Plan: 2 to create, 0 to update, 0 to delete, 1 unchanged\./);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["a", "b", "c"]);
});

test("--concurrency with a spent rate limit: the calls wait for the window instead of collecting 429s", async (t) => {
  const { fake, dir, run } = await setup(t, { rateLimit: { limit: 3, periodSeconds: 1 } });
  const accounts = Object.fromEntries(["a", "b", "c", "d"].map((n) => [n, { ...LAB, domain: `https://${n}.okta.com/` }]));
  const file = writeDesired(dir, accounts);
  const r = await run(["apply", "--yes", file, "--concurrency", "2"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name).sort(), ["a", "b", "c", "d"]);
  assert.match(r.stderr, /\[\d\/4\] create [a-d] \.\.\. created/);
  const limited = fake.control.requests().filter((q) => q.status === 429);
  assert.ok(limited.length <= 1, `at most one 429 (two calls in flight can both see the last request): ${limited.length}`);
  assert.equal((await run(["apply", "--yes", file, "--concurrency", "0"])).code, 1);
});

test("list, get, create, update and delete one account; secrets come from the environment only", async (t) => {
  const { fake, run } = await setup(t, { reassignIdOnUpdate: true });
  const env = { ...baseEnv(), OKTA_CLIENT_SECRET: CANARIES.prod, OKTA_API_KEY: CANARIES.lab };
  assert.match((await run(["list"], env)).stdout, /No Okta accounts\./);
  const missingSecret = await run(["create", "--name", "x", "--domain", "https://x.okta.com/", "--auth-method", "oauth", "--client-id", "c"]);
  assert.equal(missingSecret.code, 1);
  assert.match(missingSecret.stderr, /read from \$OKTA_CLIENT_SECRET, which is not set/);

  const created = await run(["create", "--name", "x", "--domain", "https://x.okta.com/", "--auth-method", "oauth", "--client-id", "c", "--json"], env);
  assert.equal(created.code, 0, created.stderr);
  const id = JSON.parse(created.stdout).data.id;
  assert.equal(serverAccounts(fake)[0].client_secret, CANARIES.prod);
  const invalid = await run(["create", "--name", "y", "--domain", "ftp://y", "--auth-method", "oauth", "--client-id", "c"], env);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /body\.data\.attributes\.domain: must be an absolute https:\/\/ URL/);

  const table = await run(["list"], env);
  assert.match(table.stdout, /^NAME\s+ID\s+AUTH METHOD\s+DOMAIN\s+CLIENT ID\nx\s+[0-9a-f-]{36}\s+oauth\s+https:\/\/x\.okta\.com\/\s+c\n$/);
  assert.equal(JSON.parse((await run(["get", id, "--json"], env)).stdout).data.attributes.name, "x");

  const updated = await run(["update", "--name", "x", "--domain", "https://x2.okta.com/"], env);
  assert.equal(updated.code, 0, updated.stderr);
  const [now] = serverAccounts(fake);
  assert.ok(updated.stdout.includes(`The id changed: ${id} -> ${now.id}.`), updated.stdout);
  assert.deepEqual([now.domain, now.client_id, now.client_secret], ["https://x2.okta.com/", "c", CANARIES.prod], "what was not given is kept, the secret is sent");
  const toApiKey = await run(["update", now.id, "--auth-method", "api_key"], env);
  assert.equal(toApiKey.code, 0, toApiKey.stderr);
  assert.equal(serverAccounts(fake)[0].api_key, CANARIES.lab);

  const gone = await run(["get", id], env);
  assert.equal(gone.code, 2, "the old id is retired");
  assert.equal((await run(["get", "--name", "nobody"], env)).code, 2);
  const del = await run(["delete", "--yes", "--name", "x"], env);
  assert.equal(del.code, 0);
  assert.match(del.stdout, /^Deleted x \(id [0-9a-f-]{36}, api_key, https:\/\/x2\.okta\.com\/\) on http:\/\/localhost:\d+\.\n$/);
  assert.deepEqual(serverAccounts(fake), []);

  // A name from the server cannot drive the terminal: control characters are shown escaped.
  fake.control.setAccounts([{ name: "evil\u001b[2J\u0007", domain: "https://e.okta.com/", auth_method: "api_key", api_key: "k" }]);
  const listed = await run(["list"], env);
  assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(listed.stdout), JSON.stringify(listed.stdout));
  assert.ok(listed.stdout.includes("evil\\u001b[2J\\u0007"), listed.stdout);
});

test("missing keys exit 1 before any call; a refused key exits 2; neither is printed", async (t) => {
  const { dir } = await setup(t);
  const fake = await startFake({ keys: [{ apiKey: "other", appKey: "other" }] });
  t.after(() => fake.close());
  const file = writeDesired(dir, { lab: LAB });
  const refused = await cli(["plan", file, "--base-url", fake.url], { cwd: dir });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /HTTP 403 Forbidden/);
  const { DD_APP_KEY, ...noKey } = baseEnv();
  void DD_APP_KEY;
  // No --base-url: a Datadog site, so the keys are required (and nothing is sent anywhere).
  const missing = await cli(["list", "--site", "datadoghq.eu"], { cwd: dir, env: noKey });
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /DD_APP_KEY is not set/);
});

test("plan and apply run on Node 18, the oldest Node the package supports", async (t) => {
  // The runtime matrix's pinned Node 18, installed (once, under the matrix's lock) when missing:
  // on a fresh tree this suite runs before the matrix does.
  const NODE18 = tools().node18;
  const { fake, dir } = await setup(t);
  const file = writeDesired(dir, { prod: PROD, lab: LAB });
  const node18 = (args) => new Promise((resolve) => {
    const child = spawn(NODE18, [join(installedPackage().pkg, "bin/datadog-okta.mjs"), ...args, "--base-url", fake.url], { cwd: dir, env: baseEnv() });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
  assert.equal((await node18(["--version"])).code, 0);
  const apply = await node18(["apply", "--yes", file]);
  assert.equal(apply.code, 0, apply.output);
  assertNoSecrets(apply.output, "Node 18 output");
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["prod", "lab"]);
  assert.equal((await node18(["plan", file, "--exit-code"])).code, 0);
});
