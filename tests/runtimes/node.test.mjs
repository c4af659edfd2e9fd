// Node 18, 20 and 22 load the packed package, both entries (`datadog-okta-wasm` and its planner,
// `datadog-okta-wasm/manage`), with `import`, with `require`, and with both in one process, and
// make real calls against the local API.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { start } from "../fake-datadog/server.mjs";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { checkManage, checkShared, checkSummary, probes } from "./probes.mjs";
import { NAME, ROOT, WASM, lastJson, makeProject, run, tools } from "./helpers.mjs";

const NODES = [
  ["18", () => tools().node18],
  ["20", () => process.execPath], // the Node that runs the suite (Debian's 20.x)
  ["22", () => tools().node22],
];

let fake;
let project;
before(async () => {
  fake = await start({ port: 0 });
  project = makeProject("node", { type: "module" }, probes(fake.url));
});
after(() => fake?.close());

// Node 18 announces its experimental fetch on stderr; nothing else may print there.
const quiet = (stderr) => stderr.split("\n").filter((l) => l.trim() && !/ExperimentalWarning: The Fetch API|--trace-warnings/.test(l)).join("\n");

for (const [major, node] of NODES) {
  describe(`Node ${major}`, { concurrency: true }, () => {
    const probe = async (file) => {
      const r = await run(node(), [file], { cwd: project, timeoutMs: 30_000 });
      const s = lastJson(r, `node ${major} ${file}`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(quiet(r.stderr), "", `stderr of ${file}`);
      assert.match(s.runtime, new RegExp(`^node v${major}\\.`));
      checkSummary(assert, s);
      return s;
    };

    test("import", async () => {
      const s = await probe("esm.mjs");
      checkManage(assert, s.manage);
      if (s.resolved !== null) assert.deepEqual([s.resolved, s.resolvedManage], ["node.mjs", "manage/node.mjs"]);
    });

    test("require", async () => {
      const s = await probe("cjs.cjs");
      checkManage(assert, s.manage);
      assert.deepEqual([s.resolved, s.resolvedManage], ["node.cjs", "manage/node.cjs"]);
    });

    test("import, then require: one instance, instanceof across both entries", async () => {
      const s = await probe("mixed.mjs");
      checkShared(assert, s);
      checkManage(assert, s.manage);
      assert.equal(s.resolved.require, "node.cjs");
      if (s.resolved.import !== null) assert.equal(s.resolved.import, "node.mjs");
    });

    test("require, then import(): one instance, instanceof across both entries", async () => {
      const s = await probe("mixed.cjs");
      checkShared(assert, s);
      checkManage(assert, s.manage);
    });
  });
}

// An app bundled for Node by esbuild picks the Node build (the `node` condition). The bundle has
// the JavaScript; the .wasm is copied next to it, as for a browser bundle. ESM bundles need
// process.getBuiltinModule (Node 20.16+, 22.3+): esbuild's ESM output cannot require() on Node 18.
describe("bundled for Node by esbuild, the .wasm copied next to the bundle", { concurrency: true }, () => {
  const bundle = async (format) => {
    const out = join(project, `dist-node-${format}`);
    const file = join(out, format === "esm" ? "app.mjs" : "app.cjs");
    const r = await run(join(ROOT, "node_modules/.bin/esbuild"), ["bundled-app.mjs", "--bundle", "--platform=node", `--format=${format}`, `--outfile=${file}`, "--log-level=warning"], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "", "esbuild prints no warning");
    return { out, file };
  };
  const check = async (node, file, major) => {
    const r = await run(node, [file], { cwd: project, timeoutMs: 30_000 });
    const s = lastJson(r, `node ${major} ${file}`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(s.runtime, new RegExp(`^node v${major}\\.`));
    checkSummary(assert, s);
  };

  test("ESM bundle on Node 20 and 22; without the copy, the call says what is missing", async () => {
    const { out, file } = await bundle("esm");
    const missing = await run(process.execPath, [file], { cwd: project });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, new RegExp(`${WASM} is not in .*dist-node-esm.*copied next to the bundle`));
    copyFileSync(join(project, "node_modules", NAME, WASM), join(out, WASM));
    await check(process.execPath, file, "20");
    await check(tools().node22, file, "22");
  });

  test("CommonJS bundle on Node 18, 20 and 22", async () => {
    const { out, file } = await bundle("cjs");
    copyFileSync(join(project, "node_modules", NAME, WASM), join(out, WASM));
    for (const [major, node] of NODES) await check(node(), file, major);
  });
});

// Node given the browser conditions (as some test runners do) loads web.mjs and manage/web.mjs,
// which read their .wasm from disk where fetch() cannot (Node 20.16+, 22.3+).
test("Node 20 and 22 with --conditions=browser load the browser builds", async () => {
  for (const [major, node] of NODES.slice(1)) {
    const r = await run(node(), ["--conditions=browser", "mixed.mjs"], { cwd: project, timeoutMs: 30_000 });
    const s = lastJson(r, `node ${major} --conditions=browser`);
    assert.equal(r.status, 0, r.stderr);
    checkSummary(assert, s);
    checkShared(assert, s);
    checkManage(assert, s.manage);
    assert.deepEqual(s.resolved, { import: "web.mjs", require: "web.mjs" });
  }
});
