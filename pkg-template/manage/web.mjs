// The planner's entry for browsers, workers and bundlers: its wasm is fetched next to this file
// on the first call, as the main entry's is.
import init, * as glue from "./datadog_okta_manage.js";
import { createManage } from "./index.mjs";

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = createManage(async () => {
  const url = new URL("./datadog_okta_manage_bg.wasm", import.meta.url);
  // Node's fetch cannot read file: URLs: where Node runs this build, the file is read instead.
  const fs = url.protocol === "file:" ? globalThis.process?.getBuiltinModule?.("node:fs") : undefined;
  await init({ module_or_path: fs ? fs.readFileSync(url) : url });
  return glue;
});
