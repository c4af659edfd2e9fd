// The API client the commands use, configured from the options and the environment.
import { client, v2 } from "../node.mjs";
import { integer } from "./args.mjs";
import { UsageError } from "./errors.mjs";

/** Returns `{ api, gate, site }`: the client, the rate-limit gate it reports to, and the site it talks to. */
export function setup(opts) {
  // A proxy given with --base-url may add the keys itself; a Datadog site needs both.
  const missing = ["DD_API_KEY", "DD_APP_KEY"].filter((k) => !process.env[k]);
  if (!opts["base-url"] && missing.length > 0) throw new UsageError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: the keys come from the environment`);
  const gate = v2.createRateLimitGate();
  const params = { onResponse: gate.observe };
  if (opts["base-url"]) params.baseServer = new client.BaseServerConfiguration(opts["base-url"], {});
  const maxRetries = integer(opts, "max-retries", 0, 10);
  if (maxRetries !== undefined) params.maxRetries = maxRetries;
  const timeoutMs = integer(opts, "timeout-ms", 1, 3_600_000);
  if (timeoutMs !== undefined) params.timeoutMs = timeoutMs;
  const configuration = client.createConfiguration(params);
  if (opts.site) configuration.setServerVariables({ site: opts.site });
  const site = opts["base-url"] ?? opts.site ?? (process.env.DD_SITE || "datadoghq.com");
  return { api: new v2.OktaIntegrationApi(configuration), gate, site };
}
