// Every snippet of the READMEs (the repository's, and the package's own for npm readers) works as
// written, from the packed tarball: each ```js snippet runs against the local API (a preload points
// https://api.datadoghq.com at it); the ```html page snippet loads in Chromium behind a
// same-origin proxy; and every snippet that uses the package type-checks under `tsc --strict`
// (```ts as .ts, ```js as .js with checkJs, the page's module script with the DOM's types), as an
// editor shows it to a TypeScript user who pastes it. The ```sh snippets of the command line's
// section (the CI recipe) run in bash with npx against the local API (https://api.datadoghq.eu
// pointed at it), and the help the README shows is the one `datadog-okta --help` prints. A
// snippet that rots fails here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readFileSync, writeFileSync, createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize, extname } from "node:path";
import { ROOT, makeProject } from "../support/pack.mjs";
import { start } from "../fake-datadog/server.mjs";
import { blocks, npmPageProblems, pageModule, typeCheck, usesPackage } from "./snippets.mjs";

const READMES = [
  { label: "README", key: "repo", path: "README.md" },
  // What npm shows: build-pkg copies it into the package (checked below against the tarball).
  { label: "package README", key: "pkg", path: "pkg-template/README.md" },
].map((r) => ({ ...r, text: readFileSync(join(ROOT, r.path), "utf8") }));
const REPOSITORY = "https://github.com/datadog-okta-wasm/datadog-okta-wasm";
const KEYS = { apiKey: "readme-api-key", appKey: "readme-app-key" };

// Every snippet that uses the package, as the file tsc checks: name, code, README line, Node or page.
const typed = READMES.flatMap((readme) => [
  ...["ts", "js"].flatMap((lang) =>
    blocks(readme.text, lang).map((b, i) => ({ readme, what: `${lang} snippet ${i + 1}`, name: `${readme.key}-snippet-${i + 1}.${lang}`, ...b, node: true })),
  ),
  ...blocks(readme.text, "html").map((b, i) => {
    const m = pageModule(b.code);
    return { readme, what: `page snippet ${i + 1}`, name: `${readme.key}-page-${i + 1}.js`, code: m.code, line: b.line + m.line - 1, node: false };
  }),
]).filter((s) => usesPackage(s.code));

let fake;
let project;
let checked;
before(async () => {
  // The sh snippets export DD_API_KEY=... DD_APP_KEY=..., placeholders that are valid keys.
  fake = await start({ port: 0, keys: [{ ...KEYS }, { apiKey: "...", appKey: "..." }], logger: () => {} });
  project = makeProject("readme", { type: "module" });
  writeFileSync(
    join(project, "preload.mjs"),
    `const real = globalThis.fetch;
globalThis.fetch = (url, init) => real(String(url).replace("https://api.datadoghq.com", ${JSON.stringify(fake.url)}), init);\n`,
  );
  // Two tsc runs in all (Node's types, the DOM's), in folders inside the project so that the
  // installed package resolves; each snippet's test then reads its own diagnostics.
  const run = (node) => typeCheck(ROOT, join(project, node ? "typecheck-node" : "typecheck-page"), Object.fromEntries(typed.filter((s) => s.node === node).map((s) => [s.name, s.code])), { node });
  const [node, page] = await Promise.all([run(true), run(false)]);
  checked = { byFile: { ...node.byFile, ...page.byFile }, other: [...node.other, ...page.other] };
});
after(() => fake?.close());

test("the READMEs have snippets to run and to type-check", () => {
  for (const { label, text } of READMES) {
    assert.ok(blocks(text, "js").length >= 3, `${label}: js snippets`);
    assert.equal(blocks(text, "html").length, 1, `${label}: one page snippet`);
  }
  assert.ok(blocks(READMES[0].text, "js").length >= 5, "README: js snippets");
  assert.ok(typed.length >= 8, "snippets to type-check");
});

test("the packed README is the package's own, and reads right on the npm page", () => {
  const packed = readFileSync(join(project, "node_modules/datadog-okta-wasm/README.md"), "utf8");
  assert.ok(packed === READMES[1].text, "the tarball's README.md is not pkg-template/README.md (pkg/ stale? run make pkg)");
  assert.deepEqual(npmPageProblems(packed), []);
  // The check sees what it must, in the forms the repository's README uses.
  const sample = "```sh\nmake demo   # the dashboard\n```\n\nRun `make test`.\n\n![The dashboard](docs/dashboard.png)\n\nSee [BENCHMARKS.md](BENCHMARKS.md), [x](http://example.com/) and [y](#install).\n";
  assert.deepEqual(npmPageProblems(sample), [
    "a make command: make demo",
    "a make command: make test",
    "an image: ![The dashboard](docs/dashboard.png)",
    "a link that is not absolute https: docs/dashboard.png",
    "a link that is not absolute https: BENCHMARKS.md",
    "a link that is not absolute https: http://example.com/",
    "a link that is not absolute https: #install",
  ]);
});

test("the packed package.json links the npm page to the repository, its README and its issues", () => {
  const pkg = JSON.parse(readFileSync(join(project, "node_modules/datadog-okta-wasm/package.json"), "utf8"));
  assert.deepEqual(pkg.repository, { type: "git", url: `git+${REPOSITORY}.git` });
  assert.equal(pkg.homepage, `${REPOSITORY}#readme`);
  assert.deepEqual(pkg.bugs, { url: `${REPOSITORY}/issues` });
  // The package README sends its readers to the same place.
  assert.ok(READMES[1].text.includes(`(${REPOSITORY})`));
});

for (const s of typed) {
  test(`${s.readme.label} ${s.what} type-checks with tsc --strict (${s.readme.path}:${s.line})`, () => {
    // tsc's positions are in the snippet: say where that is in the README.
    const errors = checked.byFile[s.name].map((e) => e.replace(/^\S+\((\d+),(\d+)\)/, (_, l, c) => `${s.readme.path}:${s.line + Number(l) - 1}:${c}`));
    assert.ok(errors.length === 0, `\n${errors.join("\n")}`);
    assert.ok(checked.other.length === 0, `diagnostics outside the snippets:\n${checked.other.join("\n")}`);
  });
}

for (const readme of READMES) {
  for (const [i, { code, line }] of blocks(readme.text, "js").entries()) {
    test(`${readme.label} js snippet ${i + 1} runs (${readme.path}:${line})`, async () => {
      fake.control.reset({ accounts: [{ name: "existing", domain: "https://existing.okta.com/", auth_method: "api_key", api_key: "k" }] });
      const file = join(project, `${readme.key}-snippet-${i + 1}.mjs`);
      writeFileSync(file, code);
      // The desired-state example of the README, for the snippet that plans from it.
      const json = blocks(readme.text, "json")[0];
      if (json) writeFileSync(join(project, "okta.json"), json.code);
      const env = { ...process.env, DD_API_KEY: KEYS.apiKey, DD_APP_KEY: KEYS.appKey, DD_SITE: "", OKTA_PROD_CLIENT_SECRET: "s3cret-prod", OKTA_LAB_API_TOKEN: "s3cret-lab" };
      // Asynchronously: the local API runs in this process and must keep answering.
      const r = await promisify(execFile)(process.execPath, ["--import", join(project, "preload.mjs"), file], { cwd: project, env, encoding: "utf8", timeout: 30_000 }).catch((e) => e);
      assert.equal(r.code ?? 0, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
      assert.equal(r.stderr, "");
      // Each snippet talked to the API, and nothing it did failed there.
      const requests = fake.control.requests({ pathPrefix: "/api/" });
      assert.ok(requests.length > 0 || /validateOktaAccountRequest|client\.rules\./.test(code), "the snippet made no request");
      assert.ok(requests.every((q) => q.status < 500), "no server error");
    });
  }
}

/** The part of the repository's README under `heading`, up to the next `## ` heading. */
function section(heading) {
  const text = READMES[0].text;
  const start = text.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `the README has ${heading}`);
  const end = text.indexOf("\n## ", start + heading.length);
  return text.slice(start, end < 0 ? undefined : end);
}

test("the README's command-line section runs as written: the plan, the CI recipe (plan --out, apply PLAN --yes), the drift check", async () => {
  const plan = section("## Managing accounts from a file: `datadog-okta plan` and `apply`");
  const scripts = blocks(plan, "sh");
  assert.ok(scripts.length >= 3, "sh snippets");
  assert.ok(scripts.some((b) => b.code.includes("--out okta.plan")) && scripts.some((b) => b.code.includes("apply okta.plan --yes")), "the CI recipe");
  fake.control.reset({ accounts: [{ name: "prod", domain: "https://old.okta.com/", auth_method: "oauth", client_id: "0oa1b2c3d4", client_secret: "x" }] });
  const dir = join(project, "sh");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "okta.json"), blocks(plan, "json")[0].code);
  const preload = join(project, "preload-eu.mjs");
  writeFileSync(preload, `const real = globalThis.fetch;\nglobalThis.fetch = (url, init) => real(String(url).replace("https://api.datadoghq.eu", ${JSON.stringify(fake.url)}), init);\n`);
  // One shell, the snippets in their order, as a reader pastes them; any failing command fails it.
  const script = `set -euo pipefail\n${scripts.map((b) => b.code).join("\n")}`;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: `--import ${preload}`, npm_config_offline: "true", npm_config_update_notifier: "false" };
  const r = await promisify(execFile)("bash", ["-c", script], { cwd: dir, env, encoding: "utf8", timeout: 120_000 }).catch((e) => e);
  assert.equal(r.code ?? 0, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.deepEqual(fake.control.accounts().map((a) => [a.name, a.domain]), [["prod", "https://acme.okta.com/"], ["lab", "https://acme-lab.okta.com/"]]);
  assert.equal(statSync(join(dir, "okta.plan")).mode & 0o777, 0o600);
  assert.ok(JSON.parse(readFileSync(join(dir, "okta.state.json"), "utf8")).organisations["https://api.datadoghq.eu"], "the state's section is the site's organisation");
  assert.ok(fake.control.requests({ pathPrefix: "/api/" }).every((q) => q.status < 500));
});

test("the README shows every command, option and exit code exactly as datadog-okta --help prints them", () => {
  const shown = blocks(section("### Every command, option and exit code"), "text")[0]?.code;
  const printed = execFileSync(process.execPath, [join(project, "node_modules/datadog-okta-wasm/bin/datadog-okta.mjs"), "--help"], { encoding: "utf8" });
  assert.equal(shown, printed);
});

for (const readme of READMES) {
  test(`the ${readme.label} page snippet works in Chromium behind a same-origin proxy`, () => pageWorks(blocks(readme.text, "html")[0].code));
}

async function pageWorks(html) {
  const { chromium } = await import(join(ROOT, "node_modules/playwright-core/index.mjs"));
  writeFileSync(join(project, "index.html"), `<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`);
  const types = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname.startsWith("/api/v2/integrations/okta/")) {
      // The proxy adds the keys on the server side; the page never has them.
      const upstream = await fetch(fake.url + url.pathname, { method: req.method, headers: { "DD-API-KEY": KEYS.apiKey, "DD-APPLICATION-KEY": KEYS.appKey, accept: "application/json" } });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" });
      return res.end(await upstream.text());
    }
    const path = normalize(join(project, url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname)));
    if (!path.startsWith(project) || !existsSync(path) || statSync(path).isDirectory()) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
    createReadStream(path).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    fake.control.reset({ accounts: [{ name: "a", domain: "https://a.okta.com/", auth_method: "api_key", api_key: "k" }, { name: "b", domain: "https://b.okta.com/", auth_method: "api_key", api_key: "k" }] });
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    // The script's own text says "Okta accounts" too: wait for the body the script writes.
    await page.waitForFunction(() => /^\d+ Okta accounts$/.test(document.body.textContent ?? ""), null, { timeout: 15_000 });
    assert.equal(await page.textContent("body"), "2 Okta accounts");
    assert.deepEqual(errors, []);
    // The browser sent no key: the proxy did.
    const seen = fake.control.requests({ pathPrefix: "/api/" });
    assert.equal(seen.length, 1);
  } finally {
    await browser.close();
    server.close();
  }
}
