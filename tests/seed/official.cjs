// Prints what Datadog's official client prints for the same canned responses (it takes the
// stub through its `fetch` option, since it does not use the global fetch in Node).
const { client, v2 } = require("@datadog/datadog-api-client");
const { GET_ID, UPDATE_ID } = require("./ids.cjs");

async function main() {
  const { cannedFetch } = await import("./canned.mjs");
  const configuration = client.createConfiguration({ fetch: cannedFetch() });
  const api = new v2.OktaIntegrationApi(configuration);
  const body = (attrs) => ({ data: { attributes: attrs, type: "okta-accounts" } });
  const calls = {
    list: () => api.listOktaAccounts(),
    create: () => api.createOktaAccount({ body: { data: { attributes: { authMethod: "oauth", domain: "https://example.okta.com/", name: "exampleoktaintegration", clientId: "client_id", clientSecret: "client_secret" }, id: "f749daaf-682e-4208-a38d-c9b43162c609", type: "okta-accounts" } } }),
    get: () => api.getOktaAccount({ accountId: GET_ID }),
    update: () => api.updateOktaAccount({ accountId: UPDATE_ID, body: body({ authMethod: "oauth", domain: "https://example.okta.com/", clientId: "client_id", clientSecret: "client_secret" }) }),
    delete: () => api.deleteOktaAccount({ accountId: "account_id" }),
  };
  const data = await calls[process.argv[2]]();
  console.log("API called successfully. Returned data: " + JSON.stringify(data));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
