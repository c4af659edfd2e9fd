// The browser/edge entry (web.mjs) never touches `process`, `Buffer`, `window`, `global` or
// `require` without checking that they exist: it runs in a bare JavaScript realm that has none
// of them (only what an edge runtime such as a Worker offers: fetch, URL, timers, ...), and a
// scan of the shipped bundles finds every such name behind a `typeof` check.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NAME, WASM, makeProject, run } from "./helpers.mjs";

// Runs web.mjs as an ES module in a new realm (node:vm) whose global object holds only web APIs.
// `fetch` is a stub: it serves the .wasm for the module's own URL and answers the API calls.
const BARE_REALM = String.raw`
import vm from "node:vm";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(process.cwd(), "node_modules", ${JSON.stringify(NAME)});
const wasm = readFileSync(join(dir, ${JSON.stringify(WASM)}));
const BASE = "https://cdn.example.test/${NAME}/";
const requests = [];
async function fetchStub(input, init = {}) {
  const url = typeof input === "string" ? input : input.url ?? String(input);
  requests.push({ url, method: init.method ?? "GET", headers: init.headers ?? {} });
  if (url === BASE + ${JSON.stringify(WASM)}) return new Response(wasm, { headers: { "content-type": "application/wasm" } });
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (url === "https://api.example.test/api/v2/integrations/okta/accounts") {
    return json(200, { data: [{ id: "abc", type: "okta-accounts", attributes: { name: "edge", domain: "https://x.okta.com/", auth_method: "oauth" } }] });
  }
  return json(404, { errors: ["Not found"] });
}

// What an edge runtime offers, and nothing of Node's or of a page's.
const sandbox = {
  fetch: fetchStub, Request, Response, Headers, URL, URLSearchParams, TextEncoder, TextDecoder,
  AbortController, AbortSignal, DOMException, Event, EventTarget, setTimeout, clearTimeout, queueMicrotask, console,
};
const context = vm.createContext(sandbox);
const missing = ["process", "Buffer", "window", "document", "global", "self", "require", "module", "__dirname", "navigator"];
const present = vm.runInContext("[" + missing.map((n) => "typeof " + n).join(",") + "]", context);
if (present.some((t) => t !== "undefined")) throw new Error("the bare realm has " + missing.filter((_, i) => present[i] !== "undefined"));

const lib = new vm.SourceTextModule(readFileSync(join(dir, "web.mjs"), "utf8"), {
  context,
  identifier: BASE + "web.mjs",
  initializeImportMeta(meta) { meta.url = BASE + "web.mjs"; },
});
const app = new vm.SourceTextModule(` + "`" + String.raw`
import { client, v2 } from "${NAME}";
const configuration = client.createConfiguration({
  baseServer: new client.BaseServerConfiguration("https://api.example.test", {}),
  authMethods: { apiKeyAuth: "edge-api-key", appKeyAuth: "edge-app-key" },
});
const api = new v2.OktaIntegrationApi(configuration);
const list = await api.listOktaAccounts();
let missing;
try { await api.getOktaAccount({ accountId: "nope" }); } catch (e) { missing = e; }
const problems = await v2.validateOktaAccountRequest({});
globalThis.result = {
  names: list.data.map((a) => a.attributes.name),
  missing: { name: missing?.name, code: missing?.code, isApiException: missing instanceof client.ApiException },
  problems: problems.length,
};
` + "`" + String.raw`, { context, identifier: "app.mjs" });
await app.link(async (specifier) => {
  if (specifier === ${JSON.stringify(NAME)}) return lib;
  throw new Error("unexpected import " + specifier);
});
await app.evaluate();
const result = vm.runInContext("result", context);
console.log(JSON.stringify({ ...result, requests: requests.map((r) => ({ url: r.url, method: r.method, keyHeader: typeof r.headers === "object" && "DD-API-KEY" in r.headers })) }));
`;

let pkgDir;
let project;
before(() => {
  project = makeProject("globals", { type: "module" }, { "bare-realm.mjs": BARE_REALM });
  pkgDir = join(project, "node_modules", NAME);
});

test("web.mjs works in a realm with no process, Buffer, window, global or require", async () => {
  const r = await run(process.execPath, ["--experimental-vm-modules", "--no-warnings", "bare-realm.mjs"], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  const out = JSON.parse(r.stdout.trim().split("\n").at(-1));
  assert.deepEqual(out.names, ["edge"]);
  assert.deepEqual(out.missing, { name: "ApiException", code: 404, isApiException: true });
  assert.ok(out.problems > 0);
  assert.equal(out.requests[0].url, `https://cdn.example.test/${NAME}/${WASM}`, "the wasm is fetched next to web.mjs");
  assert.deepEqual(
    out.requests.slice(1).map((q) => q.method),
    ["GET", "GET"],
    "one list, one get: no retries on 200 and 404",
  );
});

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
  const web = readFileSync(join(pkgDir, "web.mjs"), "utf8");
  assert.deepEqual(unguarded(web, ["process", "Buffer", "window", "document", "global", "self", "require", "__dirname", "__filename"]), [], "web.mjs");
  // The Node build may use Node, but not a page's globals.
  const node = readFileSync(join(pkgDir, "node.cjs"), "utf8");
  assert.deepEqual(unguarded(node, ["window", "document", "self", "Buffer"]), [], "node.cjs");
  // The scan itself finds what it looks for.
  assert.equal(unguarded("const a = process.env.X;\nif (typeof window !== 'undefined') window.x = 1;", ["process", "window"]).length, 2);
});
