// Which DD-API-KEY / DD-APPLICATION-KEY pairs are accepted, and what each may do.
//
// Without a key list any non-empty pair has full rights (handy for demos and
// benchmarks). With one, only the listed pairs are accepted, each with its own
// permissions, named as in Datadog's spec (x-permission of each operation).

import fs from 'node:fs';

export const PERMISSIONS = ['integrations_read', 'manage_integrations'];

export class KeysError extends Error {}

/** Reads and validates a keys file: [{ "apiKey", "appKey", "permissions"?: [...] }, ...]. */
export function loadKeysFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeysError(`cannot read keys file ${file}: ${e.message}`);
  }
  let list;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw new KeysError(`keys file ${file} is not valid JSON: ${e.message}`);
  }
  return normalizeKeys(list, `keys file ${file}`);
}

/**
 * Validates a key list. A pair without "permissions" gets all of them; an empty
 * "permissions" array is allowed (the pair authenticates but may do nothing).
 */
export function normalizeKeys(list, where = 'keys') {
  if (!Array.isArray(list)) throw new KeysError(`${where}: expected a JSON array of { apiKey, appKey, permissions }`);
  return list.map((entry, i) => {
    const at = `${where}, entry #${i + 1}`;
    if (!entry || typeof entry !== 'object') throw new KeysError(`${at}: expected an object`);
    for (const field of ['apiKey', 'appKey']) {
      if (typeof entry[field] !== 'string' || entry[field] === '') throw new KeysError(`${at}: "${field}" must be a non-empty string`);
    }
    const permissions = entry.permissions ?? PERMISSIONS;
    if (!Array.isArray(permissions)) throw new KeysError(`${at}: "permissions" must be an array`);
    for (const p of permissions) {
      if (!PERMISSIONS.includes(p)) throw new KeysError(`${at}: unknown permission ${JSON.stringify(p)} (known: ${PERMISSIONS.join(', ')})`);
    }
    return { apiKey: entry.apiKey, appKey: entry.appKey, permissions: [...permissions] };
  });
}

export class KeyRing {
  /** @param {null|Array} keys null accepts any non-empty pair with every permission */
  constructor(keys = null) {
    this.keys = keys;
  }

  /**
   * True when the request's key pair exists and holds `permission`.
   * Node lower-cases incoming header names, so DD-API-KEY, dd-api-key and
   * Dd-Api-Key are the same header, as HTTP says.
   */
  allows(headers, permission) {
    const apiKey = single(headers['dd-api-key']);
    const appKey = single(headers['dd-application-key']);
    if (!apiKey || !appKey) return false;
    if (this.keys === null) return true;
    const pair = this.keys.find((k) => k.apiKey === apiKey && k.appKey === appKey);
    return Boolean(pair && pair.permissions.includes(permission));
  }

  describe() {
    return this.keys === null ? 'any non-empty pair' : `${this.keys.length} listed pair(s)`;
  }
}

// A header sent twice arrives joined with ", " in Node; that is not a valid key.
function single(value) {
  return typeof value === 'string' ? value : '';
}
