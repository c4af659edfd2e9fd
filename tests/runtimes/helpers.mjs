// Shared pieces of the runtime matrix: the packed tarball, fresh consumer projects, the pinned
// runtimes, child processes that do not block the in-process local API, and a static server.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { listenLocal } from "../support/listen.mjs";
import { TOOLS } from "./tools/install.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = join(ROOT, "pkg");
export const NAME = "datadog-okta-wasm";
export const WASM = "datadog_okta_wasm_bg.wasm";

// Every temporary folder this process makes, removed when it exits (KEEP_TMP=1 keeps them).
const temps = [];
process.on("exit", () => {
  if (process.env.KEEP_TMP === "1") return;
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `okta-rt-${name}-`));
  temps.push(dir);
  return dir;
}

/**
 * Packs pkg/ once per process, into a folder of its own: test files run in parallel processes,
 * and a shared pack folder would be emptied under a neighbour's feet.
 */
export const tarball = (() => {
  let path;
  return () => {
    if (path) return path;
    const dir = tempDir("pack");
    // Under the lock `make pkg` holds while it rebuilds pkg/, so a pack never sees half a build.
    mkdirSync(join(ROOT, "target"), { recursive: true });
    execFileSync("flock", [join(ROOT, "target/.pkg.lock"), "npm", "pack", PKG, "--pack-destination", dir, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
    const file = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!file) throw new Error("npm pack produced no tarball");
    return (path = join(dir, file));
  };
})();

/** The files the packed tarball holds, relative to the package root. */
export function packedFiles() {
  const list = execFileSync("tar", ["-tzf", tarball()], { encoding: "utf8" });
  return list.trim().split("\n").map((l) => l.replace(/^package\//, "")).sort();
}

/**
 * A new project in a temporary folder with the tarball installed offline, plus `files`
 * (name -> text); returns its path.
 */
export function makeProject(name, packageJson = { type: "module" }, files = {}) {
  const dir = tempDir(name);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, version: "1.0.0", private: true, ...packageJson }, null, 2));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", tarball()], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir, files) {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/**
 * The pinned runtimes (node 18/22, bun, deno) and vite: installed into target/runtimes once,
 * under a lock so that parallel test files do not install twice.
 */
export const tools = (() => {
  let cached;
  return () => {
    if (cached) return cached;
    mkdirSync(join(ROOT, "target"), { recursive: true });
    const script = join(ROOT, "tests/runtimes/tools/install.mjs");
    execFileSync("flock", [join(ROOT, "target/.runtimes.lock"), process.execPath, script], { stdio: ["ignore", "inherit", "inherit"] });
    return (cached = TOOLS);
  };
})();

/**
 * Runs a command without blocking this process's event loop (the local API runs in it);
 * resolves to { status, signal, stdout, stderr }, killing the child after `timeoutMs`.
 */
export function run(cmd, args, { cwd, env, timeoutMs = 60_000, input } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

/** Parses the last stdout line of a probe as JSON, with the whole output in the error otherwise. */
export function lastJson(r, what) {
  const line = r.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${what}: exit ${r.status}${r.signal ? ` (${r.signal})` : ""}, no JSON result\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css", ".map": "application/json" };

/** A static file server for `root` on 127.0.0.1, adding `headers` to every answer; resolves to { url, close, requests }. */
export async function serveStatic(root, headers = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return void res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...headers }).end(body);
  });
  return { ...(await listenLocal(server)), requests };
}
