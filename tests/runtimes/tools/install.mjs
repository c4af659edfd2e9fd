// Installs the runtimes and bundlers of the matrix (pinned in package-lock.json beside this file)
// into target/runtimes/, and does nothing when they are already there: a stamp holds the hash of
// the lock that was installed. Run by `make test-runtimes` before the suite, and by the suite's
// helpers when a test file runs alone. Concurrent runs are serialised by the caller (flock).
//
// Install scripts are skipped (--ignore-scripts): the bun, deno and workerd packages' postinstall
// only links the binary that their platform package already holds, and we use that binary directly.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../..");
export const TOOLS_DIR = join(ROOT, "target", "runtimes");

/** Where each tool's binary or entry is, once installed. */
export const TOOLS = {
  node18: join(TOOLS_DIR, "node_modules/node18/bin/node"),
  node22: join(TOOLS_DIR, "node_modules/node22/bin/node"),
  bun: join(TOOLS_DIR, "node_modules/@oven/bun-linux-x64/bin/bun"),
  deno: join(TOOLS_DIR, "node_modules/@deno/linux-x64-glibc/deno"),
  vite: join(TOOLS_DIR, "node_modules/vite/bin/vite.js"),
  publint: join(TOOLS_DIR, "node_modules/publint/src/cli.js"),
  attw: join(TOOLS_DIR, "node_modules/@arethetypeswrong/cli/dist/index.js"),
  // Cloudflare's runtime (the binary its platform package holds) and Vercel's Edge runtime.
  workerd: join(TOOLS_DIR, "node_modules/@cloudflare/workerd-linux-64/bin/workerd"),
  edgeRuntime: join(TOOLS_DIR, "node_modules/edge-runtime/package.json"),
};

function lockHash() {
  const h = createHash("sha256");
  for (const f of ["package.json", "package-lock.json"]) h.update(readFileSync(join(HERE, f)));
  return h.digest("hex");
}

/** Installs the tools unless the installed ones match the lock; returns TOOLS. */
export function installTools({ log = (m) => process.stderr.write(`[runtimes] ${m}\n`) } = {}) {
  const stamp = join(TOOLS_DIR, ".installed");
  const want = lockHash();
  const ok = () => existsSync(stamp) && readFileSync(stamp, "utf8") === want && Object.values(TOOLS).every((p) => existsSync(p));
  if (ok()) return TOOLS;
  // Not `npm ci` straight into a folder that may hold a half-done install: start clean.
  rmSync(join(TOOLS_DIR, "node_modules"), { recursive: true, force: true });
  log(`installing node 18 and 22, bun, deno, vite, publint, attw, workerd and edge-runtime into ${TOOLS_DIR} (once; cached)`);
  mkdirSync(TOOLS_DIR, { recursive: true });
  for (const f of ["package.json", "package-lock.json"]) copyFileSync(join(HERE, f), join(TOOLS_DIR, f));
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: TOOLS_DIR, stdio: ["ignore", 2, 2] });
  const missing = Object.entries(TOOLS).filter(([, p]) => !existsSync(p));
  if (missing.length > 0) throw new Error(`installed, but not found: ${missing.map(([k, p]) => `${k} (${p})`).join(", ")}`);
  writeFileSync(stamp, want);
  return TOOLS;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tools = installTools();
  if (process.argv.includes("--versions")) for (const [name, path] of Object.entries(tools)) {
    if (!["node18", "node22", "bun", "deno"].includes(name)) continue;
    const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim().split("\n")[0];
    process.stderr.write(`[runtimes] ${name}: ${version}\n`);
  }
}
