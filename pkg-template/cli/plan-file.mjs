// Saved plans (plan FILE --out PLAN, apply PLAN): what was reviewed, without a secret. For each
// organisation: how to reach it, the variables of its keys, the id of the fingerprints' key, the
// desired accounts with their secrets as ${VARIABLES}, and the plan with the fingerprint of each
// secret to send. apply PLAN plans again and goes on only if it finds the same changes and the
// same secrets; otherwise it refuses and says to plan again.
import { EXIT, UsageError } from "./errors.mjs";
import { clean } from "./output.mjs";
import { VERSION } from "./spec.mjs";
import { writePrivateFile } from "./state-file.mjs";

export const PLAN_KIND = "datadog-okta-plan";
const PLAN_VERSION = 1;
const WRITES = new Set(["create", "update", "delete"]);

/** The parsed plan file when `text` is one, else undefined (a desired file). */
export function parsePlanText(text) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return v?.kind === PLAN_KIND ? v : undefined;
}

/** The desired accounts of one organisation as the plan keeps them: secrets as ${VARIABLE}. */
function desiredAsWritten(accounts, secretVariables, book) {
  return accounts.map((a) => {
    const field = book.authMethods[a.authMethod]?.secretField;
    const { [field]: _secret, ...rest } = a;
    return { ...rest, secretField: field, secretVariable: secretVariables[a.name] };
  });
}

/** Saves the plans of `results` to `path` (mode 0600). */
export function savePlan(path, { file, statePath, opts, results, multi }) {
  const organisations = results.map(({ conn, accounts, plan }) => ({
    name: multi ? conn.name : null,
    organisation: conn.organisation,
    connection: conn.connection,
    keys: conn.keysSent ? conn.keyNames : null,
    keyId: conn.key?.id ?? null,
    accounts: desiredAsWritten(accounts, Object.fromEntries(plan.changes.filter((c) => c.secretVariable).map((c) => [c.name, c.secretVariable])), conn.book),
    plan: { changes: plan.changes, summary: plan.summary, hasChanges: plan.hasChanges },
  }));
  const saved = { kind: PLAN_KIND, version: PLAN_VERSION, createdBy: `datadog-okta ${VERSION}`, createdAt: new Date().toISOString(), file, state: statePath, options: { prune: opts.prune === true, pushSecrets: opts["push-secrets"] === true }, organisations };
  try {
    writePrivateFile(path, `${JSON.stringify(saved, null, 2)}\n`);
  } catch (e) {
    throw new UsageError(`--out ${path}: the plan cannot be written (${e.message})`, "plan");
  }
}

/** Checks the shape of a saved plan; a UsageError (exit 1) says what is wrong. */
export function checkPlan(saved, path) {
  const bad = (why) => new UsageError(`${path}: not a plan this version can apply (${why}); plan again`, "apply");
  if (saved.version !== PLAN_VERSION) throw bad(`version ${JSON.stringify(saved.version)}, expected ${PLAN_VERSION}`);
  if (!Array.isArray(saved.organisations) || saved.organisations.length === 0) throw bad("no organisations");
  for (const o of saved.organisations) {
    if (!Array.isArray(o?.accounts) || !Array.isArray(o?.plan?.changes) || typeof o.organisation !== "string" || typeof o.connection !== "object") throw bad("an organisation without accounts, plan or connection");
  }
  return saved;
}

/** The desired accounts of a saved organisation, secrets read again from the environment; a variable that is gone refuses the plan. */
export function resolveAccounts(org, path) {
  const missing = [];
  const accounts = org.accounts.map(({ secretField, secretVariable, ...attrs }) => {
    const value = secretVariable ? process.env[secretVariable] : undefined;
    if (secretVariable && !value) missing.push(`$${secretVariable} (${clean(attrs.name)})`);
    return secretField && value ? { ...attrs, [secretField]: value } : attrs;
  });
  if (missing.length > 0) throw stale(path, [`${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not set`]);
  return accounts;
}

/** A refusal of a stale plan: exit 1, nothing written. */
export function stale(path, reasons) {
  const message = `${path}: the plan no longer matches: ${reasons.join("; ")}. Nothing was changed: plan again`;
  return Object.assign(new Error(message), { name: "StalePlanError", exit: EXIT.validation, problems: reasons.map((m) => ({ path: "plan", message: m })) });
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const what = (c) => (c ? `${c.action}${c.fields.length ? ` (${c.fields.join(", ")})` : ""}` : "nothing");

/**
 * Compares the reviewed plan with a fresh one: every write it reviewed must be planned again the
 * same way (same id, fields, values and secret fingerprint). Returns the reasons it is stale.
 */
export function staleReasons(reviewed, fresh) {
  const reasons = [];
  for (const c of reviewed.changes.filter((x) => WRITES.has(x.action))) {
    const now = fresh.changes.find((x) => x.name === c.name && x.action === c.action && x.id === c.id);
    if (!now) {
      reasons.push(`${clean(c.name)}: reviewed ${what(c)}, now ${what(fresh.changes.find((x) => x.name === c.name))}`);
      continue;
    }
    if (!same([c.fields, c.before, c.after], [now.fields, now.before, now.after])) reasons.push(`${clean(c.name)}: its attributes changed since the plan`);
    else if (c.secretFingerprint !== now.secretFingerprint) reasons.push(`${clean(c.name)}: ${c.secretVariable ? `$${c.secretVariable}` : "the secret's variable"} no longer holds the planned secret`);
  }
  return reasons;
}

/** Keeps in `fresh` only the writes that were reviewed (a change that appeared since waits for the next plan). */
export function onlyReviewed(reviewed, fresh) {
  const keep = new Set(reviewed.changes.filter((x) => WRITES.has(x.action)).map((c) => `${c.action}\u0000${c.name}\u0000${c.id}`));
  const dropped = fresh.changes.filter((c) => WRITES.has(c.action) && !keep.has(`${c.action}\u0000${c.name}\u0000${c.id}`));
  fresh.changes = fresh.changes.filter((c) => !WRITES.has(c.action) || keep.has(`${c.action}\u0000${c.name}\u0000${c.id}`));
  fresh.hasChanges = fresh.changes.some((c) => WRITES.has(c.action));
  for (const action of Object.keys(fresh.summary)) fresh.summary[action] = fresh.changes.filter((c) => c.action === action).length;
  return dropped;
}
