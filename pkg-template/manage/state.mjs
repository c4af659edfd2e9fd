// The state of the planner: fingerprints of the secrets sent (salted HMAC-SHA-256, never the
// values), with WebCrypto, in base64url without Buffer so a bare JS realm works too.

import { invalid, isObject } from "./common.mjs";

export const STATE_VERSION = 1;
const FINGERPRINT_PREFIX = "hmac-sha256:";

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
export function fromBase64Url(text) {
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

/** The runtime's WebCrypto, or `options.crypto`; a ValidationError when there is none. */
export function webCrypto(operation, options) {
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
export async function fingerprint(subtle, key, name, field, value) {
  const message = new TextEncoder().encode(`datadog-okta-wasm fingerprint v1\n${name}\n${field}\n${value}`);
  const mac = await subtle.sign("HMAC", key, message);
  return FINGERPRINT_PREFIX + toBase64Url(new Uint8Array(mac));
}

/** The problems of a state object, with their paths. */
export function checkState(state) {
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

/**
 * Creates an empty state for fingerprints, with a new random salt. Keep it (JSON) between runs;
 * it holds no secret, only salted hashes.
 * @example const state = createOktaPlanState();
 */
export function createOktaPlanState(options) {
  const c = webCrypto("createOktaPlanState", options);
  return { version: STATE_VERSION, salt: toBase64Url(c.getRandomValues(new Uint8Array(16))), accounts: {} };
}
