// Compares builds of this library over loopback (the local API in its own process) by the
// client's CPU time per call and by throughput, beside the official client and raw fetch:
// the same mix as `make bench` (of every 20 calls: 9 gets, 9 lists, 1 create, 1 delete).
//
//   node benches/profile/loopback-ab.mjs [--rounds=5] [--calls=2000] NAME=PKG_DIR ...
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SEED_ACCOUNTS, createBodyCamel, createBodyWire } from "../lib/fixtures.mjs";
import { loadOfficial, officialApi, oursApi, rawApi } from "../lib/impls.mjs";
import { WORK } from "../lib/install.mjs";
import { startServer } from "../lib/loopback.mjs";
import { summary, table } from "../lib/stats.mjs";

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: "string", default: "5" }, calls: { type: "string", default: "2000" }, concurrency: { type: "string", default: "32" } } });
mkdirSync(WORK, { recursive: true });
const server = await startServer();
const reset = () => fetch(`${server.url}/__control/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"seed":true}' }).then((r) => r.text());
const impls = positionals.map((p) => {
  const [name, dir] = p.split("=");
  const mod = createRequire(join(resolve(dir), "package.json"))(join(resolve(dir), "node.cjs"));
  return { name, api: oursApi(mod, { baseUrl: server.url }), body: createBodyCamel };
});
impls.push({ name: "official", api: officialApi(loadOfficial(), { baseUrl: server.url, fetch: globalThis.fetch }), body: createBodyCamel });
impls.push({ name: "raw", api: rawApi({ baseUrl: server.url }), body: createBodyWire });

async function runOnce(impl, calls, tag) {
  const ids = SEED_ACCOUNTS.map((a) => a.id);
  const created = [];
  let next = 0;
  async function worker() {
    for (let i = next++; i < calls; i = next++) {
      const slot = i % 20;
      if (slot === 9) created.push((await impl.api.create(impl.body(`ab-${tag}-${i}`))).data.id);
      else if (slot === 19 && created.length > 0) await impl.api.delete(created.pop());
      else if (slot % 2 === 0) await impl.api.get(ids[i % ids.length]);
      else await impl.api.list();
    }
  }
  const c0 = process.cpuUsage();
  const e0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  // The main thread's busy time: what caps throughput here (GC helpers and the like run beside it).
  const e = performance.eventLoopUtilization(e0);
  return { perSecond: (calls / wall) * 1000, cpu: (c.user + c.system) / calls, main: (e.active * 1000) / calls };
}

const samples = Object.fromEntries(impls.map((i) => [i.name, []]));
let n = 0;
for (const impl of impls) {
  await reset();
  await runOnce(impl, 1000, `w${n++}`);
}
for (let r = 0; r < Number(args.rounds); r++) {
  for (const impl of r % 2 ? [...impls].reverse() : impls) {
    await reset();
    samples[impl.name].push(await runOnce(impl, Number(args.calls), `r${n++}`));
  }
}
await server.close();
const base = summary(samples[impls[0].name].map((s) => s.cpu)).median;
const mainBase = summary(samples[impls[0].name].map((s) => s.main)).median;
console.log(table(["build", "client CPU per call (µs)", "main thread busy per call (µs)", "calls/s"], impls.map((i) => {
  const c = summary(samples[i.name].map((s) => s.cpu));
  const m = summary(samples[i.name].map((s) => s.main));
  const t = summary(samples[i.name].map((s) => s.perSecond));
  return [i.name, `${c.median.toFixed(0)} (${c.min.toFixed(0)}–${c.max.toFixed(0)}) ${(c.median / base).toFixed(2)}x`, `${m.median.toFixed(0)} (${m.min.toFixed(0)}–${m.max.toFixed(0)}) ${(m.median / mainBase).toFixed(2)}x`, `${t.median.toFixed(0)} (${t.min.toFixed(0)}–${t.max.toFixed(0)})`];
})));
