// `client.rules`: the rules of the API, as the Rust core owns them (src/rules.rs). Forms, tools,
// the command line, the planner and the dashboard's proxy ask here and keep no copy of a rule.

function plain(value) {
  return typeof value === "string" ? value : null;
}

function freeze(value) {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) freeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Builds `client.rules` over the loader of the wasm module (see api.mjs). */
export function createRules(wasm) {
  let book;
  async function check(kind, value, extra = {}) {
    const module = await wasm();
    return JSON.parse(module.ask(kind, JSON.stringify({ value: plain(value), ...extra })));
  }
  return Object.freeze({
    /**
     * The rule book: sites, the default site, the account's fields and which secret belongs to
     * which auth method, id and key limits, configuration limits and defaults, reason phrases,
     * the permission of each operation, the error classes. Loaded once, frozen.
     * @example const { defaultSite, sites } = await client.rules.describe();
     */
    describe() {
      book ??= wasm()
        .then((module) => freeze(JSON.parse(module.ask("describe", ""))))
        .catch((e) => {
          book = undefined; // a failed load is tried again
          throw e;
        });
      return book;
    },
    /**
     * Checks a Datadog site (`datadoghq.eu`); resolves to `{ problems, site?, baseUrl?, origin?,
     * organisation? }`, the last two the organisation's canonical key.
     * @example const { problems, baseUrl } = await client.rules.checkSite("datadoghq.eu");
     */
    checkSite: (site) => check("site", site),
    /**
     * Checks a base URL (a proxy, a local API); `keys: true` when DD keys go with it. Resolves to
     * `{ problems, baseUrl?, host?, loopback?, datadog?, origin?, organisation? }` (`origin` is
     * canonical: `localhost`, `127.0.0.1` and `[::1]` are one; `organisation` adds the path).
     * @example await client.rules.checkBaseUrl("http://127.0.0.1:8080", { keys: true });
     */
    checkBaseUrl: (url, options = {}) => check("baseUrl", url, { keys: options?.keys === true, allowInsecureHttp: options?.allowInsecureHttp === true }),
    /**
     * Checks a DD API or application key (what an HTTP header can carry); `{ problems }`. The
     * answer never repeats the key.
     * @example const { problems } = await client.rules.checkKey(key);
     */
    checkKey: (key) => check("key", key),
    /**
     * Checks an account id; resolves to `{ problems, path? }`, `path` being the account's API path.
     * @example await client.rules.checkAccountId("..");
     */
    checkAccountId: (id) => check("accountId", id),
    /**
     * Checks an Okta domain (an origin such as https://example.okta.com/); resolves to { problems }.
     * @example await client.rules.checkDomain("https://example.okta.com/admin");
     */
    checkDomain: (domain) => check("domain", domain),
    /**
     * Checks a request path as a proxy receives it: the accounts collection or one account.
     * Resolves to `{ problems, path?, accountId? }`, `path` in its canonical encoding.
     * @example await client.rules.checkApiPath("/api/v2/integrations/okta/accounts/abc");
     */
    checkApiPath: (path) => check("apiPath", path),
  });
}
