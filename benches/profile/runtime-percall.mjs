// Per call in the runtime that runs this file (Node, Bun; Deno cannot load the official client's
// CommonJS dependencies): this library (pkg/) beside the official client, against a stub fetch
// returning a new Response per call, as `make bench` section 4 does in Node; plus the
// 10,000-account list. Medians of 7 interleaved rounds of 200 ms. Not part of `make bench`.
//
//   node benches/profile/runtime-percall.mjs
//   target/runtimes/node_modules/@oven/bun-linux-x64/bin/bun benches/profile/runtime-percall.mjs
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { GET_BODY, GET_ID, LIST6_BODY, CREATE_BODY, createBodyCamel, largeListBody } from "../lib/fixtures.mjs";
import { loadOfficial, officialApi, oursApi, stubFetch } from "../lib/impls.mjs";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const ours = createRequire(pkg + "package.json")(pkg + "node.cjs");
const official = loadOfficial();
const runtime = typeof Bun !== "undefined" ? `Bun ${Bun.version}` : typeof Deno !== "undefined" ? `Deno ${Deno.version.deno}` : `Node ${process.version}`;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

async function compare(status, body, call, { warm, rounds, minMs, unit }) {
  const impls = { ours: oursApi(ours, { fetch: stubFetch(status, body) }), official: officialApi(official, { fetch: stubFetch(status, body) }) };
  const times = { ours: [], official: [] };
  for (const k in impls) for (let i = 0; i < warm; i++) await call(impls[k]);
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? ["official", "ours"] : ["ours", "official"]) {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < minMs || n < 2) {
        await call(impls[k]);
        n++;
      }
      times[k].push((performance.now() - t0) / n);
    }
  }
  const o = median(times.ours);
  const f = median(times.official);
  const show = (ms) => (unit === "µs" ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
  return `| ${show(o)} | ${show(f)} | ${(o / f).toFixed(2)}x |`;
}

console.log(`Per call in ${runtime} (stub fetch; medians of 7 rounds)\n`);
console.log("| operation | this library | official | ours / official |\n|---|---|---|---|");
const small = { warm: 3000, rounds: 7, minMs: 200, unit: "µs" };
console.log(`| get ${await compare(200, GET_BODY, (a) => a.get(GET_ID), small)}`);
console.log(`| list (6 accounts) ${await compare(200, LIST6_BODY, (a) => a.list(), small)}`);
console.log(`| create ${await compare(201, CREATE_BODY, (a) => a.create(createBodyCamel()), small)}`);
console.log(`| list of 10,000 accounts ${await compare(200, largeListBody(10_000), (a) => a.list(), { warm: 5, rounds: 7, minMs: 400, unit: "ms" })}`);
process.exit(0);
