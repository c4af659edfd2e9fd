// The planner's entry for Vercel's Edge runtime (the `edge-light` condition): its .wasm comes in
// as a module compiled ahead of time (`?module`), as the main entry's does.
import wasm from "./datadog_okta_manage_bg.wasm?module";
import { createPlanner } from "./core.mjs";

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = createPlanner(() => wasm);
