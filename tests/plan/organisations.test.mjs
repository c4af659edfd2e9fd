// Issue 13, from the packed tarball against two local APIs (two organisations): a file with
// organisations converging, one failing halfway, a rerun; the state keyed by organisation, not by
// spelling; every option checked, typos met with "did you mean"; colours; a 403 that explains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAB, PROD, baseEnv, cli, serverAccounts, startFake, tempDir, writeDesired } from "./helpers.mjs";

const orgEnv = () => ({ ...baseEnv(), US_API: "us-api-key", US_APP: "us-app-key", EU_API: "eu-api-key", EU_APP: "eu-app-key" });

async function twoOrganisations(t) {
  const us = await startFake();
  const eu = await startFake();
  t.after(() => Promise.all([us.close(), eu.close()]));
  const dir = tempDir("orgs");
  const organisations = {
    us: { baseUrl: us.url.replace("127.0.0.1", "localhost"), apiKey: "${US_API}", appKey: "${US_APP}" },
    eu: { baseUrl: eu.url, apiKey: "${EU_API}", appKey: "${EU_APP}" },
  };
  const write = (accounts) => writeFileSync(join(dir, "okta.json"), JSON.stringify({ organisations, accounts }));
  const run = (args, env = orgEnv()) => cli(args, { cwd: dir, env });
  return { us, eu, dir, write, run, organisations };
}

test("two organisations converge side by side; one fails halfway and the other goes on; a rerun converges both", async (t) => {
  const { us, eu, dir, write, run } = await twoOrganisations(t);
  write({ prod: PROD, lab: LAB, "eu-only": { ...LAB, domain: "https://eu.okta.com/", organisations: ["eu"] } });
  const plan = await run(["plan", "okta.json"]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /Organisation us on http:\/\/localhost:\d+ \(state: okta\.state\.json\):[\s\S]*Plan: 2 to create/);
  assert.match(plan.stdout, /Organisation eu on http:\/\/localhost:\d+ \(state: okta\.state\.json\):[\s\S]*eu-only[\s\S]*Plan: 3 to create/);

  eu.control.addFault([{ kind: "delay", delayMs: 0, method: "POST" }, { kind: "status", status: 400, method: "POST" }]);
  const first = await run(["apply", "okta.json", "--yes"]);
  assert.equal(first.code, 3, first.stdout + first.stderr);
  assert.match(first.stdout, /^us: 2 done, 0 failed, 0 not attempted\.$/m);
  assert.match(first.stdout, /^eu: 1 done, 1 failed, 1 not attempted\.$/m);
  assert.match(first.stderr, /\[eu\] \[2\/3\] create lab \.\.\. failed/);
  assert.deepEqual(serverAccounts(us).map((a) => a.name), ["prod", "lab"]);
  const rerun = await run(["apply", "okta.json", "--yes"]);
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
  assert.deepEqual(serverAccounts(eu).map((a) => a.name).sort(), ["eu-only", "lab", "prod"]);
  const state = JSON.parse(readFileSync(join(dir, "okta.state.json"), "utf8"));
  assert.deepEqual(Object.keys(state.organisations).sort(), ["eu", "us"]);
  assert.notEqual(state.organisations.us.keyId, state.organisations.eu.keyId, "each organisation's key comes from its own application key");
  const inSync = await run(["plan", "okta.json", "--exit-code", "--json"]);
  assert.equal(inSync.code, 0, inSync.stdout);
  assert.deepEqual(JSON.parse(inSync.stdout).organisations.map((o) => [o.name, o.hasChanges]), [["us", false], ["eu", false]]);

  // --org limits a run; a wrong name gets a did-you-mean.
  write({ prod: PROD, lab: LAB, "eu-only": { ...LAB, domain: "https://eu2.okta.com/", organisations: ["eu"] }, new: LAB });
  const onlyUs = await run(["plan", "okta.json", "--org", "us", "--json"]);
  assert.deepEqual(JSON.parse(onlyUs.stdout).organisations.map((o) => o.name), ["us"]);
  assert.match((await run(["plan", "okta.json", "--org", "uss"])).stderr, /--org uss: okta\.json has no such organisation \(did you mean us\?\); it has us, eu/);
});

test("organisations are checked: no --site with them, DD_SITE ignored aloud, a far baseUrl needs --allow-base-url, no Okta secret from their key variables", async (t) => {
  const { dir, write, run, organisations } = await twoOrganisations(t);
  write({ lab: LAB });
  assert.match((await run(["plan", "okta.json", "--site", "datadoghq.eu"])).stderr, /--site cannot be given with okta\.json, which names its organisations/);
  const noted = await run(["plan", "okta.json"], { ...orgEnv(), DD_SITE: "datadoghq.eu" });
  assert.equal(noted.code, 0, noted.stderr);
  assert.match(noted.stderr, /note: DD_SITE is ignored: okta\.json names its organisations/);
  writeFileSync(join(dir, "okta.json"), JSON.stringify({ organisations: { ...organisations, far: { baseUrl: "https://proxy.example/dd", apiKey: "${US_API}", appKey: "${US_APP}" } }, accounts: { lab: LAB } }));
  const far = await run(["plan", "okta.json"]);
  assert.equal(far.code, 1);
  assert.match(far.stderr, /organisations\.far\.baseUrl: https:\/\/proxy\.example\/dd is not a loopback address; .*--allow-base-url/);
  writeFileSync(join(dir, "okta.json"), JSON.stringify({ organisations, accounts: { lab: { ...LAB, apiKey: "${EU_APP}" } } }));
  const steal = await run(["plan", "okta.json"]);
  assert.equal(steal.code, 1);
  assert.match(steal.stderr, /accounts\.lab\.apiKey: refers to EU_APP, a variable of Datadog keys/);
});

test("the state is keyed by organisation: localhost and 127.0.0.1 are one; --site S is --base-url https://api.S", async (t) => {
  const fake = await startFake();
  t.after(() => fake.close());
  const dir = tempDir("org-key");
  const file = writeDesired(dir, { lab: LAB });
  assert.equal((await cli(["apply", file, "--yes", "--base-url", fake.url], { cwd: dir })).code, 0);
  const viaName = await cli(["plan", file, "--exit-code", "--base-url", fake.url.replace("127.0.0.1", "localhost")], { cwd: dir });
  assert.equal(viaName.code, 0, viaName.stdout);
  const state = JSON.parse(readFileSync(join(dir, "okta.state.json"), "utf8"));
  assert.deepEqual(Object.keys(state.organisations), [fake.url.replace("127.0.0.1", "localhost")]);
  // --site datadoghq.eu, with the calls to api.datadoghq.eu sent to the local API instead.
  const preload = join(dir, "to-local.mjs");
  writeFileSync(preload, `const real = globalThis.fetch;\nglobalThis.fetch = (url, init) => real(String(url).replace("https://api.datadoghq.eu", ${JSON.stringify(fake.url)}), init);\n`);
  const env = { ...baseEnv(), NODE_OPTIONS: `--import ${preload}` };
  assert.equal((await cli(["apply", file, "--yes", "--site", "DatadogHQ.eu", "--push-secrets"], { cwd: dir, env })).code, 0);
  const bySite = await cli(["plan", file, "--exit-code", "--base-url", "https://api.datadoghq.eu/"], { cwd: dir, env });
  assert.equal(bySite.code, 0, bySite.stdout + bySite.stderr);
  const sections = Object.keys(JSON.parse(readFileSync(join(dir, "okta.state.json"), "utf8")).organisations);
  assert.deepEqual(sections, [fake.url.replace("127.0.0.1", "localhost"), "https://api.datadoghq.eu"]);
});

test("every option is checked, typos get a did-you-mean, list filters, all problems of a file at once, version in every --json", async (t) => {
  const fake = await startFake({ seed: [{ name: "prod", domain: "https://prod.okta.com/", auth_method: "oauth", client_id: "c", client_secret: "s" }, { name: "lab", domain: "https://lab.okta.com/", auth_method: "api_key", api_key: "k" }] });
  t.after(() => fake.close());
  const dir = tempDir("options");
  const run = (args, env) => cli([...args, "--base-url", fake.url], { cwd: dir, env });
  const filtered = await run(["list", "--name", "prod"]);
  assert.match(filtered.stdout, /^NAME.*\nprod\s/);
  assert.doesNotMatch(filtered.stdout, /lab/);
  assert.equal((await run(["list", "--domain", "lab.okta.com", "--output", "ids"])).stdout.trim().split("\n").length, 1);
  assert.equal(JSON.parse((await run(["list", "--auth-method", "oauth", "--json"])).stdout).data.length, 1);
  const stray = await run(["list", "--domain", "x", "--prune", "--concurrency", "3"]);
  assert.equal(stray.code, 1);
  assert.match(stray.stderr, /list does not take --prune \(nor --concurrency\); its options: --site, --base-url, .*--output, --json/);
  assert.match(stray.stderr, /Run datadog-okta help list for the usage\./);
  assert.match((await cli(["lsit"])).stderr, /unknown command "lsit" \(did you mean list\?\)/);
  assert.match((await cli(["plan", "--prnue"])).stderr, /unknown option --prnue \(did you mean --prune\?\)/);
  assert.match((await run(["list", "--output", "tabel"])).stderr, /--output tabel: must be table, json, ids \(did you mean table\?\)/);
  const planHelp = await cli(["help", "plan"]);
  assert.equal(planHelp.code, 0);
  assert.match(planHelp.stdout, /^Usage: datadog-okta plan FILE \[--out PLAN\]/);
  assert.doesNotMatch(planHelp.stdout, /--secret-env/);
  assert.equal((await cli(["plan", "--help"])).stdout, planHelp.stdout);
  assert.match((await cli(["--help"])).stdout, /--secret-env VAR/);

  const file = writeDesired(dir, { prod: { ...PROD, authMethd: "oauth", clientSecret: "${OKTA_NOT_SET}" }, lab: { ...LAB, apiKey: "$OKTA_LAB_TOKEN" }, empty: { ...LAB, apiKey: "${OKTA_EMPTY}" } });
  const all = await run(["plan", file], { ...baseEnv(), OKTA_EMPTY: "" });
  assert.equal(all.code, 1);
  assert.match(all.stderr, /accounts\.prod\.authMethd: unknown key; did you mean `authMethod`\?/);
  assert.match(all.stderr, /accounts\.lab\.apiKey: write \$\{OKTA_LAB_TOKEN\}/);
  assert.match(all.stderr, /accounts\.prod\.clientSecret: refers to the environment variable OKTA_NOT_SET, which is not set/);
  assert.match(all.stderr, /accounts\.empty\.apiKey: refers to the environment variable OKTA_EMPTY, which is empty/);

  writeDesired(dir, { lab: LAB });
  const version = JSON.parse((await cli(["--version", "--json"])).stdout).version;
  for (const args of [["list", "--json"], ["plan", file, "--json"], ["apply", file, "--json", "--yes"], ["export", "--json"], ["get", "--name", "lab", "--json"]]) {
    assert.equal(JSON.parse((await run(args)).stdout).version, version, args.join(" "));
  }
});

test("colours only on a terminal or with FORCE_COLOR, never with NO_COLOR or --json; a 403 says what was sent and what is needed", async (t) => {
  const fake = await startFake({ keys: [{ apiKey: "write-only-api", appKey: "write-only-app", permissions: ["manage_integrations"] }] });
  t.after(() => fake.close());
  const dir = tempDir("colours");
  const file = writeDesired(dir, { lab: LAB });
  const env = { ...baseEnv(), DD_API_KEY: "write-only-api", DD_APP_KEY: "write-only-app" };
  const forced = await cli(["get", "x", "--base-url", fake.url], { cwd: dir, env: { ...env, FORCE_COLOR: "1" } });
  assert.match(forced.stderr, /\u001b\[31m/);
  for (const extra of [{ NO_COLOR: "1", FORCE_COLOR: "1" }, {}]) {
    const r = await cli(["plan", file, "--base-url", fake.url], { cwd: dir, env: { ...env, ...extra } });
    assert.doesNotMatch(r.stdout + r.stderr, /\u001b\[/, JSON.stringify(extra));
  }
  const json = await cli(["plan", file, "--json", "--base-url", fake.url], { cwd: dir, env: { ...env, FORCE_COLOR: "1" } });
  assert.doesNotMatch(json.stdout + json.stderr, /\u001b\[/);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /listOktaAccounts: HTTP 403 Forbidden/);
  assert.match(json.stderr, /the keys in DD_API_KEY and DD_APP_KEY were sent and refused: .*listOktaAccounts needs the application key's integrations_read permission/);
  assert.match(JSON.parse(json.stdout).error.hint, /integrations_read/);
  const { DD_API_KEY: _a, DD_APP_KEY: _b, ...noKeys } = baseEnv();
  const none = await cli(["list", "--base-url", fake.url], { cwd: dir, env: noKeys });
  assert.match(none.stderr, /no keys were sent \(DD_API_KEY and DD_APP_KEY are not set\): the proxy at http:\/\/127\.0\.0\.1:\d+ must add them/);
});
