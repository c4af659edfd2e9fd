// Bundle entry: the app over hand-written fetch calls, the floor. Same app code; the "client"
// is the least that gives it the same shapes (camelCase in, the API's JSON out).
import { runApp } from "./app.mjs";

const wire = ({ authMethod, domain, name, clientId, clientSecret, apiKey }) => ({ auth_method: authMethod, domain, name, client_id: clientId, client_secret: clientSecret, api_key: apiKey });

class BaseServerConfiguration {
  constructor(url) {
    this.url = url;
  }
}

const createConfiguration = (c) => c;

class OktaIntegrationApi {
  constructor({ authMethods, baseServer, fetch: f = fetch }) {
    this.send = async (method, path, body) => {
      const headers = { Accept: "application/json", "DD-API-KEY": authMethods.apiKeyAuth, "DD-APPLICATION-KEY": authMethods.appKeyAuth };
      if (body) headers["Content-Type"] = "application/json";
      const res = await f(`${baseServer.url}/api/v2/integrations/okta/accounts${path}`, { method, headers, body: body && JSON.stringify({ data: { type: body.data.type, attributes: wire(body.data.attributes) } }) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.status === 204 ? undefined : res.json();
    };
  }
  listOktaAccounts() {
    return this.send("GET", "");
  }
  createOktaAccount({ body }) {
    return this.send("POST", "", body);
  }
  getOktaAccount({ accountId }) {
    return this.send("GET", `/${encodeURIComponent(accountId)}`);
  }
  updateOktaAccount({ accountId, body }) {
    return this.send("PATCH", `/${encodeURIComponent(accountId)}`, body);
  }
  deleteOktaAccount({ accountId }) {
    return this.send("DELETE", `/${encodeURIComponent(accountId)}`);
  }
}

export const run = (options) => runApp({ createConfiguration, BaseServerConfiguration, OktaIntegrationApi }, options);
