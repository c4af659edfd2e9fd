// Source of the Node entry (built into node.cjs by esbuild): the wasm is read from disk and
// compiled synchronously on the first call; no top-level await, so `require` works too.
import { initSync } from "./datadog_okta_wasm.js";
import * as glue from "./datadog_okta_wasm.js";
import { createApi } from "./api.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const { client, v2 } = createApi(() => {
  // __dirname is the package folder once bundled as CommonJS.
  initSync({ module: readFileSync(join(__dirname, "datadog_okta_wasm_bg.wasm")) });
  return glue;
});
