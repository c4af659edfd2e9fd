// The desired-state document of the command line: accounts by name, secrets as references to
// environment variables (resolved here), and optionally the organisations they go to.

import { client } from "datadog-okta-wasm";
import { MAX_INPUT_CHARS, hasOwn, invalid, isObject } from "./common.mjs";

function processEnv() {
  try {
    return globalThis.process?.env ?? {};
  } catch {
    return {}; // Deno without --allow-env
  }
}

/**
 * Checks the site or base URL of each organisation with the client's rules (the main module has
 * them; the planner's stays without the site tables) and writes back the normalised value;
 * returns the problems, with their paths.
 */
async function checkOrganisations(organisations = []) {
  const problems = [];
  for (const org of organisations) {
    const [field, answer] = org.site !== undefined ? ["site", await client.rules.checkSite(org.site)] : ["baseUrl", await client.rules.checkBaseUrl(org.baseUrl, { keys: true })];
    problems.push(...answer.problems.map((p) => ({ path: `${org.path}.${field}`, message: p.message })));
    if (field === "site") org.site = answer.site;
    else Object.assign(org, { baseUrl: answer.baseUrl, loopback: answer.loopback === true });
  }
  return problems;
}

/** Builds `readOktaDesiredDocument` and `readOktaDesiredState` over `core(fn, input)`, the planner's wasm. */
export function createDesiredReader(core) {
  /**
   * Reads a desired-state document: `{"accounts": {NAME: {authMethod, domain, clientId?,
   * clientSecret?, apiKey?, organisations?}}, "organisations"?: {NAME: {site | baseUrl, apiKey,
   * appKey}}, "allowedDomains"?: [...]}`, whose secrets and keys are references to environment
   * variables (`"${OKTA_CLIENT_SECRET}"`). Resolves the accounts' secrets from `options.env` (the
   * process environment by default) and checks that every referenced variable is set, the
   * organisations' keys included (their values are not returned: read them where the client is
   * made). Rejects with a ValidationError listing every problem by path, all at once.
   * Resolves to `{ accounts, secretVariables, placement, organisations?, warnings }`:
   * `placement[name]` lists the organisations of an account that names some.
   * @example const { accounts, warnings } = await readOktaDesiredDocument(await readFile("okta.json", "utf8"));
   */
  async function readOktaDesiredDocument(text, options = {}) {
    const op = "readOktaDesiredDocument";
    if (typeof text !== "string") throw invalid(op, [{ path: "text", message: "must be the document's JSON text (a reader that keeps repeated names)" }]);
    if (text.length > MAX_INPUT_CHARS) throw invalid(op, [{ path: "text", message: `is larger than ${MAX_INPUT_CHARS} characters` }]);
    const out = await core("readDesiredDocument", text);
    const env = options?.env ?? processEnv();
    const value = (variable) => (isObject(env) && hasOwn(env, variable) ? env[variable] : undefined);
    const problems = [...out.problems, ...(await checkOrganisations(out.organisations))];
    for (const { variable, path } of out.references) {
      const v = value(variable);
      if (typeof v !== "string") problems.push({ path, message: `refers to the environment variable ${variable}, which is not set` });
      else if (v === "") problems.push({ path, message: `refers to the environment variable ${variable}, which is empty` });
    }
    if (problems.length > 0) throw invalid(op, problems);
    const secretVariables = {};
    const placement = {};
    const accounts = out.accounts.map(({ name, attributes, references, organisations }) => {
      const resolved = { ...attributes };
      for (const { field, variable } of references) {
        resolved[field] = value(variable);
        secretVariables[name] = variable;
      }
      if (organisations) placement[name] = organisations;
      return resolved;
    });
    const doc = { accounts, secretVariables, placement, warnings: out.warnings };
    if (out.organisations) doc.organisations = out.organisations.map(({ path, ...org }) => ({ loopback: false, ...org }));
    return doc;
  }

  /**
   * Reads a desired-state document (see readOktaDesiredDocument) and resolves to its accounts,
   * secrets resolved from `options.env` (the process environment by default), for
   * `planOktaAccounts`.
   * @example const desired = await readOktaDesiredState(await readFile("okta.json", "utf8"));
   */
  async function readOktaDesiredState(text, options = {}) {
    return (await readOktaDesiredDocument(text, options)).accounts;
  }

  return { readOktaDesiredDocument, readOktaDesiredState };
}
