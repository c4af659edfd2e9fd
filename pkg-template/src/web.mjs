// Entry for browsers, workers and bundlers: the wasm is fetched next to this file
// (`new URL(..., import.meta.url)`, which Vite and most bundlers follow) on the first call.
import init, * as glue from "./datadog_okta_wasm.js";
import { createApi } from "./api.mjs";

export const { client, v2 } = createApi(async () => {
  const url = new URL("./datadog_okta_wasm_bg.wasm", import.meta.url);
  // Node's fetch cannot read file: URLs (Deno's and Bun's can): where Node runs this build (a test
  // runner with browser conditions, an ESM bundle), the file is read instead.
  const fs = url.protocol === "file:" ? globalThis.process?.getBuiltinModule?.("node:fs") : undefined;
  await init({ module_or_path: fs ? fs.readFileSync(url) : url });
  return glue;
});
