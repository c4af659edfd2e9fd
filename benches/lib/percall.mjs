// In-process timings against stub fetches: per-call overhead on small bodies, and one large
// list beside JSON.parse alone. Implementations alternate within each round so that drift
// (JIT, GC, other load on the machine) hits them alike.
import { CREATE_BODY, GET_BODY, GET_ID, LIST6_BODY, createBodyCamel, createBodyWire, largeListBody } from "./fixtures.mjs";
import { loadOfficial, loadOurs, officialApi, oursApi, rawApi, stubFetch } from "./impls.mjs";
import { collectRounds } from "./machine.mjs";
import { now, summary } from "./stats.mjs";

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Calls `fn` (async) for at least `minMs` and at least `minCalls` times; returns ms per call,
 * wall clock and CPU time of this process (all its threads), the latter hardly moved by other
 * processes competing for the cores.
 */
async function timed(fn, minMs, minCalls = 1) {
  let n = 0;
  const c0 = cpuMs();
  const t0 = now();
  let elapsed = 0;
  while (n < minCalls || elapsed < minMs) {
    for (let i = 0; i < 16 && (n < minCalls || i === 0); i++) {
      await fn();
      n++;
    }
    elapsed = now() - t0;
  }
  return { wall: elapsed / n, cpu: (cpuMs() - c0) / n };
}

/** { wall: summary, cpu: summary } of a list of timed() results. */
const both = (v) => ({ ...summary(v.map((x) => x.wall)), cpu: summary(v.map((x) => x.cpu)) });

const OPS = {
  get: { status: 200, body: GET_BODY, call: (api) => api.get(GET_ID), check: (r) => r.data.id === GET_ID },
  list: { status: 200, body: LIST6_BODY, call: (api) => api.list(), check: (r) => r.data.length === 6 },
  create: { status: 201, body: CREATE_BODY, call: (api, body) => api.create(body), check: (r) => typeof r.data.id === "string" },
};

function implsFor(stub, ours, official) {
  return [
    { key: "ours", api: oursApi(ours, { fetch: stub }), body: createBodyCamel() },
    { key: "official", api: officialApi(official, { fetch: stub }), body: createBodyCamel() },
    { key: "raw", api: rawApi({ fetch: stub }), body: createBodyWire() },
  ];
}

/** ms per call of get, list (6 accounts) and create for each implementation. */
export async function measurePerCall({ consumer, rounds, roundMs, retryDisturbed = true }) {
  const ours = loadOurs(consumer);
  const official = loadOfficial();
  const results = {};
  for (const [op, spec] of Object.entries(OPS)) {
    const impls = implsFor(stubFetch(spec.status, spec.body), ours, official);
    for (const impl of impls) {
      const r = await spec.call(impl.api, impl.body);
      if (!spec.check(r)) throw new Error(`${impl.key} ${op}: unexpected result ${JSON.stringify(r).slice(0, 200)}`);
      await timed(() => spec.call(impl.api, impl.body), roundMs); // warm-up
    }
    const got = await collectRounds({
      rounds,
      maxRounds: retryDisturbed ? rounds * 3 : rounds,
      wait: retryDisturbed ? 5 : 0,
      budgetSeconds: 25,
      run: async (round) => {
        const r = {};
        for (const impl of round % 2 ? [...impls].reverse() : impls) r[impl.key] = await timed(() => spec.call(impl.api, impl.body), roundMs);
        return r;
      },
    });
    results[op] = Object.fromEntries(impls.map((i) => [i.key, both(got.values.map((v) => v[i.key]))]));
    results[op].rounds = { run: got.rounds, discarded: got.discarded, disturbedKept: got.disturbedKept };
  }
  return results;
}

/** ms per listOktaAccounts over `accounts` accounts, and JSON.parse of the same text alone. */
export async function measureLargeList({ consumer, accounts, rounds, roundMs, retryDisturbed = true }) {
  const text = largeListBody(accounts);
  const stub = stubFetch(200, text);
  const ours = oursApi(loadOurs(consumer), { fetch: stub });
  const official = officialApi(loadOfficial(), { fetch: stub });
  const raw = rawApi({ fetch: stub });
  const impls = [
    { key: "ours", fn: () => ours.list() },
    { key: "official", fn: () => official.list() },
    { key: "raw", fn: () => raw.list() },
    { key: "parse", fn: async () => JSON.parse(text) },
  ];
  for (const impl of impls) {
    const r = await impl.fn();
    if (r.data.length !== accounts) throw new Error(`${impl.key}: ${r.data.length} accounts instead of ${accounts}`);
    await impl.fn();
  }
  const got = await collectRounds({
    rounds,
    maxRounds: retryDisturbed ? rounds * 3 : rounds,
    wait: retryDisturbed ? 5 : 0,
    budgetSeconds: 45,
    run: async (round) => {
      const r = {};
      for (const impl of round % 2 ? [...impls].reverse() : impls) r[impl.key] = await timed(impl.fn, roundMs, 2);
      return r;
    },
  });
  return {
    bytes: Buffer.byteLength(text),
    accounts,
    rounds: { run: got.rounds, discarded: got.discarded, disturbedKept: got.disturbedKept },
    ...Object.fromEntries(impls.map((i) => [i.key, both(got.values.map((v) => v[i.key]))])),
  };
}
