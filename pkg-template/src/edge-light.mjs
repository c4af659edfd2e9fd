// Entry for Vercel's Edge runtime and Next.js edge builds (the `edge-light` condition): the .wasm
// comes in as a module compiled ahead of time (`?module`), as the runtime compiles no wasm from bytes.
import wasm from "./datadog_okta_wasm_bg.wasm?module";
import { createLibrary, initWith, preloadWith } from "./core.mjs";

const lib = createLibrary(() => wasm);

export const { client, v2 } = lib;
export const preload = () => preloadWith(lib.loader);
export const init = (moduleOrBytes) => initWith(lib.loader, moduleOrBytes);
