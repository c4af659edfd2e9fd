// A workload to profile (run under `node --cpu-prof`): one operation of this library in a
// loop against a stub fetch. argv: PACKAGE_DIR (get|list|create|large) SECONDS
import { createRequire } from "node:module";
import { join } from "node:path";
import { CREATE_BODY, GET_BODY, GET_ID, LIST6_BODY, createBodyCamel, largeListBody } from "../lib/fixtures.mjs";
import { oursApi, stubFetch } from "../lib/impls.mjs";

const [dir, op, seconds = "3"] = process.argv.slice(2);
const mod = createRequire(join(dir, "package.json"))(join(dir, "node.cjs"));
const spec = {
  get: () => [200, GET_BODY, (api) => api.get(GET_ID)],
  list: () => [200, LIST6_BODY, (api) => api.list()],
  create: () => [201, CREATE_BODY, (api) => api.create(createBodyCamel())],
  large: () => [200, largeListBody(10_000), (api) => api.list()],
}[op]();
const api = oursApi(mod, { fetch: stubFetch(spec[0], spec[1]) });
const end = performance.now() + Number(seconds) * 1000;
let n = 0;
while (performance.now() < end) {
  await spec[2](api);
  n++;
}
process.stdout.write(JSON.stringify({ op, calls: n, msPerCall: (Number(seconds) * 1000) / n }));
