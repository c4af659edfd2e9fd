// How busy the machine is with work other than this bench: /proc/stat's busy CPU time minus
// this process's own and its reaped children's. Linux only; elsewhere every figure is null.
import { readFileSync } from "node:fs";
import os from "node:os";

function read() {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal = 0] = cpu;
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    return { busy: user + nice + system + irq + softirq + steal, all: user + nice + system + idle + iowait + irq + softirq + steal, self: f[11] + f[12] + f[13] + f[14] };
  } catch {
    return null;
  }
}

/** Starts a measurement; `stop()` returns the share (0..1) of all CPUs used by other processes. */
export function contention() {
  const a = read();
  return {
    stop() {
      const b = read();
      if (!a || !b || b.all === a.all) return null;
      return Math.max(0, (b.busy - a.busy - (b.self - a.self)) / (b.all - a.all));
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (at most `maxSeconds`) until other processes use under `threshold` of the machine
 * for two 1-second windows in a row. Returns the seconds waited and whether it became quiet.
 */
export async function waitQuiet({ maxSeconds, threshold = 0.1, log = () => {} }) {
  const start = Date.now();
  let quietWindows = 0;
  let told = false;
  while ((Date.now() - start) / 1000 < maxSeconds) {
    const c = contention();
    await sleep(1000);
    const share = c.stop();
    if (share === null) return { waited: 0, quiet: null };
    quietWindows = share < threshold ? quietWindows + 1 : 0;
    if (quietWindows >= 2) return { waited: Math.round((Date.now() - start) / 1000), quiet: true };
    if (!told && share >= threshold) {
      log(`other processes use ${(share * 100).toFixed(0)}% of the ${os.cpus().length} CPUs: waiting up to ${maxSeconds} s for a quiet moment`);
      told = true;
    }
  }
  return { waited: Math.round((Date.now() - start) / 1000), quiet: false };
}

/**
 * Runs `run(i)` until `rounds` of them were quiet (other processes took at most `threshold`
 * of the CPUs meanwhile) or `maxRounds` were run; after a disturbed round, waits up to `wait`
 * seconds for a quiet moment; stops rerunning after `budgetSeconds`. Returns the quiet rounds' values when there are enough (3, or
 * `rounds` if fewer), otherwise every round's, and how many rounds were left out.
 */
export async function collectRounds({ rounds, maxRounds = rounds * 3, threshold = 0.15, wait = 10, budgetSeconds = Infinity, run }) {
  const all = [];
  const start = Date.now();
  // Past the time budget, rounds are no longer rerun: the remaining ones are taken as they come.
  const overBudget = () => (Date.now() - start) / 1000 > budgetSeconds;
  for (let i = 0; all.filter((r) => r.quiet).length < rounds && (i < maxRounds || all.length < rounds); i++) {
    if (overBudget() && all.length >= rounds) break;
    const c = contention();
    const value = await run(i);
    const share = c.stop();
    const quiet = share === null || share <= threshold;
    all.push({ value, quiet });
    if (!quiet && wait > 0 && !overBudget()) await waitQuiet({ maxSeconds: wait });
  }
  const quiet = all.filter((r) => r.quiet);
  const used = quiet.length >= Math.min(rounds, 3) ? quiet : all;
  return { values: used.map((r) => r.value), rounds: all.length, discarded: all.length - used.length, disturbedKept: used.filter((r) => !r.quiet).length };
}
