// The library, configured for this page: no keys (the server adds them), the page's own
// origin as the base URL, and retries short enough for a person waiting on a button.

/** Loads the library and returns `{ lib, api, attemptsOf }`; rejects with a readable Error if it cannot. */
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
  // Make sure the wasm loads now, so a broken build shows up before the first click.
  await v2.validateOktaAccountRequest({});
  return {
    lib,
    api: new v2.OktaIntegrationApi(configuration),
    /** How many attempts the last call of `operation` made (from the onResponse events). */
    attemptsOf(operation) {
      for (let i = recent.length - 1; i >= 0; i--) if (recent[i].operation === operation) return recent[i].attempt;
      return 0;
    },
  };
}

/** The create body the API expects, with only the credentials of the chosen method. */
export function createBody(values) {
  return {
    data: {
      type: 'okta-accounts',
      attributes: { name: values.name, domain: values.domain, ...auth(values) },
    },
  };
}

/** The update body: like create without the name, which cannot change. */
export function updateBody(values) {
  return {
    data: {
      type: 'okta-accounts',
      attributes: { domain: values.domain, ...auth(values) },
    },
  };
}

function auth(values) {
  return values.authMethod === 'api_key'
    ? { authMethod: 'api_key', apiKey: values.apiKey }
    : { authMethod: values.authMethod, clientId: values.clientId, clientSecret: values.clientSecret };
}

export async function loadInfo() {
  try {
    const res = await fetch('/__demo/info', { headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}
