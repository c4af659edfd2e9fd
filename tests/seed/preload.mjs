// Loaded with `node --import` before a seed example: answers https://api.datadoghq.com from
// the recordings, so the example runs unchanged and offline. Requests go to SEED_LOG.
import { appendFileSync } from "node:fs";
import { cannedFetch } from "./canned.mjs";

const logFile = process.env.SEED_LOG;
globalThis.fetch = cannedFetch((r) => {
  if (logFile) appendFileSync(logFile, JSON.stringify(r) + "\n");
});
