// Where the bytes of the .wasm go: by section, by crate and by function, from a build that
// keeps its name section. Usage: node wasm-size.mjs NAMED.wasm [SHIPPED.wasm] > size.md
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { crateOf, dataReferences, demangle, readWasm } from "./wasm.mjs";
import { bytes, table } from "../lib/stats.mjs";

const [named, shipped] = process.argv.slice(2);
const buf = readFileSync(named);
const w = readWasm(buf);
const pct = (x, total) => `${((100 * x) / total).toFixed(1)}%`;
const out = [];
const say = (s = "") => out.push(s);

const codeSize = w.sections.filter((s) => s.name === "code").reduce((a, s) => a + s.size, 0);
const noNames = w.sections.filter((s) => !s.name.startsWith("custom:")).reduce((a, s) => a + s.size, 0) + 8;
say(`### The .wasm by section (named build: ${bytes(buf.length)} bytes; ${bytes(noNames)} without custom sections)`);
say();
if (shipped) {
  const sbuf = readFileSync(shipped);
  const s = readWasm(sbuf);
  say(`Shipped \`${shipped.split("/").slice(-2).join("/")}\`: ${bytes(sbuf.length)} bytes, gzip ${bytes(gzipSync(sbuf, { level: 9 }).length)}; its code section ${bytes(s.sections.find((x) => x.name === "code")?.size ?? 0)} bytes vs ${bytes(codeSize)} here (the named build is the same code when these match).`);
  say();
}
say(table(["section", "bytes", "share"], w.sections.filter((s) => !s.name.startsWith("custom:")).map((s) => [s.name, bytes(s.size), pct(s.size, noNames)])));
say();

const exported = new Set(w.exports.map((e) => e.index));
const fns = w.functions.map((f) => {
  const raw = w.names.get(f.index) ?? `func[${f.index}]`;
  const name = demangle(raw);
  // wasm-bindgen names an exported function by its JS name: it is this crate's code.
  const crate = exported.has(f.index) && !/^__wbindgen|^__wbg|^__externref/.test(name) ? "datadog_okta_wasm (#[wasm_bindgen] exports)" : crateOf(name);
  return { ...f, name, crate };
});
const byCrate = new Map();
for (const f of fns) {
  const c = byCrate.get(f.crate) ?? { size: 0, count: 0 };
  c.size += f.size;
  c.count += 1;
  byCrate.set(f.crate, c);
}
say(`### Code by crate (${bytes(fns.length)} functions, ${bytes(codeSize)} bytes of code; a generic function counts for the crate that defines it, e.g. serde_json's parser instantiated for our types is serde_json)`);
say();
say(table(["crate", "bytes", "share of code", "functions"], [...byCrate.entries()].sort((a, b) => b[1].size - a[1].size).map(([k, v]) => [k, bytes(v.size), pct(v.size, codeSize), v.count])));
say();
// Topics that cut across crates: what a change in the Rust code could remove as a whole.
const TOPICS = [
  ["the planner (plan/apply, desired-state documents, find by name)", /datadog_okta_wasm::plan|^planAccounts|^readDesiredDocument|^findAccountByName|^applyPlan|Desired/],
  ["float formatting and parsing (f64 Display, flt2dec, dec2flt, zmij)", /\bf64\b|\bf32\b|flt2dec|dec2flt|bignum|zmij|grisu|dragon|diy_float/],
  ["Unicode tables (char::to_uppercase, is_alphanumeric, is_whitespace, {:?} of str)", /unicode|escape_debug|to_upper|to_lower|is_alphanumeric|is_whitespace|printable|grapheme/],
  ["serde_json::Value and its BTreeMap", /serde_json::value|btree|BTreeMap/],
  ["allocator (dlmalloc)", /dlmalloc|__rdl_|__rust_alloc|__rust_dealloc|__rust_realloc/],
  ["core::fmt machinery (format!, Display/Debug plumbing)", /core::fmt::(write|Formatter|builders)|<core::fmt::Formatter>|alloc::fmt::format|fmt::Write>::write_(char|str|fmt)|pad_integral|pad_formatted/],
  ["panics, bounds and slice errors", /panic|slice_error_fail|index_fail|unwrap_failed|expect_failed|slice_start_index|slice_end_index|str_index/],
];
const topicOf = (name) => TOPICS.find(([, re]) => re.test(name))?.[0];
const topics = new Map(TOPICS.map(([t]) => [t, { code: 0, data: 0, fns: 0 }]));
for (const f of fns) {
  const t = topicOf(f.name);
  if (t) {
    topics.get(t).code += f.size;
    topics.get(t).fns += 1;
  }
}
{
  const refs = dataReferences(w);
  for (const seg of w.segments) {
    const users = [...(refs.get(seg.index) ?? new Map()).entries()].sort((a, b) => b[1] - a[1]);
    // A segment pointed into from many functions is a shared pool of strings: no one topic.
    const t = users.length > 12 ? undefined : users.map(([i]) => topicOf(demangle(w.names.get(i) ?? ""))).find(Boolean);
    if (t) topics.get(t).data += seg.size;
  }
}
say("### Topics across crates (code by function name; a data segment counts for the first topic among the functions that point into it, unless more than 12 do; a heuristic)");
say();
say(table(["topic", "code bytes", "functions", "data bytes", "total", "share of the .wasm"], [...topics.entries()].sort((a, b) => b[1].code + b[1].data - a[1].code - a[1].data).map(([k, v]) => [k, bytes(v.code), v.fns, bytes(v.data), bytes(v.code + v.data), pct(v.code + v.data, noNames)])));
say();
const N = Number(process.env.TOP ?? 40);
say(`### The ${N} largest functions`);
say();
say(table(["bytes", "share", "function"], fns.sort((a, b) => b.size - a.size).slice(0, N).map((f) => [bytes(f.size), pct(f.size, codeSize), `\`${f.name.length > 150 ? `${f.name.slice(0, 147)}...` : f.name}\``])));
say();
const preview = (b) => {
  const runs = b.toString("latin1").match(/[\x20-\x7e]{6,}/g) ?? [];
  const printable = runs.reduce((a, r) => a + r.length, 0);
  const text = runs.join(" | ").replace(/`/g, "'");
  return { printable, text: text.length > 110 ? `${text.slice(0, 107)}...` : text };
};
const segs = [...w.segments].sort((a, b) => b.size - a.size);
const dataTotal = segs.reduce((a, s) => a + s.size, 0);
const refs = dataReferences(w);
const short = (n) => {
  const d = demangle(n).replace(/\{\{closure\}\}/g, "{closure}");
  return d.length > 60 ? `${d.slice(0, 57)}...` : d;
};
const users = (seg) =>
  [...(refs.get(seg.index) ?? new Map()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i]) => `\`${short(w.names.get(i) ?? `func[${i}]`)}\``).join(", ");
say(`### Data segments (${bytes(dataTotal)} bytes in ${segs.length}; "printable" is the share that looks like text; "used by" comes from scanning code for addresses inside the segment)`);
say();
say(table(["bytes", "printable", "segment", "used by (most references)", "starts with"], segs.slice(0, 12).map((s) => { const p = preview(s.bytes); return [bytes(s.size), pct(p.printable, s.size), s.name, users(s), `\`${p.text.slice(0, 60)}\``]; })));
process.stdout.write(`${out.join("\n")}\n`);
