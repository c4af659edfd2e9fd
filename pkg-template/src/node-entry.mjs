// Source of the Node entry (built into node.cjs by esbuild): the wasm is read from disk on the
// first call or on `preload()`, unless `init(moduleOrBytes)` hands it over first; no top-level
// await, so `require` works too.
import * as glue from "./datadog_okta_wasm.js";
import { createApi } from "./api.mjs";
import { createLoader, initWith, preloadWith } from "./loader.mjs";
import { readWasmBeside } from "./node-wasm.mjs";

const loader = createLoader(
  (source) => glue.default({ module_or_path: source }).then(() => glue),
  () => readWasmBeside("datadog_okta_wasm_bg.wasm", "datadog-okta-wasm"),
);

export const { client, v2 } = createApi(loader.load);
export const preload = () => preloadWith(loader);
export const init = (moduleOrBytes) => initWith(loader, moduleOrBytes);
