// The JS surface: `client` and `v2`, shaped like Datadog's official TypeScript client. Every
// method is a thin translation: JS values in (one JSON string, built here inside a try/catch),
// the Rust core runs, JSON or an error descriptor out.

import { ERROR_CLASSES, ValidationError, fromDescriptor } from "./errors.mjs";
import { BaseServerConfiguration, Configuration, createConfiguration, isSignal } from "./configuration.mjs";
import { drive } from "./drive.mjs";
import { createRules } from "./rules.mjs";

/** Largest request (parameters and configuration as JSON) accepted, in characters. */
const MAX_REQUEST_CHARS = 1 << 20;

// Server runtimes that hold keys legitimately, though some look like a browser worker.
const serverRuntime =
  typeof globalThis.Deno !== "undefined" ||
  typeof globalThis.Bun !== "undefined" ||
  typeof globalThis.EdgeRuntime === "string" ||
  globalThis.navigator?.userAgent === "Cloudflare-Workers";
const isPage = typeof window !== "undefined" && typeof document !== "undefined";
const isWorker = typeof WorkerGlobalScope !== "undefined" || typeof importScripts === "function";
// Every browser scope (a page, a dedicated, shared or service worker) gets the browser rule: any
// script running there can read what the page's code holds.
const isBrowser = isPage || (isWorker && !serverRuntime);
// Browsers and workers set their own User-Agent; adding one there would only cost a preflight.
const noUserAgent = isPage || isWorker;

/** A fresh AbortSignal that follows the caller's; `unlink` stops following. */
function linkSignal(signal) {
  const controller = new AbortController();
  const onAbort = () => {
    try {
      controller.abort(signal.reason);
    } catch {
      controller.abort();
    }
  };
  signal.addEventListener("abort", onAbort);
  return {
    signal: controller.signal,
    unlink() {
      try {
        signal.removeEventListener("abort", onAbort);
      } catch {
        // A signal whose removeEventListener throws keeps a reference to a finished call; harmless.
      }
    },
  };
}

const unreadable = (e) => `could not be read as JSON (${e?.name ?? "Error"}: ${String(e?.message ?? e).slice(0, 200)})`;

/** JSON.stringify that reports, instead of throwing, what it could not read. */
function stringify(value, path, problems) {
  try {
    return value === undefined ? undefined : JSON.stringify(value);
  } catch (e) {
    problems.push({ path, message: unreadable(e) });
    return undefined;
  }
}

function validationError(operation, problems) {
  const detail = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
  return new ValidationError(`${operation}: invalid input: ${detail}`, problems);
}

/**
 * Builds the public API over a loader that resolves to the wasm-bindgen module, initialised.
 * The loader runs on the first call, and again after a failed load; after a wasm trap (a bug)
 * every call rejects with a message that says so.
 */
export function createApi(load) {
  let ready;
  let loaded;
  let trapped;
  const wasm = () => {
    if (trapped) return Promise.reject(new Error(`datadog-okta-wasm: the WebAssembly module stopped after an internal error (${trapped}); this is a bug, please report it. Restart the process or reload the page.`));
    return (ready ??= Promise.resolve()
      .then(load)
      .then((module) => (loaded = module))
      .catch((e) => {
        ready = undefined; // a failed load (say, the .wasm could not be fetched) is retried
        throw e;
      }));
  };

  async function call(operation, configuration, params, options) {
    let cfg = configuration;
    let callOptions;
    if (options instanceof Configuration) cfg = options;
    else if (options !== undefined) callOptions = options;

    if (!(cfg instanceof Configuration)) {
      throw validationError(operation, [{ path: "configuration", message: "must be a Configuration from client.createConfiguration()" }]);
    }
    const { fetch, onResponse, signal: configSignal } = cfg._forCall();
    let signal = configSignal;
    let optionsWire = callOptions;
    if (callOptions !== null && typeof callOptions === "object" && isSignal(callOptions.signal)) {
      signal = callOptions.signal;
      optionsWire = { ...callOptions };
      delete optionsWire.signal;
    }
    // Rust only ever sees a signal of our own, linked to the caller's inside a try/catch: a
    // hostile signal-like object (getters or listeners that throw) cannot reach it.
    let link;
    if (signal) {
      try {
        if (signal.aborted) throw { aborted: signal.reason };
        link = linkSignal(signal);
      } catch (e) {
        if (e && "aborted" in e) throw e.aborted;
        throw validationError(operation, [{ path: "options.signal", message: `is not a usable AbortSignal (${String(e?.message ?? e).slice(0, 200)})` }]);
      }
    }

    const fetchFn = fetch ?? (typeof globalThis.fetch === "function" ? (url, init) => globalThis.fetch(url, init) : undefined);
    const problems = [];
    if (!fetchFn) problems.push({ path: "configuration.fetch", message: "is required: this runtime has no global fetch" });
    const optionsJson = stringify(optionsWire, "options", problems);
    let wire;
    try {
      wire = cfg._json();
    } catch (e) {
      problems.push({ path: "configuration", message: unreadable(e) });
    }
    const config = `{"config":${wire ?? "null"},"isBrowser":${isBrowser},"noUserAgent":${noUserAgent},"observe":${onResponse !== undefined}${optionsJson === undefined ? "" : `,"options":${optionsJson}`}}`;
    const paramsJson = stringify(params, "params", problems) ?? "";
    if (config.length + paramsJson.length > MAX_REQUEST_CHARS) problems.push({ path: "params", message: `is larger than ${MAX_REQUEST_CHARS} characters as JSON` });
    if (problems.length > 0) throw validationError(operation, problems);

    let out;
    try {
      // Once loaded, the module is used without waiting a turn.
      out = await drive(trapped === undefined && loaded ? loaded : await wasm(), operation, config, paramsJson, fetchFn, link?.signal ?? null, onResponse);
    } catch (raw) {
      // A trap is a bug, and it leaves the instance in an unknown state: refuse further calls
      // with a clear message rather than risk wrong answers.
      if (raw instanceof WebAssembly.RuntimeError) trapped = String(raw.message);
      throw raw;
    } finally {
      link?.unlink();
    }
    if (out.error) throw fromDescriptor(out.error, out.cause, signal);
    return out.result;
  }

  async function validate(kind, body) {
    const problems = [];
    const json = stringify(body === undefined ? {} : { body }, "body", problems);
    if (problems.length > 0) return problems;
    if (json.length > MAX_REQUEST_CHARS) return [{ path: "body", message: `is larger than ${MAX_REQUEST_CHARS} characters as JSON` }];
    const module = await wasm();
    return JSON.parse(module.ask(kind, json));
  }

  /** The five operations of Datadog's Okta integration, as in the official client. */
  class OktaIntegrationApi {
    #configuration;

    constructor(configuration) {
      this.#configuration = configuration;
    }

    /**
     * Lists every Okta account of the organisation.
     * @example const { data } = await api.listOktaAccounts();
     */
    listOktaAccounts(options) {
      return call("listOktaAccounts", this.#configuration, undefined, options);
    }

    /**
     * Creates an Okta account; resolves to it with its server-assigned id.
     * @example await api.createOktaAccount({ body: { data: { attributes: { authMethod: "oauth", domain: "https://example.okta.com/", name: "prod", clientId: "...", clientSecret: "..." }, type: "okta-accounts" } } });
     */
    createOktaAccount(param, options) {
      return call("createOktaAccount", this.#configuration, param, options);
    }

    /**
     * Gets one Okta account by id.
     * @example const { data } = await api.getOktaAccount({ accountId });
     */
    getOktaAccount(param, options) {
      return call("getOktaAccount", this.#configuration, param, options);
    }

    /**
     * Updates an Okta account. The response may carry a new id: use it from then on.
     * @example const { data } = await api.updateOktaAccount({ accountId, body: { data: { attributes: { authMethod: "oauth", domain: "https://example.okta.com/", clientId: "...", clientSecret: "..." }, type: "okta-accounts" } } });
     */
    updateOktaAccount(param, options) {
      return call("updateOktaAccount", this.#configuration, param, options);
    }

    /**
     * Deletes an Okta account; resolves to `undefined`.
     * @example await api.deleteOktaAccount({ accountId });
     */
    deleteOktaAccount(param, options) {
      return call("deleteOktaAccount", this.#configuration, param, options);
    }
  }

  const client = Object.freeze({
    createConfiguration,
    Configuration,
    BaseServerConfiguration,
    ...ERROR_CLASSES,
    rules: createRules(wasm),
  });

  const v2 = Object.freeze({
    OktaIntegrationApi,
    /**
     * Checks a create body without sending it: resolves to every problem (empty when valid).
     * @example const problems = await v2.validateOktaAccountRequest(body);
     */
    validateOktaAccountRequest: (body) => validate("create", body),
    /**
     * Checks an update body without sending it: resolves to every problem (empty when valid).
     * @example const problems = await v2.validateOktaAccountUpdateRequest(body);
     */
    validateOktaAccountUpdateRequest: (body) => validate("update", body),
  });

  return { client, v2 };
}
