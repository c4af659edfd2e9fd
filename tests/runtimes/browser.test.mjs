// Headless Chromium runs one small app, over both entries (`datadog-okta-wasm` and its planner,
// `datadog-okta-wasm/manage`), against the local API: in a page that loads the package with no
// bundler (an import map pointing at the browser entries), in a module Web Worker (unbundled: the
// main entry; bundled by esbuild: both), bundled by esbuild (also under a strict
// Content-Security-Policy), built by Vite and served by Vite's dev server. Pages and the local API
// are on 127.0.0.1; any other request is refused and fails the test.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { start } from "../fake-datadog/server.mjs";
import { checkManage, checkSummary } from "./probes.mjs";
import { browserProject, esbuildApps } from "./apps.mjs";
import { launchChromium } from "./chromium.mjs";
import { NAME, WASM, run, tempDir, tools } from "./helpers.mjs";

const MANAGE_WASM = "datadog_okta_manage_bg.wasm";
// Marks of the Node builds (node.cjs, manage/node.cjs): a bundle for the browser has none of them.
const NODE_BUILD = /__dirname|An app bundled for Node|require\(/;

let fake;
let chromium;
let project; // no bundler, worker, esbuild
let viteProject;
let viteDevProject;

before(async () => {
  fake = await start({ port: 0 });
  chromium = await launchChromium(fake);
  project = browserProject("browser");
  viteProject = browserProject("vite", { importMap: false });
  viteDevProject = browserProject("vite-dev", { importMap: false });
});
after(async () => {
  await chromium?.close();
  await fake?.close();
});

function checkBrowser(result, { manage = true } = {}) {
  checkSummary(assert, result);
  assert.match(result.runtime, /HeadlessChrome|Chrome\//);
  if (manage) checkManage(assert, result.manage);
}

/** Copies the two .wasm files next to a bundle, as the README says. */
function copyWasm(out) {
  const resolve = createRequire(join(project, "package.json")).resolve;
  copyFileSync(resolve(`${NAME}/${WASM}`), join(out, WASM));
  copyFileSync(join(project, "node_modules", NAME, "manage", MANAGE_WASM), join(out, MANAGE_WASM));
}

describe("headless Chromium", { concurrency: true }, () => {
  test("a page with no bundler: an import map points at the browser entries", async () => {
    const s = await chromium.serve(project);
    const { result } = await chromium.load(`${s.url}/index.html`);
    checkBrowser(result);
    assert.equal(result.hasWindow, true);
    for (const file of ["web.mjs", WASM, "manage/web.mjs", `manage/${MANAGE_WASM}`]) {
      assert.ok(s.requests.includes(`/node_modules/${NAME}/${file}`), `${file} was loaded`);
    }
    assert.ok(!s.requests.some((r) => /node\.c?js$|node\.mjs$/.test(r)), "no Node build");
  });

  test("a module Web Worker, unbundled: the main entry by path", async () => {
    const s = await chromium.serve(project);
    const { result } = await chromium.load(`${s.url}/worker.html`);
    checkBrowser(result, { manage: false });
    assert.equal(result.hasWindow, false);
    assert.equal(result.hasDocument, false);
    assert.ok(s.requests.includes(`/node_modules/${NAME}/${WASM}`));
  });

  // The esbuild bundles, built once; each test below gets a copy of its own.
  let esbuilt;
  const esbuildCopy = async (name) => {
    esbuilt ??= esbuildApps(project, join(project, "dist-esbuild"));
    const dir = tempDir(name);
    cpSync(await esbuilt, dir, { recursive: true });
    return dir;
  };

  test("bundled by esbuild, with the .wasm files copied next to the bundle", async () => {
    const out = await esbuildCopy("esbuild");
    const bundle = readFileSync(join(out, "main.js"), "utf8");
    assert.ok(/new URL\("\.\/datadog_okta_wasm_bg\.wasm", import\.meta\.url\)/.test(bundle), "the browser entry was bundled");
    assert.ok(/new URL\("\.\/datadog_okta_manage_bg\.wasm", import\.meta\.url\)/.test(bundle), "the planner's browser entry was bundled");
    assert.ok(!NODE_BUILD.test(bundle), "nothing of the Node builds");

    // Without the copy step the first call rejects, and says why.
    const before = await chromium.serve(out);
    const failed = await chromium.loadResult(`${before.url}/index.html`);
    assert.match(failed.error ?? "", /failed to fetch Wasm: 404/);

    // The documented step: copy the files the package exports as `datadog-okta-wasm/datadog_okta_wasm_bg.wasm`, ...
    copyWasm(out);
    const s = await chromium.serve(out);
    const { result } = await chromium.load(`${s.url}/index.html`);
    checkBrowser(result);
    assert.ok(s.requests.includes(`/${WASM}`) && s.requests.includes(`/${MANAGE_WASM}`));
  });

  test("a module Web Worker bundled by esbuild: both entries by name", async () => {
    const out = await esbuildCopy("esbuild-worker");
    copyWasm(out);
    const s = await chromium.serve(out);
    const { result } = await chromium.load(`${s.url}/worker.html`);
    checkBrowser(result);
    assert.equal(result.hasDocument, false);
  });

  test("under a strict Content-Security-Policy, 'wasm-unsafe-eval' is all the wasm needs", async () => {
    const out = await esbuildCopy("esbuild-csp");
    copyWasm(out);
    const policy = (script) => ({ "content-security-policy": `default-src 'none'; script-src ${script}; connect-src 'self' ${fake.url}` });
    const strict = await chromium.serve(out, policy("'self' 'wasm-unsafe-eval'"));
    const { result } = await chromium.load(`${strict.url}/index.html`);
    checkBrowser(result);
    // Without it, the browser refuses to compile the module, and the call says so.
    const none = await chromium.serve(out, policy("'self'"));
    const refused = await chromium.loadResult(`${none.url}/index.html`);
    assert.match(refused.error ?? "", /CompileError|Content Security Policy|wasm-unsafe-eval/);
  });

  test("built by Vite: the .wasm files are emitted as assets and load", async () => {
    const r = await run(process.execPath, [tools().vite, "build", "--logLevel", "warn"], { cwd: viteProject, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const assets = readdirSync(join(viteProject, "dist/assets"));
    const wasm = assets.filter((f) => f.endsWith(".wasm")).sort();
    assert.deepEqual(wasm.map((f) => f.replace(/-[\w-]+\.wasm$/, "")), ["datadog_okta_manage_bg", "datadog_okta_wasm_bg"], `one .wasm per entry: ${assets.join(", ")}`);
    const js = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(viteProject, "dist/assets", f), "utf8")).join("\n");
    for (const file of wasm) assert.ok(js.includes(file), `the bundle points at ${file}`);
    assert.ok(!NODE_BUILD.test(js), "nothing of the Node builds");
    const s = await chromium.serve(join(viteProject, "dist"));
    const { result } = await chromium.load(`${s.url}/index.html`);
    checkBrowser(result);
    for (const file of wasm) assert.ok(s.requests.includes(`/assets/${file}`), `${file} was fetched`);
  });

  test("served by Vite's dev server (`vite`), with no configuration", async () => {
    const child = spawn(process.execPath, [tools().vite, "--host", "127.0.0.1", "--port", "0", "--strictPort", "--clearScreen", "false"], { cwd: viteDevProject, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    try {
      const url = await new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`vite did not start:\n${output}`)), 30_000);
        const onData = (d) => {
          output += d;
          const m = output.replace(/\x1b\[[0-9;]*m/g, "").match(/http:\/\/127\.0\.0\.1:\d+\//);
          if (m) {
            clearTimeout(timer);
            ok(m[0]);
          }
        };
        child.stdout.setEncoding("utf8").on("data", onData);
        child.stderr.setEncoding("utf8").on("data", onData);
        child.on("exit", (code) => fail(new Error(`vite exited (${code}):\n${output}`)));
      });
      const { result } = await chromium.load(`${url}index.html`);
      checkBrowser(result);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
