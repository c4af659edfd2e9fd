// The three implementations under test, behind one shape: { get(id), list(), create(body),
// update(id, body), delete(id) }. Bodies are passed in built, in the shape each one takes
// (camelCase for the two clients, snake_case on the wire for hand-written fetch).
import { createRequire } from "node:module";
import { join } from "node:path";

export const KEYS = { apiKeyAuth: "bench-api-key", appKeyAuth: "bench-app-key" };
export const JSON_HEADERS = { "content-type": "application/json" };

/** A fetch that answers every request with a new Response of `text` (status `status`). */
export function stubFetch(status, text) {
  const init = { status, headers: JSON_HEADERS };
  return async () => new Response(text, init);
}

/** Loads this library from the consumer project the packed tarball was installed into. */
export function loadOurs(consumerDir) {
  return createRequire(join(consumerDir, "package.json"))("datadog-okta-wasm");
}

/** Loads the official client (package root) from benches/node_modules. */
export function loadOfficial() {
  return createRequire(import.meta.url)("@datadog/datadog-api-client");
}

function viaClient({ client, v2 }, { fetch, baseUrl }, extra = {}) {
  const params = { authMethods: KEYS, ...extra };
  if (fetch) params.fetch = fetch;
  if (baseUrl) params.baseServer = new client.BaseServerConfiguration(baseUrl, {});
  const api = new v2.OktaIntegrationApi(client.createConfiguration(params));
  return {
    get: (accountId) => api.getOktaAccount({ accountId }),
    list: () => api.listOktaAccounts(),
    create: (body) => api.createOktaAccount({ body }),
    update: (accountId, body) => api.updateOktaAccount({ accountId, body }),
    delete: (accountId) => api.deleteOktaAccount({ accountId }),
  };
}

/** This library with its defaults (retries on, input validated). */
export const oursApi = (mod, opts) => viaClient(mod, opts);

/** The official client with its defaults; `fetch` goes through its `fetch` option. */
export const officialApi = (mod, opts) => viaClient(mod, opts);

/** The floor: hand-written fetch calls plus JSON parsing, no checks beyond the status. */
export function rawApi({ fetch = globalThis.fetch, baseUrl = "https://api.datadoghq.com" }) {
  const base = `${baseUrl}/api/v2/integrations/okta/accounts`;
  const headers = { Accept: "application/json", "DD-API-KEY": KEYS.apiKeyAuth, "DD-APPLICATION-KEY": KEYS.appKeyAuth };
  const jsonHeaders = { ...headers, "Content-Type": "application/json" };
  async function send(method, path, body) {
    const res = await fetch(base + path, body === undefined ? { method, headers } : { method, headers: jsonHeaders, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  }
  return {
    get: (id) => send("GET", `/${encodeURIComponent(id)}`),
    list: () => send("GET", ""),
    create: (body) => send("POST", "", body),
    update: (id, body) => send("PATCH", `/${encodeURIComponent(id)}`, body),
    delete: (id) => send("DELETE", `/${encodeURIComponent(id)}`),
  };
}
