// apply PLAN: the organisations of a saved plan, planned again and held to what was reviewed.
import { client } from "datadog-okta-wasm";
import { UsageError } from "./errors.mjs";
import { clean, notice } from "./output.mjs";
import { readState, planTarget } from "./plan.mjs";
import { checkPlan, onlyReviewed, resolveAccounts, stale, staleReasons } from "./plan-file.mjs";
import { openStateFile } from "./state-file.mjs";
import { checkOrganisationOptions, selectOrganisations } from "./targets.mjs";
import { connectOrganisation } from "./connect.mjs";

/** The options a saved plan fixes, which the command line cannot change. */
const FIXED = ["prune", "push-secrets"];

/** --site or --base-url with a plan of one organisation must name that organisation. */
async function checkSameOrganisation(org, opts, path) {
  if (opts.site === undefined && opts["base-url"] === undefined) return;
  const answer = opts["base-url"] !== undefined ? await client.rules.checkBaseUrl(opts["base-url"]) : await client.rules.checkSite(opts.site);
  if (answer.organisation !== org.organisation) {
    throw new UsageError(`${path} was made for ${clean(org.organisation)}, not ${clean(answer.organisation ?? opts["base-url"] ?? opts.site)}: a plan is applied where it was made`, "apply");
  }
}

/**
 * Prepares the apply of a saved plan: each organisation reached as the plan says, planned again
 * from the plan's own desired accounts (secrets read again from their variables), and refused
 * with every reason when a reviewed write would not be the same. Returns what apply needs.
 */
export async function fromPlan(saved, path, opts) {
  checkPlan(saved, path);
  for (const o of FIXED) if (opts[o] !== undefined) throw new UsageError(`--${o} cannot be given with a saved plan: it is applied as it was made and reviewed`, "apply");
  const multi = saved.organisations.some((o) => o.name);
  if (multi) checkOrganisationOptions(opts, path);
  else if (opts.org) throw new UsageError(`--org needs a plan of several organisations; ${path} has one`, "apply");
  else await checkSameOrganisation(saved.organisations[0], opts, path);
  const chosen = multi ? selectOrganisations(saved.organisations, opts, path) : saved.organisations;
  const statePath = opts.state ?? saved.state;
  const state = readState(statePath);
  const planOptions = { prune: saved.options?.prune === true, "push-secrets": saved.options?.pushSecrets === true };
  const reasons = [];
  const results = [];
  for (const org of chosen) {
    const where = org.name ? `${path}: organisations.${org.name}` : path;
    const conn = await connectOrganisation({ name: org.name, ...org.connection, apiKey: org.keys?.[0], appKey: org.keys?.[1] }, opts, where);
    if ((conn.key?.id ?? null) !== org.keyId) {
      reasons.push(`${org.name ? `${org.name}: ` : ""}the fingerprint key changed since the plan (DATADOG_OKTA_STATE_KEY, or the application key it is derived from)`);
      continue;
    }
    const accounts = resolveAccounts(org, path);
    const secretVariables = Object.fromEntries(org.accounts.filter((a) => a.secretVariable).map((a) => [a.name, a.secretVariable]));
    const fresh = await planTarget({ conn, accounts }, { state, opts: planOptions, secretVariables });
    if (fresh.plan) {
      const why = staleReasons(org.plan, fresh.plan);
      reasons.push(...why.map((r) => (org.name ? `${org.name}: ${r}` : r)));
      if (why.length === 0) {
        for (const c of onlyReviewed(org.plan, fresh.plan)) notice(`datadog-okta: note: ${org.name ? `${org.name}: ` : ""}${c.name} needs a ${c.action} the plan did not review: left for the next plan`);
      }
    }
    results.push(fresh);
  }
  if (reasons.length > 0) throw stale(path, reasons);
  return { results, state, store: openStateFile(statePath), multi, doc: { warnings: [] }, oldState: state.version === 1 };
}
