// apply FILE: plans, prints the plan, then makes the changes one step at a time, saving the
// state file after each, and stops cleanly on Ctrl-C.
import { client } from "datadog-okta-wasm";
import { applyOktaAccountPlan } from "datadog-okta-wasm/manage";
import { integer } from "./args.mjs";
import { EXIT, describeError } from "./errors.mjs";
import { clean, err, json, notice, out, startLine } from "./output.mjs";
import { makePlan } from "./plan.mjs";
import { printPlan } from "./plan-render.mjs";

function stepOutcome(step) {
  if (step.status === "failed") return `failed: ${clean(step.error?.message ?? step.error)}`;
  const verb = { create: "created", update: "updated", delete: "deleted" }[step.change.action];
  const id = clean(step.id ?? "?");
  if (step.change.action === "delete") return `${verb}${step.previousId ? ` (its id had become ${id})` : ""}`;
  return step.previousId ? `${verb} (id ${clean(step.previousId)} -> ${id})` : `${verb} (id ${id})`;
}

/** Returns the exit code: 0 done or nothing to do, 2 nothing changed, 3 partly done, interrupted, or the state not written. */
export async function applyCommand(opts, positional) {
  const { concurrency: limit } = (await client.rules.describe()).limits;
  const concurrency = integer(opts, "concurrency", limit) ?? limit.default;
  const { api, gate, plan, state, store, warnings, oldState } = await makePlan(opts, positional, "apply");
  if (!opts.json) printPlan(plan, store.path);
  if (!plan.hasChanges && !oldState) {
    if (opts.json) out(json({ ...plan, warnings, result: null }));
    else out("Nothing to do.\n");
    return EXIT.ok;
  }
  // Before any change: a state file that cannot be written (or is locked) stops the apply here,
  // and an old-format file is rewritten.
  store.save();
  if (!plan.hasChanges) {
    if (opts.json) out(json({ ...plan, warnings, result: null }));
    else out("Nothing to do.\n");
    return EXIT.ok;
  }
  // Progress goes to stderr: stdout is for the plan and the summary.
  const lines = new Map();
  const controller = new AbortController();
  let saveError;
  // Saved after every step that changed something, so an interruption of any kind loses nothing.
  const save = () => {
    try {
      store.save();
    } catch (e) {
      saveError ??= e;
      controller.abort();
    }
  };
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      notice("Interrupted: finishing the call in flight, then saving the state (Ctrl-C again to stop now).");
      controller.abort();
      return;
    }
    save();
    notice("Stopped: the state file holds every call that finished; the one in flight may or may not have been applied.");
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
        const head = `[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... `;
        // One call at a time: the line shows what is in flight. Several: each line when it ends.
        lines.set(step, concurrency === 1 ? startLine(head) : (outcome) => err(`${head}${outcome}\n`));
      },
      onStep: (step) => {
        const end = lines.get(step) ?? ((outcome) => err(`[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... ${outcome}\n`));
        end(stepOutcome(step));
        if (step.status !== "done") return;
        // What the apply recorded for this account in the state (nothing for a delete).
        const entry = state.organisations?.[plan.organisation]?.accounts?.[step.change.name];
        store.record(plan.organisation, step.change.name, step.change.action === "delete" ? undefined : entry, plan.keyId);
        save();
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  const s = result.summary;
  if (opts.json) {
    const steps = result.steps.map((st) => ({ action: st.change.action, name: st.change.name, status: st.status, id: st.id, previousId: st.previousId, error: st.error ? describeError(st.error) : undefined, mayHaveApplied: st.mayHaveApplied }));
    out(json({ ...plan, warnings, result: { ok: result.ok && !saveError, interrupted: result.interrupted, summary: s, steps } }));
  } else {
    out(`Apply: ${s.done} done, ${s.failed} failed, ${s.skipped} not attempted${result.interrupted && !saveError ? " (interrupted)" : ""}.${saveError ? "" : ` State: ${clean(store.path)}.`}\n`);
  }
  if (saveError) {
    err(`datadog-okta: ${clean(saveError.message)}\n`);
    return EXIT.partial;
  }
  if (result.interrupted) return EXIT.partial;
  if (result.ok) return EXIT.ok;
  return result.changed ? EXIT.partial : EXIT.api;
}
