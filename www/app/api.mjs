// The library, configured for this page: no keys (the server adds them), the page's own
// origin as the base URL, and retries short enough for a person waiting on a button.

import { useReasonPhrases } from './errors.mjs';

/** Loads the library and returns `{ lib, book, api, attemptsOf }` (`book`: `client.rules.describe()`); rejects with a readable Error if it cannot. */
export async function connect(onResponse) {
  let lib;
  try {
    lib = await import('/pkg/web.mjs');
  } catch (e) {
    throw new Error(`The library could not be loaded from /pkg/web.mjs (${e?.message ?? e}). Build it with \`make pkg\` and reload.`);
  }
  const { client, v2 } = lib;
  const recent = [];
  const configuration = client.createConfiguration({
    // Same origin: www/server.mjs answers the API paths and adds the keys itself.
    baseServer: new client.BaseServerConfiguration(location.origin, {}),
    // Two retries, waits of at most 0.5 s then 1 s: transient failures are smoothed over,
    // and a failing API is reported within a couple of seconds instead of half a minute.
    maxRetries: 2,
    backoffBase: 0.5,
    timeoutMs: 15000,
    // A 429 whose budget resets later than this is reported at once, not waited out.
    deadlineMs: 20000,
    onResponse(event) {
      recent.push(event);
      if (recent.length > 50) recent.shift();
      onResponse(event);
    },
  });
  // The rule book loads the wasm now, so a broken build shows up before the first click; the
  // page takes its reason phrases and the account's fields from it.
  const book = await client.rules.describe();
  useReasonPhrases(book.reasonPhrases);
  return {
    lib,
    book,
    api: new v2.OktaIntegrationApi(configuration),
    /** How many attempts the last call of `operation` made (from the onResponse events). */
    attemptsOf(operation) {
      for (let i = recent.length - 1; i >= 0; i--) if (recent[i].operation === operation) return recent[i].attempt;
      return 0;
    },
  };
}

/**
 * The body of a create (`mode` 'create') or an update: the account's fields as the core's rule
 * book lists them, with only the credentials of the chosen auth method, and no name on update
 * (the API cannot rename). Values the form does not have are left out.
 */
export function accountBody(book, values, mode) {
  const attributes = {};
  for (const field of book.fields) {
    if (field.role === 'name' && mode !== 'create') continue;
    if (field.authMethod !== undefined && field.authMethod !== values.authMethod) continue;
    if (values[field.name] !== undefined) attributes[field.name] = values[field.name];
  }
  return { data: { type: 'okta-accounts', attributes } };
}

/** The attribute holding the secret of `authMethod` (`clientSecret`, `apiKey`), from the rule book. */
export const secretField = (book, authMethod) => book.authMethods[authMethod]?.secretField;

/** The auth method a form starts with: the first the core lists. */
export const defaultAuthMethod = (book) => Object.keys(book.authMethods)[0];

export async function loadInfo() {
  try {
    const res = await fetch('/__demo/info', { headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}
