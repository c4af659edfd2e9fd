// Entry for browsers, workers and bundlers: the wasm is fetched next to this file
// (`new URL(..., import.meta.url)`, which Vite and most bundlers follow) on the first call or on
// `preload()`, unless `init(moduleOrBytes)` hands it over first.
import { createLibrary, initWith, preloadWith } from "./core.mjs";

// The .wasm is fetched with the fetch there was when this module was imported: tests and mocks
// that replace globalThis.fetch afterwards, for the API calls, never see that request.
const fetchAtImport = globalThis.fetch;

const lib = createLibrary(() => {
  const url = new URL("./datadog_okta_wasm_bg.wasm", import.meta.url);
  // Node's fetch cannot read file: URLs (Deno's and Bun's can): where Node runs this build (a test
  // runner with browser conditions, an ESM bundle), the file is read instead.
  const node = url.protocol === "file:" && globalThis.process?.getBuiltinModule;
  return node ? globalThis.process.getBuiltinModule("node:fs").readFileSync(url) : (fetchAtImport ?? globalThis.fetch)(url);
});

export const { client, v2 } = lib;
export const preload = () => preloadWith(lib.loader);
export const init = (moduleOrBytes) => initWith(lib.loader, moduleOrBytes);
