// Costs of the building blocks a call goes through, in this Node, to read the CPU profiles
// against: µs per operation (median of 5 rounds).
import { GET_BODY } from "../lib/fixtures.mjs";
import { summary, table } from "../lib/stats.mjs";

const init = { status: 200, headers: { "content-type": "application/json" } };
const resp = new Response(GET_BODY, init);
const cfg = { authMethods: { apiKeyAuth: "bench-api-key", appKeyAuth: "bench-app-key" }, serverVariables: {} };
const blocks = {
  "new Response(body) + await text() (the stub, paid by raw fetch too)": async () => (await new Response(GET_BODY, init)).text(),
  "new Response(body) + await json()": async () => (await new Response(GET_BODY, init)).json(),
  "new AbortController()": () => new AbortController(),
  "new AbortController().signal (creating the signal)": () => new AbortController().signal,
  "new AbortController() + addEventListener('abort') + remove": () => {
    const c = new AbortController();
    const f = () => {};
    c.signal.addEventListener("abort", f);
    c.signal.removeEventListener("abort", f);
  },
  "setTimeout + clearTimeout": () => clearTimeout(setTimeout(() => {}, 30000)),
  "iterate response.headers (1 header)": () => {
    for (const e of resp.headers) void e;
  },
  "JSON.stringify(config) + JSON.parse(the 250-byte GET body)": () => JSON.parse(JSON.stringify(cfg) && GET_BODY),
  "TextEncoder.encode + TextDecoder.decode of the GET body": (() => {
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    return () => dec.decode(enc.encode(GET_BODY));
  })(),
  "await of a resolved promise (one microtask hop)": async () => {
    await null;
  },
};
const rows = [];
for (const [name, fn] of Object.entries(blocks)) {
  const samples = [];
  for (let round = 0; round < 5; round++) {
    const n = 20_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    samples.push(((performance.now() - t) * 1000) / n);
  }
  rows.push([name, summary(samples).median.toFixed(2)]);
}
process.stdout.write(`#### Building blocks in Node ${process.version} (µs per operation, sequential, awaited)\n\n${table(["operation", "µs"], rows)}\n`);
