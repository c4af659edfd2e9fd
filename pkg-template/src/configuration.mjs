// Configuration objects with the official client's names. Nothing here throws for a bad
// value: the values are checked in Rust when a call runs, and the call rejects.

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[REDACTED]";

/** Copies own enumerable keys into a fresh object without ever touching a prototype. */
function plainCopy(source) {
  const out = {};
  for (const key of Object.keys(source)) {
    Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(v) {
  return typeof v === "object" && v !== null;
}

/** Duck-typed AbortSignal check, so signals from other realms and polyfills work. */
export function isSignal(v) {
  try {
    return isObject(v) && typeof v.aborted === "boolean" && typeof v.addEventListener === "function";
  } catch {
    return false; // a getter that throws: not a signal we can use
  }
}

/** Reads the environment where there is one (Node, Bun, Deno with --allow-env). */
function readEnv(name) {
  try {
    const value = globalThis.process?.env?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined; // Deno without --allow-env throws
  }
}

/** A custom base URL, as in the official client: `new BaseServerConfiguration(url, {})`. */
export class BaseServerConfiguration {
  constructor(url, variableConfiguration = {}) {
    this.url = url;
    this.variableConfiguration = isObject(variableConfiguration) ? plainCopy(variableConfiguration) : {};
  }

  /** Sets URL variables (`{name}` in the URL). */
  setVariables(variableConfiguration) {
    if (isObject(variableConfiguration)) {
      Object.assign(this.variableConfiguration, plainCopy(variableConfiguration));
    }
  }

  getConfiguration() {
    return this.variableConfiguration;
  }

  /** The URL with its variables replaced. */
  getUrl() {
    let url = String(this.url);
    for (const key of Object.keys(this.variableConfiguration)) {
      url = url.split(`{${key}}`).join(String(this.variableConfiguration[key]));
    }
    return url;
  }
}

/** A client configuration; create it with `createConfiguration`. Keys stay private. */
export class Configuration {
  #params;
  #serverVariables;
  #fetch;
  #onResponse;
  #signal;
  // The JSON-able part as JSON text, and the base URL it was made with: a client makes many
  // calls with one configuration, which then is copied and serialised once (and again after
  // setServerVariables, or when its BaseServerConfiguration's URL changes).
  #json;
  #jsonUrl;

  constructor(params, serverVariables, functions) {
    this.#params = params;
    this.#serverVariables = serverVariables;
    this.#fetch = functions.fetch;
    this.#onResponse = functions.onResponse;
    this.#signal = functions.signal;
  }

  /** Selects the site: `setServerVariables({ site: "datadoghq.eu" })`. */
  setServerVariables(serverVariables) {
    this.#json = undefined;
    const base = this.#params?.baseServer;
    if (base instanceof BaseServerConfiguration) {
      base.setVariables(serverVariables);
    } else if (isObject(serverVariables)) {
      Object.assign(this.#serverVariables, plainCopy(serverVariables));
    } else {
      this.#serverVariables = serverVariables; // refused when a call runs
    }
  }

  /** @internal What a call needs: the functions and the signal. */
  _forCall() {
    return { fetch: this.#fetch, onResponse: this.#onResponse, signal: this.#signal };
  }

  /** @internal The JSON-able part as JSON text (undefined for none); throws what JSON.stringify throws. */
  _json() {
    const base = isObject(this.#params) ? this.#params.baseServer : undefined;
    const url = base instanceof BaseServerConfiguration ? base.getUrl() : undefined;
    if (this.#json === undefined || url !== this.#jsonUrl) {
      this.#json = JSON.stringify(this.#wire()) ?? null;
      this.#jsonUrl = url;
    }
    return this.#json ?? undefined;
  }

  #wire() {
    const p = this.#params;
    if (!isObject(p)) return p === undefined ? {} : p;
    const wire = plainCopy(p);
    if (typeof wire.fetch === "function") delete wire.fetch;
    if (typeof wire.onResponse === "function") delete wire.onResponse;
    if (wire.baseServer instanceof BaseServerConfiguration) wire.baseServer = wire.baseServer.getUrl();
    if (isObject(wire.httpConfig)) {
      wire.httpConfig = plainCopy(wire.httpConfig);
      if (isSignal(wire.httpConfig.signal)) delete wire.httpConfig.signal;
    }
    if (wire.baseServer === undefined) wire.serverVariables = this.#serverVariables;
    return wire;
  }

  #redacted() {
    const w = this.#wire();
    if (!isObject(w)) return w;
    const out = plainCopy(w);
    if (isObject(out.authMethods)) {
      out.authMethods = plainCopy(out.authMethods);
      for (const k of Object.keys(out.authMethods)) out.authMethods[k] = REDACTED;
    }
    if (this.#fetch) out.fetch = "[Function]";
    if (this.#onResponse) out.onResponse = "[Function]";
    return out;
  }

  /** A copy with every key replaced by `[REDACTED]`. */
  toJSON() {
    return this.#redacted();
  }

  [INSPECT]() {
    return `Configuration ${JSON.stringify(this.#redacted(), null, 2)}`;
  }
}

/** A console logger for `debug: true`: one line per attempt, never a key or a body. */
function debugLogger(event) {
  const rl = event.rateLimit?.remaining !== undefined ? ` remaining=${event.rateLimit.remaining}` : "";
  const outcome = event.status ?? event.error;
  console.debug(`[datadog-okta-wasm] ${event.operation} ${event.method} ${event.path} -> ${outcome} attempt=${event.attempt} ${Math.round(event.durationMs)}ms${rl}`);
}

/**
 * Creates a configuration. Missing keys come from `DD_API_KEY` / `DD_APP_KEY` and the site
 * from `DD_SITE` where an environment exists, as in the official client. Never throws.
 *
 * @example
 * const configuration = client.createConfiguration({ authMethods: { apiKeyAuth: "...", appKeyAuth: "..." } });
 * configuration.setServerVariables({ site: "datadoghq.eu" });
 */
export function createConfiguration(params = {}) {
  if (!isObject(params)) return new Configuration(params, {}, {});
  const p = plainCopy(params);
  // A private copy, as for authMethods: the configuration's JSON is made once.
  if (isObject(p.httpConfig)) p.httpConfig = plainCopy(p.httpConfig);
  if (p.authMethods === undefined || isObject(p.authMethods)) {
    const auth = p.authMethods === undefined ? {} : plainCopy(p.authMethods);
    if (!("apiKeyAuth" in auth) && readEnv("DD_API_KEY")) auth.apiKeyAuth = readEnv("DD_API_KEY");
    if (!("appKeyAuth" in auth) && readEnv("DD_APP_KEY")) auth.appKeyAuth = readEnv("DD_APP_KEY");
    if (Object.keys(auth).length > 0 || p.authMethods !== undefined) p.authMethods = auth;
  }
  const serverVariables = {};
  const site = readEnv("DD_SITE");
  if (site) serverVariables.site = site;
  const functions = {
    fetch: typeof p.fetch === "function" ? p.fetch : undefined,
    onResponse: typeof p.onResponse === "function" ? p.onResponse : undefined,
    signal: isObject(p.httpConfig) && isSignal(p.httpConfig.signal) ? p.httpConfig.signal : undefined,
  };
  if (p.debug === true) {
    const user = functions.onResponse;
    functions.onResponse = user
      ? (e) => {
          debugLogger(e);
          user(e);
        }
      : debugLogger;
  }
  return new Configuration(p, serverVariables, functions);
}
