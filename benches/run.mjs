#!/usr/bin/env node
// make bench: this library beside @datadog/datadog-api-client 1.64.0 and hand-written fetch,
// all in one run. Prints markdown tables (median (min–max) of repeated runs, and ratios) and
// writes them with the raw figures to benches/out/results.{md,json}.
//
//   node run.mjs                 full run (a few minutes on 2 cores)
//   node run.mjs --quick         tiny sizes, one repetition: only checks that the bench runs
//   node run.mjs --only=bundle,install,cold,percall,large,loopback
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measureBundles } from "./lib/bundle.mjs";
import { measureColdStart } from "./lib/coldstart.mjs";
import { contention, waitQuiet } from "./lib/machine.mjs";
import { OFFICIAL_VERSION, OUT, ROOT, prepareOfficial, prepareOurs } from "./lib/install.mjs";
import { measureLoopback } from "./lib/loopback.mjs";
import { measureLargeList, measurePerCall } from "./lib/percall.mjs";
import { bytes, cell, kib, num, ratio, summary, table } from "./lib/stats.mjs";

const SECTIONS = ["bundle", "install", "cold", "percall", "large", "loopback"];
const { values: args } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" }, "max-wait": { type: "string" } } });
const only = new Set(args.only ? args.only.split(",") : SECTIONS);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (known: ${SECTIONS.join(", ")})`);
const quick = args.quick;
// Before each timed section, wait (at most this long) for other processes to leave the CPUs.
const maxWait = Number(args["max-wait"] ?? (quick ? 0 : 20));

const P = quick
  ? { coldProcesses: 1, rounds: 1, roundMs: 20, largeAccounts: 200, largeRounds: 1, largeMs: 10, loopCalls: 60, loopConcurrency: 4, loopRounds: 1 }
  : { coldProcesses: 12, rounds: 7, roundMs: 200, largeAccounts: 10_000, largeRounds: 7, largeMs: 400, loopCalls: 2000, loopConcurrency: 32, loopRounds: 5 };

const started = Date.now();
const out = [];
const say = (text = "") => {
  out.push(text);
  console.log(text);
};
const progress = (text) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${text}\n`);
const git = (...a) => {
  try {
    return execFileSync("git", a, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "?";
  }
};
const results = { quick, params: P, machine: {}, sections: {} };
const targets = [];
const target = (name, measured, ok, note, cpu = "") => targets.push({ name, measured, ok, note, cpu });
const busy = [];
/** Runs a timed section: waits for a quiet machine, then reports how busy it was meanwhile. */
async function timedSection(key, fn) {
  if (maxWait > 0) {
    const w = await waitQuiet({ maxSeconds: maxWait, log: progress });
    if (w.waited > 2) progress(w.quiet ? `quiet after ${w.waited} s` : `still busy after ${w.waited} s: measuring anyway`);
  }
  const c = contention();
  const result = await fn();
  const share = c.stop();
  if (share !== null) {
    busy.push({ key, share });
    results.sections[`${key}Contention`] = share;
  }
  return result;
}
const cellUs = (s) => cell({ median: s.median * 1000, min: s.min * 1000, max: s.max * 1000, n: s.n });
const roundsNote = (r) => {
  if (!r || r.run === undefined) return "";
  if (r.disturbedKept > 0) return ` ${r.disturbedKept} of the rounds kept were disturbed by other processes (not enough quiet ones in ${r.run} tries).`;
  return r.discarded > 0 ? ` ${r.discarded} round(s) disturbed by other processes (>15% of the CPUs) were left out and rerun.` : "";
};
const busyNote = (key, rounds) => {
  const b = busy.find((x) => x.key === key);
  if (!b) return roundsNote(rounds);
  if (rounds && rounds.run !== undefined && rounds.disturbedKept === 0) return `${roundsNote(rounds)} Other processes used ${(b.share * 100).toFixed(0)}% of the machine's CPU time over the whole section, waits and left-out rounds included.`;
  const pct = `${(b.share * 100).toFixed(0)}%`;
  return b.share > 0.1 ? ` **Other processes used ${pct} of the machine's CPU time during this section: these timings are disturbed.**` : ` Other processes used ${pct} of the machine's CPU time meanwhile.`;
};

// ------------------------------------------------------------------ machine
const cpus = os.cpus();
results.machine = {
  date: new Date().toISOString(),
  cpu: `${cpus.length} × ${cpus[0]?.model ?? "?"}`,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  commit: git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--", "src", "pkg-template", "Cargo.toml", "scripts") ? " (+ local changes)" : ""),
  loadBefore: os.loadavg().map((l) => l.toFixed(2)).join(" "),
};
say(`# datadog-okta-wasm vs @datadog/datadog-api-client ${OFFICIAL_VERSION} vs raw fetch${quick ? " (--quick: tiny sizes, not a measurement)" : ""}`);
say();
say(`${results.machine.date} · ${results.machine.cpu} · ${results.machine.memory} · Node ${results.machine.node} · ${results.machine.os} · commit ${results.machine.commit} · load average before: ${results.machine.loadBefore}`);
say();

progress("packing pkg/ and installing it into a fresh project");
const ours = prepareOurs();
const wasmFile = readFileSync(join(ours.pkgDir, "datadog_okta_wasm_bg.wasm"));
results.machine.wasm = { bytes: wasmFile.length, sha256: createHash("sha256").update(wasmFile).digest("hex").slice(0, 12) };
say(`This library: datadog-okta-wasm ${ours.version} (.wasm ${bytes(wasmFile.length)} bytes, sha256 ${results.machine.wasm.sha256}…), from \`npm pack pkg\` installed offline into a fresh project. Medians of repeated runs, (min–max) beside; sizes are exact (each bundle is built twice and must come out identical).`);
say();

// ------------------------------------------------------------------ 1. bundle
if (only.has("bundle")) {
  progress("1. browser bundles (esbuild)");
  const rows = await measureBundles({ ours, twice: !quick });
  results.sections.bundle = rows;
  const o = rows.find((r) => r.key === "ours");
  say("## 1. Browser bundle: the same app calling all five operations");
  say();
  say("esbuild `--bundle --minify --format=esm --platform=browser`; gzip level 9. The .wasm is not inlined by esbuild: it is copied beside the bundle and added. Each bundled app was run once against a stub API and made its five calls.");
  say();
  say(
    table(
      ["bundle", "JS", "JS gzip", ".wasm", ".wasm gzip", "total", "**total gzip**", "ours / this (gzip)"],
      rows.map((r) => [r.label, bytes(r.jsRaw), bytes(r.jsGzip), r.wasmRaw ? bytes(r.wasmRaw) : "–", r.wasmGzip ? bytes(r.wasmGzip) : "–", bytes(r.totalRaw), `**${bytes(r.totalGzip)}** (${kib(r.totalGzip)})`, r.key === "ours" ? "" : `${(o.totalGzip / r.totalGzip).toFixed(r.totalGzip > o.totalGzip ? 3 : 1)}x`]),
    ),
  );
  say();
  say(`Largest inputs of each bundle (bytes in the minified output): ${rows.map((r) => `${r.key}: ${r.inputs.slice(0, 3).map(([k, v]) => `${k} ${bytes(v)}`).join(", ")}`).join("; ")}.`);
  say();
  target("bundle, JS + wasm gzip ≤ 45 KB (46,080 B)", `${bytes(o.totalGzip)} B (${kib(o.totalGzip)})`, o.totalGzip <= 45 * 1024, o.totalGzip > 45 * 1024 ? `${(o.totalGzip / (45 * 1024)).toFixed(2)}x the target` : "");
}

// ------------------------------------------------------------------ 2. install
if (only.has("install")) {
  progress("2. install footprint (the official client's fresh install is cached in benches/out/cache)");
  const off = prepareOfficial({ quick });
  results.sections.install = { ours: { tarball: ours.tarball, nodeModules: ours.nodeModules }, official: off };
  say("## 2. Install footprint (bytes: sum of file sizes)");
  say();
  say(`\`npm pack\` of each package; node_modules of a fresh project that installs only it (${off.how}; this library: its tarball, offline).`);
  say();
  const r = (a, b) => `${(a / b).toFixed(4)}x`;
  say(
    table(
      ["", "packed tarball", "unpacked package", "node_modules of a fresh install", "files in node_modules"],
      [
        ["this library", bytes(ours.tarball.size), bytes(ours.tarball.unpackedSize), bytes(ours.nodeModules.bytes), bytes(ours.nodeModules.files)],
        [`official ${OFFICIAL_VERSION}`, bytes(off.tarball.size), bytes(off.tarball.unpackedSize), bytes(off.nodeModules.bytes), bytes(off.nodeModules.files)],
        ["ours / official", r(ours.tarball.size, off.tarball.size), r(ours.tarball.unpackedSize, off.tarball.unpackedSize), r(ours.nodeModules.bytes, off.nodeModules.bytes), r(ours.nodeModules.files, off.nodeModules.files)],
      ],
    ),
  );
  say();
}

// ------------------------------------------------------------------ 3. cold start
if (only.has("cold")) {
  progress(`3. cold start (${P.coldProcesses} processes each)`);
  const rows = await timedSection("cold", () => measureColdStart({ ours, processes: P.coldProcesses, retryDisturbed: !quick }));
  results.sections.cold = rows;
  const get = (k) => rows.find((r) => r.key === k);
  const o = get("ours");
  say(`## 3. Cold start in Node: import, create the API, one getOktaAccount against a stub fetch`);
  say();
  say(`Wall time of a whole \`node\` process, spawn to exit; ${P.coldProcesses} processes each, interleaved; "net" subtracts the median of a bare \`node\` process. Import and first call are measured inside the process (the first call of this library includes compiling the .wasm).${busyNote("cold", rows.rounds)}`);
  say();
  say(
    table(
      ["", "process (ms)", "**net of bare node (ms)**", "import (ms)", "first call (ms)", "CPU, net of bare node (ms)", "ours / this (net wall; net CPU)"],
      rows.map((r) => [r.label, cell(r.wall), r.key === "bare" ? "–" : `**${cell(r.net)}**`, r.key === "bare" ? "–" : cell(r.import), r.key === "bare" ? "–" : cell(r.call), r.key === "bare" ? `(bare: ${cell(r.cpu)})` : cell(r.netCpu), ["bare", "ours"].includes(r.key) ? "" : `${ratio(o.net, r.net)}; ${ratio(o.netCpu, r.netCpu)}`]),
    ),
  );
  say();
  const off = get("official");
  target("cold start ≤ 1/20 of the official client's (net)", `${num(o.net.median)} ms vs ${num(off.net.median)} ms = 1/${num(off.net.median / o.net.median)}`, o.net.median * 20 <= off.net.median, "", `1/${num(off.netCpu.median / o.netCpu.median)}`);
}

// ------------------------------------------------------------------ 4. per call
if (only.has("percall")) {
  progress(`4. per-call overhead (${P.rounds} rounds of ${P.roundMs} ms per implementation and operation)`);
  const res = await timedSection("percall", () => measurePerCall({ consumer: ours.consumer, rounds: P.rounds, roundMs: P.roundMs, retryDisturbed: !quick }));
  results.sections.percall = res;
  say("## 4. Per-call overhead: stub fetch returning a new prebuilt Response per call");
  say();
  say(`Sequential awaited calls in one process; µs per call (calls per second in brackets); ${P.rounds} rounds of ≥${P.roundMs} ms each, implementations interleaved. "raw fetch" is the same stub called by hand-written code plus \`res.json()\`. This library runs with its defaults (retries on, input validated, a per-attempt timeout).${busyNote("percall", Object.values(res).find((x) => x.rounds?.disturbedKept)?.rounds ?? { run: Object.values(res).reduce((a, x) => a + x.rounds.run, 0), discarded: Object.values(res).reduce((a, x) => a + x.rounds.discarded, 0), disturbedKept: 0 })}`);
  say();
  const c = (s) => `${cell({ median: s.median * 1000, min: s.min * 1000, max: s.max * 1000, n: s.n })} µs (${num(1000 / s.median)}/s)`;
  say(
    table(
      ["operation", "this library", "official", "raw fetch", "ours / official", "**ours / raw**"],
      Object.entries(res).map(([op, r]) => [op === "list" ? "list (6 accounts)" : op, c(r.ours), c(r.official), c(r.raw), ratio(r.ours, r.official), `**${ratio(r.ours, r.raw)}**`]),
    ),
  );
  say();
  say("CPU time of the process per call (all its threads; less sensitive than wall time to other processes competing for the cores):");
  say();
  const cu = (s) => `${cell({ median: s.median * 1000, min: s.min * 1000, max: s.max * 1000, n: s.n })} µs`;
  say(
    table(
      ["operation", "this library", "official", "raw fetch", "ours / official", "ours / raw"],
      Object.entries(res).map(([op, r]) => [op === "list" ? "list (6 accounts)" : op, cu(r.ours.cpu), cu(r.official.cpu), cu(r.raw.cpu), ratio(r.ours.cpu, r.official.cpu), ratio(r.ours.cpu, r.raw.cpu)]),
    ),
  );
  say();
  const worst = Math.max(...Object.values(res).map((r) => r.ours.median / r.raw.median));
  const worstCpu = Math.max(...Object.values(res).map((r) => r.ours.cpu.median / r.raw.cpu.median));
  target("per-call overhead ≤ 1.3x raw fetch (worst of get/list/create)", `${worst.toFixed(2)}x`, worst <= 1.3, "", `${worstCpu.toFixed(2)}x`);
}

// ------------------------------------------------------------------ 5. large list
if (only.has("large")) {
  progress(`5. large list (${P.largeAccounts} accounts)`);
  const r = await timedSection("large", () => measureLargeList({ consumer: ours.consumer, accounts: P.largeAccounts, rounds: P.largeRounds, roundMs: P.largeMs, retryDisturbed: !quick }));
  results.sections.large = r;
  say(`## 5. Large list: listOktaAccounts over ${bytes(r.accounts)} accounts (${bytes(r.bytes)} bytes of JSON)`);
  say();
  say(`ms per call, stub fetch returning the text in a new Response; ${P.largeRounds} rounds of ≥${P.largeMs} ms (and ≥2 calls) each.${busyNote("large", r.rounds)}`);
  say();
  say(
    table(
      ["", "ms per call", "/ JSON.parse alone", "ours / this", "CPU ms per call", "CPU: / JSON.parse; ours / this"],
      [
        ["this library", cell(r.ours), ratio(r.ours, r.parse), "", cell(r.ours.cpu), `${ratio(r.ours.cpu, r.parse.cpu)}; `],
        ["official", cell(r.official), ratio(r.official, r.parse), ratio(r.ours, r.official), cell(r.official.cpu), `${ratio(r.official.cpu, r.parse.cpu)}; ${ratio(r.ours.cpu, r.official.cpu)}`],
        ["raw fetch + res.json()", cell(r.raw), ratio(r.raw, r.parse), ratio(r.ours, r.raw), cell(r.raw.cpu), `${ratio(r.raw.cpu, r.parse.cpu)}; ${ratio(r.ours.cpu, r.raw.cpu)}`],
        ["JSON.parse of the text alone", cell(r.parse), "1.00x", ratio(r.ours, r.parse), cell(r.parse.cpu), `1.00x; ${ratio(r.ours.cpu, r.parse.cpu)}`],
      ],
    ),
  );
  say();
  const x = r.ours.median / r.parse.median;
  target(`${bytes(r.accounts)}-account list ≤ 2x JSON.parse alone`, `${x.toFixed(2)}x`, x <= 2, "", ratio(r.ours.cpu, r.parse.cpu));
  target(`${bytes(r.accounts)}-account list faster than the official client`, `${num(r.ours.median)} ms vs ${num(r.official.median)} ms`, r.ours.median < r.official.median, "", `${num(r.ours.cpu.median)} ms vs ${num(r.official.cpu.median)} ms`);
}

// ------------------------------------------------------------------ 6. loopback
if (only.has("loopback")) {
  progress(`6. loopback (${P.loopCalls} calls at concurrency ${P.loopConcurrency}, ${P.loopRounds} rounds)`);
  const r = await timedSection("loopback", () => measureLoopback({ consumer: ours.consumer, calls: P.loopCalls, concurrency: P.loopConcurrency, rounds: P.loopRounds, retryDisturbed: !quick }));
  results.sections.loopback = r;
  say(`## 6. Loopback: ${bytes(P.loopCalls)} calls at concurrency ${P.loopConcurrency} against the local API (in memory, own process)`);
  say();
  say(`Of every 20 calls: 9 gets, 9 lists (6 accounts), 1 create, 1 delete; the server is reset before each run; ${P.loopRounds} runs each, interleaved. All three send through Node's global fetch (the official client through its \`fetch\` option; its own default in Node is node-fetch).${busyNote("loopback", r.rounds)}`);
  say();
  say(
    table(
      ["", "**calls/s**", "p50 latency (ms)", "p99 latency (ms)", "client CPU per call (µs)"],
      [
        ["this library", `**${cell(r.ours.throughput)}**`, cell(r.ours.p50), cell(r.ours.p99), cellUs(r.ours.cpuPerCall)],
        ["official", cell(r.official.throughput), cell(r.official.p50), cell(r.official.p99), cellUs(r.official.cpuPerCall)],
        ["raw fetch", cell(r.raw.throughput), cell(r.raw.p50), cell(r.raw.p99), cellUs(r.raw.cpuPerCall)],
        ["ours / official", ratio(r.ours.throughput, r.official.throughput), ratio(r.ours.p50, r.official.p50), ratio(r.ours.p99, r.official.p99), ratio(r.ours.cpuPerCall, r.official.cpuPerCall)],
        ["**ours / raw**", `**${ratio(r.ours.throughput, r.raw.throughput)}**`, ratio(r.ours.p50, r.raw.p50), ratio(r.ours.p99, r.raw.p99), ratio(r.ours.cpuPerCall, r.raw.cpuPerCall)],
      ],
    ),
  );
  say();
  const x = r.ours.throughput.median / r.raw.throughput.median;
  target("loopback throughput ≥ 0.9x raw fetch", `${x.toFixed(2)}x`, x >= 0.9, "", `client CPU per call ${ratio(r.ours.cpuPerCall, r.raw.cpuPerCall)} raw's`);
}

// ------------------------------------------------------------------ targets
results.targets = targets;
results.machine.loadAfter = os.loadavg().map((l) => l.toFixed(2)).join(" ");
results.machine.seconds = Math.round((Date.now() - started) / 1000);
say("## Targets (issue 6)");
say();
say("Judged on wall time, as the issue sets them; the CPU-time figure beside is the same comparison made on the CPU time the process used, which is less sensitive to other processes competing for the cores.");
say();
say(table(["target", "measured (wall)", "met?", "on CPU time"], targets.map((t) => [t.name, t.measured, `${t.ok ? "yes" : "**no**"}${t.note ? ` (${t.note})` : ""}`, t.cpu || "–"])));
say();
const worst = busy.reduce((a, b) => Math.max(a, b.share), 0);
say(`Run took ${results.machine.seconds} s; load average after: ${results.machine.loadAfter}; other processes used at most ${(worst * 100).toFixed(0)}% of the CPUs during a timed section${worst > 0.1 ? " (**disturbed: rerun on a quiet machine**)" : ""}.${quick ? " --quick: figures are not measurements." : ""}`);

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, quick ? "results-quick.md" : "results.md"), `${out.join("\n")}\n`);
writeFileSync(join(OUT, quick ? "results-quick.json" : "results.json"), `${JSON.stringify(results, null, 2)}\n`);
