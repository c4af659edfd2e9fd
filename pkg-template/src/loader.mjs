// Loading the WebAssembly module, for every entry: once, on the first call or on `preload()`, from
// where the entry finds it or from what `init(moduleOrBytes)` handed over. A failed load is tried
// again on the next call.

const tag = (v) => Object.prototype.toString.call(v);

/**
 * What `init()` takes: a compiled module, the .wasm file's bytes, or a Response of them (or
 * anything with `arrayBuffer()`), or a promise of one. By tag rather than `instanceof`: a host may
 * compile the module in another realm, as Vercel's Edge runtime does.
 */
async function checked(source) {
  const v = await source;
  const t = tag(v);
  if (t === "[object WebAssembly.Module]" || t === "[object ArrayBuffer]" || ArrayBuffer.isView(v)) return v;
  if (typeof Response === "function" && v instanceof Response) return v;
  if (typeof v?.arrayBuffer === "function") return v.arrayBuffer();
  throw new TypeError(`datadog-okta-wasm: init() takes a WebAssembly.Module, the .wasm file's bytes or a Response, not ${t}`);
}

/**
 * The loader of one entry: `locate()` gives its own source (a module, bytes, a Response, or a
 * promise of one), `instantiate(source)` resolves to the initialised wasm-bindgen module.
 */
export function createLoader(instantiate, locate) {
  const loader = {
    locate,
    load: () =>
      (loader.loading ??= Promise.resolve()
        .then(loader.locate)
        .then(instantiate)
        .catch((e) => {
          loader.loading = undefined;
          loader.locate = locate;
          throw e;
        })),
  };
  return loader;
}

/** `preload()`: loads now. Its promise may be ignored: a failure is also seen by the next call. */
export function preloadWith(loader) {
  const ready = loader.load().then(() => undefined);
  ready.catch(() => {});
  return ready;
}

/** `init(moduleOrBytes)`: the module as the host hands it over, before the first call. */
export function initWith(loader, source) {
  if (loader.loading === undefined) loader.locate = () => checked(source);
  return preloadWith(loader);
}
