// The state of the planner: fingerprints of the secrets sent (HMAC-SHA-256 under a key the state
// never holds, so that whoever reads the state cannot test guesses offline), a section per
// organisation, with WebCrypto and base64url without Buffer so a bare JS realm works too.

import { invalid, isObject, rules } from "./common.mjs";

export const STATE_KIND = "datadog-okta-state";
export const STATE_VERSION = 2;
const FINGERPRINT_PREFIX = "hmac-sha256:";
const encode = (text) => new TextEncoder().encode(text);

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
export function toBase64Url(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += B64[n & 63];
  }
  return out;
}

/** The runtime's WebCrypto, or `options.crypto`; a ValidationError when there is none. */
export function webCrypto(operation, options) {
  const c = options?.crypto ?? globalThis.crypto;
  if (typeof c?.subtle?.importKey !== "function" || typeof c?.getRandomValues !== "function") {
    throw invalid(operation, [{ path: "options.crypto", message: "is required: this runtime has no WebCrypto (globalThis.crypto); pass node:crypto's webcrypto" }]);
  }
  return c;
}

/** The HMAC keys behind each state key object; the objects themselves show only their id. */
const hmacKeys = new WeakMap();

/**
 * Derives the key of the state's fingerprints from a secret (HKDF-SHA-256): a key of its own, or
 * the Datadog application key the calls use. The state and plans record only its `id`, so a new
 * key reads as "the fingerprint key changed", never as a changed secret.
 * @example const key = await createOktaStateKey(process.env.DATADOG_OKTA_STATE_KEY ?? process.env.DD_APP_KEY);
 */
export async function createOktaStateKey(secret, options = {}) {
  const op = "createOktaStateKey";
  if (typeof secret !== "string" || secret === "") throw invalid(op, [{ path: "secret", message: "must be a non-empty string (a key of its own, or the application key)" }]);
  const { subtle } = webCrypto(op, options);
  const material = await subtle.importKey("raw", encode(secret), "HKDF", false, ["deriveKey"]);
  const params = { name: "HKDF", hash: "SHA-256", salt: encode("datadog-okta-wasm state key v2"), info: encode("fingerprints") };
  const hmac = await subtle.deriveKey(params, material, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  const id = `k2-${toBase64Url(new Uint8Array(await subtle.sign("HMAC", hmac, encode("datadog-okta-wasm key id"))).slice(0, 9))}`;
  const key = Object.freeze({ id });
  hmacKeys.set(key, { subtle, hmac });
  return key;
}

/** The HMAC behind `key` (from createOktaStateKey); a ValidationError for anything else. */
export function hmacOf(operation, key) {
  const found = isObject(key) ? hmacKeys.get(key) : undefined;
  if (!found) throw invalid(operation, [{ path: "options.key", message: "must be a key from createOktaStateKey()" }]);
  return found;
}

/**
 * The fingerprint of a secret: HMAC-SHA-256 under the state key, over the organisation, the
 * account name, the field and the value. It tells whether a secret changed without keeping it;
 * two accounts with one secret get different fingerprints.
 */
export async function fingerprint({ subtle, hmac }, organisation, name, field, value) {
  const mac = await subtle.sign("HMAC", hmac, encode(`datadog-okta-wasm fingerprint v2\n${organisation}\n${name}\n${field}\n${value}`));
  return FINGERPRINT_PREFIX + toBase64Url(new Uint8Array(mac));
}

/** Tells whether a state is of the old, salted format (version 1), whose fingerprints are not used. */
export const isOldState = (state) => isObject(state) && state.version === 1;

/** The problems of a state object, with their paths. A version 1 state is accepted (as old). */
export function checkState(state) {
  if (!isObject(state)) return [{ path: "state", message: "must be an object from createOktaPlanState()" }];
  if (isOldState(state)) return isObject(state.accounts) ? [] : [{ path: "state.accounts", message: "must be an object" }];
  const problems = [];
  if (state.version !== STATE_VERSION) problems.push({ path: "state.version", message: `must be ${STATE_VERSION}` });
  if (!isObject(state.organisations)) return [...problems, { path: "state.organisations", message: "must be an object of organisations" }];
  for (const [org, section] of Object.entries(state.organisations)) {
    const at = `state.organisations[${JSON.stringify(org)}]`;
    if (!isObject(section) || !isObject(section.accounts)) problems.push({ path: at, message: "must be { keyId, accounts: { NAME: { id, fingerprint } } }" });
    else if (typeof section.keyId !== "string") problems.push({ path: `${at}.keyId`, message: "must be a string" });
  }
  return problems;
}

/**
 * Creates an empty state for fingerprints: a section per organisation, filled by
 * `applyOktaAccountPlan`. Keep it (JSON) between runs; it holds no secret and no key.
 * @example const state = createOktaPlanState();
 */
export function createOktaPlanState() {
  return { kind: STATE_KIND, version: STATE_VERSION, organisations: {} };
}

/**
 * Sets (or, with `entry` undefined, removes) the entry of `name` in the section of
 * `organisation`. A section made with another key is started afresh: its fingerprints cannot be
 * compared any more. An old state is turned into a current one first.
 */
export function setEntry(state, organisation, keyId, name, entry) {
  const sections = upgradeState(state).organisations;
  let section = sections[organisation];
  if (entry === undefined) {
    if (isObject(section?.accounts)) delete section.accounts[name];
    return;
  }
  if (!isObject(section) || section.keyId !== keyId || !isObject(section.accounts)) section = sections[organisation] = { keyId, accounts: {} };
  section.accounts[name] = entry;
}

/**
 * Records in `state` the secret of an account just created or updated outside a plan (its
 * fingerprint under `key`, with the id the account has now), so that the next plan can tell
 * whether the secret changed since. Resolves to the entry.
 * @example await recordOktaSecret(state, { key, organisation, id: created.data.id, attributes: body.data.attributes });
 */
export async function recordOktaSecret(state, { key, organisation, id, attributes } = {}) {
  const op = "recordOktaSecret";
  const mac = hmacOf(op, key);
  // Which attribute holds the secret is the core's rule (the auth method's secret field).
  const secretField = (await rules()).authMethods[attributes?.authMethod]?.secretField;
  const problems = checkState(state);
  if (problems.length > 0) throw invalid(op, problems);
  const value = attributes?.[secretField];
  if (typeof organisation !== "string" || typeof attributes?.name !== "string" || typeof value !== "string" || value === "") {
    throw invalid(op, [{ path: "account", message: "needs organisation, attributes.name and the secret of its auth method" }]);
  }
  const entry = { ...(typeof id === "string" ? { id } : {}), fingerprint: await fingerprint(mac, organisation, attributes.name, secretField, value) };
  setEntry(state, organisation, key.id, attributes.name, entry);
  return entry;
}

/** Turns an old (version 1) state into an empty current one, in place: its fingerprints cannot be used. */
export function upgradeState(state) {
  if (!isOldState(state)) return state;
  for (const k of Object.keys(state)) delete state[k];
  return Object.assign(state, createOktaPlanState());
}
