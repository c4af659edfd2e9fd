// The two entries of the packed package and what they share: the error classes (one base, names
// listed once in the core and agreed on by the JS classes and the declarations), `client.rules`,
// and `datadog-okta-wasm/manage`, whose errors are the main entry's classes and whose code an app
// importing only the main entry never bundles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NAME, ROOT, lastJson, makeProject, run } from "./helpers.mjs";

const PLANNER_NAMES = ["planOktaAccounts", "applyOktaAccountPlan", "findOktaAccountByName", "readOktaDesiredState", "planAccounts", "datadog_okta_manage"];

const probe = `
const main = await import("${NAME}");
const manage = await import("${NAME}/manage");
const { createRequire } = await import("node:module");
const required = createRequire(import.meta.url)("${NAME}");
const requiredManage = createRequire(import.meta.url)("${NAME}/manage");
const { client, v2 } = main;
const book = await client.rules.describe();
const classes = Object.entries(client).filter(([, v]) => typeof v === "function" && (v === client.DatadogOktaError || v.prototype instanceof client.DatadogOktaError)).map(([k]) => k);
const api = new v2.OktaIntegrationApi(client.createConfiguration({ baseServer: new client.BaseServerConfiguration("http://127.0.0.1:9", {}) }));
const errors = {};
for (const [name, promise] of [
  ["validation", api.getOktaAccount({ accountId: ".." })],
  ["managePlan", manage.planOktaAccounts(api, { x: { authMethod: "saml", domain: "https://x.okta.com/" } })],
  ["manageRequired", requiredManage.findOktaAccountByName(api, "x", { current: [{ id: "1", attributes: { name: "x", authMethod: "oauth", domain: "https://x/" } }, { id: "2", attributes: { name: "x", authMethod: "oauth", domain: "https://x/" } }] })],
]) {
  const e = await promise.then(() => null, (e) => e);
  errors[name] = { name: e?.name, base: e instanceof client.DatadogOktaError, validation: e instanceof client.ValidationError, requiredBase: e instanceof required.client.DatadogOktaError };
}
console.log(JSON.stringify({
  book: { errorClasses: book.errorClasses, defaultSite: book.defaultSite, frozen: Object.isFrozen(book) && Object.isFrozen(book.sites) },
  classes,
  names: classes.map((k) => client[k].name === k && new client[k]("m").name === k),
  sameClient: required.client === client && requiredManage.planOktaAccounts === manage.planOktaAccounts,
  site: await client.rules.checkSite("datadoghq.con"),
  errors,
  v2: Object.keys(v2).sort(),
}));
`;

test("error classes: one base, and the core's list, the JS classes and the declarations agree", async () => {
  const project = makeProject("entries", { type: "module" }, { "probe.mjs": probe });
  const r = await run(process.execPath, ["probe.mjs"], { cwd: project });
  const s = lastJson(r, "probe");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(s.book.errorClasses[0], "DatadogOktaError");
  assert.deepEqual([...s.classes].sort(), [...s.book.errorClasses].sort(), "the exported classes are the core's list");
  assert.ok(s.names.every(Boolean), "each class keeps its name");
  const dts = readFileSync(join(ROOT, "pkg/index.d.ts"), "utf8");
  const declared = [...dts.matchAll(/^\s*class (\w+)(?:<[^>]*>)? extends (\w+)/gm)].filter(([, , base]) => base === "DatadogOktaError" || base === "Error");
  assert.deepEqual(declared.map(([, name]) => name).sort(), [...s.book.errorClasses].sort(), "index.d.ts declares the same classes");
  for (const [, name, base] of declared) assert.equal(base, name === "DatadogOktaError" ? "Error" : "DatadogOktaError", `${name} extends the base`);
  assert.equal(s.book.defaultSite, "datadoghq.com");
  assert.ok(s.book.frozen, "the rule book is frozen");
  assert.equal(s.site.problems.length, 1);
});

test("manage: its errors are the main entry's classes, with import and require in one process", async () => {
  const project = makeProject("entries-manage", { type: "module" }, { "probe.mjs": probe });
  const s = lastJson(await run(process.execPath, ["probe.mjs"], { cwd: project }), "probe");
  assert.ok(s.sameClient, "import and require share one instance of each entry");
  for (const [name, e] of Object.entries(s.errors)) {
    assert.deepEqual(e, { name: "ValidationError", base: true, validation: true, requiredBase: true }, name);
  }
  assert.deepEqual(s.v2, ["OktaIntegrationApi", "validateOktaAccountRequest", "validateOktaAccountUpdateRequest"], "the planner left v2");
});

test("a bundle of an app calling the five operations carries no planner code, JS or wasm", async () => {
  const app = `import { client, v2 } from "${NAME}";
const api = new v2.OktaIntegrationApi(client.createConfiguration({ baseServer: new client.BaseServerConfiguration(location.origin, {}) }));
await api.listOktaAccounts(); await api.getOktaAccount({ accountId: "a" }); await api.deleteOktaAccount({ accountId: "a" });
await api.createOktaAccount({ body: { data: { attributes: { authMethod: "api_key", domain: "https://a.okta.com/", name: "a", apiKey: "k" }, type: "okta-accounts" } } });
await api.updateOktaAccount({ accountId: "a", body: { data: { attributes: { authMethod: "api_key", domain: "https://a.okta.com/", apiKey: "k" }, type: "okta-accounts" } } });
`;
  const project = makeProject("entries-bundle", { type: "module" }, { "app.mjs": app });
  const esbuild = join(ROOT, "node_modules/.bin/esbuild");
  const r = await run(esbuild, ["app.mjs", "--bundle", "--format=esm", "--platform=browser", "--minify", "--outfile=dist/app.js", "--log-level=warning"], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  const js = readFileSync(join(project, "dist/app.js"), "utf8");
  for (const name of PLANNER_NAMES) assert.ok(!js.includes(name), `the bundle names ${name}`);
  // Nor the loader's options that the app does not call (preload, init), nor the glue's initSync.
  for (const text of ["init() takes", "initSync", "deprecated parameters"]) assert.ok(!js.includes(text), `the bundle holds "${text}"`);
  assert.match(js, /datadog_okta_wasm_bg\.wasm/, "the bundle loads the main module");
  const wasm = readFileSync(join(project, "node_modules", NAME, "datadog_okta_wasm_bg.wasm"));
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
  assert.ok(exports.includes("start") && exports.includes("resume") && exports.includes("ask"), exports.join(" "));
  for (const name of ["planAccounts", "findAccountByName", "readDesiredDocument"]) assert.ok(!exports.includes(name), `the main wasm exports ${name}`);
  const manageExports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(project, "node_modules", NAME, "manage/datadog_okta_manage_bg.wasm")))).map((e) => e.name);
  assert.ok(manageExports.includes("planAccounts") && !manageExports.includes("start"), manageExports.join(" "));
});
