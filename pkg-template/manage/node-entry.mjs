// Source of the planner's Node entry (built into manage/node.cjs): its wasm is read from disk on
// the first call, as the main entry's is.
import * as glue from "./datadog_okta_manage.js";
import { createManage } from "./index.mjs";

const WASM = "datadog_okta_manage_bg.wasm";

function builtin(name) {
  return globalThis.process?.getBuiltinModule?.(name) ?? require(name);
}

const manage = createManage(() => {
  const fs = builtin("node:fs");
  const path = builtin("node:path");
  const dirs = [];
  if (typeof __dirname === "string") dirs.push(__dirname);
  const main = globalThis.process?.argv?.[1];
  if (typeof main === "string" && main !== "") dirs.push(path.dirname(path.resolve(main)));
  for (const dir of dirs) {
    const file = path.join(dir, WASM);
    if (fs.existsSync(file)) return glue.default({ module_or_path: fs.readFileSync(file) }).then(() => glue);
  }
  throw new Error(
    `datadog-okta-wasm/manage: ${WASM} is not in ${[...new Set(dirs)].join(" nor in ")}. ` +
      "An app bundled for Node needs it copied next to the bundle (or the package kept external).",
  );
});

export const { findOktaAccountByName, planOktaAccounts, applyOktaAccountPlan, readOktaDesiredState, readOktaDesiredDocument, createOktaPlanState, createOktaStateKey, recordOktaSecret, createRateLimitGate } = manage;
