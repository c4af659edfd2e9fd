// The edge runtimes (issue 15, item 4), both entries, real calls against the local API on
// 127.0.0.1: Cloudflare's `workerd` (npm) running a worker bundled as wrangler bundles it, with and
// without `nodejs_compat`; and Vercel's Edge runtime (`edge-runtime`, npm) running an app bundled
// as a Next.js edge build, its wasm modules compiled ahead of time and compiling from bytes
// refused, as in production. Each also shows that the browser entry fails there.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { start } from "../fake-datadog/server.mjs";
import { EXERCISE, MANAGE_EXERCISE, checkManage, checkSummary } from "./probes.mjs";
import { bundleLikeNextEdge, bundleLikeWrangler } from "./edge-bundlers.mjs";
import { NAME, lastJson, makeProject, run, tempDir, tools } from "./helpers.mjs";

const IMPORTS = `import * as lib from "${NAME}";\nimport * as manage from "${NAME}/manage";\n${EXERCISE}\n${MANAGE_EXERCISE}`;
const RUN_APP = `async function runApp(api) {
  try {
    if (globalThis.handOverBytes) await lib.init(globalThis.handOverBytes);
    const r = await exercise(lib, api);
    const m = await exerciseManage(lib, manage, api, globalThis.crypto);
    return { ...r.summary, manage: m };
  } catch (e) {
    return { error: String((e && e.stack) || e) };
  }
}`;
// A module worker: GET /?api=<the local API> runs the app.
const WORKER = `${IMPORTS}\n${RUN_APP}
export default {
  async fetch(request) {
    const result = await runApp(new URL(request.url).searchParams.get("api"));
    return Response.json({ ...result, userAgent: navigator.userAgent, process: typeof process });
  },
};
`;
// An edge function's code, for a script bundle: runApp on the global object.
const EDGE_APP = `${IMPORTS}\n${RUN_APP}\nglobalThis.runApp = async (api) => JSON.stringify(await runApp(api));\n`;
// The Edge runtime's host: the app's wasm modules compiled here, ahead of time, and bound into a
// context that may not compile wasm from bytes; an empty module's bytes show that it may not.
const EDGE_HOST = String.raw`
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const [edgeRuntime, bundle, bindings, api, handOver] = process.argv.slice(2);
const { EdgeRuntime } = createRequire(edgeRuntime)("edge-runtime");
const modules = await Promise.all(JSON.parse(bindings).map(async ({ name, file }) => [name, await WebAssembly.compile(readFileSync(file))]));
const runtime = new EdgeRuntime({
  codeGeneration: { strings: false, wasm: false },
  extend(context) {
    for (const [name, module] of modules) context[name] = module;
    if (handOver) context.handOverBytes = readFileSync(handOver);
    return context;
  },
});
const fromBytes = await runtime.evaluate("WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', (e) => String(e))");
runtime.evaluate(readFileSync(bundle, "utf8"));
const result = JSON.parse(await runtime.evaluate("runApp(" + JSON.stringify(api) + ")"));
console.log(JSON.stringify({ ...result, fromBytes, edgeRuntime: await runtime.evaluate("typeof EdgeRuntime") }));
`;

let fake;
let project;
before(async () => {
  fake = await start({ port: 0 });
  project = makeProject("edge", { type: "module" }, { "worker.mjs": WORKER, "edge-app.mjs": EDGE_APP, "edge-host.mjs": EDGE_HOST });
});
after(() => fake?.close());

/** workerd's configuration: the bundle and its wasm modules, one socket, and no way out but to 127.0.0.1. */
const workerdConfig = (modules, flags) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker), (name = "loopback", network = (allow = ["local"]))],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    ${[`(name = "index.js", esModule = embed "index.js")`, ...modules.map((m) => `(name = "${m.name}", wasm = embed "${m.name}")`)].join(",\n    ")}
  ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = [${flags.map((f) => JSON.stringify(f)).join(", ")}],
  globalOutbound = "loopback",
);
`;

/** Serves `bundle` in workerd and GETs it once; resolves to the worker's JSON answer. */
async function inWorkerd({ code, modules }, flags) {
  const dir = tempDir("workerd");
  writeFileSync(join(dir, "index.js"), code);
  for (const m of modules) writeFileSync(join(dir, m.name), m.bytes);
  writeFileSync(join(dir, "config.capnp"), workerdConfig(modules, flags));
  // The port comes back on the control descriptor (fd 3) once the socket listens.
  const child = spawn(tools().workerd, ["serve", "config.capnp", "--control-fd=3"], { cwd: dir, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  try {
    const port = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`workerd did not listen:\n${stderr}`)), 20_000);
      child.on("exit", (c) => fail(new Error(`workerd exited (${c}):\n${stderr}`)));
      createInterface({ input: child.stdio[3] }).on("line", (line) => {
        const m = JSON.parse(line);
        if (m.event === "listen" && m.socket === "http") {
          clearTimeout(timer);
          ok(m.port);
        }
      });
    });
    const res = await fetch(`http://127.0.0.1:${port}/?api=${encodeURIComponent(fake.url)}`);
    return { ...(await res.json()), stderr };
  } finally {
    child.kill("SIGTERM");
  }
}

/** Runs `bundle` in the Edge runtime; resolves to what the app reported. */
async function inEdgeRuntime({ code, bindings }, { handOver } = {}) {
  const dir = tempDir("edge-runtime");
  writeFileSync(join(dir, "index.js"), code);
  const files = bindings.map(({ name, bytes }) => {
    writeFileSync(join(dir, `${name}.wasm`), bytes);
    return { name, file: join(dir, `${name}.wasm`) };
  });
  const args = ["edge-host.mjs", tools().edgeRuntime, join(dir, "index.js"), JSON.stringify(files), fake.url];
  if (handOver) args.push(join(project, "node_modules", NAME, "datadog_okta_wasm_bg.wasm"));
  const r = await run(process.execPath, args, { cwd: project, timeoutMs: 30_000 });
  const out = lastJson(r, "edge runtime");
  assert.equal(r.status, 0, r.stderr);
  return out;
}

/** The bundle is the edge entries': their .wasm files as modules, no import.meta, no URL to fetch. */
function checkEdgeBundle(code, modules) {
  assert.deepEqual(modules.map((m) => m.file).sort(), ["datadog_okta_manage_bg.wasm", "datadog_okta_wasm_bg.wasm"], "one wasm module per entry");
  assert.ok(!code.includes("import.meta"), "no import.meta");
  assert.ok(!/new URL\(["']\.\/datadog_okta/.test(code), "no URL of a .wasm to fetch");
}

describe("workerd, a worker bundled as wrangler bundles it", { concurrency: true }, () => {
  let bundled;
  const bundle = () => (bundled ??= bundleLikeWrangler(project, "worker.mjs"));

  for (const flags of [[], ["nodejs_compat"]]) {
    test(`the workerd entries, ${flags.length ? "with" : "without"} nodejs_compat`, async () => {
      const b = await bundle();
      assert.deepEqual(b.warnings, []);
      checkEdgeBundle(b.code, b.modules);
      const s = await inWorkerd(b, flags);
      assert.equal(s.error, undefined, `${s.error}\n${s.stderr}`);
      assert.equal(s.userAgent, "Cloudflare-Workers");
      assert.equal(s.process, flags.length ? "object" : "undefined", "nodejs_compat in effect or not");
      checkSummary(assert, s);
      checkManage(assert, s.manage);
    });
  }

  test("the browser entry, which a bundle without the workerd condition takes, fails there", async () => {
    const b = await bundleLikeWrangler(project, "worker.mjs", { conditions: ["worker", "browser"] });
    assert.deepEqual(b.modules, [], "no .wasm module: web.mjs fetches its file");
    const s = await inWorkerd(b, []);
    assert.match(s.error ?? "", /Invalid URL/);
  });
});

describe("Vercel's Edge runtime, an app bundled as a Next.js edge build", { concurrency: true }, () => {
  test("the edge-light entries, their modules compiled ahead of time", async () => {
    const b = await bundleLikeNextEdge(project, "edge-app.mjs");
    assert.deepEqual(b.warnings, []);
    checkEdgeBundle(b.code, b.bindings);
    const s = await inEdgeRuntime(b);
    assert.equal(s.error, undefined, s.error);
    assert.equal(s.edgeRuntime, "string", "ran in the Edge runtime's context");
    assert.match(s.fromBytes, /CompileError: .*Wasm code generation disallowed by embedder/, "the context compiles no wasm from bytes");
    checkSummary(assert, s);
    checkManage(assert, s.manage);
  });

  test("the browser entry fails there, even handed the .wasm's bytes", async () => {
    const b = await bundleLikeNextEdge(project, "edge-app.mjs", { conditions: ["worker", "browser"] });
    assert.deepEqual(b.bindings, []);
    assert.match((await inEdgeRuntime(b)).error ?? "", /Invalid URL/);
    assert.match((await inEdgeRuntime(b, { handOver: true })).error ?? "", /Wasm code generation disallowed by embedder/);
  });
});
