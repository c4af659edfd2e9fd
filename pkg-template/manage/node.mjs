// The planner's Node `import` entry: the CommonJS build, re-exported, so `import` and `require`
// in one process share one wasm instance (as the main entry does).
import cjs from "./node.cjs";

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = cjs;
