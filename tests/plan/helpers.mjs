// Shared set-up of the plan suites: the packed tarball installed into a fresh project (the way
// users get the CLI and the helpers), the local API, canary secrets that must never come out,
// and a way to run `datadog-okta` without blocking the in-process local API.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { start } from "../fake-datadog/server.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const CANARIES = {
  apiKey: "canary-dd-api-key-91ab",
  appKey: "canary-dd-app-key-27cd",
  prod: "canary-okta-prod-secret-5e1f",
  prodRotated: "canary-okta-prod-rotated-0c3d",
  lab: "canary-okta-lab-token-a7b2",
  extra: "canary-okta-extra-secret-44e0",
};

const temps = [];
process.on("exit", () => {
  if (process.env.KEEP_TMP === "1") return;
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A temporary folder, removed when the process exits (KEEP_TMP=1 keeps it). */
export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `okta-plan-${name}-`));
  temps.push(dir);
  return dir;
}

let installed;
/**
 * Packs pkg/ (under the lock `make pkg` holds, into a folder of this process) and installs the
 * tarball into a fresh project, once per process. Returns the paths a test needs.
 */
export function installedPackage() {
  if (installed) return installed;
  const packDir = tempDir("pack");
  mkdirSync(join(ROOT, "target"), { recursive: true });
  execFileSync("flock", [join(ROOT, "target/.pkg.lock"), "npm", "pack", join(ROOT, "pkg"), "--pack-destination", packDir, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const dir = tempDir("project");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer-plan", version: "1.0.0", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", join(packDir, tarball)], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const pkg = join(dir, "node_modules/datadog-okta-wasm");
  installed = { dir, pkg, bin: join(dir, "node_modules/.bin/datadog-okta"), nodeEntry: join(pkg, "node.mjs") };
  return installed;
}

/** The local API on 127.0.0.1 with a budget no test reaches unless it asks. */
export function startFake(options = {}) {
  return start({ port: 0, rateLimit: { limit: 1_000_000, periodSeconds: 60 }, logger: () => {}, ...options });
}

/** Fails when any canary secret appears in `text`. */
export function assertNoSecrets(text, where) {
  for (const [name, secret] of Object.entries(CANARIES)) {
    assert.ok(!String(text).includes(secret), `${where}: the ${name} canary leaked: ${String(text).slice(0, 400)}`);
  }
}

export const baseEnv = () => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DD_API_KEY: CANARIES.apiKey,
  DD_APP_KEY: CANARIES.appKey,
  OKTA_PROD_SECRET: CANARIES.prod,
  OKTA_LAB_TOKEN: CANARIES.lab,
});

/**
 * Starts `datadog-okta ARGS` (the installed bin) in `cwd`; `result` resolves to its exit code and
 * output once it exits, after checking that no secret was printed.
 */
export function startCli(args, { cwd, env = baseEnv() } = {}) {
  const child = spawn(installedPackage().bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (output.stdout += d));
  child.stderr.on("data", (d) => (output.stderr += d));
  const result = new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      assertNoSecrets(output.stdout, `stdout of datadog-okta ${args.join(" ")}`);
      assertNoSecrets(output.stderr, `stderr of datadog-okta ${args.join(" ")}`);
      resolvePromise({ code, signal, ...output });
    });
  });
  return { child, output, result };
}

/** Runs `datadog-okta ARGS` to completion. */
export function cli(args, options) {
  return startCli(args, options).result;
}

/** A desired-state file in `dir`; returns its path. */
export function writeDesired(dir, accounts, name = "okta.json") {
  const path = join(dir, name);
  writeFileSync(path, typeof accounts === "string" ? accounts : JSON.stringify({ accounts }, null, 2));
  return path;
}

export const PROD = { authMethod: "oauth", domain: "https://prod.okta.com/", clientId: "prod-client", clientSecret: "${OKTA_PROD_SECRET}" };
export const LAB = { authMethod: "api_key", domain: "https://lab.okta.com/", apiKey: "${OKTA_LAB_TOKEN}" };

/** The accounts on the local API, by name, with their secrets (to check what was sent). */
export function serverAccounts(fake) {
  return fake.control.accounts({ secrets: true });
}

