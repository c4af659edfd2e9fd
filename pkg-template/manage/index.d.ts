// Type declarations of datadog-okta-wasm/manage: accounts by name, declaratively (find, plan,
// apply). Hand-written, checked with `tsc --strict` by `make test`.

import type { AbortSignalType, ResponseEvent, v2 } from "datadog-okta-wasm";

type OktaIntegrationApi = v2.OktaIntegrationApi;
type OktaAccountAttributes = v2.OktaAccountAttributes;
type OktaAccountResponseData = v2.OktaAccountResponseData;

/** The part of WebCrypto the plan uses (HMAC-SHA-256 and random bytes). */
export interface WebCryptoLike {
  subtle: object;
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** A desired account: the attributes of a create, secrets included. */
export type OktaDesiredAccount = OktaAccountAttributes;

/** Desired accounts: a list (each with its `name`), or an object keyed by name. */
export type OktaDesiredAccounts = OktaDesiredAccount[] | { [name: string]: Omit<OktaDesiredAccount, "name"> & { name?: string } };

/** A fingerprint recorded when a secret was sent, with the id the account had then. */
export interface OktaPlanStateEntry {
  id?: string;
  /** `hmac-sha256:` and a keyed hash (the key is not in the state); never the secret. */
  fingerprint: string;
}

/** The fingerprints of one organisation, made with the key whose id is `keyId`. */
export interface OktaPlanStateSection {
  keyId: string;
  accounts: { [name: string]: OktaPlanStateEntry };
}

/**
 * Secret fingerprints by organisation (its name, or its canonical origin) and account name. Holds
 * no secret and no key; keep it as JSON between runs. A state of 0.1.0 (`version: 1`, with a
 * salt) is read as old: its secrets are unverifiable, and an apply rewrites it.
 */
export interface OktaPlanState {
  kind?: "datadog-okta-state";
  version: 2;
  organisations: { [organisation: string]: OktaPlanStateSection };
}

/** The key of the fingerprints, from `createOktaStateKey`; only its `id` shows. */
export interface OktaStateKey {
  readonly id: string;
}

/** The attributes a plan compares (secrets are compared by fingerprint). */
export type OktaPlanField = "authMethod" | "domain" | "clientId" | "clientSecret" | "apiKey";

/** Non-secret attributes before or after a change; `null` is absent. */
export interface OktaPlanAttributes {
  authMethod?: string;
  domain?: string;
  clientId?: string | null;
}

/** One account in a plan. It never holds a secret. */
export interface OktaPlanChange {
  /** `unmanaged`: on the server, not desired, left alone (no `prune`). */
  action: "create" | "update" | "delete" | "unchanged" | "unmanaged";
  name: string;
  /** The id on the server; absent for a create. */
  id?: string;
  /** The attributes that differ; for a create, every attribute sent. */
  fields: OktaPlanField[];
  /** `unverifiable`: no usable fingerprint, so whether the server has this secret cannot be told. */
  secret: "new" | "changed" | "unchanged" | "unverifiable" | "none";
  /** Why the secret is not verifiable, as a code. */
  reason?: "no-record" | "id-changed" | "not-offered" | "old-format" | "key-changed" | "no-key";
  /** Why the secret is not verifiable, in words. */
  note?: string;
  /** The environment variable the desired secret comes from (given with `secretVariables`). */
  secretVariable?: string;
  /** The fingerprint of the desired secret under the plan's key: what a saved plan checks before it is applied. */
  secretFingerprint?: string;
  before: OktaPlanAttributes;
  after: OktaPlanAttributes;
}

/** What `planOktaAccounts` resolves to; JSON-safe (the secrets to send are kept aside). */
export interface OktaAccountPlan {
  /** The organisation's key: the section of the state its fingerprints go to. */
  organisation: string;
  /** The id of the fingerprints' key, or `null` when none was given. */
  keyId: string | null;
  prune: boolean;
  /** Desired accounts first, in their order; then the server's other accounts. */
  changes: OktaPlanChange[];
  summary: { create: number; update: number; delete: number; unchanged: number; unmanaged: number };
  /** True when there is something to create, update or delete. */
  hasChanges: boolean;
}

export interface PlanOktaAccountsOptions {
  /** Fingerprints from earlier runs; a new, empty state when absent. */
  state?: OktaPlanState | { version: 1; salt: string; accounts: object };
  /** The key of the fingerprints; without one, secrets are unverifiable and nothing is recorded. */
  key?: OktaStateKey;
  /**
   * The organisation's key in the state: a name, or `organisation` of `client.rules.checkSite` /
   * `checkBaseUrl` (default: the default site's, `https://api.datadoghq.com`).
   */
  organisation?: string;
  /** @deprecated The name of 0.1.0 for `organisation`. */
  site?: string;
  /** The variable each desired secret comes from, by account name (`readOktaDesiredDocument` gives them). */
  secretVariables?: { [name: string]: string };
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
export interface OktaApplyStep {
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

export interface ApplyOktaAccountPlanOptions {
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

export interface OktaApplyResult {
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
export interface RateLimitGate {
  observe(event: ResponseEvent): void;
  /** Resolves when the window has requests left, or when `signal` aborts; rejects (a DatadogOktaError) when it reopens later than the gate waits. */
  wait(signal?: AbortSignalType): Promise<void>;
}

export interface RateLimitGateOptions {
  /** The longest wait, at most (and by default) 120 000 ms. */
  maxWaitMs?: number;
  /** No wait goes past this time (ms since the epoch, as `Date.now()`). */
  deadline?: number;
  /** Hears of each wait before it starts. */
  onWait?: (wait: { name?: string; waitMs: number; until: Date }) => void;
}

/** An organisation of a desired document with `organisations`. Its keys are given as the variables that hold them. */
export interface OktaDesiredOrganisation {
  name: string;
  site?: string;
  baseUrl?: string;
  /** The base URL's host is the loopback interface. */
  loopback: boolean;
  /** The variables that hold its API and application keys. */
  apiKey: string;
  appKey: string;
}

/** What `readOktaDesiredDocument` resolves to. */
export interface OktaDesiredDocument {
  /** Every account, secrets resolved. */
  accounts: OktaDesiredAccount[];
  /** The variable of each account's secret, by name. */
  secretVariables: { [name: string]: string };
  /** The organisations of the accounts that name some, by name (the others go to all). */
  placement: { [name: string]: string[] };
  organisations?: OktaDesiredOrganisation[];
  /** Domains outside Okta's, and other things worth a look. */
  warnings: { path: string; message: string }[];
}

/** Finds an account by its exact name; `undefined` when none; rejects with a ValidationError when several share it. */
export declare function findOktaAccountByName(
  api: OktaIntegrationApi,
  name: string,
  options?: { current?: OktaAccountResponseData[]; signal?: AbortSignalType },
): Promise<OktaAccountResponseData | undefined>;
/** Plans the changes that make the server's accounts match `desired`; rejects with a ValidationError (paths) on invalid accounts or a name used twice. */
export declare function planOktaAccounts(api: OktaIntegrationApi, desired: OktaDesiredAccounts, options?: PlanOktaAccountsOptions): Promise<OktaAccountPlan>;
/** Applies a plan from `planOktaAccounts`, recording fingerprints in its state. */
export declare function applyOktaAccountPlan(api: OktaIntegrationApi, plan: OktaAccountPlan, options?: ApplyOktaAccountPlanOptions): Promise<OktaApplyResult>;
/** Reads `{"accounts": {NAME: {...}}}` with secrets as `"${VARIABLE}"`, resolved from `env` (default: the process environment). */
export declare function readOktaDesiredState(text: string, options?: { env?: { [name: string]: string | undefined } }): Promise<OktaDesiredAccount[]>;
/** Reads a desired document: accounts, their secrets' variables, the organisations and the warnings; every problem at once. */
export declare function readOktaDesiredDocument(text: string, options?: { env?: { [name: string]: string | undefined } }): Promise<OktaDesiredDocument>;
/** A new, empty state. */
export declare function createOktaPlanState(options?: object): OktaPlanState;
/** Derives the key of the fingerprints (HKDF-SHA-256) from a secret: a key of its own, or the application key. */
export declare function createOktaStateKey(secret: string, options?: { crypto?: WebCryptoLike }): Promise<OktaStateKey>;
/** Records the secret of an account created or updated outside a plan (its fingerprint under `key`), so that the next plan can verify it. */
export declare function recordOktaSecret(
  state: OktaPlanState,
  account: { key: OktaStateKey; organisation: string; id?: string; attributes: OktaAccountAttributes },
): Promise<OktaPlanStateEntry>;
/** A gate that pauses an apply while the rate limit is spent, 120 s at most. */
export declare function createRateLimitGate(options?: RateLimitGateOptions): RateLimitGate;
