// Source of the Node entry (built into node.cjs by esbuild): the wasm is read from disk on the
// first call or on `preload()`, unless `init(moduleOrBytes)` hands it over first; no top-level
// await, so `require` works too.
import * as glue from "./datadog_okta_wasm.js";
import { createApi } from "./api.mjs";
import { createLoader, initWith, preloadWith } from "./loader.mjs";

const WASM = "datadog_okta_wasm_bg.wasm";

// Node's modules are reached on the first call, and through process.getBuiltinModule where it
// exists (Node 20.16+ and 22.3+, Bun, Deno): a top-level require("node:fs") breaks this build
// when an app bundles it into ESM ("Dynamic require of node:fs is not supported").
function builtin(name) {
  return globalThis.process?.getBuiltinModule?.(name) ?? require(name);
}

function readWasm() {
  const fs = builtin("node:fs");
  const path = builtin("node:path");
  // __dirname is the package folder, or the bundle's folder once an app bundles this as CommonJS.
  // An ESM bundle has no __dirname: the .wasm is then looked for next to the program started.
  const dirs = [];
  if (typeof __dirname === "string") dirs.push(__dirname);
  const main = globalThis.process?.argv?.[1];
  if (typeof main === "string" && main !== "") dirs.push(path.dirname(path.resolve(main)));
  for (const dir of dirs) {
    const file = path.join(dir, WASM);
    if (fs.existsSync(file)) return fs.readFileSync(file);
  }
  throw new Error(
    `datadog-okta-wasm: ${WASM} is not in ${[...new Set(dirs)].join(" nor in ")}. ` +
      "An app bundled for Node needs it copied next to the bundle (or the package kept external).",
  );
}

const loader = createLoader((source) => glue.default({ module_or_path: source }).then(() => glue), readWasm);

export const { client, v2 } = createApi(loader.load);
export const preload = () => preloadWith(loader);
export const init = (moduleOrBytes) => initWith(loader, moduleOrBytes);
