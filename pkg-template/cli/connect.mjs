// The API client of one organisation, configured from the options and the environment (a single
// organisation) or from an organisation of FILE or PLAN. Every value is checked by the core's
// rules (client.rules); the messages name the option or the variable.
import { webcrypto } from "node:crypto";
import { client, v2 } from "datadog-okta-wasm";
import { createOktaStateKey, createRateLimitGate } from "datadog-okta-wasm/manage";
import { integer } from "./args.mjs";
import { UsageError } from "./errors.mjs";
import { clean, notice } from "./output.mjs";

const OPERATIONS = ["listOktaAccounts", "getOktaAccount", "createOktaAccount", "updateOktaAccount", "deleteOktaAccount"];

/** Throws a UsageError naming `what` when the rule's answer has problems. */
function refuse(what, answer, hint = "") {
  if (answer.problems.length > 0) throw new UsageError(`${what}: ${answer.problems.map((p) => p.message).join("; ")}${hint}`);
  return answer;
}

/** The time of day of `date`, as a terminal user reads it (HH:MM:SS, local time). */
const timeOfDay = (date) => date.toTimeString().slice(0, 8);

/**
 * The client's five operations, each adding to its errors what the report needs: the operation,
 * the key variables and whether keys were sent (a 403 says so), and the organisation's name.
 */
function annotated(api, context) {
  const wrap = (operation) => async (...args) => {
    try {
      return await api[operation](...args);
    } catch (e) {
      if (e !== null && typeof e === "object") {
        e.context ??= { ...context, operation };
        if (context.name) e.organisation ??= context.name;
      }
      throw e;
    }
  };
  return Object.freeze(Object.fromEntries(OPERATIONS.map((op) => [op, wrap(op)])));
}

async function finish(opts, { name, organisation, origin, connection, keyNames, keys, baseServer, site }) {
  const book = await client.rules.describe();
  const prefix = name ? `[${name}] ` : "";
  const gate = createRateLimitGate({
    onWait: ({ name: window, waitMs, until }) => notice(`datadog-okta: ${prefix}waiting for the rate limit (${window ?? "the API's"}, X-RateLimit-Reset) until ${timeOfDay(until)} (${Math.ceil(waitMs / 1000)} s)`),
  });
  const params = { onResponse: gate.observe };
  if (keys) params.authMethods = { apiKeyAuth: keys[0], appKeyAuth: keys[1] };
  if (baseServer) params.baseServer = new client.BaseServerConfiguration(baseServer, {});
  const maxRetries = integer(opts, "max-retries", book.limits.maxRetries);
  if (maxRetries !== undefined) params.maxRetries = maxRetries;
  const timeoutMs = integer(opts, "timeout-ms", book.limits.timeoutMs);
  if (timeoutMs !== undefined) params.timeoutMs = timeoutMs;
  const configuration = client.createConfiguration(params);
  if (site) configuration.setServerVariables({ site });
  const keysSent = Boolean(keys?.[0] || keys?.[1]);
  const api = annotated(new v2.OktaIntegrationApi(configuration), { name, keyNames, keysSent, via: baseServer });
  // The fingerprints' key: DATADOG_OKTA_STATE_KEY, else derived from the application key.
  const secret = process.env.DATADOG_OKTA_STATE_KEY || keys?.[1];
  // node:crypto's WebCrypto: the global one is missing from some Node 18 releases.
  const key = secret ? await createOktaStateKey(secret, { crypto: webcrypto }) : undefined;
  return { name, organisation, origin, connection, keyNames, keysSent, api, gate, key, book };
}

/** The organisation of the options and the environment: --base-url, --site, DD_SITE or the default site, with DD_API_KEY and DD_APP_KEY. */
export async function connectSingle(opts) {
  const { rules } = client;
  const book = await rules.describe();
  const env = process.env;
  const keyNames = ["DD_API_KEY", "DD_APP_KEY"];
  // A proxy given with --base-url may add the keys itself; a Datadog site needs both.
  const missing = keyNames.filter((k) => !env[k]);
  if (!opts["base-url"] && missing.length > 0) throw new UsageError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: the keys come from the environment`);
  for (const k of keyNames) if (env[k]) refuse(k, await rules.checkKey(env[k]));
  const keys = env.DD_API_KEY || env.DD_APP_KEY ? [env.DD_API_KEY, env.DD_APP_KEY] : undefined;
  if (opts["base-url"]) {
    const answer = refuse("--base-url", await rules.checkBaseUrl(opts["base-url"], { keys: Boolean(keys) }));
    return finish(opts, { organisation: answer.organisation, origin: answer.organisation, connection: { baseUrl: answer.baseUrl }, keyNames, keys, baseServer: answer.baseUrl });
  }
  const [what, value] = opts.site ? ["--site", opts.site] : env.DD_SITE ? ["DD_SITE", env.DD_SITE] : ["the default site", book.defaultSite];
  const answer = refuse(what, await rules.checkSite(value), "; for a proxy or a local API, use --base-url");
  return finish(opts, { organisation: answer.organisation, origin: answer.organisation, connection: { site: answer.site }, keyNames, keys, site: answer.site });
}

/**
 * An organisation of FILE or PLAN: `{ name, site | baseUrl, apiKey, appKey }`, the keys named by
 * their variables (none: a proxy adds them). A baseUrl that is not loopback needs
 * --allow-base-url: a pull request to the file must not be able to send the keys elsewhere.
 * Without a name (a plan of one organisation), the organisation is keyed by its origin.
 */
export async function connectOrganisation(org, opts, where) {
  const { rules } = client;
  const keyNames = org.apiKey ? [org.apiKey, org.appKey] : ["DD_API_KEY", "DD_APP_KEY"];
  const keys = org.apiKey ? keyNames.map((k) => process.env[k]) : undefined;
  if (keys === undefined && org.baseUrl === undefined) throw new UsageError(`${where}: no keys for a Datadog site`);
  for (const [i, k] of (keys ? keyNames : []).entries()) {
    if (!keys[i]) throw new UsageError(`${where}: the ${i === 0 ? "API" : "application"} key is read from $${k}, which is ${keys[i] === "" ? "empty" : "not set"}`);
    refuse(`$${k}`, await rules.checkKey(keys[i]));
  }
  const named = (answer) => ({ name: org.name ?? undefined, organisation: org.name ?? answer.organisation, origin: answer.organisation, keyNames, keys });
  if (org.baseUrl !== undefined) {
    const answer = refuse(`${where}.baseUrl`, await rules.checkBaseUrl(org.baseUrl, { keys: Boolean(keys) }));
    if (!answer.loopback && opts["allow-base-url"] !== true) {
      throw new UsageError(`${where}.baseUrl: ${clean(answer.baseUrl)} is not a loopback address; the keys go only where the command line allows: add --allow-base-url if this proxy is meant`);
    }
    return finish(opts, { ...named(answer), connection: { baseUrl: answer.baseUrl }, baseServer: answer.baseUrl });
  }
  const answer = refuse(`${where}.site`, await rules.checkSite(org.site));
  return finish(opts, { ...named(answer), connection: { site: answer.site }, site: answer.site });
}
