// How the package loads its own .wasm in a browser (issue 15, item 3): never through a `fetch` that
// the application replaced after importing the package, as tests and mocks do for the API calls
// (a page, a module worker, an esbuild bundle of each); and `preload()`, which starts the load
// before the first call. Headless Chromium against the local API on 127.0.0.1.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { start } from "../fake-datadog/server.mjs";
import { checkManage, checkSummary } from "./probes.mjs";
import { browserProject, esbuildApps } from "./apps.mjs";
import { launchChromium } from "./chromium.mjs";
import { NAME, WASM } from "./helpers.mjs";

const MANAGE_WASM = "datadog_okta_manage_bg.wasm";

let fake;
let chromium;
let project;
let bundled;

before(async () => {
  fake = await start({ port: 0 });
  chromium = await launchChromium(fake);
  project = browserProject("loading");
  bundled = await esbuildApps(project, join(project, "dist-esbuild"));
  copyFileSync(join(project, "node_modules", NAME, WASM), join(bundled, WASM));
  copyFileSync(join(project, "node_modules", NAME, "manage", MANAGE_WASM), join(bundled, MANAGE_WASM));
});
after(async () => {
  await chromium?.close();
  await fake?.close();
});

/** The app ran with the stub in place: every call went through it, and no .wasm did. */
function checkStubbed(result, server, wasmFiles) {
  checkSummary(assert, result);
  assert.ok(result.stubSaw.length >= 5, `the stub answered the API calls: ${result.stubSaw.length}`);
  assert.deepEqual(result.stubSaw.filter((u) => !u.includes("/api/v2/")), [], "the stub saw nothing but API calls");
  for (const file of wasmFiles) assert.ok(server.requests.some((r) => r.endsWith(`/${file}`)), `${file} was fetched, without the stub`);
}

describe("globalThis.fetch replaced after the import", { concurrency: true }, () => {
  test("a page with no bundler (both entries)", async () => {
    const s = await chromium.serve(project);
    const { result } = await chromium.load(`${s.url}/index.html?stub`);
    checkStubbed(result, s, [WASM, MANAGE_WASM]);
    checkManage(assert, result.manage);
  });

  test("a module worker with no bundler", async () => {
    const s = await chromium.serve(project);
    const { result } = await chromium.load(`${s.url}/worker.html?stub`);
    checkStubbed(result, s, [WASM]);
    assert.equal(result.hasDocument, false);
  });

  test("an esbuild bundle (both entries)", async () => {
    const s = await chromium.serve(bundled);
    const { result } = await chromium.load(`${s.url}/index.html?stub`);
    checkStubbed(result, s, [WASM, MANAGE_WASM]);
    checkManage(assert, result.manage);
  });

  test("a module worker bundled by esbuild (both entries)", async () => {
    const s = await chromium.serve(bundled);
    const { result } = await chromium.load(`${s.url}/worker.html?stub`);
    checkStubbed(result, s, [WASM, MANAGE_WASM]);
    checkManage(assert, result.manage);
  });
});

describe("preload()", { concurrency: true }, () => {
  test("fetches and compiles the module before the first call, which then finds it ready", async () => {
    const s = await chromium.serve(project);
    const { result } = await chromium.load(`${s.url}/index.html?preload`);
    checkSummary(assert, result);
    assert.deepEqual(result.preloaded, { before: [], after: [`/node_modules/${NAME}/${WASM}`], value: "undefined", apiCalls: 0 });
    assert.equal(s.requests.filter((r) => r.endsWith(`/${WASM}`)).length, 1, "fetched once");
  });

  test("in a bundled worker whose fetch was replaced already", async () => {
    const s = await chromium.serve(bundled);
    const { result } = await chromium.load(`${s.url}/worker.html?preload&stub`);
    checkStubbed(result, s, [WASM]);
    assert.deepEqual(result.preloaded, { before: [], after: [`/${WASM}`], value: "undefined", apiCalls: 0 });
  });
});
