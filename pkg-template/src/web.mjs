// Entry for browsers, workers and bundlers: the wasm is fetched next to this file
// (`new URL(..., import.meta.url)`, which Vite and most bundlers follow) on the first call.
import init, * as glue from "./datadog_okta_wasm.js";
import { createApi } from "./api.mjs";

export const { client, v2 } = createApi(async () => {
  await init({ module_or_path: new URL("./datadog_okta_wasm_bg.wasm", import.meta.url) });
  return glue;
});
