// Where one workload spends more than another, per call: self time per function (µs per call)
// of two CPU profiles, largest difference first. Usage:
//   node cpu-diff.mjs DIR_A CALLS_A DIR_B CALLS_B TITLE
import { readdirSync, readFileSync } from "node:fs";
import { table } from "../lib/stats.mjs";
import { demangle } from "./wasm.mjs";

function perCall(dir, calls) {
  const f = readdirSync(dir).find((x) => x.endsWith(".cpuprofile"));
  const p = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const m = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const cf = byId.get(p.samples[i]).callFrame;
    const k = cf.url.startsWith("wasm://") ? `wasm: ${demangle(cf.functionName.replace(/^\$/, ""))}` : `${cf.functionName || "(anonymous)"} ${cf.url ? `(${cf.url.split("/").pop()}:${cf.lineNumber + 1})` : ""}`;
    m.set(k, (m.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / calls);
  }
  return m;
}
const [dirA, callsA, dirB, callsB, title] = process.argv.slice(2);
const a = perCall(dirA, Number(callsA));
const b = perCall(dirB, Number(callsB));
const rows = [...new Set([...a.keys(), ...b.keys()])]
  .map((k) => [k, (a.get(k) ?? 0) - (b.get(k) ?? 0), a.get(k) ?? 0, b.get(k) ?? 0])
  .sort((x, y) => y[1] - x[1])
  .slice(0, 25)
  .map(([k, d, x, y]) => [`+${d.toFixed(1)}`, x.toFixed(1), y.toFixed(1), `\`${k.length > 110 ? `${k.slice(0, 107)}...` : k}\``]);
const total = (m) => [...m.values()].reduce((s, v) => s + v, 0);
process.stdout.write(`#### ${title}\n\nTotal sampled time per call: ${total(a).toFixed(0)} µs vs ${total(b).toFixed(0)} µs.\n\n${table(["µs/call more", "A", "B", "function"], rows)}\n`);
