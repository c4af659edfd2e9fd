// Compares builds of this library by CPU time per call (the measure that holds up when other
// processes load the machine): get, list, create against a stub fetch, and the 10,000-account
// list, each build in its own round-robin slot, medians of the rounds. Optional rows for the
// official client and hand-written fetch.
//
//   node benches/profile/cpu-ab.mjs [--rounds=7] [--ops=get,list,create,large] [--official] [--raw] NAME=PKG_DIR ...
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CREATE_BODY, GET_BODY, GET_ID, LIST6_BODY, createBodyCamel, createBodyWire, largeListBody } from "../lib/fixtures.mjs";
import { loadOfficial, oursApi, officialApi, rawApi, stubFetch } from "../lib/impls.mjs";
import { summary, table } from "../lib/stats.mjs";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: "string", default: "7" }, ops: { type: "string", default: "get,list,create,large" }, official: { type: "boolean" }, raw: { type: "boolean" }, ms: { type: "string", default: "250" } },
});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const OPS = {
  get: { status: 200, body: () => GET_BODY, call: (api) => api.get(GET_ID), wire: false },
  list: { status: 200, body: () => LIST6_BODY, call: (api) => api.list() },
  create: { status: 201, body: () => CREATE_BODY, call: (api, b) => api.create(b) },
  large: { status: 200, body: () => largeListBody(10_000), call: (api) => api.list(), large: true },
};

const impls = positionals.map((p) => {
  const [name, dir] = p.split("=");
  return { name, mod: createRequire(join(resolve(dir), "package.json"))(join(resolve(dir), "node.cjs")), kind: "ours" };
});
if (args.official) impls.push({ name: "official", mod: loadOfficial(), kind: "official" });
if (args.raw) impls.push({ name: "raw", kind: "raw" });

async function timed(fn, minMs) {
  let n = 0;
  const c0 = cpu();
  while (cpu() - c0 < minMs || n < 2) {
    await fn();
    n++;
  }
  return ((cpu() - c0) * 1000) / n; // µs
}

const rows = [];
for (const op of args.ops.split(",")) {
  const spec = OPS[op];
  const stub = stubFetch(spec.status, spec.body());
  const apis = impls.map((i) => {
    const api = i.kind === "ours" ? oursApi(i.mod, { fetch: stub }) : i.kind === "official" ? officialApi(i.mod, { fetch: stub }) : rawApi({ fetch: stub });
    const body = i.kind === "raw" ? createBodyWire() : createBodyCamel();
    return { name: i.name, fn: () => spec.call(api, body) };
  });
  for (const a of apis) await timed(a.fn, spec.large ? 300 : Number(args.ms)); // warm-up
  const samples = Object.fromEntries(apis.map((a) => [a.name, []]));
  for (let r = 0; r < Number(args.rounds); r++) {
    for (const a of r % 2 ? [...apis].reverse() : apis) samples[a.name].push(await timed(a.fn, spec.large ? 600 : Number(args.ms)));
  }
  const base = summary(samples[apis[0].name]).median;
  for (const a of apis) {
    const s = summary(samples[a.name]);
    const f = (x) => (spec.large ? (x / 1000).toFixed(2) + " ms" : x.toFixed(1) + " µs");
    rows.push([op, a.name, `${f(s.median)} (${f(s.min)}–${f(s.max)})`, `${(s.median / base).toFixed(3)}x`]);
  }
}
console.log(table(["op", "build", "CPU per call, median (min–max)", `/ ${impls[0]?.name}`], rows));
