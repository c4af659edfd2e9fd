// The code blocks of a README, and `tsc --strict` over the ones that use the package, as a
// TypeScript user who pastes them gets it: ```ts blocks as .ts, ```js blocks as .js with checkJs,
// the module script of the ```html block as a browser .js module.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

/** The fenced blocks of `markdown` in `lang`, each with its text and the README line its code starts on. */
export function blocks(markdown, lang) {
  return [...markdown.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```", "gm"))].map((m) => ({
    code: m[1],
    line: markdown.slice(0, m.index).split("\n").length + 1,
  }));
}

/** The `<script type="module">` of a page snippet, with the page line its code starts on. */
export function pageModule(html) {
  const m = /<script type="module">\n([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("the page snippet has no <script type=\"module\">");
  return { code: m[1], line: html.slice(0, m.index).split("\n").length + 1 };
}

export const usesPackage = (code) => /from "datadog-okta-wasm(\/[a-z]+)?"/.test(code);

const STRICT = { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", allowJs: true, checkJs: true, skipLibCheck: false };

/**
 * Type-checks `files` (name -> code) in `dir`, a folder inside a project that has the package
 * installed, with Node's types (`node: true`, from `root`'s node_modules, no network) or the DOM's.
 * Resolves to the diagnostics by file name, and those tsc attributed to no snippet.
 */
export async function typeCheck(root, dir, files, { node }) {
  mkdirSync(dir, { recursive: true });
  for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
  const env = node ? { lib: ["es2022"], types: ["node"], typeRoots: [join(root, "node_modules/@types")] } : { lib: ["es2022", "dom"], types: [] };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...STRICT, ...env }, files: Object.keys(files) }, null, 2));
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const r = await promisify(execFile)(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir, encoding: "utf8", timeout: 120_000 }).catch((e) => e);
  const byFile = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  const other = [];
  // One diagnostic per line that starts with a location; continuation lines belong to the previous one.
  let last = other;
  for (const line of `${r.stdout ?? ""}`.split("\n").filter(Boolean)) {
    const at = /^([^(\s]+)\((\d+),(\d+)\): /.exec(line);
    if (at) last = byFile[at[1]] ?? other;
    last.push(line);
  }
  if ((r.code ?? 0) !== 0 && Object.values(byFile).every((e) => e.length === 0) && other.length === 0) {
    other.push(`tsc exited ${r.code}: ${r.stderr ?? r.message}`);
  }
  return { byFile, other };
}

/**
 * What would break or mislead on the npm page: a `make` command (the package has no Makefile), an
 * image, a link that is not absolute https (npm resolves none against the repository).
 */
export function npmPageProblems(markdown) {
  const problems = [];
  const fenced = [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const prose = markdown.replace(/^```[a-z]*\n[\s\S]*?^```/gm, "");
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  for (const code of [...fenced, ...inline]) {
    for (const m of code.matchAll(/(?:^|[\s;&|$(])(make(?:\s+[\w-]+)?)(?=\s|$)/gm)) problems.push(`a make command: ${m[1]}`);
  }
  const text = prose.replace(/`[^`\n]+`/g, "");
  for (const m of text.matchAll(/!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>/gi)) problems.push(`an image: ${m[0]}`);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]),
  ];
  for (const target of targets) if (!/^https:\/\/[^/\s]+/.test(target)) problems.push(`a link that is not absolute https: ${target}`);
  return problems;
}
