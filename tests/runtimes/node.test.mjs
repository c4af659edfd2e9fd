// Node 18, 20 and 22 load the packed package with `import`, with `require`, and with both in one
// process, and make real calls against the local API.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { start } from "../fake-datadog/server.mjs";
import { checkShared, checkSummary, probes } from "./probes.mjs";
import { lastJson, makeProject, run, tools } from "./helpers.mjs";

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
      if (s.resolved !== null) assert.equal(s.resolved, "node.mjs");
    });

    test("require", async () => {
      const s = await probe("cjs.cjs");
      assert.equal(s.resolved, "node.cjs");
    });

    test("import, then require: one instance, instanceof across", async () => {
      const s = await probe("mixed.mjs");
      checkShared(assert, s);
      assert.equal(s.resolved.require, "node.cjs");
      if (s.resolved.import !== null) assert.equal(s.resolved.import, "node.mjs");
    });

    test("require, then import(): one instance, instanceof across", async () => {
      const s = await probe("mixed.cjs");
      checkShared(assert, s);
    });
  });
}
