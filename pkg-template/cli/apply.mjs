// apply FILE (plan, show, ask, apply) and apply PLAN (a reviewed plan, applied exactly): the
// organisations run side by side, each with its own rate-limit budget and state section; a
// failure in one does not stop the others. Ctrl-C lets the calls in flight finish.
import { client } from "datadog-okta-wasm";
import { integer } from "./args.mjs";
import { fromPlan } from "./apply-plan.mjs";
import { resultJson, runApply } from "./apply-run.mjs";
import { noColours } from "./colour.mjs";
import { checkConfirmable, confirmed } from "./confirm.mjs";
import { EXIT, UsageError } from "./errors.mjs";
import { clean, err, json, notice, out } from "./output.mjs";
import { planFile, plansJson, readArgumentFile, reportFailures } from "./plan.mjs";
import { parsePlanText } from "./plan-file.mjs";
import { printPlans } from "./plan-render.mjs";

function summary(run, name) {
  const s = run.result.summary;
  return `${name ? `${clean(name)}: ` : "Apply: "}${s.done} done, ${s.failed} failed, ${s.skipped} not attempted${run.result.interrupted && !run.saveError ? " (interrupted)" : ""}.`;
}

/** Returns the exit code: 0 done or nothing to do, 1 refused, 2 nothing changed, 3 partly done, interrupted, or the state not written. */
export async function applyCommand(opts, positional) {
  if (positional.length !== 1) throw new UsageError("apply takes one FILE (the desired state) or PLAN (a saved plan)", "apply");
  checkConfirmable("apply", opts);
  if (opts.json) noColours();
  const { concurrency: limit } = (await client.rules.describe()).limits;
  const concurrency = integer(opts, "concurrency", limit) ?? limit.default;
  const path = positional[0];
  const text = readArgumentFile(path);
  const saved = parsePlanText(text);
  const prepared = saved ? await fromPlan(saved, path, opts) : await planFile(path, opts, text);
  const { results, store, multi, oldState } = prepared;
  const file = saved ? saved.file : path;
  if (!opts.json) printPlans(results, { statePath: store.path, multi, file });
  const failed = await reportFailures(results);
  const runnable = results.filter((r) => r.plan?.hasChanges);
  const nothing = () => {
    if (opts.json) out(json(plansJson(prepared, { result: null })));
    else out("Nothing to do.\n");
    return failed ?? EXIT.ok;
  };
  if (runnable.length === 0 && !oldState) return nothing();
  if (runnable.length > 0) {
    const where = multi ? ` in ${runnable.map((r) => clean(r.conn.name)).join(", ")}` : "";
    if (!(await confirmed(`Apply these changes${where}?`, opts))) {
      err("Apply cancelled: nothing was changed.\n");
      return EXIT.validation;
    }
  }
  // Before any change: a state file that cannot be written (or stays locked) stops the apply
  // here, and an old-format file is rewritten.
  store.save();
  if (runnable.length === 0) return nothing();

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      notice("Interrupted: finishing the calls in flight, then saving the state (Ctrl-C again to stop now).");
      controller.abort();
      return;
    }
    notice("Stopped: the state file holds every call that finished; a call in flight may or may not have been applied.");
    process.exit(EXIT.partial);
  };
  process.on("SIGINT", onSigint);
  let runs;
  try {
    const options = { state: prepared.state, store, signal: controller.signal, stop: () => controller.abort(), concurrency, continueOnError: opts["continue-on-error"] === true };
    runs = await Promise.all(runnable.map((r) => runApply(r, { ...options, prefix: multi ? `[${clean(r.conn.name)}] ` : "" })));
  } finally {
    process.off("SIGINT", onSigint);
  }
  const runOf = new Map(runnable.map((r, i) => [r, runs[i]]));
  const saveError = runs.find((r) => r.saveError)?.saveError;
  if (opts.json) {
    if (multi) out(json(plansJson({ ...prepared, results: results.map((r) => (runOf.has(r) ? { ...r, plan: { ...r.plan, result: resultJson(runOf.get(r)) } } : r)) })));
    else out(json(plansJson(prepared, { result: resultJson(runs[0]) })));
  } else {
    for (const r of runnable) out(`${summary(runOf.get(r), multi ? r.conn.name : undefined)}\n`);
    if (!saveError) out(`State: ${clean(store.path)}.\n`);
  }
  if (saveError) {
    err(`datadog-okta: ${clean(saveError.message)}\n`);
    return EXIT.partial;
  }
  const changed = runs.some((r) => r.result.changed);
  if (runs.some((r) => r.result.interrupted)) return EXIT.partial;
  if (failed === undefined && runs.every((r) => r.result.ok)) return EXIT.ok;
  if (changed) return EXIT.partial;
  return failed ?? EXIT.api;
}
