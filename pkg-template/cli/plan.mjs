// plan FILE, and the plan that apply FILE starts from: FILE and the state file read, the
// accounts listed, the changes worked out.
import { readFileSync } from "node:fs";
import { client } from "datadog-okta-wasm";
import { createOktaPlanState, planOktaAccounts, readOktaDesiredDocument } from "datadog-okta-wasm/manage";
import { EXIT, UsageError } from "./errors.mjs";
import { clean, err, json, out } from "./output.mjs";
import { printPlan } from "./plan-render.mjs";
import { setup } from "./setup.mjs";
import { openStateFile, readStateFile, statePathFor } from "./state-file.mjs";

/** Reads FILE, resolving its variables; a ValidationError names the file. */
export async function readDesiredFile(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot be read (${e.code ?? e.message})`);
  }
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

/** Reads FILE and the state file and plans; returns `{ api, gate, plan, state, store, warnings, oldState }`. */
export async function makePlan(opts, positional, command) {
  if (positional.length !== 1) throw new UsageError(`${command} takes one FILE, the desired state`);
  const file = positional[0];
  const statePath = statePathFor(file, opts);
  const { api, gate, organisation, key } = await setup(opts);
  const doc = await readDesiredFile(file);
  printWarnings(doc.warnings);
  const state = readStateFile(statePath) ?? createOktaPlanState();
  const options = { state, key, organisation, secretVariables: doc.secretVariables, prune: opts.prune === true, pushUnverifiableSecrets: opts["push-secrets"] === true };
  try {
    const plan = await planOktaAccounts(api, doc.accounts, options);
    return { api, gate, plan, state, store: openStateFile(statePath), warnings: doc.warnings, oldState: state.version === 1 };
  } catch (e) {
    if (e instanceof client.ValidationError && e.problems.some((p) => p.path.startsWith("state"))) e.file = statePath;
    throw e;
  }
}

/** plan FILE: prints the plan; returns the exit code (4 for changes with --exit-code). */
export async function planCommand(opts, positional) {
  const { plan, store, warnings } = await makePlan(opts, positional, "plan");
  if (opts.json) out(json({ ...plan, warnings }));
  else printPlan(plan, store.path);
  return opts["exit-code"] && plan.hasChanges ? EXIT.changes : EXIT.ok;
}
