// The planner's helpers (`datadog-okta-wasm/manage`): accounts by name, declaratively. They run
// over the main entry's client, which they import by the package's own name, and over a wasm
// module of their own, so that an app calling the five operations carries none of this.

import { createApply } from "./apply.mjs";
import { createDesiredReader } from "./desired.mjs";
import { createRateLimitGate } from "./gate.mjs";
import { createPlanner } from "./plan.mjs";
import { createOktaPlanState, createOktaStateKey, recordOktaSecret } from "./state.mjs";

/** Builds the helpers over the loader of the planner's wasm module (see web.mjs, node-entry.mjs). */
export function createManage(load) {
  let ready;
  const wasm = () =>
    (ready ??= Promise.resolve()
      .then(load)
      .catch((e) => {
        ready = undefined; // a failed load (say, the .wasm could not be fetched) is retried
        throw e;
      }));
  async function core(fn, input) {
    const module = await wasm();
    return JSON.parse(module[fn](typeof input === "string" ? input : JSON.stringify(input)));
  }
  const { findOktaAccountByName, planOktaAccounts } = createPlanner(core);
  return {
    findOktaAccountByName,
    planOktaAccounts,
    applyOktaAccountPlan: createApply(findOktaAccountByName),
    ...createDesiredReader(core),
    createOktaPlanState,
    createOktaStateKey,
    recordOktaSecret,
    createRateLimitGate,
  };
}
