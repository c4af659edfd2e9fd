// A configuration is serialised once and reused by its calls (issue 15): what a call sends must
// still follow every change the official client lets a user make afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client, v2 } from "./harness.mjs";

const keys = { apiKeyAuth: "k-1234", appKeyAuth: "a-1234" };

function recorder() {
  const urls = [];
  const fetch = async (url) => (urls.push(String(url)), new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } }));
  return { urls, fetch };
}

test("setServerVariables after the first call moves the next call to the new site", async () => {
  const { urls, fetch } = recorder();
  const configuration = client.createConfiguration({ authMethods: keys, fetch });
  const api = new v2.OktaIntegrationApi(configuration);
  await api.listOktaAccounts();
  configuration.setServerVariables({ site: "datadoghq.eu" });
  await api.listOktaAccounts();
  configuration.setServerVariables({ site: "ap1.datadoghq.com" });
  await api.listOktaAccounts();
  assert.deepEqual(urls.map((u) => new URL(u).host), ["api.datadoghq.com", "api.datadoghq.eu", "api.ap1.datadoghq.com"]);
});

test("a BaseServerConfiguration changed directly after the first call is followed", async () => {
  const { urls, fetch } = recorder();
  const base = new client.BaseServerConfiguration("http://127.0.0.1:{port}/{prefix}", { port: "8001", prefix: "a" });
  const api = new v2.OktaIntegrationApi(client.createConfiguration({ baseServer: base, authMethods: keys, fetch }));
  await api.listOktaAccounts();
  base.setVariables({ port: "8002" });
  await api.listOktaAccounts();
  base.url = "http://localhost:{port}/b";
  await api.listOktaAccounts();
  assert.deepEqual(urls, [
    "http://127.0.0.1:8001/a/api/v2/integrations/okta/accounts",
    "http://127.0.0.1:8002/a/api/v2/integrations/okta/accounts",
    "http://localhost:8002/b/api/v2/integrations/okta/accounts",
  ]);
});

test("two configurations used in turn each keep their own keys", async () => {
  const seen = [];
  const fetch = async (url, init) => (seen.push(init.headers["DD-API-KEY"]), new Response('{"data":[]}', { status: 200 }));
  const one = new v2.OktaIntegrationApi(client.createConfiguration({ authMethods: { apiKeyAuth: "key-one", appKeyAuth: "app-1234" }, fetch }));
  const two = new v2.OktaIntegrationApi(client.createConfiguration({ authMethods: { apiKeyAuth: "key-two", appKeyAuth: "app-1234" }, fetch }));
  await Promise.all([one.listOktaAccounts(), two.listOktaAccounts(), one.listOktaAccounts()]);
  await two.listOktaAccounts();
  assert.deepEqual(seen, ["key-one", "key-two", "key-one", "key-two"]);
});
