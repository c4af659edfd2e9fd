// The planner's entry for Cloudflare Workers (the `workerd` condition): its .wasm comes in as a
// module, as the main entry's does.
import wasm from "./datadog_okta_manage_bg.wasm";
import { createPlanner } from "./core.mjs";

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = createPlanner(() => wasm);
