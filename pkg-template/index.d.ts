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
    /** Multiplies every retry wait (default 1); for tests and simulations. */
    retryDelayScale?: number;
    /** Called after every attempt. */
    onResponse?: (event: ResponseEvent) => void;
    /** Allows DD keys over plain http:// to a host other than loopback. */
    allowInsecureHttp?: boolean;
    /** Allows DD keys to a Datadog site from a browser page. */
    dangerouslyAllowBrowser?: boolean;
  }

  /** A client configuration. Keys are private; `JSON.stringify` and `util.inspect` redact. */
  class Configuration {
    private constructor();
    /** Selects the site: `{ site: "datadoghq.eu" }`. */
    setServerVariables(serverVariables: { [key: string]: string }): void;
    toJSON(): object;
  }

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

  /** An HTTP error from the API. */
  class ApiException<T = v2.APIErrorResponse | string> extends Error {
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
  class ValidationError extends Error {
    problems: Problem[];
  }

  /** `timeoutMs` (`scope: "attempt"`) or `deadlineMs` (`scope: "deadline"`) expired. */
  class TimeoutError extends Error {
    scope: "attempt" | "deadline";
    timeoutMs: number;
  }

  /** `fetch` failed; the runtime's error is `cause`. */
  class NetworkError extends Error {}

  /** A success response whose body is not the documented JSON. */
  class DecodeError extends Error {
    code: number;
    snippet: string;
  }

  /** A create or update that may or may not have been applied and was not repeated. */
  class UnknownOutcomeError extends Error {
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

  // Accounts by name, declaratively: find, plan, apply (see the README's "Managing accounts from a file").

  /** The part of WebCrypto the plan uses (HMAC-SHA-256 and random bytes). */
  interface WebCryptoLike {
    subtle: object;
    getRandomValues(array: Uint8Array): Uint8Array;
  }

  /** A desired account: the attributes of a create, secrets included. */
  type OktaDesiredAccount = OktaAccountAttributes;

  /** Desired accounts: a list (each with its `name`), or an object keyed by name. */
  type OktaDesiredAccounts = OktaDesiredAccount[] | { [name: string]: Omit<OktaDesiredAccount, "name"> & { name?: string } };

  /** A fingerprint recorded when a secret was sent, with the id the account had then. */
  interface OktaPlanStateEntry {
    id?: string;
    /** `hmac-sha256:` and a salted hash; never the secret. */
    fingerprint: string;
  }

  /** Secret fingerprints by site (or base URL) and account name. Holds no secret; keep it as JSON between runs. */
  interface OktaPlanState {
    version: 1;
    /** 16 random bytes, base64url. */
    salt: string;
    accounts: { [site: string]: { [name: string]: OktaPlanStateEntry } };
  }

  /** The attributes a plan compares (secrets are compared by fingerprint). */
  type OktaPlanField = "authMethod" | "domain" | "clientId" | "clientSecret" | "apiKey";

  /** Non-secret attributes before or after a change; `null` is absent. */
  interface OktaPlanAttributes {
    authMethod?: string;
    domain?: string;
    clientId?: string | null;
  }

  /** One account in a plan. It never holds a secret. */
  interface OktaPlanChange {
    /** `unmanaged`: on the server, not desired, left alone (no `prune`). */
    action: "create" | "update" | "delete" | "unchanged" | "unmanaged";
    name: string;
    /** The id on the server; absent for a create. */
    id?: string;
    /** The attributes that differ; for a create, every attribute sent. */
    fields: OktaPlanField[];
    /** `unverifiable`: no usable fingerprint, so whether the server has this secret cannot be told. */
    secret: "new" | "changed" | "unchanged" | "unverifiable" | "none";
    /** Why the secret is not verifiable. */
    note?: string;
    before: OktaPlanAttributes;
    after: OktaPlanAttributes;
  }

  /** What `planOktaAccounts` resolves to; JSON-safe (the secrets to send are kept aside). */
  interface OktaAccountPlan {
    /** The key of the fingerprints in the state. */
    site: string;
    prune: boolean;
    /** Desired accounts first, in their order; then the server's other accounts. */
    changes: OktaPlanChange[];
    summary: { create: number; update: number; delete: number; unchanged: number; unmanaged: number };
    /** True when there is something to create, update or delete. */
    hasChanges: boolean;
  }

  interface PlanOktaAccountsOptions {
    /** Fingerprints from earlier runs; a new, empty state when absent. */
    state?: OktaPlanState;
    /** The site or base URL the api talks to: the key of the fingerprints (default `datadoghq.com`). */
    site?: string;
    /** Delete the accounts that are not desired (default false). */
    prune?: boolean;
    /** Update accounts whose secret is not verifiable, so that it becomes known (default false). */
    pushUnverifiableSecrets?: boolean;
    /** The accounts on the server, when already listed (`data` of `listOktaAccounts`). */
    current?: OktaAccountResponseData[];
    signal?: AbortSignalType;
    /** WebCrypto, when the runtime has no `globalThis.crypto` (node:crypto's `webcrypto`). */
    crypto?: WebCryptoLike;
  }

  /** One call of an apply. */
  interface OktaApplyStep {
    change: OktaPlanChange;
    /** 1-based position among the calls, and their number. */
    index: number;
    total: number;
    status: "pending" | "running" | "done" | "failed" | "skipped";
    /** The account's id after the call (a create's new id, an update's possibly new id). */
    id?: string;
    /** The id before, when it changed (an update, or an id followed by name). */
    previousId?: string;
    error?: Error;
    /** A failed write that the server may still have applied. */
    mayHaveApplied?: boolean;
  }

  interface ApplyOktaAccountPlanOptions {
    /** Calls at a time, 1 to 16 (default 1). */
    concurrency?: number;
    /** Start the remaining calls after a failure (default false: stop). */
    continueOnError?: boolean;
    /** Stops starting calls; the ones in flight finish. */
    signal?: AbortSignalType;
    /** The state to record fingerprints in (default: the plan's). */
    state?: OktaPlanState;
    /** Pauses between calls while the rate limit is spent. */
    rateLimitGate?: RateLimitGate;
    onStepStart?: (step: OktaApplyStep) => void;
    onStep?: (step: OktaApplyStep) => void;
  }

  interface OktaApplyResult {
    /** Every call done. */
    ok: boolean;
    /** The signal stopped it before every call was made. */
    interrupted: boolean;
    /** Something was, or may have been, changed. */
    changed: boolean;
    summary: { done: number; failed: number; skipped: number };
    steps: OktaApplyStep[];
    /** The state, with the fingerprints of the secrets sent. */
    state: OktaPlanState;
  }

  /** Shares one rate-limit budget between calls: `observe` goes to `onResponse`. */
  interface RateLimitGate {
    observe(event: ResponseEvent): void;
    /** Resolves when the window has requests left, or when `signal` aborts. */
    wait(signal?: AbortSignalType): Promise<void>;
  }

  /** Finds an account by its exact name; `undefined` when none; rejects with a ValidationError when several share it. */
  function findOktaAccountByName(
    api: OktaIntegrationApi,
    name: string,
    options?: { current?: OktaAccountResponseData[]; signal?: AbortSignalType },
  ): Promise<OktaAccountResponseData | undefined>;
  /** Plans the changes that make the server's accounts match `desired`; rejects with a ValidationError (paths) on invalid accounts or a name used twice. */
  function planOktaAccounts(api: OktaIntegrationApi, desired: OktaDesiredAccounts, options?: PlanOktaAccountsOptions): Promise<OktaAccountPlan>;
  /** Applies a plan from `planOktaAccounts`, recording fingerprints in its state. */
  function applyOktaAccountPlan(api: OktaIntegrationApi, plan: OktaAccountPlan, options?: ApplyOktaAccountPlanOptions): Promise<OktaApplyResult>;
  /** Reads `{"accounts": {NAME: {...}}}` with secrets as `"${VARIABLE}"`, resolved from `env` (default: the process environment). */
  function readOktaDesiredState(text: string, options?: { env?: { [name: string]: string | undefined } }): Promise<OktaDesiredAccount[]>;
  /** A new, empty state with a random salt. */
  function createOktaPlanState(options?: { crypto?: WebCryptoLike }): OktaPlanState;
  /** A gate that pauses an apply while the rate limit is spent. */
  function createRateLimitGate(): RateLimitGate;
}
