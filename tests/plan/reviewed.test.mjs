// Issue 13, from the packed tarball against the local API: reviewed plans (plan --out, apply
// PLAN), a stale plan refused with nothing written, confirmation (a pseudo-terminal that answers
// no then yes; no terminal and no --yes: refused), honest drift after the CLI's own update,
// --exit-code on unverifiable secrets, and export then plan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CANARIES, LAB, PROD, assertNoSecrets, baseEnv, cli, installedPackage, serverAccounts, startFake, tempDir, writeDesired } from "./helpers.mjs";

async function setup(t, fakeOptions = {}) {
  const fake = await startFake(fakeOptions);
  t.after(() => fake.close());
  const dir = tempDir("reviewed");
  const run = (args, env) => cli([...args, "--base-url", fake.url], { cwd: dir, env });
  return { fake, dir, run };
}
const writes = (fake) => fake.control.requests().filter((r) => r.method !== "GET");

test("a reviewed plan: plan --out saves it (0600, no secret), apply PLAN applies exactly it, and only once", async (t) => {
  const { fake, dir, run } = await setup(t, { seed: [{ name: "stray", domain: "https://stray.okta.com/", auth_method: "api_key", api_key: "x" }] });
  const file = writeDesired(dir, { prod: PROD, lab: LAB });
  const planned = await run(["plan", file, "--out", "okta.plan", "--prune"]);
  assert.equal(planned.code, 0, planned.stderr);
  assert.match(planned.stdout, /Saved the plan to okta\.plan: review it, then run datadog-okta apply okta\.plan/);
  const path = join(dir, "okta.plan");
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const text = readFileSync(path, "utf8");
  assertNoSecrets(text, "the plan file");
  const saved = JSON.parse(text);
  assert.equal(saved.kind, "datadog-okta-plan");
  assert.equal(saved.version, 1);
  const prod = saved.organisations[0].plan.changes.find((c) => c.name === "prod");
  assert.equal(prod.secretVariable, "OKTA_PROD_SECRET");
  assert.match(prod.secretFingerprint, /^hmac-sha256:/);
  assert.equal(writes(fake).length, 0);

  // The file changes after the review: apply PLAN still does what was reviewed.
  writeDesired(dir, { other: LAB });
  const applied = await run(["apply", "okta.plan", "--yes"]);
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name).sort(), ["lab", "prod"]);
  assert.match(applied.stderr, /delete stray \.\.\. deleted/);
  // Applied once: the same plan again is stale (its creates are done), and nothing is written.
  fake.control.clearRequests();
  const again = await run(["apply", "okta.plan", "--yes"]);
  assert.equal(again.code, 1, again.stdout + again.stderr);
  assert.match(again.stderr, /the plan no longer matches: .*prod: reviewed create .*, now unchanged.*plan again/);
  assert.deepEqual(writes(fake), []);
});

test("a stale plan is refused with nothing written: the server changed, or a variable holds another secret", async (t) => {
  const { fake, dir, run } = await setup(t, { seed: [{ name: "lab", domain: "https://old-lab.okta.com/", auth_method: "api_key", api_key: "x" }] });
  const file = writeDesired(dir, { prod: PROD, lab: LAB });
  assert.equal((await run(["plan", file, "--out", "p.json"])).code, 0);
  const rotated = { ...baseEnv(), OKTA_PROD_SECRET: CANARIES.prodRotated };
  const secret = await run(["apply", "p.json", "--yes"], rotated);
  assert.equal(secret.code, 1, secret.stderr);
  assert.match(secret.stderr, /prod: \$OKTA_PROD_SECRET no longer holds the planned secret/);
  const [lab] = serverAccounts(fake);
  fake.control.setAccounts([{ ...lab, domain: "https://moved-lab.okta.com/" }]);
  const server = await run(["apply", "p.json", "--yes"]);
  assert.equal(server.code, 1);
  assert.match(server.stderr, /lab: reviewed update \(domain\), now update \(domain\)|lab: its attributes changed since the plan/);
  const { OKTA_PROD_SECRET: _gone, ...unset } = baseEnv();
  assert.match((await run(["apply", "p.json", "--yes"], unset)).stderr, /\$OKTA_PROD_SECRET \(prod\) is not set/);
  const otherKey = await run(["apply", "p.json", "--yes"], { ...baseEnv(), DATADOG_OKTA_STATE_KEY: "another-key-entirely" });
  assert.match(otherKey.stderr, /the fingerprint key changed since the plan/);
  assert.deepEqual(writes(fake), [], "a stale plan writes nothing");
  assert.match((await run(["apply", "p.json", "--yes", "--prune"])).stderr, /--prune cannot be given with a saved plan/);
});

/** Runs datadog-okta in a pseudo-terminal (`script`), typing `answer` once the question is out. */
function inTerminal(args, { cwd, answer }) {
  const bin = join(installedPackage().pkg, "bin/datadog-okta.mjs");
  const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd, env: baseEnv() });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
      if (/Only 'yes' will be accepted: $/.test(output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ""))) child.stdin.write(`${answer}\n`);
    });
    child.on("close", (code) => resolve({ code, output, plain: output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "") }));
  });
}

test("on a terminal, apply and delete ask: no changes nothing, yes goes on; without a terminal they need --yes", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, { lab: LAB });
  const refused = await run(["apply", file]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /stdin is not a terminal: give --yes \(or --auto-approve\)/);
  assert.equal(fake.control.requests().length, 0, "refused before anything is asked of the API");

  const no = await inTerminal(["apply", file, "--base-url", fake.url], { cwd: dir, answer: "no" });
  assert.equal(no.code, 1, no.output);
  assert.match(no.plain, /\+\s+create\s+lab[\s\S]*Apply these changes\?[\s\S]*Apply cancelled: nothing was changed\./);
  assert.deepEqual(writes(fake), []);
  const yes = await inTerminal(["apply", file, "--base-url", fake.url], { cwd: dir, answer: "yes" });
  assert.equal(yes.code, 0, yes.output);
  assert.deepEqual(serverAccounts(fake).map((a) => a.name), ["lab"]);
  assert.match(yes.output, /\u001b\[32m\+\u001b\[0m/, "colours on a terminal");

  assert.equal((await run(["delete", "--name", "lab"])).code, 1, "delete needs --yes too");
  const keep = await inTerminal(["delete", "--name", "lab", "--base-url", fake.url], { cwd: dir, answer: "n" });
  assert.match(keep.plain, /Delete the account lab \(id [0-9a-f-]+, api_key, https:\/\/lab\.okta\.com\/\) on http:\/\/localhost:\d+\?/);
  assert.equal(serverAccounts(fake).length, 1);
  const del = await inTerminal(["delete", "--name", "lab", "--base-url", fake.url], { cwd: dir, answer: "yes" });
  assert.equal(del.code, 0, del.output);
  assert.deepEqual(serverAccounts(fake), []);
  assert.equal((await run(["apply", file, "--auto-approve"])).code, 0, "--auto-approve is --yes");
});

test("honest drift: the CLI's own update is recorded with --state; unverifiable secrets are not 'in sync'", async (t) => {
  const { fake, dir, run } = await setup(t);
  const file = writeDesired(dir, { lab: LAB });
  const state = join(dir, "okta.state.json");
  const noState = await run(["plan", file, "--exit-code"]);
  assert.equal(noState.code, 4, "a create is a change");
  assert.equal((await run(["apply", file, "--yes"])).code, 0);
  assert.equal((await run(["plan", file, "--exit-code"])).code, 0);

  const env = { ...baseEnv(), OKTA_API_KEY: CANARIES.extra };
  const updated = await run(["update", "--name", "lab", "--state", state], env);
  assert.equal(updated.code, 0, updated.stderr);
  const drift = await run(["plan", file, "--exit-code"]);
  assert.equal(drift.code, 4, drift.stdout);
  assert.match(drift.stdout, /~\s+update\s+lab\s+\S+\s+apiKey \(changed\) from \$\{OKTA_LAB_TOKEN\}/);
  const unrecorded = await run(["update", "--name", "lab"], env);
  assert.match(unrecorded.stderr, /no --state: this secret is not recorded/);

  // A fresh checkout: no state file. Every secret is unverifiable, and that is not "in sync".
  const fresh = await cli(["plan", file, "--exit-code", "--state", join(dir, "none.json"), "--base-url", fake.url], { cwd: dir });
  assert.equal(fresh.code, 4);
  assert.match(fresh.stdout, /--push-secrets sends it/);
  const json = JSON.parse((await run(["plan", file, "--json", "--state", join(dir, "none.json")])).stdout);
  assert.deepEqual([json.hasChanges, json.unverifiable, json.changes[0].reason], [false, 1, "no-record"]);
});

test("export writes a desired file whose plan shows no change but unverifiable secrets; odd values are named", async (t) => {
  const { dir, run } = await setup(t, {
    seed: [
      { name: "prod eu", domain: "https://prod.okta.com/", auth_method: "oauth", client_id: "cid", client_secret: "s" },
      { name: "prod-eu", domain: "https://prod2.okta.com/", auth_method: "api_key", api_key: "k" },
      { name: "legacy", domain: "https://legacy.okta.com/admin", auth_method: "api_key", api_key: "k" },
    ],
  });
  const exported = await run(["export", "--out", "okta.json"]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /OKTA_PROD_EU_CLIENT_SECRET\s+prod eu \(clientSecret\)/);
  assert.match(exported.stderr, /OKTA_PROD_EU_API_KEY\s+prod-eu \(apiKey\)/);
  assert.match(exported.stderr, /warning: accounts\.legacy\.domain: .*exported as stored/);
  assert.equal((await run(["export", "--out", "okta.json"])).code, 1, "export does not overwrite a file");
  const doc = JSON.parse(readFileSync(join(dir, "okta.json"), "utf8"));
  assert.equal(doc.accounts["prod eu"].clientSecret, "${OKTA_PROD_EU_CLIENT_SECRET}");

  // Without the account plan refuses, adopt the rest: no change but the secrets it cannot verify.
  delete doc.accounts.legacy;
  writeFileSync(join(dir, "okta.json"), JSON.stringify(doc));
  const env = { ...baseEnv(), OKTA_PROD_EU_CLIENT_SECRET: "a", OKTA_PROD_EU_API_KEY: "b" };
  const plan = await run(["plan", "okta.json", "--json"], env);
  const json = JSON.parse(plan.stdout);
  assert.equal(json.hasChanges, false, plan.stdout);
  assert.deepEqual(json.changes.filter((c) => c.name !== "legacy").map((c) => [c.action, c.secret]), [["unchanged", "unverifiable"], ["unchanged", "unverifiable"]]);
  const asJson = JSON.parse((await run(["export", "--json"])).stdout);
  assert.equal(typeof asJson.version, "string");
  assert.deepEqual(asJson.variables.map((v) => v.variable), ["OKTA_PROD_EU_CLIENT_SECRET", "OKTA_PROD_EU_API_KEY", "OKTA_LEGACY_API_KEY"]);
});
