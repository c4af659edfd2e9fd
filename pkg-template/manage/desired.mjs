// The desired-state document of the command line: accounts by name, secrets as references to
// environment variables, resolved here.

import { MAX_INPUT_CHARS, hasOwn, invalid, isObject } from "./common.mjs";

/** Builds `readOktaDesiredState` over `core(fn, input)`, the planner's wasm. */
export function createDesiredReader(core) {
  /**
   * Reads a desired-state document, `{"accounts": {NAME: {authMethod, domain, clientId?,
   * clientSecret?, apiKey?}}}`, whose secrets are references to environment variables
   * (`"${OKTA_CLIENT_SECRET}"`), and resolves them from `options.env` (the process environment by
   * default). Resolves to the accounts for `planOktaAccounts`; rejects with a ValidationError
   * listing every problem by path (`accounts.prod.domain`), a repeated name included.
   * @example const desired = await readOktaDesiredState(await readFile("okta.json", "utf8"));
   */
  return async function readOktaDesiredState(text, options = {}) {
    const op = "readOktaDesiredState";
    if (typeof text !== "string") throw invalid(op, [{ path: "text", message: "must be the document's JSON text (a reader that keeps repeated names)" }]);
    if (text.length > MAX_INPUT_CHARS) throw invalid(op, [{ path: "text", message: `is larger than ${MAX_INPUT_CHARS} characters` }]);
    const out = await core("readDesiredDocument", text);
    if (out.problems) throw invalid(op, out.problems);
    let env = options?.env;
    if (env === undefined) {
      try {
        env = globalThis.process?.env ?? {};
      } catch {
        env = {}; // Deno without --allow-env
      }
    }
    const problems = [];
    const accounts = out.accounts.map(({ attributes, references }) => {
      const resolved = { ...attributes };
      for (const { field, variable, path } of references) {
        const value = isObject(env) && hasOwn(env, variable) ? env[variable] : undefined;
        if (typeof value !== "string" || value === "") problems.push({ path, message: `refers to the environment variable ${variable}, which is not set` });
        else resolved[field] = value;
      }
      return resolved;
    });
    if (problems.length > 0) throw invalid(op, problems);
    return accounts;
  };
}
