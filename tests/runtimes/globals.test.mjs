// The browser entries (web.mjs, manage/web.mjs) and the edge entries never touch `process`,
// `Buffer`, `window`, `global` or `require` without checking that they exist: the browser entries
// run in a bare JavaScript realm that has none of them (only what an edge runtime such as a Worker
// offers: fetch, URL, timers, ...), where init() hands a module over as a host would; and a scan
// of the shipped bundles finds every such name behind a `typeof` check.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NAME, WASM, makeProject, run } from "./helpers.mjs";

// Runs web.mjs and manage/web.mjs as ES modules in a new realm (node:vm) whose global object holds
// only web APIs. `fetch` is a stub: it answers the API calls and serves the .wasm files at the
// modules' own URLs, except, in the init modes, the main one: there the host hands it over with
// init() ("init-module": compiled by the host, in its own realm; "init-bytes": the file's bytes),
// after preload() has failed on it.
const BARE_REALM = String.raw`
import vm from "node:vm";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const mode = process.argv[2];
const dir = join(process.cwd(), "node_modules", ${JSON.stringify(NAME)});
const wasm = readFileSync(join(dir, ${JSON.stringify(WASM)}));
const manageWasm = readFileSync(join(dir, "manage/datadog_okta_manage_bg.wasm"));
const BASE = "https://cdn.example.test/${NAME}/";
const requests = [];
const unhandled = [];
process.on("unhandledRejection", (e) => unhandled.push(String(e)));
async function fetchStub(input, init = {}) {
  const url = typeof input === "string" ? input : input.url ?? String(input);
  requests.push({ url, method: init.method ?? "GET", headers: init.headers ?? {} });
  const wasmFile = (bytes) => new Response(bytes, { headers: { "content-type": "application/wasm" } });
  if (url === BASE + ${JSON.stringify(WASM)} && mode === "app") return wasmFile(wasm);
  if (url === BASE + "manage/datadog_okta_manage_bg.wasm") return wasmFile(manageWasm);
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (url === "https://api.example.test/api/v2/integrations/okta/accounts") {
    return json(200, { data: [{ id: "abc", type: "okta-accounts", attributes: { name: "edge", domain: "https://x.okta.com/", auth_method: "oauth", client_id: "cid" } }] });
  }
  return json(404, { errors: ["Not found"] });
}

// What an edge runtime offers, and nothing of Node's or of a page's.
const sandbox = {
  fetch: fetchStub, Request, Response, Headers, URL, URLSearchParams, TextEncoder, TextDecoder, crypto,
  AbortController, AbortSignal, DOMException, Event, EventTarget, setTimeout, clearTimeout, queueMicrotask, console,
  handed: mode === "init-module" ? await WebAssembly.compile(wasm) : mode === "init-bytes" ? new Uint8Array(wasm) : undefined,
};
const context = vm.createContext(sandbox);
const missing = ["process", "Buffer", "window", "document", "global", "self", "require", "module", "__dirname", "navigator"];
const present = vm.runInContext("[" + missing.map((n) => "typeof " + n).join(",") + "]", context);
if (present.some((t) => t !== "undefined")) throw new Error("the bare realm has " + missing.filter((_, i) => present[i] !== "undefined"));

const moduleAt = (file) => new vm.SourceTextModule(readFileSync(join(dir, file), "utf8"), {
  context,
  identifier: BASE + file,
  initializeImportMeta(meta) { meta.url = BASE + file; },
});
const lib = moduleAt("web.mjs");
const manage = moduleAt("manage/web.mjs");
const app = new vm.SourceTextModule(` + "`" + String.raw`
import { client, v2, preload, init } from "${NAME}";
import { findOktaAccountByName } from "${NAME}/manage";
const settle = (p) => p.then(() => "resolved", (e) => (e && e.name) + ": " + (e && e.message));
const loading = {};
if (globalThis.handed) {
  preload(); // ignored: its failure must not be an unhandled rejection
  loading.preload = await settle(preload());
  loading.notAModule = await settle(init("datadog_okta_wasm_bg.wasm"));
  loading.init = await settle(init(globalThis.handed));
  loading.again = await settle(init("ignored once loaded"));
}
const configuration = client.createConfiguration({
  baseServer: new client.BaseServerConfiguration("https://api.example.test", {}),
  authMethods: { apiKeyAuth: "edge-api-key", appKeyAuth: "edge-app-key" },
});
const api = new v2.OktaIntegrationApi(configuration);
const list = await api.listOktaAccounts();
let missing;
try { await api.getOktaAccount({ accountId: "nope" }); } catch (e) { missing = e; }
const problems = await v2.validateOktaAccountRequest({});
const found = await findOktaAccountByName(api, "edge");
globalThis.result = {
  loading,
  names: list.data.map((a) => a.attributes.name),
  missing: { name: missing?.name, code: missing?.code, isApiException: missing instanceof client.ApiException },
  problems: problems.length,
  found: found?.id,
};
` + "`" + String.raw`, { context, identifier: "app.mjs" });
const link = async (specifier) => {
  if (specifier === ${JSON.stringify(NAME)}) return lib;
  if (specifier === ${JSON.stringify(NAME + "/manage")}) return manage;
  throw new Error("unexpected import " + specifier);
};
await manage.link(link);
await app.link(link);
await app.evaluate();
const result = vm.runInContext("result", context);
console.log(JSON.stringify({ ...result, unhandled, requests: requests.map((r) => ({ url: r.url, method: r.method, keyHeader: typeof r.headers === "object" && "DD-API-KEY" in r.headers })) }));
`;

let pkgDir;
let project;
before(() => {
  project = makeProject("globals", { type: "module" }, { "bare-realm.mjs": BARE_REALM });
  pkgDir = join(project, "node_modules", NAME);
});

const bareRealm = async (mode) => {
  const r = await run(process.execPath, ["--experimental-vm-modules", "--no-warnings", "bare-realm.mjs", mode], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  const out = JSON.parse(r.stdout.trim().split("\n").at(-1));
  assert.deepEqual(out.names, ["edge"]);
  assert.deepEqual(out.missing, { name: "ApiException", code: 404, isApiException: true });
  assert.ok(out.problems > 0);
  assert.equal(out.found, "abc", "the planner's entry found the account by name");
  assert.deepEqual(out.unhandled, []);
  return out;
};
const paths = (out) => out.requests.map((q) => q.url.replace(/^https:\/\/[^/]+\//, ""));

test("web.mjs and manage/web.mjs work in a realm with no process, Buffer, window, global or require", async () => {
  const out = await bareRealm("app");
  assert.deepEqual(out.loading, {});
  assert.deepEqual(paths(out), [
    `${NAME}/${WASM}`, // fetched next to web.mjs
    "api/v2/integrations/okta/accounts", // one list, one get: no retries on 200 and 404
    "api/v2/integrations/okta/accounts/nope",
    "api/v2/integrations/okta/accounts", // the planner lists, then loads its module,
    `${NAME}/manage/datadog_okta_manage_bg.wasm`, // next to manage/web.mjs
  ]);
});

for (const [mode, what] of [["init-module", "a module compiled in another realm"], ["init-bytes", "the .wasm file's bytes"]]) {
  test(`init() takes ${what}, after preload() failed (ignored, then awaited)`, async () => {
    const out = await bareRealm(mode);
    assert.match(out.loading.preload, /^Error: failed to fetch Wasm: 404/);
    assert.deepEqual(out.loading, {
      preload: out.loading.preload,
      notAModule: "TypeError: datadog-okta-wasm: init() takes a WebAssembly.Module, the .wasm file's bytes or a Response, not [object String]",
      init: "resolved",
      again: "resolved",
    });
    // The ignored preload() and the awaited one shared one attempt at the URL; after init(), none.
    assert.deepEqual(paths(out).filter((u) => u.endsWith(WASM)), [`${NAME}/${WASM}`]);
  });
}

/** Occurrences of `names` in `source` that are not behind a `typeof` check (strings and comments aside). */
function unguarded(source, names) {
  const stripped = source
    .replace(/typeof (\w+) === "undefined" \? void 0 : \1\b/g, "") // wasm-bindgen's static accessors
    .replace(/typeof \w+/g, "")
    .replace(/globalThis\.process\?\./g, "")
    .replace(/\/\/[^\n]*/g, "") // line comments
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""'); // strings
  const re = new RegExp(`(?<![.\\w$])(${names.join("|")})\\b`);
  return stripped.split("\n").flatMap((line, i) => (re.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

test("the shipped bundles check for process, Buffer and window before touching them", () => {
  for (const file of ["web.mjs", "core.mjs", "workerd.mjs", "edge-light.mjs"].flatMap((f) => [f, `manage/${f}`])) {
    const source = readFileSync(join(pkgDir, file), "utf8");
    assert.deepEqual(unguarded(source, ["process", "Buffer", "window", "document", "global", "self", "require", "__dirname", "__filename"]), [], file);
  }
  // The Node build may use Node, but not a page's globals.
  const node = readFileSync(join(pkgDir, "node.cjs"), "utf8");
  assert.deepEqual(unguarded(node, ["window", "document", "self", "Buffer"]), [], "node.cjs");
  // The scan itself finds what it looks for.
  assert.equal(unguarded("const a = process.env.X;\nif (typeof window !== 'undefined') window.x = 1;", ["process", "window"]).length, 2);
});
