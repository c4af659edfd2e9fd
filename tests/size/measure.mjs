// The bundle of an app calling the five operations from the main entry, as `make bench` builds
// it (benches/apps/ours.mjs: esbuild --bundle --minify --format=esm --platform=browser), from
// pkg/ as built: JS and .wasm, raw and gzip level 9, exact bytes. Also a command:
//   node tests/size/measure.mjs [PKG_DIR]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const gzip = (buf) => gzipSync(buf, { level: 9 }).length;

/** Bundles the app against `pkgDir` into a temporary folder; returns the sizes and the folder. */
export async function measureBundle(pkgDir = join(ROOT, "pkg")) {
  const dir = mkdtempSync(join(tmpdir(), "okta-size-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(resolve(pkgDir), join(dir, "node_modules", "datadog-okta-wasm"), "dir");
  const outfile = join(dir, "out", "app.js");
  await esbuild.build({
    entryPoints: [join(ROOT, "benches", "apps", "ours.mjs")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outfile,
    nodePaths: [join(dir, "node_modules")],
    logLevel: "silent",
    legalComments: "none",
  });
  const js = readFileSync(outfile);
  const wasmFile = join(pkgDir, "datadog_okta_wasm_bg.wasm");
  const wasm = readFileSync(wasmFile);
  const sizes = { jsRaw: js.length, jsGzip: gzip(js), wasmRaw: wasm.length, wasmGzip: gzip(wasm) };
  sizes.totalGzip = sizes.jsGzip + sizes.wasmGzip;
  return { sizes, dir, outfile, wasmFile };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sizes, dir } = await measureBundle(process.argv[2] ?? join(ROOT, "pkg"));
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(sizes));
}
