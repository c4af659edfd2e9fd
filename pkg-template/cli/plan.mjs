// plan FILE, and the plan that apply FILE starts from: FILE and the state file read, the
// accounts listed, the changes worked out.
import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { client } from "datadog-okta-wasm";
import { createOktaPlanState, planOktaAccounts, readOktaDesiredState } from "datadog-okta-wasm/manage";
import { EXIT, UsageError } from "./errors.mjs";
import { out } from "./output.mjs";
import { printPlan } from "./plan-render.mjs";
import { setup } from "./setup.mjs";
import { readStateFile, statePathFor } from "./state-file.mjs";

/** Reads FILE and the state file and plans; returns `{ api, gate, plan, state, statePath }`. */
export async function makePlan(opts, positional, command) {
  if (positional.length !== 1) throw new UsageError(`${command} takes one FILE, the desired state`);
  const file = positional[0];
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot be read (${e.code ?? e.message})`);
  }
  const statePath = statePathFor(file, opts);
  const { api, gate, site } = await setup(opts);
  let desired;
  try {
    desired = await readOktaDesiredState(text, { env: process.env });
  } catch (e) {
    if (e instanceof client.ValidationError) e.file = file;
    throw e;
  }
  // node:crypto's WebCrypto: the global one is missing from some Node 18 releases.
  const state = readStateFile(statePath) ?? createOktaPlanState({ crypto: webcrypto });
  const options = { crypto: webcrypto, state, site, prune: opts.prune === true, pushUnverifiableSecrets: opts["push-secrets"] === true };
  try {
    const plan = await planOktaAccounts(api, desired, options);
    return { api, gate, plan, state, statePath };
  } catch (e) {
    if (e instanceof client.ValidationError && e.problems.some((p) => p.path.startsWith("state"))) e.file = statePath;
    throw e;
  }
}

/** plan FILE: prints the plan; returns the exit code (4 for changes with --exit-code). */
export async function planCommand(opts, positional) {
  const { plan, statePath } = await makePlan(opts, positional, "plan");
  if (opts.json) out(`${JSON.stringify(plan, null, 2)}\n`);
  else printPlan(plan, statePath);
  return opts["exit-code"] && plan.hasChanges ? EXIT.changes : EXIT.ok;
}
