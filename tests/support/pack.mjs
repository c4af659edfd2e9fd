// The packed npm tarball of pkg/, installed into fresh temporary projects: consumers are
// always tested the way users get the library, never by importing the source tree.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(new URL("../..", import.meta.url).pathname);
// One folder per process: node --test runs test files in parallel processes.
const PACK_DIR = join(ROOT, "target", "npm-pack", String(process.pid));

/** Packs pkg/ (once per process) and returns the tarball's path. */
export const tarball = (() => {
  let path;
  return () => {
    if (path) return path;
    rmSync(PACK_DIR, { recursive: true, force: true });
    mkdirSync(PACK_DIR, { recursive: true });
    // Under build-pkg's lock, so a concurrent `make pkg` cannot swap pkg/ mid-pack.
    execFileSync("flock", [join(ROOT, "target", ".pkg.lock"), "npm", "pack", join(ROOT, "pkg"), "--pack-destination", PACK_DIR, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
    const file = readdirSync(PACK_DIR).find((f) => f.endsWith(".tgz"));
    if (!file) throw new Error("npm pack produced no tarball");
    return (path = join(PACK_DIR, file));
  };
})();

/** A new project in a temporary folder with the tarball installed; returns its path. */
export function makeProject(name, packageJson = { type: "module" }) {
  const dir = mkdtempSync(join(tmpdir(), `okta-${name}-`));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, ...packageJson }, null, 2));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", tarball()], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}
