// The browser apps of the runtime matrix: `exercise` and `exerciseManage` of the probes, run by a
// page or a module worker, reporting on `globalThis.__result` (page) or by postMessage (worker).
// `?stub` replaces globalThis.fetch after the imports with a mock that answers the API only, as
// tests do; `?preload` calls preload() before the first call and notes what it fetched.
import assert from "node:assert/strict";
import { join } from "node:path";
import { EXERCISE, MANAGE_EXERCISE } from "./probes.mjs";
import { NAME, ROOT, makeProject, run, writeFiles } from "./helpers.mjs";

const APP = `${EXERCISE}
${MANAGE_EXERCISE}
function stubFetch() {
  const real = globalThis.fetch;
  const seen = [];
  globalThis.fetch = (input, init) => {
    const url = String(input?.url ?? input);
    seen.push(url);
    if (!url.includes("/api/v2/")) return Promise.reject(new TypeError("the stub answers the API only, not " + url));
    return real(input, init);
  };
  return seen;
}
const fetched = (part) => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.includes(part));
export async function run(lib, manage) {
  const params = new URLSearchParams(location.search);
  const api = params.get("api");
  const stubSaw = params.has("stub") ? stubFetch() : undefined;
  let preloaded;
  if (params.has("preload")) {
    const before = fetched(".wasm");
    const value = await lib.preload();
    preloaded = { before, after: fetched(".wasm"), value: String(value), apiCalls: fetched("/api/").length };
  }
  const r = await exercise(lib, api);
  const m = manage ? await exerciseManage(lib, manage, api, globalThis.crypto) : undefined;
  return { ...r.summary, manage: m, stubSaw, preloaded, hasWindow: typeof window !== "undefined", hasDocument: typeof document !== "undefined" };
}
`;
const report = (entries) => `${entries}
import { run } from "./app.mjs";
const done = (r) => (typeof window === "undefined" ? postMessage(r) : (globalThis.__result = r));
run(lib, typeof manage === "undefined" ? undefined : manage).then(done, (e) => done({ error: String((e && e.stack) || e) }));
`;
// A page's app, importing both entries by name (an import map or a bundler resolves them).
const MAIN = report(`import * as lib from "${NAME}";\nimport * as manage from "${NAME}/manage";`);
// A module worker cannot use the page's import map: with no bundler, it imports the browser entry
// by path, and /manage (which imports the main entry by name) is out of its reach.
const WORKER = report(`import * as lib from "./node_modules/${NAME}/web.mjs";`);
// A worker importing both entries by name, for a bundler.
const WORKER_APP = MAIN;
const workerMain = (script) => `const worker = new Worker("${script}" + location.search, { type: "module" });
worker.onmessage = (e) => { globalThis.__result = e.data; };
worker.onerror = (e) => { globalThis.__result = { error: "worker error: " + (e.message || e.type) }; };
`;

export const page = (title, head, script) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>${head}</head>
<body><script type="module" src="${script}"></script></body></html>
`;
const IMPORT_MAP = `<script type="importmap">${JSON.stringify({
  imports: { [NAME]: `./node_modules/${NAME}/web.mjs`, [`${NAME}/manage`]: `./node_modules/${NAME}/manage/web.mjs` },
})}</script>`;

/**
 * A project with the tarball installed and the apps: index.html (with an import map, unless for
 * Vite), worker.html (an unbundled module worker), and the sources that esbuild and Vite build
 * (main.mjs, worker-app.mjs).
 */
export function browserProject(name, { importMap = true } = {}) {
  return makeProject(name, { type: "module" }, {
    "app.mjs": APP,
    "main.mjs": MAIN,
    "worker.mjs": WORKER,
    "worker-app.mjs": WORKER_APP,
    "worker-main.mjs": workerMain("./worker.mjs"),
    "index.html": importMap ? page("no bundler", IMPORT_MAP, "./main.mjs") : page("vite", "", "./main.mjs"),
    "worker.html": page("worker", "", "./worker-main.mjs"),
  });
}

/** esbuild's bundles of the page app and of the worker app into `out` (no .wasm copied), with their pages. */
export async function esbuildApps(project, out) {
  const esbuild = join(ROOT, "node_modules/.bin/esbuild");
  const r = await run(esbuild, ["main.mjs", "worker-app.mjs", "--bundle", "--format=esm", `--outdir=${out}`, "--log-level=warning"], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "", "esbuild prints no warning");
  writeFiles(out, {
    "index.html": page("esbuild", "", "./main.js"),
    "worker-main.js": workerMain("./worker-app.js"),
    "worker.html": page("esbuild worker", "", "./worker-main.js"),
  });
  return out;
}
