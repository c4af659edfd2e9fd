// A workload to profile (run under `node --cpu-prof`): one operation of this library in a
// loop against a stub fetch. argv: PACKAGE_DIR (get|list|create|large) SECONDS
import { createRequire } from "node:module";
import { join } from "node:path";
import { CREATE_BODY, GET_BODY, GET_ID, LIST6_BODY, createBodyCamel, largeListBody } from "../lib/fixtures.mjs";
import { oursApi, rawApi, stubFetch } from "../lib/impls.mjs";
import { startServer } from "../lib/loopback.mjs";

const [dir, op, seconds = "3"] = process.argv.slice(2);
const mod = createRequire(join(dir, "package.json"))(join(dir, "node.cjs"));
if (op === "loopback" || op === "loopback-raw") {
  // Gets and lists against the local API (its own process) at concurrency 32, global fetch.
  const server = await startServer();
  const api = op === "loopback" ? oursApi(mod, { baseUrl: server.url }) : rawApi({ baseUrl: server.url });
  const end = performance.now() + Number(seconds) * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (performance.now() < end) {
      await (n++ % 2 ? api.list() : api.get("9637ddf0-4f5e-4adb-89b0-72b7c843116f"));
    }
  }));
  await server.close();
  process.stdout.write(JSON.stringify({ op, calls: n, callsPerSecond: n / Number(seconds) }));
  process.exit(0);
}
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
