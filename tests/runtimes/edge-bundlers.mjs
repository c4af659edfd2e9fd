// The edge runtimes' bundlers, as far as this package meets them: esbuild with the resolve
// conditions and the .wasm handling of each, so that the tests run what a user's deploy would.
//
// - wrangler (Cloudflare): conditions `workerd`, `worker`, `browser`; ES module output, target
//   es2022; an imported `.wasm` (or `.wasm?module`) is its CompiledWasm rule: left out of the
//   bundle as a module of its own named `<sha1>-<file>`, which the upload (here: workerd's config)
//   declares as a wasm module.
// - Next.js edge builds (Vercel): condition `edge-light` first; `x.wasm?module` becomes a
//   reference to a global `wasm_<sha1>`, which the runtime binds to the module it compiled ahead
//   of time (the build emits the file beside the bundle).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as esbuild from "esbuild";

const sha1 = (bytes) => createHash("sha1").update(bytes).digest("hex");

/** Bundles `entry` (in `cwd`) as wrangler does; resolves to { code, modules: [{ name, file, bytes }], warnings }. */
export async function bundleLikeWrangler(cwd, entry, { conditions = ["workerd", "worker", "browser"] } = {}) {
  const modules = [];
  const compiledWasm = {
    name: "compiled-wasm",
    setup(build) {
      build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = join(args.resolveDir, args.path.replace(/\?module$/, ""));
        const bytes = readFileSync(file);
        const name = `${sha1(bytes)}-${basename(file)}`;
        if (!modules.some((m) => m.name === name)) modules.push({ name, file: basename(file), bytes });
        return { path: `./${name}`, external: true };
      });
    },
  };
  const r = await esbuild.build({
    absWorkingDir: cwd, entryPoints: [entry], bundle: true, write: false, format: "esm", target: "es2022",
    conditions, plugins: [compiledWasm], logLevel: "silent", outfile: join(cwd, "dist-wrangler/index.js"),
  });
  return { code: r.outputFiles[0].text, modules, warnings: r.warnings };
}

/** Bundles `entry` as a Next.js edge build does, as a script; resolves to { code, bindings: [{ name, file, bytes }], warnings }. */
export async function bundleLikeNextEdge(cwd, entry, { conditions = ["edge-light", "worker", "browser"] } = {}) {
  const bindings = [];
  const wasmBinding = {
    name: "wasm-binding",
    setup(build) {
      build.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\?module$/, "")), namespace: "wasm-binding" }));
      build.onLoad({ filter: /.*/, namespace: "wasm-binding" }, (args) => {
        const bytes = readFileSync(args.path);
        const name = `wasm_${sha1(bytes)}`;
        if (!bindings.some((b) => b.name === name)) bindings.push({ name, file: basename(args.path), bytes });
        return { contents: `module.exports = ${name};`, loader: "js" };
      });
    },
  };
  const r = await esbuild.build({
    absWorkingDir: cwd, entryPoints: [entry], bundle: true, write: false, format: "iife", target: "es2022",
    conditions, plugins: [wasmBinding], logLevel: "silent", outfile: join(cwd, "dist-edge/index.js"),
  });
  return { code: r.outputFiles[0].text, bindings, warnings: r.warnings };
}
