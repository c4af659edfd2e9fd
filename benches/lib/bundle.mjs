// Browser bundles of the same app (apps/app.mjs) with each client, by esbuild: minified, ESM,
// platform browser. esbuild does not inline this library's .wasm (web.mjs fetches it next to
// itself), so the .wasm is copied beside the bundle and counted separately.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { BENCHES, OUT } from "./install.mjs";

export const BUNDLES = [
  { key: "ours", label: "this library (JS + .wasm)", entry: "ours.mjs", wasm: true },
  { key: "official-root", label: "official, package-root import", entry: "official-root.mjs" },
  { key: "official-deep", label: "official, deep import of OktaIntegrationApi", entry: "official-deep.mjs" },
  { key: "raw", label: "hand-written fetch", entry: "raw.mjs" },
];

const gzip = (buf) => gzipSync(buf, { level: 9 }).length;

async function build(b, outdir, nodePaths) {
  const result = await esbuild.build({
    entryPoints: [join(BENCHES, "apps", b.entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outfile: join(outdir, "app.js"),
    nodePaths,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
  });
  return { js: readFileSync(join(outdir, "app.js")), metafile: result.metafile };
}

/** Builds every bundle (twice, to check the output is deterministic) and measures it. */
export async function measureBundles({ ours, twice = true }) {
  const nodePaths = [join(ours.consumer, "node_modules"), join(BENCHES, "node_modules")];
  const out = [];
  for (const b of BUNDLES) {
    const outdir = join(OUT, "bundles", b.key);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    const first = await build(b, outdir, nodePaths);
    if (twice) {
      const second = await build(b, outdir, nodePaths);
      if (!first.js.equals(second.js)) throw new Error(`bundle ${b.key} differs between two builds`);
    }
    const row = { ...b, jsRaw: first.js.length, jsGzip: gzip(first.js), wasmRaw: 0, wasmGzip: 0, inputs: topInputs(first.metafile) };
    if (b.wasm) {
      const wasmFile = join(ours.pkgDir, "datadog_okta_wasm_bg.wasm");
      copyFileSync(wasmFile, join(outdir, "datadog_okta_wasm_bg.wasm"));
      const wasm = readFileSync(wasmFile);
      row.wasmRaw = wasm.length;
      row.wasmGzip = gzip(wasm);
    }
    row.totalRaw = row.jsRaw + row.wasmRaw;
    row.totalGzip = row.jsGzip + row.wasmGzip;
    row.calls = smoke(join(outdir, "app.js"));
    out.push(row);
  }
  return out;
}

/** The largest inputs of a bundle, by bytes of output, grouped by package. */
function topInputs(metafile) {
  const byPkg = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = m ? m[1] : path.replace(/^.*\/(apps\/)/, "$1");
      byPkg.set(key, (byPkg.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPkg.entries()].sort((a, b) => b[1] - a[1]);
}

/** Runs the bundled app once in Node against a stub API: proves it makes its five calls. */
function smoke(file) {
  const r = spawnSync(process.execPath, [join(BENCHES, "lib", "smoke-bundle.mjs"), file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bundle ${file} failed to run: ${r.stderr.split("\n").filter((l) => l.length < 300).slice(-8).join("\n")}`);
  const outText = r.stdout;
  const { calls, result } = JSON.parse(outText);
  if (calls.length !== 5 || !result?.id) throw new Error(`bundle ${file} did not run its five calls: ${outText}`);
  return calls;
}
