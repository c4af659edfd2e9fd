// The API client the commands use, configured from the options and the environment. Every value
// is checked by the core's rules (client.rules); the messages name the option or the variable.
import { client, v2 } from "datadog-okta-wasm";
import { createRateLimitGate } from "datadog-okta-wasm/manage";
import { integer } from "./args.mjs";
import { UsageError } from "./errors.mjs";

/** Throws a UsageError naming `what` when the rule's answer has problems. */
function refuse(what, answer, hint = "") {
  if (answer.problems.length > 0) throw new UsageError(`${what}: ${answer.problems.map((p) => p.message).join("; ")}${hint}`);
  return answer;
}

/** Returns `{ api, gate, site, book }`: the client, the rate-limit gate it reports to, the site (or base URL) it talks to, and the rule book. */
export async function setup(opts) {
  const { rules } = client;
  const book = await rules.describe();
  const env = process.env;
  // A proxy given with --base-url may add the keys itself; a Datadog site needs both.
  const missing = ["DD_API_KEY", "DD_APP_KEY"].filter((k) => !env[k]);
  if (!opts["base-url"] && missing.length > 0) throw new UsageError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: the keys come from the environment`);
  for (const name of ["DD_API_KEY", "DD_APP_KEY"]) {
    if (env[name]) refuse(name, await rules.checkKey(env[name]));
  }
  const gate = createRateLimitGate();
  const params = { onResponse: gate.observe };
  let checkedSite;
  if (opts["base-url"]) {
    const hasKeys = Boolean(env.DD_API_KEY || env.DD_APP_KEY);
    refuse("--base-url", await rules.checkBaseUrl(opts["base-url"], { keys: hasKeys }));
    params.baseServer = new client.BaseServerConfiguration(opts["base-url"], {});
  } else {
    const [what, value] = opts.site ? ["--site", opts.site] : env.DD_SITE ? ["DD_SITE", env.DD_SITE] : ["the default site", book.defaultSite];
    checkedSite = refuse(what, await rules.checkSite(value), "; for a proxy or a local API, use --base-url").site;
  }
  const maxRetries = integer(opts, "max-retries", book.limits.maxRetries);
  if (maxRetries !== undefined) params.maxRetries = maxRetries;
  const timeoutMs = integer(opts, "timeout-ms", book.limits.timeoutMs);
  if (timeoutMs !== undefined) params.timeoutMs = timeoutMs;
  const configuration = client.createConfiguration(params);
  if (checkedSite) configuration.setServerVariables({ site: checkedSite });
  // The key of the state file's fingerprints, as written (0.1.0's keys).
  const site = opts["base-url"] ?? opts.site ?? (env.DD_SITE || book.defaultSite);
  return { api: new v2.OktaIntegrationApi(configuration), gate, site, book };
}
