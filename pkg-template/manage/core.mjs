// The planner over a way to find its WebAssembly module: the part that its browser entry
// (web.mjs) and its edge entries (workerd.mjs, edge-light.mjs) share.
import * as glue from "./datadog_okta_manage.js";
import { createManage } from "./index.mjs";

/** The helpers over `locate()`, which gives the module, its bytes or a Response (or a promise of one). */
export function createPlanner(locate) {
  return createManage(async () => {
    await glue.default({ module_or_path: await locate() });
    return glue;
  });
}
