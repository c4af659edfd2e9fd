// Entry point for `node --test tests/runtimes/` on Node 21 and later, which treat a directory
// argument as a module to run rather than a place to search for tests (nodejs/node#50219);
// package.json's "main" points here. Node 18 and 20 search the directory and never load it.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
for (const name of readdirSync(here).filter((f) => f.endsWith(".test.mjs")).sort()) {
  await import(pathToFileURL(join(here, name)).href);
}
