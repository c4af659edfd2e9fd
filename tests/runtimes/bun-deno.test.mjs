// Bun and Deno (both from npm) load the packed package, both entries, from a local node_modules
// with `import`, with `require`, and with both in one process, and make real calls against the
// local API.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { start } from "../fake-datadog/server.mjs";
import { checkManage, checkShared, checkSummary, probes } from "./probes.mjs";
import { ROOT, lastJson, makeProject, run, tools } from "./helpers.mjs";

let fake;
let project;
before(async () => {
  fake = await start({ port: 0 });
  // Deno reads the local node_modules (installed by npm) instead of fetching `npm:` packages.
  project = makeProject("bun-deno", { type: "module" }, { ...probes(fake.url), "deno.json": JSON.stringify({ nodeModulesDir: "manual" }) });
});
after(() => fake?.close());

// No update checks, telemetry or prompts: the tests talk to 127.0.0.1 only.
const denoDir = join(ROOT, "target/runtimes/deno-dir");
const ENV = { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DO_NOT_TRACK: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" };

const RUNTIMES = {
  Bun: { cmd: () => tools().bun, args: (file) => ["run", file], version: /^bun \d/ },
  Deno: { cmd: () => tools().deno, args: (file) => ["run", "--no-prompt", "--no-remote", "--allow-env", "--allow-read", "--allow-net=127.0.0.1", file], version: /^deno 2\./ },
};

for (const [name, rt] of Object.entries(RUNTIMES)) {
  describe(name, { concurrency: true }, () => {
    const probe = async (file) => {
      mkdirSync(denoDir, { recursive: true });
      const r = await run(rt.cmd(), rt.args(file), { cwd: project, env: ENV, timeoutMs: 30_000 });
      const s = lastJson(r, `${name} ${file}`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr.trim(), "", `stderr of ${file}`);
      assert.match(s.runtime, rt.version);
      checkSummary(assert, s);
      checkManage(assert, s.manage);
      return s;
    };

    // Both honour the `node` condition, so they load the Node build (sync init from disk).
    test("import", async () => {
      const s = await probe("esm.mjs");
      assert.deepEqual([s.resolved, s.resolvedManage], ["node.mjs", "manage/node.mjs"]);
    });
    test("require", async () => {
      const s = await probe("cjs.cjs");
      assert.deepEqual([s.resolved, s.resolvedManage], ["node.cjs", "manage/node.cjs"]);
    });
    test("import, then require: one instance, instanceof across both entries", async () => {
      const s = await probe("mixed.mjs");
      checkShared(assert, s);
      assert.deepEqual(s.resolved, { import: "node.mjs", require: "node.cjs" });
    });
    test("require, then import(): one instance, instanceof across both entries", async () => checkShared(assert, await probe("mixed.cjs")));
  });
}

// Without --allow-env, reading DD_* throws in Deno: the library must carry on with the keys given.
test("Deno without --allow-env: keys passed in code are enough", async () => {
  const r = await run(tools().deno, ["run", "--no-prompt", "--no-remote", "--allow-read", "--allow-net=127.0.0.1", "esm.mjs"], { cwd: project, env: ENV, timeoutMs: 30_000 });
  const s = lastJson(r, "deno without --allow-env");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), "");
  checkSummary(assert, s);
  checkManage(assert, s.manage);
});
