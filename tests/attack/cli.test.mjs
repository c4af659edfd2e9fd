// The command line's holes of issue 12 (items 1, 2, 3, 4, 8, 9, 13), one test each, against the
// packed tarball's `datadog-okta` and the local API or a hostile server in front of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { CANARIES, LAB, PROD, baseEnv, cli, installedPackage, serverAccounts, startCli, startFake, tempDir, writeDesired } from "../plan/helpers.mjs";

async function setup(t, fakeOptions = {}) {
  const fake = await startFake(fakeOptions);
  t.after(() => fake.close());
  const dir = tempDir("attack-cli");
  const run = (args, env) => cli([...args, "--base-url", fake.url], { cwd: dir, env });
  return { fake, dir, run, statePath: join(dir, "okta.state.json") };
}

/** Characters that can drive a terminal or reorder what it shows. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

test("item 1: `get .` and `delete ..` send nothing and exit 1 (accountId refused by the core)", async (t) => {
  const { fake, run } = await setup(t);
  for (const args of [["get", "."], ["delete", "--yes", ".."], ["delete", "--yes", "."], ["update", "..", "--domain", "https://x.okta.com/"]]) {
    const r = await run(args, { ...baseEnv(), OKTA_CLIENT_SECRET: CANARIES.prod });
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /accountId/, args.join(" "));
  }
  assert.deepEqual(fake.control.requests(), [], "nothing reached the API");
});

test("item 2: Okta secret fields cannot name DD_* variables; the plan names each secret's variable; odd domains warn", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, {
    steal: { authMethod: "api_key", domain: "https://collector.attacker.example/", apiKey: "${DD_APP_KEY}" },
    other: { ...PROD, clientSecret: "${DD_ANYTHING}" },
  });
  const refused = await run(["plan", file]);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /accounts\.steal\.apiKey: .*DD_APP_KEY.*Datadog/);
  assert.match(refused.stderr, /accounts\.other\.clientSecret: .*DD_ANYTHING/);
  assert.deepEqual(fake.control.requests(), [], "a refused file sends nothing");

  writeDesired(dir, { prod: PROD, idp: { ...LAB, domain: "https://login.example.com/" } });
  const plan = await run(["plan", file]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /clientSecret \(set\) from \$\{OKTA_PROD_SECRET\}/);
  assert.match(plan.stdout, /apiKey \(set\) from \$\{OKTA_LAB_TOKEN\}/);
  assert.match(plan.stderr, /warning: accounts\.idp\.domain: https:\/\/login\.example\.com\/ is not under an Okta domain \(okta\.com, oktapreview\.com, okta-emea\.com, okta-gov\.com, okta\.mil\)/);
  const json = JSON.parse((await run(["plan", file, "--json"])).stdout);
  assert.deepEqual(json.warnings.map((w) => w.path), ["accounts.idp.domain"]);
  assert.deepEqual(json.changes.map((c) => c.secretVariable), ["OKTA_PROD_SECRET", "OKTA_LAB_TOKEN"]);
  writeFileSync(file, JSON.stringify({ allowedDomains: ["example.com"], accounts: { idp: { ...LAB, domain: "https://login.example.com/" } } }));
  const allowed = await run(["plan", file]);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.doesNotMatch(allowed.stderr, /warning/);
});

/** `datadog-okta` run by node with a preload module of `code` (it runs in the CLI's process). */
function cliWithPreload(code, args, { cwd, env = baseEnv() }) {
  const preload = join(cwd, "preload.mjs");
  writeFileSync(preload, code);
  const bin = join(installedPackage().pkg, "bin/datadog-okta.mjs");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", preload, bin, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("item 3: a state file that cannot be written is an error (exit 3); temporary names cannot collide with a dead run's", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, { lab: LAB });
  const r = await run(["apply", "--yes", file, "--state", "./no-such-dir/x.json"]);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stderr, /no-such-dir\/x\.json/);
  assert.match(r.stderr, /ENOENT|no such file/i);
  assert.doesNotMatch(r.stdout, /State: \.\/no-such-dir/);

  // A crashed run with this PID left every temporary name a counter would pick.
  const squat = `import { writeFileSync } from "node:fs";
for (let i = 0; i < 50; i++) for (const n of ["okta.state.json"]) writeFileSync(\`.\${n}.tmp-\${process.pid}-\${i}\`, "stale");\n`;
  fake.control.reset();
  const squatted = await cliWithPreload(squat, ["apply", "--yes", file, "--base-url", fake.url], { cwd: dir });
  assert.equal(squatted.code, 0, squatted.stdout + squatted.stderr);
  const state = JSON.parse(readFileSync(join(dir, "okta.state.json"), "utf8"));
  assert.ok(JSON.stringify(state).includes(serverAccounts(fake)[0].id), "the state was written");
});

test("item 4: two applies with one state file keep each other's fingerprints; a held lock is waited for, then refused", async (t) => {
  const { fake, dir } = await setup(t);
  const a = writeDesired(dir, { a: { ...LAB, domain: "https://a.okta.com/" } }, "a.json");
  const b = writeDesired(dir, { b: { ...LAB, domain: "https://b.okta.com/" } }, "b.json");
  fake.control.addFault({ kind: "delay", delayMs: 800, method: "POST", count: 2 });
  const shared = join(dir, "shared.state.json");
  const both = await Promise.all([a, b].map((f) => cli(["apply", "--yes", f, "--state", shared, "--base-url", fake.url], { cwd: dir })));
  for (const r of both) assert.equal(r.code, 0, r.stdout + r.stderr);
  const text = readFileSync(shared, "utf8");
  for (const account of serverAccounts(fake)) assert.ok(text.includes(account.id), `${account.name} is recorded: ${text}`);

  // A lock held by a live process (this one): the apply waits a bounded time, then refuses clearly.
  writeFileSync(`${shared}.lock`, JSON.stringify({ pid: process.pid, host: hostname() }));
  const c = writeDesired(dir, { c: { ...LAB, domain: "https://c.okta.com/" } }, "c.json");
  const started = Date.now();
  const locked = await cli(["apply", "--yes", c, "--state", shared, "--base-url", fake.url], { cwd: dir, env: { ...baseEnv(), DATADOG_OKTA_LOCK_TIMEOUT_MS: "600" } });
  assert.equal(locked.code, 3, locked.stdout + locked.stderr);
  assert.match(locked.stderr, new RegExp(`shared\\.state\\.json is locked by process ${process.pid}`));
  assert.ok(Date.now() - started >= 600, "it waited");
  assert.ok(!serverAccounts(fake).some((x) => x.name === "c"), "nothing was changed without a state to record it in");
  // A lock whose owner is gone is broken.
  const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
  writeFileSync(`${shared}.lock`, JSON.stringify({ pid: dead, host: hostname() }));
  const broken = await cli(["apply", "--yes", c, "--state", shared, "--base-url", fake.url], { cwd: dir });
  assert.equal(broken.code, 0, broken.stdout + broken.stderr);
  assert.ok(!existsSync(`${shared}.lock`), "the lock is released");
});

/**
 * A server in front of the local API that adds `suffix` to every id it returns (and takes it off
 * the ids it is sent), and `createdSuffix` to the id a create returns.
 */
async function hostileIds(t, fake, suffix, createdSuffix) {
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const path = decodeURIComponent(req.url).split(suffix).join("");
    const upstream = await fetch(fake.url + encodeURI(path), { method: req.method, headers: { ...req.headers, host: undefined }, body: chunks.length ? Buffer.concat(chunks) : undefined });
    let text = await upstream.text();
    text = text.replace(/"id":"([0-9a-f-]{36})"/g, (_, id) => JSON.stringify({ id: id + suffix + (req.method === "POST" ? createdSuffix : "") }).slice(1, -1));
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(text);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${server.address().port}`;
}

test("item 8: ids and names with ESC, OSC, C1 and bidi characters never reach the terminal raw; --json escapes them", async (t) => {
  const { fake, dir } = await setup(t, { reassignIdOnUpdate: true });
  const suffix = "\u202e\u2066";
  const proxy = await hostileIds(t, fake, suffix, "\u001b]0;pwned\u0007\u009b31m");
  const env = { ...baseEnv(), OKTA_API_KEY: CANARIES.lab };
  const run = (args) => cli([...args, "--base-url", proxy], { cwd: dir, env });
  const outputs = [];
  const file = writeDesired(dir, { lab: LAB, ["evil\u001b[2J\u202eboss"]: { ...LAB, domain: "https://e.okta.com/" } });
  outputs.push(await run(["plan", file]), await run(["apply", "--yes", file]));
  writeDesired(dir, { lab: { ...LAB, domain: "https://lab2.okta.com/" } });
  outputs.push(await run(["apply", "--yes", file]));
  outputs.push(await run(["update", "--name", "lab", "--domain", "https://lab3.okta.com/"]));
  outputs.push(await run(["delete", "--yes", "--name", "lab"]));
  outputs.push(await run(["list"]));
  for (const r of outputs) {
    assert.doesNotMatch(r.stdout, UNSAFE, JSON.stringify(r.stdout));
    assert.doesNotMatch(r.stderr, UNSAFE, JSON.stringify(r.stderr));
  }
  assert.ok(outputs.some((r) => r.stdout.includes("\\u202e")), "the characters are shown, escaped");
  const json = await run(["list", "--json"]);
  assert.doesNotMatch(json.stdout, UNSAFE);
  assert.ok(JSON.parse(json.stdout).data.some((a) => a.attributes.name.includes("\u202e")), "JSON escapes read back as the original");
});

test("item 9: a rate limit spent for a day fails clearly at once; a short one is waited for, and said", async (t) => {
  const { dir, run } = await setup(t, { rateLimit: { limit: 1, periodSeconds: 86400 } });
  const file = writeDesired(dir, { lab: LAB });
  const started = Date.now();
  const r = await Promise.race([run(["apply", "--yes", file]), new Promise((resolve) => setTimeout(() => resolve({ code: "hung" }), 20_000))]);
  assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
  assert.ok(Date.now() - started < 20_000);
  assert.match(r.stderr, /rate limit .*86[34]\d\d s.* at most 120 s/);

  const short = await setup(t, { rateLimit: { limit: 1, periodSeconds: 2 } });
  const ok = await short.run(["apply", "--yes", writeDesired(short.dir, { lab: LAB })]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stderr, /waiting for the rate limit \(okta_integration, X-RateLimit-Reset\) until \d\d:\d\d:\d\d/);
});

test("item 13: the state file cannot be used to guess secrets: no salt in it, keyed outside it, old files unverifiable", async (t) => {
  const { dir, run, statePath } = await setup(t);
  const file = writeDesired(dir, { prod: PROD });
  assert.equal((await run(["apply", "--yes", file])).code, 0);
  const state = JSON.parse(readFileSync(statePath, "utf8"));
  const text = JSON.stringify(state);
  assert.ok(!("salt" in state), text);
  assert.match(text, /"keyId":"[\w-]+"/);
  // Keyed by DD_APP_KEY: every string of the file as the HMAC key gives another fingerprint.
  const fp = text.match(/hmac-sha256:([\w-]+)/)[1];
  for (const candidate of text.match(/"[^"]*"/g).map((s) => JSON.parse(s))) {
    for (const message of [`datadog-okta-wasm fingerprint v1\nprod\nclientSecret\n${CANARIES.prod}`, CANARIES.prod]) {
      assert.notEqual(createHmac("sha256", candidate).update(message).digest("base64url"), fp);
    }
  }
  // Another key: "the fingerprint key changed", not a changed secret.
  const other = await run(["plan", file, "--json"], { ...baseEnv(), DATADOG_OKTA_STATE_KEY: "another-state-key-0123456789" });
  const change = JSON.parse(other.stdout).changes[0];
  assert.deepEqual([change.action, change.secret], ["unchanged", "unverifiable"]);
  assert.match(change.note, /fingerprint key changed/);
  // An old (salted) file: unverifiable (old format), rewritten by the next apply.
  writeFileSync(statePath, JSON.stringify({ version: 1, salt: "AAAAAAAAAAAAAAAAAAAAAA", accounts: {} }));
  const old = JSON.parse((await run(["plan", file, "--json"])).stdout).changes[0];
  assert.match(old.note, /unverifiable \(old format\)/);
  assert.equal((await run(["apply", "--yes", file, "--push-secrets"])).code, 0);
  const rewritten = JSON.parse(readFileSync(statePath, "utf8"));
  assert.equal(rewritten.version, 2);
  assert.ok(!("salt" in rewritten));
});
