// Entry for Cloudflare Workers (the `workerd` condition, which wrangler resolves first): workerd
// compiles no wasm from bytes, so the .wasm comes in as a module, which wrangler bundles beside
// the worker (its CompiledWasm rule).
import wasm from "./datadog_okta_wasm_bg.wasm";
import { createLibrary, initWith, preloadWith } from "./core.mjs";

const lib = createLibrary(() => wasm);

export const { client, v2 } = lib;
export const preload = () => preloadWith(lib.loader);
export const init = (moduleOrBytes) => initWith(lib.loader, moduleOrBytes);
