// Applying a plan with the client: creates, updates (following a new id) and deletes, recording
// fingerprints in the plan's state as steps succeed.

import { ApiException, ValidationError, hasOwn, invalid, isObject, rules } from "./common.mjs";
import { plans } from "./plan.mjs";
import { checkState, setEntry } from "./state.mjs";

const ACTIONS_WITH_CALLS = new Set(["create", "update", "delete"]);

/** Why a call that failed may still have changed the account (the server may have applied it). */
function mayHaveApplied(action, error) {
  if (action === "delete" || error instanceof ValidationError) return false;
  if (error instanceof ApiException) return error.code >= 500 || error.code === 408;
  return true;
}

/** Records what a step did in the organisation's section of the state: the fingerprint of the secret sent (and the id it went to), or the account gone. */
function record(step, secrets, state) {
  const { action, name } = step.change;
  if (action === "delete") return setEntry(state, secrets.organisation, secrets.keyId, name, undefined);
  if (secrets.keyId === undefined || !hasOwn(secrets.offered, name)) return;
  setEntry(state, secrets.organisation, secrets.keyId, name, step.id ? { id: step.id, fingerprint: secrets.offered[name] } : { fingerprint: secrets.offered[name] });
}

/** Builds `applyOktaAccountPlan`; `find` is `findOktaAccountByName`, to follow a changed id. */
export function createApply(find) {
  /** Calls `run(id)`; when the planned id is gone (400/404), follows the account by name once. */
  async function followingId(api, step, run) {
    try {
      return await run(step.change.id);
    } catch (e) {
      if (!(e instanceof ApiException) || (e.code !== 400 && e.code !== 404)) throw e;
      const now = await find(api, step.change.name);
      if (now?.id && now.id !== step.change.id) {
        step.previousId = step.change.id;
        step.id = now.id;
        return await run(now.id);
      }
      if (now === undefined && step.change.action === "delete") return undefined; // already gone
      throw e;
    }
  }

  async function runStep(api, step, secrets) {
    const { action, name } = step.change;
    if (action === "delete") {
      await followingId(api, step, (accountId) => api.deleteOktaAccount({ accountId }));
      return;
    }
    const attributes = { ...secrets.desired.get(name) };
    if (action === "create") {
      const created = await api.createOktaAccount({ body: { data: { attributes, type: "okta-accounts" } } });
      step.id = created?.data?.id;
      return;
    }
    delete attributes.name; // the API cannot rename; every update sends the desired secret
    const updated = await followingId(api, step, (accountId) => api.updateOktaAccount({ accountId, body: { data: { attributes, type: "okta-accounts" } } }));
    const id = updated?.data?.id;
    if (id && id !== step.change.id) {
      step.previousId ??= step.change.id;
      step.id = id;
    } else step.id ??= step.change.id;
  }

  /**
   * Applies a plan from `planOktaAccounts` with `api`: creates, updates (following a new id) and
   * deletes, one call at a time unless `concurrency` says otherwise, all through the api's one
   * configuration (one rate-limit budget; pass `rateLimitGate` to pause while it is spent).
   * Stops starting calls after a failure unless `continueOnError`, and when `signal` aborts
   * (the calls in flight finish). Records fingerprints in the plan's state as steps succeed.
   * @example const result = await applyOktaAccountPlan(api, plan, { onStep: (s) => console.log(s.change.name, s.status) });
   */
  return async function applyOktaAccountPlan(api, plan, options = {}) {
    const op = "applyOktaAccountPlan";
    options ??= {};
    const secrets = isObject(plan) ? plans.get(plan) : undefined;
    if (!secrets) throw invalid(op, [{ path: "plan", message: "must be a plan from planOktaAccounts (a plan's JSON holds no secrets to send)" }]);
    const limit = (await rules()).limits.concurrency;
    const concurrency = options.concurrency ?? limit.default;
    if (!Number.isInteger(concurrency) || concurrency < limit.min || concurrency > limit.max) {
      throw invalid(op, [{ path: "options.concurrency", message: `must be an integer from ${limit.min} to ${limit.max}` }]);
    }
    const state = options.state ?? secrets.state;
    const stateProblems = checkState(state);
    if (stateProblems.length > 0) throw invalid(op, stateProblems);
    const run = { ...secrets, state };
    const { signal, rateLimitGate: gate } = options;
    const work = plan.changes.filter((c) => ACTIONS_WITH_CALLS.has(c.action));
    const steps = work.map((change, i) => ({ change, index: i + 1, total: work.length, status: "pending" }));
    const notify = (hook, step) => {
      try {
        hook?.(step);
      } catch {
        // A progress callback that throws must not stop the apply.
      }
    };
    let next = 0;
    let stopped = false;
    async function worker() {
      for (;;) {
        if (stopped || signal?.aborted || next >= steps.length) return;
        const step = steps[next++];
        step.status = "running";
        let sent = false;
        try {
          // The gate rejects when the window reopens too late to wait for: the step fails, unsent.
          if (gate) await gate.wait(signal);
          if (stopped || signal?.aborted) {
            step.status = "pending";
            return;
          }
          notify(options.onStepStart, step);
          sent = true;
          await runStep(api, step, run);
          step.status = "done";
          record(step, run, state);
        } catch (error) {
          step.status = "failed";
          step.error = error;
          step.mayHaveApplied = sent && mayHaveApplied(step.change.action, error);
          if (!options.continueOnError) stopped = true;
        }
        notify(options.onStep, step);
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));
    for (const s of steps) if (s.status === "pending") s.status = "skipped";
    const count = (status) => steps.filter((s) => s.status === status).length;
    const summary = { done: count("done"), failed: count("failed"), skipped: count("skipped") };
    return {
      ok: summary.failed === 0 && summary.skipped === 0,
      interrupted: Boolean(signal?.aborted) && summary.skipped > 0,
      changed: summary.done > 0 || steps.some((s) => s.mayHaveApplied),
      summary,
      steps,
      state,
    };
  };
}
