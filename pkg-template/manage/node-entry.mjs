// Source of the planner's Node entry (built into manage/node.cjs): its wasm is read from disk on
// the first call, as the main entry's is.
import * as glue from "./datadog_okta_manage.js";
import { createManage } from "./index.mjs";
import { readWasmBeside } from "../node-wasm.mjs";

const manage = createManage(() =>
  glue.default({ module_or_path: readWasmBeside("datadog_okta_manage_bg.wasm", "datadog-okta-wasm/manage") }).then(() => glue),
);

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = manage;
