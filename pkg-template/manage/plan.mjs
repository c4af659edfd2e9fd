// Accounts managed by name: find one, and plan the changes from a desired set. The Rust core
// (src/plan/) validates and plans; this layer lists the accounts and turns secrets into salted
// fingerprints with WebCrypto (never storing a value).

import { hasOwn, invalid, isObject, plainCopy, rules } from "./common.mjs";
import { checkState, createOktaPlanState, fingerprint, fromBase64Url, webCrypto } from "./state.mjs";

/** The secrets and fingerprints of each plan, out of its JSON and of util.inspect. */
export const plans = new WeakMap();

/** Builds `findOktaAccountByName` and `planOktaAccounts` over `core(fn, input)`, the planner's wasm. */
export function createPlanner(core) {
  async function listData(api, options, operation) {
    if (options.current !== undefined) return plainCopy(operation, options.current, "options.current");
    if (typeof api?.listOktaAccounts !== "function") throw invalid(operation, [{ path: "api", message: "must be an OktaIntegrationApi" }]);
    const response = await api.listOktaAccounts(options.signal ? { signal: options.signal } : undefined);
    return response?.data ?? [];
  }

  /**
   * Finds an account by its name (exact match). Resolves to the account, or `undefined` when
   * none has that name; rejects with a ValidationError when several do, rather than pick one.
   * @example const account = await findOktaAccountByName(api, "prod");
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
   * @example const plan = await planOktaAccounts(api, { prod: { authMethod: "oauth", domain: "https://prod.okta.com/", clientId: "...", clientSecret: process.env.OKTA_SECRET } }, { state, site: "datadoghq.eu" });
   */
  async function planOktaAccounts(api, desired, options = {}) {
    const op = "planOktaAccounts";
    options ??= {};
    const book = await rules();
    const site = options.site ?? book.defaultSite;
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
      // The core validated the accounts: the auth method is known, and so is its secret.
      const field = book.authMethods[attrs.authMethod]?.secretField;
      const value = field === undefined ? undefined : attrs[field];
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

  return { findOktaAccountByName, planOktaAccounts };
}
