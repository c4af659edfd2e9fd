// The API client the commands use, configured from the options and the environment. Every value
// is checked by the core's rules (client.rules); the messages name the option or the variable.
import { client, v2 } from "datadog-okta-wasm";
import { createOktaStateKey, createRateLimitGate } from "datadog-okta-wasm/manage";
import { integer } from "./args.mjs";
import { UsageError } from "./errors.mjs";
import { notice } from "./output.mjs";

/** Throws a UsageError naming `what` when the rule's answer has problems. */
function refuse(what, answer, hint = "") {
  if (answer.problems.length > 0) throw new UsageError(`${what}: ${answer.problems.map((p) => p.message).join("; ")}${hint}`);
  return answer;
}

/** The time of day of `date`, as a terminal user reads it (HH:MM:SS, local time). */
const timeOfDay = (date) => date.toTimeString().slice(0, 8);

/**
 * The key of the state's fingerprints: DATADOG_OKTA_STATE_KEY when set, else one derived from the
 * application key; undefined when there is neither (secrets are then not verifiable).
 */
export async function stateKey(appKey) {
  const secret = process.env.DATADOG_OKTA_STATE_KEY || appKey;
  return secret ? createOktaStateKey(secret) : undefined;
}

/**
 * Returns `{ api, gate, organisation, site, book, key }`: the client, the rate-limit gate it
 * reports to, the organisation's key (its canonical origin), the site or base URL as given, the
 * rule book, and the key of the state's fingerprints.
 */
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
  const gate = createRateLimitGate({
    onWait: ({ name, waitMs, until }) => notice(`datadog-okta: waiting for the rate limit (${name ?? "the API's"}, X-RateLimit-Reset) until ${timeOfDay(until)} (${Math.ceil(waitMs / 1000)} s)`),
  });
  const params = { onResponse: gate.observe };
  let checkedSite;
  let organisation;
  if (opts["base-url"]) {
    const hasKeys = Boolean(env.DD_API_KEY || env.DD_APP_KEY);
    organisation = refuse("--base-url", await rules.checkBaseUrl(opts["base-url"], { keys: hasKeys })).organisation;
    params.baseServer = new client.BaseServerConfiguration(opts["base-url"], {});
  } else {
    const [what, value] = opts.site ? ["--site", opts.site] : env.DD_SITE ? ["DD_SITE", env.DD_SITE] : ["the default site", book.defaultSite];
    const answer = refuse(what, await rules.checkSite(value), "; for a proxy or a local API, use --base-url");
    checkedSite = answer.site;
    organisation = answer.organisation;
  }
  const maxRetries = integer(opts, "max-retries", book.limits.maxRetries);
  if (maxRetries !== undefined) params.maxRetries = maxRetries;
  const timeoutMs = integer(opts, "timeout-ms", book.limits.timeoutMs);
  if (timeoutMs !== undefined) params.timeoutMs = timeoutMs;
  const configuration = client.createConfiguration(params);
  if (checkedSite) configuration.setServerVariables({ site: checkedSite });
  const site = opts["base-url"] ?? checkedSite;
  return { api: new v2.OktaIntegrationApi(configuration), gate, organisation, site, book, key: await stateKey(env.DD_APP_KEY) };
}
