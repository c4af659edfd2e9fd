// Node's `import` entry: the CommonJS build, re-exported, so `import` and `require` in one
// process share one wasm instance (and `instanceof` works across them).
import cjs from "./node.cjs";

export const client = cjs.client;
export const v2 = cjs.v2;
export const preload = cjs.preload;
export const init = cjs.init;
