// Summarises a .cpuprofile: self time by where the code lives (this library's wasm, its JS
// glue, Node's fetch/Response, V8 builtins and GC, the harness), and the top functions.
// Usage: node cpu-summary.mjs FILE.cpuprofile TITLE
import { readFileSync } from "node:fs";
import { demangle } from "./wasm.mjs";
import { table } from "../lib/stats.mjs";

const [file, title] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
}
function where(cf) {
  const u = cf.url ?? "";
  if (u.startsWith("wasm://")) return "wasm (Rust)";
  if (u.endsWith("node.cjs")) return "our JS (node.cjs: facade + wasm-bindgen glue)";
  if (u.startsWith("node:") || u.includes("internal/deps/undici")) return "Node (fetch Response, Headers, streams, text())";
  if (u.includes("/benches/")) return "harness (stub fetch, loop)";
  if (cf.functionName === "(garbage collector)") return "GC";
  if (cf.functionName === "(program)" || cf.functionName === "(idle)" || cf.functionName === "(root)") return "V8/other (program, idle)";
  return `V8 builtins/native (${cf.functionName || "anonymous"})`;
}
let total = 0;
const cats = new Map();
const fns = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  total += t;
  let c = where(cf);
  if (c.startsWith("V8 builtins")) c = "V8 builtins and natives (JSON.parse/stringify, TextEncoder/Decoder, Promise...)";
  cats.set(c, (cats.get(c) ?? 0) + t);
  const name = cf.url.startsWith("wasm://") ? `wasm: ${demangle(cf.functionName.replace(/^\$/, ""))}` : `${cf.functionName || "(anonymous)"} ${cf.url ? `(${cf.url.split("/").pop()}:${cf.lineNumber + 1})` : ""}`;
  fns.set(name, (fns.get(name) ?? 0) + t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1)}%`;
const out = [`#### ${title}`, "", table(["where", "self time"], [...cats.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)])), "", table(["self time", "function"], [...fns.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => [pct(v), `\`${k.length > 140 ? `${k.slice(0, 137)}...` : k}\``])), ""];
process.stdout.write(out.join("\n"));
