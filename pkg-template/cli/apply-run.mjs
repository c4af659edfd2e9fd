// One organisation's apply: the steps, one progress line each on stderr, the state file saved
// after every step that changed something (a save that fails stops the run: nothing more is done
// that could not be recorded).
import { applyOktaAccountPlan } from "datadog-okta-wasm/manage";
import { ACTION_COLOUR, painter } from "./colour.mjs";
import { describeError } from "./errors.mjs";
import { clean, err, startLine } from "./output.mjs";

function stepOutcome(step) {
  if (step.status === "failed") return ["failed", `failed: ${clean(step.error?.message ?? step.error)}`];
  const verb = { create: "created", update: "updated", delete: "deleted" }[step.change.action];
  const id = clean(step.id ?? "?");
  if (step.change.action === "delete") return [verb, `${verb}${step.previousId ? ` (its id had become ${id})` : ""}`];
  return [verb, step.previousId ? `${verb} (id ${clean(step.previousId)} -> ${id})` : `${verb} (id ${id})`];
}

/**
 * Applies `plan` in the organisation of `conn`; resolves to `{ result, saveError }`. `prefix`
 * names the organisation on each line when there are several.
 */
export async function runApply({ conn, plan }, { state, store, signal, stop, concurrency, continueOnError, prefix = "" }) {
  const paint = painter(process.stderr);
  const lines = new Map();
  let saveError;
  const headOf = (step) => `${prefix}[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... `;
  const result = await applyOktaAccountPlan(conn.api, plan, {
    state,
    concurrency,
    continueOnError,
    signal,
    rateLimitGate: conn.gate,
    onStepStart: (step) => {
      // One call at a time: the line shows what is in flight. Several: each line when it ends.
      const head = headOf(step);
      lines.set(step, concurrency === 1 && !prefix ? startLine(head) : (outcome) => err(`${head}${outcome}\n`));
    },
    onStep: (step) => {
      const end = lines.get(step) ?? ((outcome) => err(`${headOf(step)}${outcome}\n`));
      const [kind, text] = stepOutcome(step);
      end(paint[ACTION_COLOUR[kind]]?.(text) ?? text);
      if (step.status !== "done") return;
      // What the apply recorded for this account in the state (nothing for a delete).
      const entry = step.change.action === "delete" ? undefined : state.organisations?.[plan.organisation]?.accounts?.[step.change.name];
      store.record(plan.organisation, step.change.name, entry, plan.keyId);
      try {
        store.save();
      } catch (e) {
        saveError ??= e;
        stop();
      }
    },
  });
  return { result, saveError };
}

/** A run's result as --json prints it. */
export function resultJson({ result, saveError }) {
  const steps = result.steps.map((st) => ({ action: st.change.action, name: st.change.name, status: st.status, id: st.id, previousId: st.previousId, error: st.error ? describeError(st.error) : undefined, mayHaveApplied: st.mayHaveApplied }));
  return { ok: result.ok && !saveError, interrupted: result.interrupted, changed: result.changed, summary: result.summary, steps, stateError: saveError?.message };
}
