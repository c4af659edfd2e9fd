// One cold start: import a client, create the API, complete one getOktaAccount against a stub
// fetch, print the phase timings (ms since process start) as JSON. argv: IMPL [MODULE_URL...]
// "bare" does nothing, so the parent can subtract Node's own start-up.
const impl = process.argv[2];
const urls = process.argv.slice(3);
const t0 = performance.now();
if (impl !== "bare") {
  const BODY = '{"data":{"type":"okta-accounts","attributes":{"client_id":"fakeclientid","auth_method":"oauth","domain":"https://dev-test.okta.com/","name":"testgetoktaaccountreturnsokresponse1700585984"},"id":"2bf39935-f5c8-46b1-b41b-eda0b4bd2e78"}}\n';
  const fetch = async () => new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });
  const authMethods = { apiKeyAuth: "cold-api-key", appKeyAuth: "cold-app-key" };
  const accountId = "2bf39935-f5c8-46b1-b41b-eda0b4bd2e78";
  let call;
  if (impl === "raw") {
    call = async () => {
      const res = await fetch(`https://api.datadoghq.com/api/v2/integrations/okta/accounts/${encodeURIComponent(accountId)}`, {
        method: "GET",
        headers: { Accept: "application/json", "DD-API-KEY": authMethods.apiKeyAuth, "DD-APPLICATION-KEY": authMethods.appKeyAuth },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    };
  } else {
    const mods = await Promise.all(urls.map((u) => import(u)));
    const lib = (m) => m.default ?? m;
    let createConfiguration, OktaIntegrationApi;
    if (impl === "official-deep") {
      createConfiguration = lib(mods[0]).createConfiguration;
      OktaIntegrationApi = lib(mods[1]).OktaIntegrationApi;
    } else {
      ({ createConfiguration } = lib(mods[0]).client);
      ({ OktaIntegrationApi } = lib(mods[0]).v2);
    }
    var t1 = performance.now();
    const api = new OktaIntegrationApi(createConfiguration({ authMethods, fetch }));
    call = () => api.getOktaAccount({ accountId });
  }
  t1 ??= performance.now();
  const result = await call();
  if (result?.data?.id !== accountId) throw new Error(`unexpected result ${JSON.stringify(result)}`);
  const t2 = performance.now();
  const u = process.cpuUsage();
  process.stdout.write(JSON.stringify({ boot: t0, import: t1 - t0, call: t2 - t1, cpu: (u.user + u.system) / 1000 }));
} else {
  const u = process.cpuUsage();
  process.stdout.write(JSON.stringify({ boot: t0, import: 0, call: 0, cpu: (u.user + u.system) / 1000 }));
}
