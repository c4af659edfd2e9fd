// Install footprint, and the consumer projects the other sections load the libraries from:
// this library is always used the way users get it, from `npm pack pkg` installed offline
// into a fresh project.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const BENCHES = dirname(new URL("..", import.meta.url).pathname + "x");
export const ROOT = join(BENCHES, "..");
export const OUT = join(BENCHES, "out");
export const WORK = join(OUT, "work");
export const CACHE = join(OUT, "cache");
export const OFFICIAL_VERSION = "1.64.0";
const NPM_QUIET = ["--no-audit", "--no-fund", "--loglevel=error"];

function npm(args, cwd) {
  return execFileSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "inherit"] });
}

/** Bytes (sum of file sizes, symlinks counted as links) and number of files under `dir`. */
export function dirSize(dir) {
  let total = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        total += lstatSync(p).size;
        files += 1;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { bytes: total, files };
}

/** `npm pack --json` of `spec` into `dest`: { file, size, unpackedSize, entryCount }. */
function pack(spec, dest, extra = []) {
  mkdirSync(dest, { recursive: true });
  const args = ["pack", spec, "--pack-destination", dest, "--json", ...NPM_QUIET, ...extra];
  let text;
  if (spec === join(ROOT, "pkg")) {
    // Under scripts/build-pkg.sh's lock: a concurrent `make pkg` empties pkg/ while it builds.
    mkdirSync(join(ROOT, "target"), { recursive: true });
    text = execFileSync("flock", [join(ROOT, "target", ".pkg.lock"), "npm", ...args], { cwd: BENCHES, encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "inherit"] });
  } else text = npm(args, BENCHES);
  const [info] = JSON.parse(text);
  return { file: join(dest, info.filename), size: info.size, unpackedSize: info.unpackedSize, entryCount: info.entryCount };
}

/** Packs pkg/ and installs the tarball offline into a fresh consumer project. */
export function prepareOurs() {
  const packDir = join(WORK, "pack");
  rmSync(packDir, { recursive: true, force: true });
  const tarball = pack(join(ROOT, "pkg"), packDir);
  const consumer = join(WORK, "consumer-ours");
  rmSync(consumer, { recursive: true, force: true });
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer-ours", private: true, type: "module" }, null, 2));
  npm(["install", "--offline", ...NPM_QUIET, tarball.file], consumer);
  const pkgDir = join(consumer, "node_modules", "datadog-okta-wasm");
  const version = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
  return { tarball, consumer, pkgDir, version, nodeModules: dirSize(join(consumer, "node_modules")) };
}

/** The official client's tarball (packed once into the cache) and a fresh install of it. */
export function prepareOfficial({ quick }) {
  const packDir = join(CACHE, `official-pack-${OFFICIAL_VERSION}`);
  const infoFile = join(packDir, "info.json");
  let tarball;
  if (existsSync(infoFile)) tarball = JSON.parse(readFileSync(infoFile, "utf8"));
  else {
    tarball = pack(`@datadog/datadog-api-client@${OFFICIAL_VERSION}`, packDir, ["--prefer-offline"]);
    writeFileSync(infoFile, JSON.stringify(tarball));
  }
  const fixture = join(BENCHES, "footprint", "official");
  const lock = readFileSync(join(fixture, "package-lock.json"));
  let nodeModules;
  let how;
  if (quick) {
    // No fresh install in --quick: the same locked packages, measured in benches/node_modules.
    nodeModules = lockedSubset(JSON.parse(lock), join(BENCHES, "node_modules"));
    how = "locked packages measured in benches/node_modules (--quick)";
  } else {
    const hash = createHash("sha256").update(lock).update(readFileSync(join(fixture, "package.json"))).digest("hex").slice(0, 12);
    const project = join(CACHE, `official-install-${hash}`);
    if (!existsSync(join(project, ".complete"))) {
      rmSync(project, { recursive: true, force: true });
      mkdirSync(project, { recursive: true });
      cpSync(join(fixture, "package.json"), join(project, "package.json"));
      cpSync(join(fixture, "package-lock.json"), join(project, "package-lock.json"));
      npm(["ci", "--prefer-offline", ...NPM_QUIET], project);
      writeFileSync(join(project, ".complete"), "");
    }
    nodeModules = dirSize(join(project, "node_modules"));
    how = `fresh \`npm ci\` of benches/footprint/official (cached in ${project.slice(ROOT.length + 1)})`;
  }
  return { tarball, nodeModules, how };
}

/** Sizes of the packages a lockfile lists, read from an existing node_modules. */
function lockedSubset(lock, nodeModulesRoot) {
  let bytes = 0;
  let files = 0;
  for (const [key, meta] of Object.entries(lock.packages)) {
    if (!key.startsWith("node_modules/") || key.indexOf("/node_modules/", 1) !== -1) continue;
    const dir = join(nodeModulesRoot, key.slice("node_modules/".length));
    const have = existsSync(join(dir, "package.json")) && JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
    if (have !== meta.version) throw new Error(`benches/node_modules has ${key}@${have}, the footprint lock wants ${meta.version}: run npm ci in benches/`);
    const s = dirSize(dir);
    bytes += s.bytes;
    files += s.files;
  }
  return { bytes, files };
}
