// Type declarations of datadog-okta-wasm. Hand-written (wasm-bindgen emits no namespaces
// and no Error subclasses) and checked with `tsc --strict` against the seed examples and the
// README snippets by `make test`.

/** The part of `AbortSignal` the library uses, for projects without DOM or Node types. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** The runtime's `AbortSignal` where its types are loaded (DOM or @types/node), else the part we use. */
export type AbortSignalType = typeof globalThis extends { AbortSignal: { prototype: infer T } } ? T : AbortSignalLike;

/** What the library passes to `fetch` as its second argument. */
export interface FetchInit {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignalType;
}

/** The part of a fetch `Response` the library reads. */
export interface FetchResponse {
  readonly status: number;
  /** `Headers`: iterable, or with `forEach` (TypeScript's DOM lib without `dom.iterable`). */
  readonly headers: Iterable<[string, string]> | { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}

/** A `fetch` function: the global one fits, and so does a stub of this shape. */
export type FetchFunction = (input: string, init: FetchInit) => Promise<FetchResponse>;

/** A problem found in the input: where (`body.data.attributes.domain`) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** The `X-RateLimit-*` figures of a response; absent headers are absent fields. */
export interface RateLimit {
  limit?: number;
  period?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  reset?: number;
  name?: string;
}

/** What `onResponse` receives after every attempt. Never holds a key or a body. */
export interface ResponseEvent {
  operation: "listOktaAccounts" | "createOktaAccount" | "getOktaAccount" | "updateOktaAccount" | "deleteOktaAccount";
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** The HTTP status, or `null` when no response arrived. */
  status: number | null;
  /** 1 for the first attempt of a call, then 2, 3, ... */
  attempt: number;
  durationMs: number;
  rateLimit: RateLimit | null;
  /** Why no response arrived. */
  error?: "network" | "timeout" | "aborted";
}

/** Per-call options: a signal that cancels the call (waits included) and a per-attempt limit. */
export interface CallOptions {
  signal?: AbortSignalType;
  timeoutMs?: number;
}

export declare namespace client {
  /** The parameters of `createConfiguration`; the official names plus a few of ours. */
  interface ConfigurationParameters {
    /** DD keys; missing ones come from `DD_API_KEY` / `DD_APP_KEY`. */
    authMethods?: { apiKeyAuth?: string; appKeyAuth?: string };
    /** A custom base URL (a proxy, a test server) instead of a Datadog site. */
    baseServer?: BaseServerConfiguration;
    /** `signal` cancels every call made with this configuration. */
    httpConfig?: { signal?: AbortSignalType; compress?: boolean };
    /** The `fetch` to use (proxies, edge runtimes, tests); the global one by default. */
    fetch?: FetchFunction;
    /** Retries on (default `true`, unlike the official client). */
    enableRetry?: boolean;
    /** Retries after the first attempt (default 3, at most 10). */
    maxRetries?: number;
    /** Backoff base in seconds (default 2). */
    backoffBase?: number;
    /** Backoff multiplier (default 2). */
    backoffMultiplier?: number;
    /** Logs one line per attempt to `console.debug`, without keys or bodies. */
    debug?: boolean;
    /** Limit on one attempt in ms (default 30000). */
    timeoutMs?: number;
    /** Limit on a whole call in ms, retries and waits included (default 120000). */
    deadlineMs?: number;
    /** Largest response body read, in bytes (default 67108864, 64 MiB; 1024 to 268435456); a larger one is a `DecodeError`. */
    maxResponseBytes?: number;
    /** Multiplies every retry wait (default 1); for tests and simulations. */
    retryDelayScale?: number;
    /** Called after every attempt. */
    onResponse?: (event: ResponseEvent) => void;
    /** Allows DD keys over plain http:// to a host other than loopback. */
    allowInsecureHttp?: boolean;
    /** Allows DD keys to a Datadog site from a browser page or worker. */
    dangerouslyAllowBrowser?: boolean;
  }

  /** A client configuration. Keys are private; `JSON.stringify` and `util.inspect` redact. */
  class Configuration {
    private constructor();
    /** Selects the site: `{ site: "datadoghq.eu" }`. */
    setServerVariables(serverVariables: { [key: string]: string }): void;
    toJSON(): object;
  }

  /** A numeric option's accepted range and default. */
  interface RuleRange {
    min: number;
    max: number;
    default: number;
    integer: boolean;
  }

  /** One attribute of an account, as the core describes it. */
  interface RuleField {
    /** The camelCase name (`clientSecret`). */
    name: string;
    /** The snake_case name on the wire (`client_secret`). */
    wire: string;
    /** `name` (create only, the planner's key), `authMethod`, `required`, `credential`, or `secret` (write-only). */
    role: "name" | "authMethod" | "required" | "credential" | "secret";
    /** The auth method a credential belongs to. */
    authMethod?: string;
  }

  /** The rule book of the core: what `client.rules.describe()` resolves to (frozen). */
  interface RuleBook {
    version: number;
    defaultSite: string;
    /** The Datadog sites; the API host is `api.` + site. */
    sites: string[];
    /** A site under one of these is accepted too. */
    datadogDomains: string[];
    /** Okta's parent domains: a desired file warns about an account's domain under none of them. */
    oktaDomains: string[];
    accountsPath: string;
    maxAccountIdLength: number;
    maxKeyLength: number;
    /** The account's attributes, in wire order. */
    fields: RuleField[];
    /** Per auth method: the attribute holding its secret, and its credentials. */
    authMethods: { [method: string]: { secretField: string; fields: string[] } };
    /** The numeric configuration options, and `concurrency` of an apply. */
    limits: { [option: string]: RuleRange };
    reasonPhrases: { [status: string]: string };
    /** The permission each operation needs (`integrations_read`, `manage_integrations`). */
    permissions: { [operation: string]: string };
    /** The error classes of the package, the base first. */
    errorClasses: string[];
  }

  /** What a rule says of a value: every problem (paths empty: the caller names the value). */
  interface RuleCheck {
    problems: Problem[];
  }

  /** The rules of the API, as the core owns them: for forms, tools and proxies. */
  interface Rules {
    describe(): Promise<RuleBook>;
    /** `origin` and `organisation`: the organisation's canonical key (`https://api.datadoghq.eu`). */
    checkSite(site: string): Promise<RuleCheck & { site?: string; baseUrl?: string; origin?: string; organisation?: string }>;
    /** `origin`: the canonical origin (`localhost`, `127.0.0.1` and `[::1]` one name); `organisation`: it and the path, if any. */
    checkBaseUrl(url: string, options?: { keys?: boolean; allowInsecureHttp?: boolean }): Promise<RuleCheck & { baseUrl?: string; host?: string; loopback?: boolean; datadog?: boolean; origin?: string; organisation?: string }>;
    checkKey(key: string): Promise<RuleCheck>;
    checkAccountId(id: string): Promise<RuleCheck & { path?: string }>;
    checkDomain(domain: string): Promise<RuleCheck>;
    checkApiPath(path: string): Promise<RuleCheck & { path?: string; accountId?: string }>;
  }

  /** The rules of the API (sites, keys, ids, domains, secrets per auth method, limits). */
  const rules: Rules;

  /** Creates a configuration. Never throws: a bad value makes the calls reject. */
  function createConfiguration(params?: ConfigurationParameters): Configuration;

  /** A custom base URL, as in the official client. */
  class BaseServerConfiguration {
    constructor(url: string, variableConfiguration: { [key: string]: string });
    url: string;
    variableConfiguration: { [key: string]: string };
    setVariables(variableConfiguration: { [key: string]: string }): void;
    getConfiguration(): { [key: string]: string };
    getUrl(): string;
  }

  /** The base of every error of this library: `instanceof client.DatadogOktaError` catches them all. */
  class DatadogOktaError extends Error {}

  /** An HTTP error from the API. */
  class ApiException<T = v2.APIErrorResponse | string> extends DatadogOktaError {
    constructor(code: number, body: T);
    /** The HTTP status. */
    code: number;
    /** `{ errors: [...] }` as the API sends it, or the raw text when it is not that JSON. */
    body: T;
    /** The response headers, names lower-case. */
    headers: { [name: string]: string };
    rateLimit?: RateLimit;
  }

  /** Bad input, rejected before any request. */
  class ValidationError extends DatadogOktaError {
    problems: Problem[];
  }

  /** `timeoutMs` (`scope: "attempt"`) or `deadlineMs` (`scope: "deadline"`) expired. */
  class TimeoutError extends DatadogOktaError {
    scope: "attempt" | "deadline";
    timeoutMs: number;
  }

  /** `fetch` failed; the runtime's error is `cause`. */
  class NetworkError extends DatadogOktaError {}

  /** A success response whose body is not the documented JSON. */
  class DecodeError extends DatadogOktaError {
    code: number;
    snippet: string;
  }

  /** A create or update that may or may not have been applied and was not repeated. */
  class UnknownOutcomeError extends DatadogOktaError {
    cause: ApiException | NetworkError | TimeoutError;
  }
}

export declare namespace v2 {
  /** Account type for an Okta account. */
  type OktaAccountType = "okta-accounts";

  /** Attributes of an Okta account, as sent on create. */
  interface OktaAccountAttributes {
    /** The Okta API token (write-only: never returned). */
    apiKey?: string;
    /** `"oauth"` or `"api_key"`. */
    authMethod: string;
    /** The Client ID of an Okta app integration. */
    clientId?: string;
    /** The client secret of an Okta app integration (write-only: never returned). */
    clientSecret?: string;
    /** The Okta domain, an absolute https:// URL. */
    domain: string;
    /** The account name; it cannot be changed later. */
    name: string;
  }

  /** An Okta account in a request. */
  interface OktaAccount {
    attributes: OktaAccountAttributes;
    /** Ignored by the API: it assigns the id. */
    id?: string;
    type: OktaAccountType;
  }

  interface OktaAccountRequest {
    data: OktaAccount;
  }

  interface OktaAccountUpdateRequestAttributes {
    apiKey?: string;
    authMethod: string;
    clientId?: string;
    clientSecret?: string;
    domain: string;
  }

  interface OktaAccountUpdateRequestData {
    attributes?: OktaAccountUpdateRequestAttributes;
    type?: OktaAccountType;
  }

  interface OktaAccountUpdateRequest {
    data: OktaAccountUpdateRequestData;
  }

  /** The attributes of an account as returned: secrets never come back. */
  interface OktaAccountResponseAttributes {
    authMethod: string;
    clientId?: string;
    domain: string;
    name: string;
    /** Attributes this version does not know, kept as sent. */
    additionalProperties?: { [key: string]: unknown };
  }

  /** An account as returned. */
  interface OktaAccountResponseData {
    attributes: OktaAccountResponseAttributes;
    /** Assigned by the server; an update may change it. */
    id?: string;
    /** `"okta-accounts"`, or an unknown value kept as sent. */
    type: OktaAccountType | (string & {});
    additionalProperties?: { [key: string]: unknown };
  }

  interface OktaAccountResponse {
    data?: OktaAccountResponseData;
    additionalProperties?: { [key: string]: unknown };
  }

  interface OktaAccountsResponse {
    data?: OktaAccountResponseData[];
    additionalProperties?: { [key: string]: unknown };
  }

  /** The error body of the API. */
  interface APIErrorResponse {
    errors: string[];
  }

  interface OktaIntegrationApiCreateOktaAccountRequest {
    body: OktaAccountRequest;
  }

  interface OktaIntegrationApiGetOktaAccountRequest {
    accountId: string;
  }

  interface OktaIntegrationApiUpdateOktaAccountRequest {
    accountId: string;
    body: OktaAccountUpdateRequest;
  }

  interface OktaIntegrationApiDeleteOktaAccountRequest {
    accountId: string;
  }

  /** The five operations of Datadog's Okta integration. */
  class OktaIntegrationApi {
    constructor(configuration: client.Configuration);
    /** Lists every Okta account of the organisation. */
    listOktaAccounts(options?: client.Configuration | CallOptions): Promise<OktaAccountsResponse>;
    /** Creates an account; the result carries its server-assigned id. */
    createOktaAccount(param: OktaIntegrationApiCreateOktaAccountRequest, options?: client.Configuration | CallOptions): Promise<OktaAccountResponse>;
    /** Gets one account. */
    getOktaAccount(param: OktaIntegrationApiGetOktaAccountRequest, options?: client.Configuration | CallOptions): Promise<OktaAccountResponse>;
    /** Updates an account; use the id in the result from then on (it can change). */
    updateOktaAccount(param: OktaIntegrationApiUpdateOktaAccountRequest, options?: client.Configuration | CallOptions): Promise<OktaAccountResponse>;
    /** Deletes an account; resolves to `undefined`. */
    deleteOktaAccount(param: OktaIntegrationApiDeleteOktaAccountRequest, options?: client.Configuration | CallOptions): Promise<void>;
  }

  /** Checks a create body without sending it: every problem, empty when valid. */
  function validateOktaAccountRequest(body: unknown): Promise<Problem[]>;
  /** Checks an update body without sending it: every problem, empty when valid. */
  function validateOktaAccountUpdateRequest(body: unknown): Promise<Problem[]>;
}

/**
 * The runtime's `WebAssembly.Module` where its types are loaded (DOM or @types/node), else any
 * object. An object either way: the DOM's `Module` is an empty interface, which a string would fit.
 */
export type WasmModuleType = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T & object : object;

/** What `init()` takes: the compiled module, the .wasm file's bytes, or a `Response` of them. */
export type WasmSource = WasmModuleType | ArrayBuffer | ArrayBufferView | { arrayBuffer(): Promise<ArrayBuffer> };

/**
 * Starts loading and compiling the WebAssembly module now, before the first call (which would do
 * it otherwise). Optional. Resolves once it is ready; rejects if it cannot be loaded, and the next
 * call tries again. Its promise may be ignored.
 * @example preload(); // as the page starts; the first call then finds the module ready
 */
export function preload(): Promise<void>;

/**
 * Hands the WebAssembly module over, for hosts that load it themselves (the package's own copy is
 * `datadog-okta-wasm/datadog_okta_wasm_bg.wasm`), then loads it. Optional; call it before the
 * first call: once the module is loaded, later calls to `init` change nothing.
 * @example await init(await WebAssembly.compileStreaming(fetch(wasmUrl)));
 */
export function init(moduleOrBytes: WasmSource | PromiseLike<WasmSource>): Promise<void>;
