// The packed tarball itself: what it holds, what its package.json says, and what the two common
// package linters (publint, and arethetypeswrong for the types of each resolution) find.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NAME, ROOT, WASM, packedFiles, run, tarball, tools } from "./helpers.mjs";

const pkgJson = () => JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8"));

test("the tarball holds the builds, the types, the licenses and the changelog, and nothing else", () => {
  // The entries: browsers and bundlers (web.mjs), Node (node.cjs, node.mjs), the edge runtimes
  // (workerd.mjs, edge-light.mjs, over core.mjs).
  const entries = ["web.mjs", "node.cjs", "node.mjs", "core.mjs", "workerd.mjs", "edge-light.mjs"];
  const expected = [WASM, ...entries, "index.d.ts", "index.d.cts", "package.json", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"];
  // The README is written elsewhere; once the repository has one, the package must carry it.
  if (existsSync(join(ROOT, "README.md"))) expected.push("README.md");
  // The command line, where package.json declares one.
  for (const bin of Object.values(pkgJson().bin ?? {})) expected.push(bin.replace(/^\.\//, ""));
  // ... and its parts: every file of pkg-template/cli/.
  expected.push(...readdirSync(join(ROOT, "pkg-template/cli")).filter((f) => f.endsWith(".mjs")).map((f) => `cli/${f}`));
  // The planner's entry, `datadog-okta-wasm/manage`, with its own wasm.
  expected.push(...["datadog_okta_manage_bg.wasm", ...entries, "index.d.ts", "index.d.cts"].map((f) => `manage/${f}`));
  assert.deepEqual(packedFiles(), expected.sort());
});

test("package.json: name, version from Cargo.toml, license, engines, and every path it names exists", () => {
  const pkg = pkgJson();
  const cargoVersion = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.+)"/m)[1];
  assert.equal(pkg.name, NAME);
  assert.equal(pkg.version, cargoVersion);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.deepEqual(pkg.engines, { node: ">=18" });
  assert.equal(pkg.type, "module");
  assert.equal(pkg.sideEffects, false);
  assert.ok(pkg.description && pkg.keywords.length > 0);
  const files = new Set(packedFiles());
  const paths = [];
  const walk = (v) => (typeof v === "string" ? paths.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const p of [pkg.main, pkg.module, pkg.browser, pkg.types, ...paths]) {
    assert.ok(files.has(p.replace(/^\.\//, "")), `${p} is in the tarball`);
  }
});

test("exports: the edge runtimes' conditions come first, for both entries", () => {
  const { exports } = pkgJson();
  for (const [entry, dir] of [[".", "./"], ["./manage", "./manage/"]]) {
    const conditions = Object.keys(exports[entry]);
    assert.deepEqual(conditions.slice(0, 2), ["workerd", "edge-light"], `${entry}: before ${conditions.slice(2).join(", ")}`);
    assert.equal(exports[entry].workerd.default, `${dir}workerd.mjs`);
    assert.equal(exports[entry]["edge-light"].default, `${dir}edge-light.mjs`);
    assert.equal(exports[entry].workerd.types, exports[entry].browser.types, "the same types as the other entries");
  }
});

test("publint finds no warning", async () => {
  const r = await run(process.execPath, [tools().publint, "run", tarball(), "--strict", "--level", "warning"]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("arethetypeswrong finds no problem for node10, node16 (CJS and ESM) and bundler, in either entry", async () => {
  const r = await run(process.execPath, [tools().attw, tarball(), "--format", "json", "--exclude-entrypoints", `./${WASM}`]);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report.analysis.entrypoints).filter((e) => e !== "./package.json"), [".", "./manage"], "both entries checked");
  assert.deepEqual(report.analysis?.problems ?? report.problems, [], r.stdout.slice(0, 4000));
  assert.equal(r.status, 0, r.stderr);
});
