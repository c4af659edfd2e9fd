// Shared set-up of the resilience suites: the built package against the local API, with
// canary secrets that must never come back out.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { start } from "../fake-datadog/server.mjs";
import { client, v2 } from "../../pkg/node.mjs";

export { client, v2 };

export const CANARIES = {
  apiKey: "canary-dd-api-key-3f9a",
  appKey: "canary-dd-app-key-71c2",
  clientSecret: "canary-okta-client-secret-5be0",
  oktaToken: "canary-okta-api-token-c44d",
};

export const EXISTING = { id: "00000000-0000-4000-8000-000000000001", name: "existing", domain: "https://existing.okta.com/", auth_method: "oauth", client_id: "cid", client_secret: "s" };

export async function startFake(options = {}) {
  return start({ port: 0, rateLimit: { limit: 1_000_000, periodSeconds: 60 }, logger: () => {}, ...options });
}

/** An API on the local API with the canary keys; retry waits shrunk a thousand times. */
export function makeApi(fake, extra = {}) {
  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(fake.url, {}),
    authMethods: { apiKeyAuth: CANARIES.apiKey, appKeyAuth: CANARIES.appKey },
    retryDelayScale: 0.001,
    timeoutMs: 400,
    ...extra,
  });
  return new v2.OktaIntegrationApi(configuration);
}

export const bodies = {
  create: (name = "fresh") => ({
    data: { attributes: { authMethod: "oauth", domain: "https://fresh.okta.com/", name, clientId: "fresh-cid", clientSecret: CANARIES.clientSecret }, type: "okta-accounts" },
  }),
  update: () => ({ data: { attributes: { authMethod: "api_key", domain: "https://moved.okta.com/", apiKey: CANARIES.oktaToken }, type: "okta-accounts" } }),
};

/** Every way an error can be shown; none may hold a secret. */
export function assertNoSecrets(value, where = "") {
  const views = [String(value), inspect(value, { depth: 8, showHidden: true })];
  if (value instanceof Error) views.push(value.message, value.stack ?? "", JSON.stringify(value), JSON.stringify(value.body ?? null));
  else views.push(JSON.stringify(value) ?? "");
  for (const text of views) {
    for (const secret of Object.values(CANARIES)) {
      assert.ok(!text.includes(secret), `${where}: a secret leaked into ${text.slice(0, 300)}`);
    }
  }
}
