// Consumer programs for the server-side runtimes (Node, Bun, Deno): each loads the installed
// package the way a user would (`import`, `require`, or both in one process), makes real calls
// against the local API at `url`, and prints one JSON line of findings for the test to check.

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

const base = (p) => (p ? p.split(/[\\/]/).pop() : null);
const BASE = `const base = ${base.toString()};`;

/** The probes, by file name; `url` is the local API's. */
export function probes(url) {
  const U = JSON.stringify(url);
  return {
    // import only
    "esm.mjs": `import * as lib from "datadog-okta-wasm";
${EXERCISE}
${BASE}
const r = await exercise(lib, ${U});
report({ ...r.summary, resolved: typeof import.meta.resolve === "function" ? base(import.meta.resolve("datadog-okta-wasm")) : null });
`,
    // import, with no top-level await: an app that esbuild bundles for Node, as ESM or as CommonJS
    "bundled-app.mjs": `import * as lib from "datadog-okta-wasm";
${EXERCISE}
exercise(lib, ${U}).then((r) => report(r.summary), (e) => { console.error(e); process.exitCode = 1; });
`,
    // require only
    "cjs.cjs": `const lib = require("datadog-okta-wasm");
${EXERCISE}
${BASE}
exercise(lib, ${U}).then((r) => report({ ...r.summary, resolved: base(require.resolve("datadog-okta-wasm")) }), (e) => { console.error(e); process.exitCode = 1; });
`,
    // import, then require in the same process: one instance, so classes match across them
    "mixed.mjs": `import * as esm from "datadog-okta-wasm";
import { createRequire } from "node:module";
${EXERCISE}
${BASE}
const require = createRequire(import.meta.url);
const cjs = require("datadog-okta-wasm");
const r = await exercise(esm, ${U});
const again = await new cjs.v2.OktaIntegrationApi(r.configuration).listOktaAccounts();
report({
  ...r.summary,
  sameClient: esm.client === cjs.client,
  sameV2: esm.v2 === cjs.v2,
  apiExceptionAcross: r.missing instanceof cjs.client.ApiException,
  validationErrorAcross: r.invalid instanceof cjs.client.ValidationError,
  configurationAcross: Array.isArray(again.data),
  resolved: { import: typeof import.meta.resolve === "function" ? base(import.meta.resolve("datadog-okta-wasm")) : null, require: base(require.resolve("datadog-okta-wasm")) },
});
`,
    // require, then import() in the same process
    "mixed.cjs": `const cjs = require("datadog-okta-wasm");
${EXERCISE}
${BASE}
(async () => {
  const esm = await import("datadog-okta-wasm");
  const r = await exercise(cjs, ${U});
  const again = await new esm.v2.OktaIntegrationApi(r.configuration).listOktaAccounts();
  report({
    ...r.summary,
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

/** What the probes that load the package twice must find: one instance behind both. */
export function checkShared(assert, s) {
  assert.equal(s.sameClient, true, "import and require give the same client");
  assert.equal(s.sameV2, true, "import and require give the same v2");
  assert.equal(s.apiExceptionAcross, true, "an error from one is instanceof the other's class");
  assert.equal(s.validationErrorAcross, true);
  assert.equal(s.configurationAcross, true, "a configuration from one works with the other's API");
}
