// Headless Chromium runs one small app against the local API: in a page that loads the package
// with no bundler (an import map pointing at its browser entry), in a module Web Worker, bundled
// by esbuild (also under a strict Content-Security-Policy), built by Vite and served by Vite's dev
// server. Pages and the local API are on 127.0.0.1; any other request is refused and fails the test.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { start } from "../fake-datadog/server.mjs";
import { EXERCISE, checkSummary } from "./probes.mjs";
import { NAME, ROOT, WASM, makeProject, run, serveStatic, tempDir, tools, writeFiles } from "./helpers.mjs";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

// The app: `exercise(lib, apiUrl)` from the probes, started by a page or a worker, reporting on
// `globalThis.__result` (page) or by postMessage (worker).
const APP = `${EXERCISE}\nexport { exercise };\n`;
const MAIN = `import * as lib from "datadog-okta-wasm";
import { exercise } from "./app.mjs";
const api = new URLSearchParams(location.search).get("api");
exercise(lib, api).then(
  (r) => { globalThis.__result = { ...r.summary, hasWindow: typeof window !== "undefined" }; },
  (e) => { globalThis.__result = { error: String(e && e.stack || e) }; },
);
`;
const page = (title, head, script) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>${head}</head>
<body><script type="module" src="${script}"></script></body></html>
`;
const IMPORT_MAP = `<script type="importmap">${JSON.stringify({ imports: { [NAME]: `./node_modules/${NAME}/web.mjs` } })}</script>`;
// A module worker cannot use the page's import map: it imports the browser entry by path.
const WORKER = `import * as lib from "./node_modules/${NAME}/web.mjs";
import { exercise } from "./app.mjs";
const api = new URLSearchParams(location.search).get("api");
exercise(lib, api).then(
  (r) => postMessage({ ...r.summary, hasWindow: typeof window !== "undefined", hasDocument: typeof document !== "undefined" }),
  (e) => postMessage({ error: String(e && e.stack || e) }),
);
`;
const WORKER_MAIN = `const worker = new Worker("./worker.mjs" + location.search, { type: "module" });
worker.onmessage = (e) => { globalThis.__result = e.data; };
worker.onerror = (e) => { globalThis.__result = { error: "worker error: " + (e.message || e.type) }; };
`;

// Marks of the Node build (node.cjs): a bundle for the browser has none of them.
const NODE_BUILD = /__dirname|An app bundled for Node|require\(/;

let fake;
let browser;
let project; // no bundler, worker, esbuild
let viteProject;
let viteDevProject;
const servers = [];

before(async () => {
  fake = await start({ port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const files = { "app.mjs": APP, "main.mjs": MAIN, "worker.mjs": WORKER, "worker-main.mjs": WORKER_MAIN };
  project = makeProject("browser", { type: "module" }, {
    ...files,
    "index.html": page("no bundler", IMPORT_MAP, "./main.mjs"),
    "worker.html": page("worker", "", "./worker-main.mjs"),
  });
  const viteFiles = { "app.mjs": APP, "main.mjs": MAIN, "index.html": page("vite", "", "./main.mjs") };
  viteProject = makeProject("vite", { type: "module" }, viteFiles);
  viteDevProject = makeProject("vite-dev", { type: "module" }, viteFiles);
});
after(async () => {
  assert.deepEqual(offHost, [], "requests that left 127.0.0.1");
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  await fake?.close();
});

async function serve(dir, headers) {
  const s = await serveStatic(dir, headers);
  servers.push(s);
  return s;
}

/** Opens `url` with `?api=` the local API and returns what the app reported. */
async function load(url) {
  const since = fake.control.requests().at(-1)?.seq ?? 0;
  const out = await loadPage(url);
  // The calls went from the page's origin to the local API (CORS), keys included.
  const origin = new URL(url).origin;
  const calls = fake.control.requests({ since, pathPrefix: "/api/" }).filter((r) => r.headers.origin === origin && r.method !== "OPTIONS");
  assert.ok(calls.length >= 5, `API calls from ${origin}: ${calls.length}`);
  assert.ok(calls.every((r) => r.headers["dd-api-key"] === "***"), "keys were sent (masked in the log)");
  return out;
}

// Requests that leave 127.0.0.1 are aborted, and noted so that the test fails.
const offHost = [];
async function newContext() {
  const context = await browser.newContext();
  await context.route(
    (u) => !/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(u.href),
    (route) => {
      offHost.push(route.request().url());
      return route.abort();
    },
  );
  return context;
}

/** Opens `url` and returns what the app reported, error or not, with no other check. */
async function loadResult(url) {
  const context = await newContext();
  try {
    const p = await context.newPage();
    await p.goto(`${url}?api=${encodeURIComponent(fake.url)}`);
    await p.waitForFunction(() => globalThis.__result, null, { timeout: 20_000 });
    return await p.evaluate(() => globalThis.__result);
  } finally {
    await context.close();
  }
}

async function loadPage(url) {
  const context = await newContext();
  const p = await context.newPage();
  const logs = [];
  p.on("console", (m) => logs.push(`console.${m.type()}: ${m.text()}`));
  p.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  p.on("requestfailed", (r) => logs.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  try {
    await p.goto(`${url}?api=${encodeURIComponent(fake.url)}`);
    await p.waitForFunction(() => globalThis.__result, null, { timeout: 20_000 }).catch((e) => {
      throw new Error(`${e.message}\n${logs.join("\n")}`);
    });
    const result = await p.evaluate(() => globalThis.__result);
    assert.equal(result.error, undefined, `${result.error}\n${logs.join("\n")}`);
    // The glue warns on a wrong wasm MIME type or deprecated init parameters; none of that here.
    const bad = logs.filter((l) => l.startsWith("pageerror") || l.startsWith("console.warning") || l.startsWith("requestfailed"));
    assert.deepEqual(bad, [], logs.join("\n"));
    return { result, logs };
  } finally {
    await context.close();
  }
}

function checkBrowser(result) {
  checkSummary(assert, result);
  assert.match(result.runtime, /HeadlessChrome|Chrome\//);
}

describe("headless Chromium", { concurrency: true }, () => {
  test("a page with no bundler: an import map points at the browser entry", async () => {
    const s = await serve(project);
    const { result } = await load(`${s.url}/index.html`);
    checkBrowser(result);
    assert.equal(result.hasWindow, true);
    assert.ok(s.requests.includes(`/node_modules/${NAME}/web.mjs`), "the browser entry was loaded");
    assert.ok(s.requests.includes(`/node_modules/${NAME}/${WASM}`), "the wasm was fetched next to it");
    assert.ok(!s.requests.some((r) => r.endsWith("node.cjs") || r.endsWith("node.mjs")), "no Node build");
  });

  test("a module Web Worker", async () => {
    const s = await serve(project);
    const { result } = await load(`${s.url}/worker.html`);
    checkBrowser(result);
    assert.equal(result.hasWindow, false);
    assert.equal(result.hasDocument, false);
    assert.ok(s.requests.includes(`/node_modules/${NAME}/${WASM}`));
  });

  // The esbuild bundle, built once; each test below gets a copy of its own.
  let esbuilt;
  const esbuildBundle = () =>
    (esbuilt ??= (async () => {
      const out = join(project, "dist-esbuild");
      const esbuild = join(ROOT, "node_modules/.bin/esbuild");
      const r = await run(esbuild, ["main.mjs", "--bundle", "--format=esm", `--outdir=${out}`, "--log-level=warning"], { cwd: project });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, "", "esbuild prints no warning");
      writeFiles(out, { "index.html": page("esbuild", "", "./main.js") });
      return out;
    })());
  const esbuildCopy = async (name) => {
    const dir = tempDir(name);
    cpSync(await esbuildBundle(), dir, { recursive: true });
    return dir;
  };

  test("bundled by esbuild, with the .wasm copied next to the bundle", async () => {
    const out = await esbuildCopy("esbuild");
    const bundle = readFileSync(join(out, "main.js"), "utf8");
    assert.ok(/new URL\("\.\/datadog_okta_wasm_bg\.wasm", import\.meta\.url\)/.test(bundle), "the browser entry was bundled");
    assert.ok(!NODE_BUILD.test(bundle), "nothing of the Node build");

    // Without the copy step the first call rejects, and says why.
    const before = await serve(out);
    const failed = await loadResult(`${before.url}/index.html`);
    assert.match(failed.error ?? "", /failed to fetch Wasm: 404/);

    // The documented step: copy the file the package exports as `datadog-okta-wasm/datadog_okta_wasm_bg.wasm`.
    copyFileSync(createRequire(join(project, "package.json")).resolve(`${NAME}/${WASM}`), join(out, WASM));
    const s = await serve(out);
    const { result } = await load(`${s.url}/index.html`);
    checkBrowser(result);
    assert.ok(s.requests.includes(`/${WASM}`));
  });

  test("under a strict Content-Security-Policy, 'wasm-unsafe-eval' is all the wasm needs", async () => {
    const out = await esbuildCopy("esbuild-csp");
    copyFileSync(join(project, "node_modules", NAME, WASM), join(out, WASM));
    const policy = (script) => ({ "content-security-policy": `default-src 'none'; script-src ${script}; connect-src 'self' ${fake.url}` });
    const strict = await serve(out, policy("'self' 'wasm-unsafe-eval'"));
    const { result } = await load(`${strict.url}/index.html`);
    checkBrowser(result);
    // Without it, the browser refuses to compile the module, and the call says so.
    const none = await serve(out, policy("'self'"));
    const refused = await loadResult(`${none.url}/index.html`);
    assert.match(refused.error ?? "", /CompileError|Content Security Policy|wasm-unsafe-eval/);
  });

  test("built by Vite: the .wasm is emitted as an asset and loads", async () => {
    const r = await run(process.execPath, [tools().vite, "build", "--logLevel", "warn"], { cwd: viteProject, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const assets = readdirSync(join(viteProject, "dist/assets"));
    const wasm = assets.filter((f) => f.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `one .wasm emitted: ${assets.join(", ")}`);
    const js = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(viteProject, "dist/assets", f), "utf8")).join("\n");
    assert.ok(js.includes(wasm[0]), "the bundle points at the emitted .wasm");
    assert.ok(!NODE_BUILD.test(js), "nothing of the Node build");
    const s = await serve(join(viteProject, "dist"));
    const { result } = await load(`${s.url}/index.html`);
    checkBrowser(result);
    assert.ok(s.requests.includes(`/assets/${wasm[0]}`), "the emitted .wasm was fetched");
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
      const { result } = await load(`${url}index.html`);
      checkBrowser(result);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
