// The small app every bundle holds: create an account, read it, list, update it, delete it.
// It receives the library's pieces, so the three bundles differ only in the client.
export async function runApp({ createConfiguration, BaseServerConfiguration, OktaIntegrationApi }, { baseUrl, apiKey, appKey, fetch }) {
  const configuration = createConfiguration({
    authMethods: { apiKeyAuth: apiKey, appKeyAuth: appKey },
    baseServer: new BaseServerConfiguration(baseUrl, {}),
    fetch,
  });
  const api = new OktaIntegrationApi(configuration);
  const attributes = { authMethod: "oauth", domain: "https://example.okta.com/", clientId: "client_id", clientSecret: "client_secret" };
  const created = await api.createOktaAccount({ body: { data: { attributes: { ...attributes, name: "bundle-app" }, type: "okta-accounts" } } });
  const accountId = created.data.id;
  const got = await api.getOktaAccount({ accountId });
  const all = await api.listOktaAccounts();
  const updated = await api.updateOktaAccount({ accountId, body: { data: { attributes, type: "okta-accounts" } } });
  await api.deleteOktaAccount({ accountId: updated.data.id });
  return { id: got.data.id, names: all.data.map((a) => a.attributes.name) };
}
