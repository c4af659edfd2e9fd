// Consumer programs for the server-side runtimes (Node, Bun, Deno): each loads the installed
// package the way a user would (`import`, `require`, or both in one process), both its entries
// (`datadog-okta-wasm` and `datadog-okta-wasm/manage`), makes real calls against the local API at
// `url`, and prints one JSON line of findings for the test to check.

// The same calls for every probe: a create, a list, a get, an API error and a validation error.
export const EXERCISE = String.raw`
function runtimeName() {
  if (typeof Deno !== "undefined") return "deno " + Deno.version.deno;
  if (typeof Bun !== "undefined") return "bun " + Bun.version;
  if (typeof process !== "undefined" && process.versions?.node) return "node " + process.version;
  return typeof navigator !== "undefined" ? navigator.userAgent : "unknown";
}

async function exercise(lib, url) {
  const { client, v2 } = lib;
  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(url, {}),
    authMethods: { apiKeyAuth: "runtime-api-key", appKeyAuth: "runtime-app-key" },
  });
  const api = new v2.OktaIntegrationApi(configuration);
  const name = "rt-" + Math.random().toString(36).slice(2, 10);
  const created = await api.createOktaAccount({
    body: { data: { type: "okta-accounts", attributes: { name, domain: "https://example.okta.com/", authMethod: "oauth", clientId: "cid", clientSecret: "runtime-secret" } } },
  });
  const id = created.data.id;
  const list = await api.listOktaAccounts();
  const got = await api.getOktaAccount({ accountId: id });
  let missing;
  try {
    await api.getOktaAccount({ accountId: "00000000-0000-4000-8000-000000000000" });
  } catch (e) {
    missing = e;
  }
  let invalid;
  try {
    await api.createOktaAccount({ body: { data: { type: "okta-accounts", attributes: { name: "", domain: "not a url", authMethod: "oauth" } } } });
  } catch (e) {
    invalid = e;
  }
  const deleted = await api.deleteOktaAccount({ accountId: id });
  const problems = await v2.validateOktaAccountRequest({ data: { type: "okta-accounts", attributes: { name: "x", domain: "https://x.okta.com/", authMethod: "oauth", clientId: "c", clientSecret: "s" } } });
  return {
    configuration,
    missing,
    invalid,
    summary: {
      runtime: runtimeName(),
      created: created.data.attributes.name === name && typeof id === "string",
      listed: Array.isArray(list.data) && list.data.some((a) => a.id === id),
      got: got.data.id === id && !("clientSecret" in got.data.attributes),
      deleted: deleted === undefined,
      validBodyProblems: problems,
      missing: { name: missing?.name, code: missing?.code, isApiException: missing instanceof client.ApiException, isError: missing instanceof Error },
      invalid: { name: invalid?.name, isValidationError: invalid instanceof client.ValidationError, problems: Array.isArray(invalid?.problems) ? invalid.problems.length : null },
      configurationLeaksKey: JSON.stringify(configuration).includes("runtime-api-key"),
    },
  };
}

function report(summary) {
  console.log(JSON.stringify(summary));
}
`;

// The planner's entry over the main one's client: a plan, its apply, a find, the plan again from
// the state, and a ValidationError that must be the main entry's class (\`lib\` may be another
// load of the main entry than the one /manage imports: import and require in one process).
export const MANAGE_EXERCISE = String.raw`
async function exerciseManage(lib, manage, url, crypto) {
  const { client, v2 } = lib;
  const api = new v2.OktaIntegrationApi(client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(url, {}),
    authMethods: { apiKeyAuth: "runtime-api-key", appKeyAuth: "runtime-app-key" },
  }));
  const name = "mg-" + Math.random().toString(36).slice(2, 10);
  const desired = { [name]: { authMethod: "oauth", domain: "https://example.okta.com/", clientId: "cid", clientSecret: "manage-secret" } };
  const plan = await manage.planOktaAccounts(api, desired, { crypto });
  const applied = await manage.applyOktaAccountPlan(api, plan);
  const found = await manage.findOktaAccountByName(api, name);
  const again = await manage.planOktaAccounts(api, desired, { state: applied.state, crypto });
  let invalid;
  try {
    await manage.planOktaAccounts(api, { x: { authMethod: "saml", domain: "https://x.okta.com/" } }, { crypto });
  } catch (e) {
    invalid = e;
  }
  if (found) await api.deleteOktaAccount({ accountId: found.id });
  const mine = (p) => p.changes.filter((c) => c.name === name).map((c) => c.action);
  return {
    planned: mine(plan),
    applied: applied.ok && applied.summary.done === 1,
    found: found?.attributes.name === name,
    again: mine(again),
    invalid: { name: invalid?.name, base: invalid instanceof client.DatadogOktaError, validation: invalid instanceof client.ValidationError },
    leaksSecret: JSON.stringify([plan, applied.state, again]).includes("manage-secret"),
  };
}
`;

// WebCrypto for the planner's fingerprints: Node 18 has no globalThis.crypto.
const CRYPTO = `const webcrypto = async () => globalThis.crypto ?? (await import("node:crypto")).webcrypto;`;

const base = (p) => (p ? p.split(/[\\/]/).pop() : null);
const BASE = `const base = ${base.toString()};`;

/** The probes, by file name; `url` is the local API's. */
export function probes(url) {
  const U = JSON.stringify(url);
  return {
    // import only
    "esm.mjs": `import * as lib from "datadog-okta-wasm";
import * as manage from "datadog-okta-wasm/manage";
${EXERCISE}
${MANAGE_EXERCISE}
${BASE}
${CRYPTO}
const r = await exercise(lib, ${U});
const m = await exerciseManage(lib, manage, ${U}, await webcrypto());
const resolved = (s) => (typeof import.meta.resolve === "function" ? import.meta.resolve(s).split("/datadog-okta-wasm/").pop() : null);
report({ ...r.summary, manage: m, resolved: resolved("datadog-okta-wasm"), resolvedManage: resolved("datadog-okta-wasm/manage") });
`,
    // import, with no top-level await: an app that esbuild bundles for Node, as ESM or as CommonJS
    "bundled-app.mjs": `import * as lib from "datadog-okta-wasm";
${EXERCISE}
exercise(lib, ${U}).then((r) => report(r.summary), (e) => { console.error(e); process.exitCode = 1; });
`,
    // require only
    "cjs.cjs": `const lib = require("datadog-okta-wasm");
const manage = require("datadog-okta-wasm/manage");
${EXERCISE}
${MANAGE_EXERCISE}
${BASE}
${CRYPTO}
(async () => {
  const r = await exercise(lib, ${U});
  const m = await exerciseManage(lib, manage, ${U}, await webcrypto());
  report({ ...r.summary, manage: m, resolved: base(require.resolve("datadog-okta-wasm")), resolvedManage: require.resolve("datadog-okta-wasm/manage").split("/datadog-okta-wasm/").pop() });
})().catch((e) => { console.error(e); process.exitCode = 1; });
`,
    // import, then require in the same process: one instance, so classes match across them, and
    // across the two entries (the main one imported, /manage required)
    "mixed.mjs": `import * as esm from "datadog-okta-wasm";
import { createRequire } from "node:module";
${EXERCISE}
${MANAGE_EXERCISE}
${BASE}
${CRYPTO}
const require = createRequire(import.meta.url);
const cjs = require("datadog-okta-wasm");
const r = await exercise(esm, ${U});
const m = await exerciseManage(esm, require("datadog-okta-wasm/manage"), ${U}, await webcrypto());
const again = await new cjs.v2.OktaIntegrationApi(r.configuration).listOktaAccounts();
report({
  ...r.summary,
  manage: m,
  sameClient: esm.client === cjs.client,
  sameV2: esm.v2 === cjs.v2,
  apiExceptionAcross: r.missing instanceof cjs.client.ApiException,
  validationErrorAcross: r.invalid instanceof cjs.client.ValidationError,
  configurationAcross: Array.isArray(again.data),
  resolved: { import: typeof import.meta.resolve === "function" ? base(import.meta.resolve("datadog-okta-wasm")) : null, require: base(require.resolve("datadog-okta-wasm")) },
});
`,
    // require, then import() in the same process (and /manage imported over the required client)
    "mixed.cjs": `const cjs = require("datadog-okta-wasm");
${EXERCISE}
${MANAGE_EXERCISE}
${BASE}
${CRYPTO}
(async () => {
  const esm = await import("datadog-okta-wasm");
  const r = await exercise(cjs, ${U});
  const m = await exerciseManage(cjs, await import("datadog-okta-wasm/manage"), ${U}, await webcrypto());
  const again = await new esm.v2.OktaIntegrationApi(r.configuration).listOktaAccounts();
  report({
    ...r.summary,
    manage: m,
    sameClient: esm.client === cjs.client,
    sameV2: esm.v2 === cjs.v2,
    apiExceptionAcross: r.missing instanceof esm.client.ApiException,
    validationErrorAcross: r.invalid instanceof esm.client.ValidationError,
    configurationAcross: Array.isArray(again.data),
    resolved: { require: base(require.resolve("datadog-okta-wasm")) },
  });
})().catch((e) => { console.error(e); process.exitCode = 1; });
`,
  };
}

/** What every probe must find, whatever the runtime. */
export function checkSummary(assert, s) {
  assert.equal(s.created, true, "create returned the account");
  assert.equal(s.listed, true, "list holds the new account");
  assert.equal(s.got, true, "get returned it, without its secret");
  assert.equal(s.deleted, true, "delete resolved to undefined");
  assert.deepEqual(s.validBodyProblems, [], "a valid body has no problems");
  assert.deepEqual(s.missing, { name: "ApiException", code: 404, isApiException: true, isError: true });
  assert.equal(s.invalid.name, "ValidationError");
  assert.equal(s.invalid.isValidationError, true);
  assert.ok(s.invalid.problems >= 2, `problems found: ${s.invalid.problems}`);
  assert.equal(s.configurationLeaksKey, false, "JSON.stringify(configuration) redacts keys");
}

/** What the planner's entry must do wherever it runs. */
export function checkManage(assert, m) {
  assert.ok(m, "the probe ran the planner's entry");
  assert.deepEqual(m.planned, ["create"], "the plan creates the desired account");
  assert.equal(m.applied, true, "the apply made its one call");
  assert.equal(m.found, true, "found by name");
  assert.deepEqual(m.again, ["unchanged"], "planned again from the state: nothing to do");
  assert.deepEqual(m.invalid, { name: "ValidationError", base: true, validation: true }, "the planner's errors are the main entry's classes");
  assert.equal(m.leaksSecret, false, "no plan or state holds the secret");
}

/** What the probes that load the package twice must find: one instance behind both. */
export function checkShared(assert, s) {
  assert.equal(s.sameClient, true, "import and require give the same client");
  assert.equal(s.sameV2, true, "import and require give the same v2");
  assert.equal(s.apiExceptionAcross, true, "an error from one is instanceof the other's class");
  assert.equal(s.validationErrorAcross, true);
  assert.equal(s.configurationAcross, true, "a configuration from one works with the other's API");
}
