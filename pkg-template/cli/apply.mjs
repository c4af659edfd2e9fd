// apply FILE: plans, prints the plan, then makes the changes one step at a time, saving the
// state file after each, and stops cleanly on Ctrl-C.
import { client } from "datadog-okta-wasm";
import { applyOktaAccountPlan } from "datadog-okta-wasm/manage";
import { integer } from "./args.mjs";
import { EXIT, describeError } from "./errors.mjs";
import { clean, err, out } from "./output.mjs";
import { makePlan } from "./plan.mjs";
import { printPlan } from "./plan-render.mjs";
import { writeStateFile } from "./state-file.mjs";

function stepOutcome(step) {
  if (step.status === "failed") return `failed: ${clean(step.error?.message ?? step.error)}`;
  const verb = { create: "created", update: "updated", delete: "deleted" }[step.change.action];
  if (step.change.action === "delete") return `${verb}${step.previousId ? ` (its id had become ${step.id})` : ""}`;
  return step.previousId ? `${verb} (id ${step.previousId} -> ${step.id})` : `${verb} (id ${step.id ?? "?"})`;
}

/** Returns the exit code: 0 done or nothing to do, 2 nothing changed, 3 partly done or interrupted. */
export async function applyCommand(opts, positional) {
  const { concurrency: limit } = (await client.rules.describe()).limits;
  const concurrency = integer(opts, "concurrency", limit) ?? limit.default;
  const { api, gate, plan, state, statePath } = await makePlan(opts, positional, "apply");
  if (!opts.json) printPlan(plan, statePath);
  if (!plan.hasChanges) {
    if (opts.json) out(`${JSON.stringify({ plan, result: null }, null, 2)}\n`);
    else out("Nothing to do.\n");
    return EXIT.ok;
  }
  const progress = opts.json ? err : out;
  // Saved after every step that changed something, so an interruption of any kind loses nothing.
  const save = () => writeStateFile(statePath, state);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      err("\nInterrupted: finishing the call in flight, then saving the state (Ctrl-C again to stop now).\n");
      controller.abort();
      return;
    }
    save();
    err("\nStopped: the state file holds every call that finished; the one in flight may or may not have been applied.\n");
    process.exit(EXIT.partial);
  };
  process.on("SIGINT", onSigint);
  let result;
  try {
    result = await applyOktaAccountPlan(api, plan, {
      state,
      concurrency,
      continueOnError: opts["continue-on-error"] === true,
      signal: controller.signal,
      rateLimitGate: gate,
      onStepStart: (step) => {
        if (concurrency === 1) progress(`[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... `);
      },
      onStep: (step) => {
        const head = concurrency === 1 ? "" : `[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... `;
        progress(`${head}${stepOutcome(step)}\n`);
        if (step.status === "done") save();
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  const s = result.summary;
  if (opts.json) {
    const steps = result.steps.map((st) => ({ action: st.change.action, name: st.change.name, status: st.status, id: st.id, previousId: st.previousId, error: st.error ? describeError(st.error) : undefined, mayHaveApplied: st.mayHaveApplied }));
    out(`${JSON.stringify({ plan, result: { ok: result.ok, interrupted: result.interrupted, summary: s, steps } }, null, 2)}\n`);
  } else {
    out(`Apply: ${s.done} done, ${s.failed} failed, ${s.skipped} not attempted${result.interrupted ? " (interrupted)" : ""}. State: ${statePath}.\n`);
  }
  if (result.interrupted) return EXIT.partial;
  if (result.ok) return EXIT.ok;
  return result.changed ? EXIT.partial : EXIT.api;
}
