// Does handing fetch an AbortSignal cost much with a real socket? Raw fetch against the local
// API (loopback), with and without a per-request AbortController (+ timer, as a client with a
// per-attempt timeout does), and reading the body as text vs arrayBuffer. Client CPU per call.
import { startServer } from "../lib/loopback.mjs";
import { mkdirSync } from "node:fs";
import { WORK } from "../lib/install.mjs";
import { summary, table } from "../lib/stats.mjs";
import { SEED_ACCOUNTS } from "../lib/fixtures.mjs";

mkdirSync(WORK, { recursive: true });
const server = await startServer();
const base = `${server.url}/api/v2/integrations/okta/accounts`;
const headers = { Accept: "application/json", "DD-API-KEY": "k", "DD-APPLICATION-KEY": "a" };
const id = SEED_ACCOUNTS[0].id;
const variants = {
  "fetch + res.json() (raw)": async (i) => (await fetch(i % 2 ? base : `${base}/${id}`, { method: "GET", headers })).json(),
  "+ signal of a new AbortController": async (i) => (await fetch(i % 2 ? base : `${base}/${id}`, { method: "GET", headers, signal: new AbortController().signal })).json(),
  "+ signal + setTimeout/clearTimeout": async (i) => {
    const c = new AbortController();
    const t = setTimeout(() => c.abort(), 30000);
    try {
      return await (await fetch(i % 2 ? base : `${base}/${id}`, { method: "GET", headers, signal: c.signal })).json();
    } finally {
      clearTimeout(t);
    }
  },
  "fetch + arrayBuffer() + TextDecoder + JSON.parse": async (i) => JSON.parse(new TextDecoder().decode(await (await fetch(i % 2 ? base : `${base}/${id}`, { method: "GET", headers })).arrayBuffer())),
};
async function run(fn, calls = 2000, concurrency = 32) {
  let next = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < calls; i = next++) await fn(i);
  }));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { cpu: (cpu.user + cpu.system) / calls, rate: (calls / wall) * 1000 };
}
const rows = [];
try {
  for (const fn of Object.values(variants)) await run(fn, 300);
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const entries = Object.entries(variants);
  for (let round = 0; round < 8; round++) {
    const order = entries.map((_, i) => entries[(i + round) % entries.length]); // rotate who goes first
    for (const [k, fn] of order) samples[k].push(await run(fn));
  }
  for (const [k, v] of Object.entries(samples)) rows.push([k, summary(v.map((x) => x.cpu)).median.toFixed(0), summary(v.map((x) => x.rate)).median.toFixed(0)]);
} finally {
  await server.close();
}
process.stdout.write(`#### Raw fetch over loopback: what a signal and the body reading cost (2,000 calls, concurrency 32, medians of 8 rounds, order rotated)\n\n${table(["variant", "client CPU µs per call", "calls/s"], rows)}\n`);
