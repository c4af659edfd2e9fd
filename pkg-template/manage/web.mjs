// The planner's entry for browsers, workers and bundlers: its wasm is fetched next to this file
// on the first call, as the main entry's is, with the fetch there was at import.
import { createPlanner } from "./core.mjs";

const fetchAtImport = globalThis.fetch;

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = createPlanner(() => {
  const url = new URL("./datadog_okta_manage_bg.wasm", import.meta.url);
  // Node's fetch cannot read file: URLs: where Node runs this build, the file is read instead.
  const fs = url.protocol === "file:" ? globalThis.process?.getBuiltinModule?.("node:fs") : undefined;
  return fs ? fs.readFileSync(url) : (fetchAtImport ?? globalThis.fetch)(url);
});
