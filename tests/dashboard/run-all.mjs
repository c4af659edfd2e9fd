// Entry point for `node --test tests/dashboard/` on Node 21 and later, which treat a
// directory argument as a module to run rather than a place to search for tests
// (nodejs/node#50219); package.json's "main" points here. Node 18 and 20 search the
// directory for *.test.mjs and never load this file.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
for (const name of fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort()) {
  await import(pathToFileURL(path.join(here, name)).href);
}
