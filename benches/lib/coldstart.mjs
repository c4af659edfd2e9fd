// Cold start in Node: wall time of whole processes (spawn to exit), run round-robin so drift
// hits every implementation alike; a bare `node` process is subtracted.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BENCHES } from "./install.mjs";
import { collectRounds } from "./machine.mjs";
import { now, summary } from "./stats.mjs";

const CHILD = join(BENCHES, "coldstart", "child.mjs");

export function coldTargets({ ours }) {
  const official = createRequire(join(BENCHES, "package.json"));
  const url = (p) => pathToFileURL(p).href;
  const deep = (p) => url(official.resolve(`@datadog/datadog-api-client/dist/packages/${p}`));
  return [
    { key: "bare", label: "bare `node` (subtracted)", args: [] },
    { key: "ours", label: "this library", args: [url(join(ours.pkgDir, "node.mjs"))] },
    { key: "official", label: "official, package root", args: [url(official.resolve("@datadog/datadog-api-client"))] },
    { key: "official-deep", label: "official, deep import", args: [deep("datadog-api-client-common/configuration.js"), deep("datadog-api-client-v2/apis/OktaIntegrationApi.js")] },
    { key: "raw", label: "hand-written fetch", args: [] },
  ];
}

function once(t) {
  const start = now();
  const r = spawnSync(process.execPath, [CHILD, t.key, ...t.args], { encoding: "utf8" });
  const wall = now() - start;
  if (r.status !== 0) throw new Error(`cold start of ${t.key} failed: ${r.stderr.slice(-800)}`);
  return { wall, ...JSON.parse(r.stdout) };
}

/** `processes` runs of each target, interleaved; returns per target the summaries. */
export async function measureColdStart({ ours, processes, retryDisturbed = true }) {
  const targets = coldTargets({ ours });
  if (processes >= 3) for (const t of targets) once(t); // warm the file cache
  // One round: one process of each target. The processes are this bench's children, so their
  // CPU time is not counted as other processes'.
  const got = await collectRounds({
    rounds: processes,
    maxRounds: retryDisturbed ? processes * 3 : processes,
    wait: retryDisturbed ? 10 : 0,
    budgetSeconds: 90,
    run: async (i) => Object.fromEntries((i % 2 ? [...targets].reverse() : targets).map((t) => [t.key, once(t)])),
  });
  const samples = new Map(targets.map((t) => [t.key, got.values.map((v) => v[t.key])]));
  const bare = summary(samples.get("bare").map((s) => s.wall));
  const bareCpu = summary(samples.get("bare").map((s) => s.cpu));
  const rows = targets.map((t) => {
    const s = samples.get(t.key);
    return {
      ...t,
      wall: summary(s.map((x) => x.wall)),
      net: summary(s.map((x) => x.wall - bare.median)),
      cpu: summary(s.map((x) => x.cpu)),
      netCpu: summary(s.map((x) => x.cpu - bareCpu.median)),
      import: summary(s.map((x) => x.import)),
      call: summary(s.map((x) => x.call)),
    };
  });
  rows.rounds = { run: got.rounds, discarded: got.discarded, disturbedKept: got.disturbedKept };
  return rows;
}
