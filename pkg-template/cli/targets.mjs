// The organisations a run talks to: the one of the options and the environment, or those FILE
// names (each with its site or baseUrl and the variables of its keys), narrowed by --org.
import { connectOrganisation, connectSingle } from "./connect.mjs";
import { didYouMean } from "./args.mjs";
import { UsageError } from "./errors.mjs";
import { clean, notice } from "./output.mjs";

/** The organisations of `available` that --org names (all without --org); a name that is not there is a UsageError. */
export function selectOrganisations(available, opts, where) {
  if (!opts.org) return available;
  for (const name of opts.org) {
    if (!available.some((o) => o.name === name)) {
      const near = didYouMean(name, available.map((o) => o.name));
      throw new UsageError(`--org ${clean(name)}: ${where} has no such organisation${near ? ` (did you mean ${near}?)` : ""}; it has ${available.map((o) => o.name).join(", ")}`);
    }
  }
  return available.filter((o) => opts.org.includes(o.name));
}

/** Refuses the options that cannot go with organisations named by a file, and says DD_SITE is ignored. */
export function checkOrganisationOptions(opts, where) {
  for (const o of ["site", "base-url"]) {
    if (opts[o] !== undefined) throw new UsageError(`--${o} cannot be given with ${where}, which names its organisations: each has its own site or baseUrl`);
  }
  if (process.env.DD_SITE) notice(`datadog-okta: note: DD_SITE is ignored: ${where} names its organisations, each with its site`);
}

/**
 * The targets of a desired document: `[{ conn, accounts }]`, one per organisation (the accounts
 * that go there), or one for the organisation of the options when FILE names none.
 */
export async function targetsOfDocument(doc, opts, file) {
  if (!doc.organisations) {
    if (opts.org) throw new UsageError(`--org needs a FILE that names organisations; ${file} names none`);
    return [{ conn: await connectSingle(opts), accounts: doc.accounts }];
  }
  checkOrganisationOptions(opts, file);
  const chosen = selectOrganisations(doc.organisations, opts, file);
  return Promise.all(
    chosen.map(async (org) => ({
      conn: await connectOrganisation(org, opts, `${file}: organisations.${org.name}`),
      accounts: doc.accounts.filter((a) => !doc.placement[a.name] || doc.placement[a.name].includes(org.name)),
    })),
  );
}
