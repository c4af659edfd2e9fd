// The library over a way to find its WebAssembly module: the part that the browser entry
// (web.mjs) and the edge entries (workerd.mjs, edge-light.mjs) share.
import * as glue from "./datadog_okta_wasm.js";
import { createApi } from "./api.mjs";
import { createLoader } from "./loader.mjs";

export { initWith, preloadWith } from "./loader.mjs";

/** `client` and `v2` over `locate()`, which gives the module, its bytes or a Response (or a promise). */
export function createLibrary(locate) {
  const loader = createLoader((source) => glue.default({ module_or_path: source }).then(() => glue), locate);
  return { ...createApi(loader.load), loader };
}
