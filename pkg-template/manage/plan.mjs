// Accounts managed by name: find one, and plan the changes from a desired set. The Rust core
// (src/plan/) validates and plans; this layer lists the accounts and turns secrets into keyed
// fingerprints with WebCrypto (never storing a value).

import { client } from "datadog-okta-wasm";
import { hasOwn, invalid, isObject, plainCopy, rules } from "./common.mjs";
import { checkState, createOktaPlanState, fingerprint, hmacOf, isOldState } from "./state.mjs";

/** The secrets and fingerprints of each plan, out of its JSON and of util.inspect. */
export const plans = new WeakMap();

/** The organisation key when none is given: the default site's (`https://api.datadoghq.com`). */
async function defaultOrganisation() {
  const book = await rules();
  return (await client.rules.checkSite(book.defaultSite)).organisation;
}

/** How the state's fingerprints for `organisation` compare with `key`'s: the core's `recorded`. */
function recordedFor(state, organisation, key) {
  if (isOldState(state)) return "oldFormat";
  if (key === undefined) return "noKey";
  const section = state.organisations[organisation];
  return section === undefined || section.keyId === key.id ? "usable" : "keyChanged";
}

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
   * `options.current` is given. Deletes only with `prune`. Secrets are compared by fingerprint
   * under `options.key` (from createOktaStateKey) with those in `options.state` for
   * `options.organisation`; without them a change says why its secret is "unverifiable".
   * Rejects with a ValidationError (every problem, with its path) for invalid accounts or a
   * name used twice, in `desired` or on the server.
   * @example const plan = await planOktaAccounts(api, desired, { state, key, organisation: "https://api.datadoghq.eu" });
   */
  async function planOktaAccounts(api, desired, options = {}) {
    const op = "planOktaAccounts";
    options ??= {};
    const book = await rules();
    const organisation = options.organisation ?? options.site ?? (await defaultOrganisation());
    if (typeof organisation !== "string" || organisation === "") throw invalid(op, [{ path: "options.organisation", message: "must be a non-empty string (the organisation's key: its name, or the origin the api talks to)" }]);
    const key = options.key;
    const mac = key === undefined ? undefined : hmacOf(op, key);
    const state = options.state === undefined ? createOktaPlanState() : options.state;
    const stateProblems = checkState(state);
    if (stateProblems.length > 0) throw invalid(op, stateProblems);
    const wanted = plainCopy(op, desired, "desired");
    const variables = isObject(options.secretVariables) ? options.secretVariables : {};
    // Invalid accounts are reported before any call.
    const checked = await core("planAccounts", { desired: wanted, current: [] });
    if (checked.problems) throw invalid(op, checked.problems);
    const current = await listData(api, options, op);

    const entries = Array.isArray(wanted) ? wanted.map((a) => [a?.name, a]) : isObject(wanted) ? Object.entries(wanted).map(([k, a]) => [a?.name ?? k, a]) : [];
    const offered = {};
    const secrets = new Map();
    for (const [name, attrs] of entries) {
      if (typeof name !== "string" || !isObject(attrs)) continue;
      // The core validated the accounts: the auth method is known, and so is its secret.
      const field = book.authMethods[attrs.authMethod]?.secretField;
      const value = field === undefined ? undefined : attrs[field];
      if (mac && typeof value === "string" && value !== "" && !hasOwn(offered, name)) offered[name] = await fingerprint(mac, organisation, name, field, value);
      if (!secrets.has(name)) secrets.set(name, { ...attrs, name });
    }
    const recorded = recordedFor(state, organisation, key);
    const known = recorded === "usable" ? (state.organisations[organisation]?.accounts ?? {}) : {};
    const out = await core("planAccounts", { desired: wanted, current, known, offered, recorded, prune: options.prune === true, pushUnverifiable: options.pushUnverifiableSecrets === true });
    if (out.problems) throw invalid(op, out.problems);
    for (const change of out.plan.changes) {
      if (!secrets.has(change.name) || change.action === "delete" || change.action === "unmanaged") continue;
      if (typeof variables[change.name] === "string") change.secretVariable = variables[change.name];
      if (hasOwn(offered, change.name)) change.secretFingerprint = offered[change.name];
    }
    const plan = { organisation, keyId: key?.id ?? null, prune: options.prune === true, ...out.plan };
    plans.set(plan, { desired: secrets, offered, organisation, keyId: key?.id, state });
    return plan;
  }

  return { findOktaAccountByName, planOktaAccounts };
}
