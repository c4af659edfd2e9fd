// Accounts managed by name: find one, plan the changes from a desired set, apply a plan with the
// client. The Rust core (src/plan.rs) validates and plans; this layer lists the accounts, turns
// secrets into salted fingerprints with WebCrypto (never storing a value), and runs the calls.

import { ApiException, ValidationError } from "./errors.mjs";

/** Largest input handed to the planner, in characters of JSON. */
const MAX_INPUT_CHARS = 8 << 20;
const STATE_VERSION = 1;
const FINGERPRINT_PREFIX = "hmac-sha256:";
const ACTIONS_WITH_CALLS = new Set(["create", "update", "delete"]);
const MAX_CONCURRENCY = 16;

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function invalid(operation, problems) {
  const detail = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
  return new ValidationError(`${operation}: invalid input: ${detail}`, problems);
}

/** A plain copy of user data through JSON, so getters and cycles fail here, not in Rust. */
function plainCopy(operation, value, path) {
  let json;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw invalid(operation, [{ path, message: `could not be read as JSON (${e?.name ?? "Error"})` }]);
  }
  if (json === undefined) throw invalid(operation, [{ path, message: "is required" }]);
  if (json.length > MAX_INPUT_CHARS) throw invalid(operation, [{ path, message: `is larger than ${MAX_INPUT_CHARS} characters as JSON` }]);
  return JSON.parse(json);
}

// Base64url without Buffer, so a bare JS realm works too.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
function toBase64Url(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += B64[n & 63];
  }
  return out;
}
function fromBase64Url(text) {
  const bytes = [];
  let bits = 0;
  let acc = 0;
  for (const c of text) {
    const v = B64.indexOf(c);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 255);
    }
  }
  return new Uint8Array(bytes);
}

function webCrypto(operation, options) {
  const c = options?.crypto ?? globalThis.crypto;
  if (typeof c?.subtle?.importKey !== "function" || typeof c?.getRandomValues !== "function") {
    throw invalid(operation, [{ path: "options.crypto", message: "is required: this runtime has no WebCrypto (globalThis.crypto); pass node:crypto's webcrypto" }]);
  }
  return c;
}

/**
 * The fingerprint of a secret: HMAC-SHA-256 keyed by the state's salt, over the account name,
 * the field and the value. It tells whether a secret changed without keeping it, and two
 * accounts with one secret get different fingerprints.
 */
async function fingerprint(subtle, key, name, field, value) {
  const message = new TextEncoder().encode(`datadog-okta-wasm fingerprint v1\n${name}\n${field}\n${value}`);
  const mac = await subtle.sign("HMAC", key, message);
  return FINGERPRINT_PREFIX + toBase64Url(new Uint8Array(mac));
}

function checkState(state) {
  const problems = [];
  if (!isObject(state)) return [{ path: "state", message: "must be an object from createOktaPlanState()" }];
  if (state.version !== STATE_VERSION) problems.push({ path: "state.version", message: `must be ${STATE_VERSION}` });
  const salt = typeof state.salt === "string" ? fromBase64Url(state.salt) : undefined;
  if (!salt || salt.length < 16) problems.push({ path: "state.salt", message: "must be at least 16 random bytes in base64url" });
  if (!isObject(state.accounts)) problems.push({ path: "state.accounts", message: "must be an object of sites" });
  else {
    for (const [site, entries] of Object.entries(state.accounts)) {
      if (!isObject(entries)) problems.push({ path: `state.accounts[${JSON.stringify(site)}]`, message: "must be an object of accounts by name" });
    }
  }
  return problems;
}

/** Why a call that failed may still have changed the account (the server may have applied it). */
function mayHaveApplied(action, error) {
  if (action === "delete" || error instanceof ValidationError) return false;
  if (error instanceof ApiException) return error.code >= 500 || error.code === 408;
  return true;
}

/** Builds the helpers over the loader of the wasm module (see api.mjs). */
export function createPlanHelpers(wasm) {
  // The secrets and fingerprints of each plan, out of its JSON and of util.inspect.
  const plans = new WeakMap();

  async function core(fn, input) {
    const module = await wasm();
    return JSON.parse(module[fn](typeof input === "string" ? input : JSON.stringify(input)));
  }

  async function listData(api, options, operation) {
    if (options.current !== undefined) return plainCopy(operation, options.current, "options.current");
    if (typeof api?.listOktaAccounts !== "function") throw invalid(operation, [{ path: "api", message: "must be an OktaIntegrationApi" }]);
    const response = await api.listOktaAccounts(options.signal ? { signal: options.signal } : undefined);
    return response?.data ?? [];
  }

  /**
   * Creates an empty state for fingerprints, with a new random salt. Keep it (JSON) between runs;
   * it holds no secret, only salted hashes.
   * @example const state = v2.createOktaPlanState();
   */
  function createOktaPlanState(options) {
    const c = webCrypto("createOktaPlanState", options);
    return { version: STATE_VERSION, salt: toBase64Url(c.getRandomValues(new Uint8Array(16))), accounts: {} };
  }

  /**
   * Finds an account by its name (exact match). Resolves to the account, or `undefined` when
   * none has that name; rejects with a ValidationError when several do, rather than pick one.
   * @example const account = await v2.findOktaAccountByName(api, "prod");
   */
  async function findOktaAccountByName(api, name, options = {}) {
    const current = await listData(api, options ?? {}, "findOktaAccountByName");
    const out = await core("findAccountByName", { current, name });
    if (out.problems) throw invalid("findOktaAccountByName", out.problems);
    return out.index === null ? undefined : current[out.index];
  }

  /**
   * Plans the changes that make the accounts on the server match `desired` (a list of accounts
   * with their `name`, or an object keyed by name; secrets included). Lists the accounts unless
   * `options.current` is given. Deletes only with `prune`. Secrets are compared by the
   * fingerprints in `options.state` for `options.site`; without one, a change says its secret is
   * "unverifiable". Rejects with a ValidationError (every problem, with its path) for invalid
   * accounts or a name used twice, in `desired` or on the server.
   * @example const plan = await v2.planOktaAccounts(api, { prod: { authMethod: "oauth", domain: "https://prod.okta.com/", clientId: "...", clientSecret: process.env.OKTA_SECRET } }, { state, site: "datadoghq.eu" });
   */
  async function planOktaAccounts(api, desired, options = {}) {
    const op = "planOktaAccounts";
    options ??= {};
    const site = options.site ?? "datadoghq.com";
    if (typeof site !== "string" || site === "") throw invalid(op, [{ path: "options.site", message: "must be a non-empty string (the site or base URL the api talks to)" }]);
    const c = webCrypto(op, options);
    const state = options.state === undefined ? createOktaPlanState(options) : options.state;
    const stateProblems = checkState(state);
    if (stateProblems.length > 0) throw invalid(op, stateProblems);
    const wanted = plainCopy(op, desired, "desired");
    // Invalid accounts are reported before any call.
    const checked = await core("planAccounts", { desired: wanted, current: [] });
    if (checked.problems) throw invalid(op, checked.problems);
    const current = await listData(api, options, op);

    const entries = Array.isArray(wanted) ? wanted.map((a) => [a?.name, a]) : isObject(wanted) ? Object.entries(wanted).map(([k, a]) => [a?.name ?? k, a]) : [];
    const key = await c.subtle.importKey("raw", fromBase64Url(state.salt), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const offered = {};
    const secrets = new Map();
    for (const [name, attrs] of entries) {
      if (typeof name !== "string" || !isObject(attrs)) continue;
      const field = attrs.authMethod === "api_key" ? "apiKey" : "clientSecret";
      const value = attrs[field];
      if (typeof value === "string" && value !== "" && !hasOwn(offered, name)) offered[name] = await fingerprint(c.subtle, key, name, field, value);
      if (!secrets.has(name)) secrets.set(name, { ...attrs, name });
    }
    const known = isObject(state.accounts[site]) ? state.accounts[site] : {};
    const out = await core("planAccounts", { desired: wanted, current, known, offered, prune: options.prune === true, pushUnverifiable: options.pushUnverifiableSecrets === true });
    if (out.problems) throw invalid(op, out.problems);
    const plan = { site, prune: options.prune === true, ...out.plan };
    plans.set(plan, { desired: secrets, offered, site, state });
    return plan;
  }

  /** Calls `run(id)`; when the planned id is gone (400/404), follows the account by name once. */
  async function followingId(api, step, run) {
    try {
      return await run(step.change.id);
    } catch (e) {
      if (!(e instanceof ApiException) || (e.code !== 400 && e.code !== 404)) throw e;
      const now = await findOktaAccountByName(api, step.change.name);
      if (now?.id && now.id !== step.change.id) {
        step.previousId = step.change.id;
        step.id = now.id;
        return await run(now.id);
      }
      if (now === undefined && step.change.action === "delete") return undefined; // already gone
      throw e;
    }
  }

  async function runStep(api, step, secrets) {
    const { action, name } = step.change;
    if (action === "delete") {
      await followingId(api, step, (accountId) => api.deleteOktaAccount({ accountId }));
      return;
    }
    const attributes = { ...secrets.desired.get(name) };
    if (action === "create") {
      const created = await api.createOktaAccount({ body: { data: { attributes, type: "okta-accounts" } } });
      step.id = created?.data?.id;
      return;
    }
    delete attributes.name; // the API cannot rename; every update sends the desired secret
    const updated = await followingId(api, step, (accountId) => api.updateOktaAccount({ accountId, body: { data: { attributes, type: "okta-accounts" } } }));
    const id = updated?.data?.id;
    if (id && id !== step.change.id) {
      step.previousId ??= step.change.id;
      step.id = id;
    } else step.id ??= step.change.id;
  }

  function record(step, secrets, state) {
    const site = secrets.site;
    const entries = isObject(state.accounts[site]) ? state.accounts[site] : (state.accounts[site] = {});
    const { action, name } = step.change;
    if (action === "delete") delete entries[name];
    else if (hasOwn(secrets.offered, name)) entries[name] = step.id ? { id: step.id, fingerprint: secrets.offered[name] } : { fingerprint: secrets.offered[name] };
  }

  /**
   * Applies a plan from `planOktaAccounts` with `api`: creates, updates (following a new id) and
   * deletes, one call at a time unless `concurrency` says otherwise, all through the api's one
   * configuration (one rate-limit budget; pass `rateLimitGate` to pause while it is spent).
   * Stops starting calls after a failure unless `continueOnError`, and when `signal` aborts
   * (the calls in flight finish). Records fingerprints in the plan's state as steps succeed.
   * @example const result = await v2.applyOktaAccountPlan(api, plan, { onStep: (s) => console.log(s.change.name, s.status) });
   */
  async function applyOktaAccountPlan(api, plan, options = {}) {
    const op = "applyOktaAccountPlan";
    options ??= {};
    const secrets = isObject(plan) ? plans.get(plan) : undefined;
    if (!secrets) throw invalid(op, [{ path: "plan", message: "must be a plan from planOktaAccounts (a plan's JSON holds no secrets to send)" }]);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw invalid(op, [{ path: "options.concurrency", message: `must be an integer from 1 to ${MAX_CONCURRENCY}` }]);
    }
    const state = options.state ?? secrets.state;
    const stateProblems = checkState(state);
    if (stateProblems.length > 0) throw invalid(op, stateProblems);
    const run = { ...secrets, state };
    const { signal, rateLimitGate: gate } = options;
    const work = plan.changes.filter((c) => ACTIONS_WITH_CALLS.has(c.action));
    const steps = work.map((change, i) => ({ change, index: i + 1, total: work.length, status: "pending" }));
    const notify = (hook, step) => {
      try {
        hook?.(step);
      } catch {
        // A progress callback that throws must not stop the apply.
      }
    };
    let next = 0;
    let stopped = false;
    async function worker() {
      for (;;) {
        if (stopped || signal?.aborted || next >= steps.length) return;
        if (gate) await gate.wait(signal);
        if (stopped || signal?.aborted || next >= steps.length) return;
        const step = steps[next++];
        step.status = "running";
        notify(options.onStepStart, step);
        try {
          await runStep(api, step, run);
          step.status = "done";
          record(step, run, state);
        } catch (error) {
          step.status = "failed";
          step.error = error;
          step.mayHaveApplied = mayHaveApplied(step.change.action, error);
          if (!options.continueOnError) stopped = true;
        }
        notify(options.onStep, step);
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));
    for (const s of steps) if (s.status === "pending") s.status = "skipped";
    const count = (status) => steps.filter((s) => s.status === status).length;
    const summary = { done: count("done"), failed: count("failed"), skipped: count("skipped") };
    return {
      ok: summary.failed === 0 && summary.skipped === 0,
      interrupted: Boolean(signal?.aborted) && summary.skipped > 0,
      changed: summary.done > 0 || steps.some((s) => s.mayHaveApplied),
      summary,
      steps,
      state,
    };
  }

  /**
   * Reads a desired-state document, `{"accounts": {NAME: {authMethod, domain, clientId?,
   * clientSecret?, apiKey?}}}`, whose secrets are references to environment variables
   * (`"${OKTA_CLIENT_SECRET}"`), and resolves them from `options.env` (the process environment by
   * default). Resolves to the accounts for `planOktaAccounts`; rejects with a ValidationError
   * listing every problem by path (`accounts.prod.domain`), a repeated name included.
   * @example const desired = await v2.readOktaDesiredState(await readFile("okta.json", "utf8"));
   */
  async function readOktaDesiredState(text, options = {}) {
    const op = "readOktaDesiredState";
    if (typeof text !== "string") throw invalid(op, [{ path: "text", message: "must be the document's JSON text (a reader that keeps repeated names)" }]);
    if (text.length > MAX_INPUT_CHARS) throw invalid(op, [{ path: "text", message: `is larger than ${MAX_INPUT_CHARS} characters` }]);
    const out = await core("readDesiredDocument", text);
    if (out.problems) throw invalid(op, out.problems);
    let env = options?.env;
    if (env === undefined) {
      try {
        env = globalThis.process?.env ?? {};
      } catch {
        env = {}; // Deno without --allow-env
      }
    }
    const problems = [];
    const accounts = out.accounts.map(({ attributes, references }) => {
      const resolved = { ...attributes };
      for (const { field, variable, path } of references) {
        const value = isObject(env) && hasOwn(env, variable) ? env[variable] : undefined;
        if (typeof value !== "string" || value === "") problems.push({ path, message: `refers to the environment variable ${variable}, which is not set` });
        else resolved[field] = value;
      }
      return resolved;
    });
    if (problems.length > 0) throw invalid(op, problems);
    return accounts;
  }

  /**
   * A gate shared by the calls of an apply: give `observe` to the configuration's `onResponse`,
   * and `applyOktaAccountPlan` waits (`rateLimitGate`) while a response said no request is left
   * in the window, instead of spending calls on 429s.
   * @example const gate = v2.createRateLimitGate(); const configuration = client.createConfiguration({ onResponse: gate.observe });
   */
  function createRateLimitGate() {
    let until = 0;
    return {
      observe(event) {
        const rl = event?.rateLimit;
        const spent = rl?.remaining === 0 || event?.status === 429;
        if (spent && typeof rl?.reset === "number" && rl.reset > 0) until = Math.max(until, Date.now() + rl.reset * 1000);
      },
      wait(signal) {
        const ms = until - Date.now();
        if (ms <= 0 || signal?.aborted) return Promise.resolve();
        return new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener?.("abort", done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          signal?.addEventListener?.("abort", done);
        });
      },
    };
  }

  return { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, createOktaPlanState, createRateLimitGate };
}
