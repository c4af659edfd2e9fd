// Loopback: calls against the local API (tests/fake-datadog) in memory, in its own process,
// at a fixed concurrency. Mostly gets and lists; creates are paired with deletes so the number
// of accounts (and so the list size) stays the same; the server is reset before every run.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { SEED_ACCOUNTS, createBodyCamel, createBodyWire } from "./fixtures.mjs";
import { loadOfficial, loadOurs, officialApi, oursApi, rawApi } from "./impls.mjs";
import { ROOT, WORK } from "./install.mjs";
import { collectRounds } from "./machine.mjs";
import { now, percentile, summary } from "./stats.mjs";

/** Starts the local API on 127.0.0.1 in a child process; resolves to { url, close }. */
export async function startServer() {
  const seed = join(WORK, "loopback-seed.json");
  writeFileSync(seed, JSON.stringify(SEED_ACCOUNTS));
  const child = spawn(process.execPath, [join(ROOT, "tests/fake-datadog/server.mjs"), "--port", "0", "--host", "127.0.0.1", "--seed", seed, "--rate-limit", "100000000", "--log-limit", "1"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fake-datadog exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const m = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      m ? resolve(m[1]) : reject(new Error(`unexpected first line from fake-datadog: ${line}`));
    });
  });
  child.removeAllListeners("exit");
  const close = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { url, close };
}

/** The mix: of every 20 calls, 9 gets, 9 lists, 1 create and 1 delete (of a created account). */
async function runOnce(impl, { url, calls, concurrency, tag }) {
  const ids = SEED_ACCOUNTS.map((a) => a.id);
  const created = [];
  const latencies = [];
  let next = 0;
  let errors = 0;
  async function worker() {
    for (let i = next++; i < calls; i = next++) {
      const slot = i % 20;
      const t = now();
      try {
        if (slot === 9) {
          const r = await impl.api.create(impl.body(`bench-${tag}-${i}`));
          created.push(r.data.id);
        } else if (slot === 19 && created.length > 0) await impl.api.delete(created.pop());
        else if (slot % 2 === 0) await impl.api.get(ids[i % ids.length]);
        else await impl.api.list();
      } catch (e) {
        errors++;
        if (errors === 1) console.error(`loopback ${impl.key}: ${e?.message ?? e}`);
      }
      latencies.push(now() - t);
    }
  }
  const c0 = process.cpuUsage();
  const t0 = now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = now() - t0;
  const cpu = process.cpuUsage(c0);
  if (errors > 0) throw new Error(`loopback ${impl.key}: ${errors} of ${calls} calls failed`);
  return { throughput: (calls / wall) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerCall: (cpu.user + cpu.system) / 1000 / calls };
}

export async function measureLoopback({ consumer, calls, concurrency, rounds, retryDisturbed = true }) {
  const server = await startServer();
  try {
    const reset = () => fetch(`${server.url}/__control/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"seed":true}' }).then((r) => r.text());
    const impls = [
      { key: "ours", api: oursApi(loadOurs(consumer), { baseUrl: server.url }), body: createBodyCamel },
      { key: "official", api: officialApi(loadOfficial(), { baseUrl: server.url, fetch: globalThis.fetch }), body: createBodyCamel },
      { key: "raw", api: rawApi({ baseUrl: server.url }), body: createBodyWire },
    ];
    let run = 0;
    // 1,000 calls each before measuring: after 200, the first measured run of this library was
    // still about 40% slower than the next ones (V8 moves hot wasm functions to its optimising
    // compiler as they run, on the same two cores) and the official client's about 15%.
    for (const impl of impls) {
      await reset();
      await runOnce(impl, { url: server.url, calls: Math.min(calls, 1000), concurrency, tag: `warm${run++}` });
    }
    // The server's CPU time is another process's, so a round counts as disturbed only above
    // what the server itself can use (one core of two: 50%) plus the usual margin.
    const got = await collectRounds({
      rounds,
      maxRounds: retryDisturbed ? rounds * 3 : rounds,
      wait: retryDisturbed ? 10 : 0,
      budgetSeconds: 90,
      threshold: 0.5 + 0.15,
      run: async (round) => {
        const r = {};
        for (const impl of round % 2 ? [...impls].reverse() : impls) {
          await reset();
          r[impl.key] = await runOnce(impl, { url: server.url, calls, concurrency, tag: `r${run++}` });
        }
        return r;
      },
    });
    const pick = (k, f) => summary(got.values.map((v) => v[k][f]));
    return {
      rounds: { run: got.rounds, discarded: got.discarded, disturbedKept: got.disturbedKept },
      ...Object.fromEntries(impls.map((i) => [i.key, { throughput: pick(i.key, "throughput"), p50: pick(i.key, "p50"), p99: pick(i.key, "p99"), cpuPerCall: pick(i.key, "cpuPerCall") }])),
    };
  } finally {
    await server.close();
  }
}
