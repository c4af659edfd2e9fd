// plan FILE, and the plans that apply FILE starts from: FILE and the state file read, each
// organisation's accounts listed, the changes worked out; --out saves them for review.
import { readFileSync } from "node:fs";
import { client } from "datadog-okta-wasm";
import { createOktaPlanState, planOktaAccounts, readOktaDesiredDocument } from "datadog-okta-wasm/manage";
import { noColours } from "./colour.mjs";
import { EXIT, UsageError, describeError, report } from "./errors.mjs";
import { clean, err, json, out } from "./output.mjs";
import { savePlan } from "./plan-file.mjs";
import { printPlans, unverifiable } from "./plan-render.mjs";
import { VERSION } from "./spec.mjs";
import { openStateFile, readStateFile, statePathFor } from "./state-file.mjs";
import { targetsOfDocument } from "./targets.mjs";

/** Reads a file given on the command line; a missing one is a UsageError. */
export function readArgumentFile(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`${path}: cannot be read (${e.code ?? e.message})`);
  }
}

/** Reads FILE, resolving its variables; a ValidationError names the file. */
export async function readDesiredFile(file, text = readArgumentFile(file)) {
  try {
    return await readOktaDesiredDocument(text, { env: process.env });
  } catch (e) {
    if (e instanceof client.ValidationError) e.file = file;
    throw e;
  }
}

/** Prints the warnings of FILE on stderr. */
export function printWarnings(warnings) {
  for (const w of warnings) err(`datadog-okta: warning: ${clean(w.path)}: ${clean(w.message)}\n`);
}

/** Plans one organisation; resolves to `{ conn, plan }` or `{ conn, error }`. */
export async function planTarget({ conn, accounts }, { state, opts, secretVariables, current }) {
  try {
    const options = { state, key: conn.key, organisation: conn.organisation, secretVariables, current, prune: opts.prune === true, pushUnverifiableSecrets: opts["push-secrets"] === true };
    return { conn, accounts, plan: await planOktaAccounts(conn.api, accounts, options) };
  } catch (e) {
    return { conn, accounts, error: e };
  }
}

/** Reads the state file; an invalid one names itself. */
export function readState(statePath) {
  return readStateFile(statePath) ?? createOktaPlanState();
}

/** Reads FILE and the state file and plans each organisation: `{ doc, results, state, store, multi }`. */
export async function planFile(file, opts, text) {
  const doc = await readDesiredFile(file, text);
  if (!opts.json) printWarnings(doc.warnings);
  const targets = await targetsOfDocument(doc, opts, file);
  const statePath = statePathFor(file, opts);
  const state = readState(statePath);
  const results = await Promise.all(targets.map((t) => planTarget(t, { state, opts, secretVariables: doc.secretVariables })));
  for (const r of results) if (r.error instanceof client.ValidationError && r.error.problems.some((p) => p.path.startsWith("state"))) r.error.file = statePath;
  return { doc, results, state, store: openStateFile(statePath), multi: Boolean(doc.organisations), oldState: state.version === 1 };
}

/** The plans as --json prints them: one organisation flat, several as a list; always a version. */
export function plansJson({ results, multi, doc }, extra = {}) {
  const one = (r) => (r.error ? { organisation: r.conn.organisation, error: describeError(r.error) } : r.plan);
  const hasChanges = results.some((r) => r.plan?.hasChanges);
  const counts = { hasChanges, unverifiable: results.reduce((n, r) => n + (r.plan ? unverifiable(r.plan).length : 0), 0) };
  if (!multi) return { version: VERSION, ...one(results[0]), ...counts, warnings: doc.warnings, ...extra };
  return { version: VERSION, organisations: results.map((r) => ({ name: r.conn.name, ...one(r) })), ...counts, warnings: doc.warnings, ...extra };
}

/** Reports the organisations whose plan failed; returns the exit code they call for, or undefined. */
export async function reportFailures(results) {
  let code;
  for (const r of results.filter((x) => x.error)) {
    const c = await report(r.error, false);
    code = Math.min(code ?? c, c);
  }
  return code;
}

/** plan FILE: prints the plans (or saves them with --out); returns the exit code. */
export async function planCommand(opts, positional) {
  if (positional.length !== 1) throw new UsageError("plan takes one FILE, the desired state", "plan");
  if (opts.json) noColours();
  const file = positional[0];
  const planned = await planFile(file, opts);
  const failed = await reportFailures(planned.results);
  if (opts.json) out(json(plansJson(planned, opts.out ? { out: opts.out } : {})));
  else printPlans(planned.results, { statePath: planned.store.path, multi: planned.multi, file });
  if (failed !== undefined) return failed;
  if (opts.out) {
    savePlan(opts.out, { file, statePath: planned.store.path, opts, results: planned.results, multi: planned.multi });
    if (!opts.json) out(`Saved the plan to ${clean(opts.out)}: review it, then run datadog-okta apply ${clean(opts.out)}\n`);
  }
  const changes = planned.results.some((r) => r.plan.hasChanges);
  const unknown = planned.results.some((r) => unverifiable(r.plan).length > 0) && opts["ignore-unverifiable-secrets"] !== true;
  return opts["exit-code"] && (changes || unknown) ? EXIT.changes : EXIT.ok;
}
