// Every ```js snippet of the README runs, from the packed tarball, against the local API (a
// preload points https://api.datadoghq.com at it); the ```html page snippet loads in Chromium
// behind a same-origin proxy. A snippet that rots fails here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, writeFileSync, createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize, extname } from "node:path";
import { ROOT, makeProject } from "../support/pack.mjs";
import { start } from "../fake-datadog/server.mjs";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = (lang) => [...README.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
const KEYS = { apiKey: "readme-api-key", appKey: "readme-app-key" };

let fake;
let project;
before(async () => {
  fake = await start({ port: 0, keys: [{ ...KEYS }], logger: () => {} });
  project = makeProject("readme", { type: "module" });
  writeFileSync(
    join(project, "preload.mjs"),
    `const real = globalThis.fetch;
globalThis.fetch = (url, init) => real(String(url).replace("https://api.datadoghq.com", ${JSON.stringify(fake.url)}), init);\n`,
  );
});
after(() => fake?.close());

test("the README has snippets to run", () => {
  assert.ok(blocks("js").length >= 5, "js snippets");
  assert.equal(blocks("html").length, 1, "one page snippet");
});

for (const [i, code] of blocks("js").entries()) {
  const title = code.split("\n").find((l) => l.startsWith("const") || l.startsWith("//") || l.startsWith("try")) ?? "";
  test(`README js snippet ${i + 1} runs (${title.slice(0, 50)})`, async () => {
    fake.control.reset({ accounts: [{ name: "existing", domain: "https://existing.okta.com/", auth_method: "api_key", api_key: "k" }] });
    const file = join(project, `snippet-${i + 1}.mjs`);
    writeFileSync(file, code);
    // The desired-state example of the README, for the snippet that plans from it.
    writeFileSync(join(project, "okta.json"), blocks("json")[0]);
    const env = { ...process.env, DD_API_KEY: KEYS.apiKey, DD_APP_KEY: KEYS.appKey, DD_SITE: "", OKTA_PROD_CLIENT_SECRET: "s3cret-prod", OKTA_LAB_API_TOKEN: "s3cret-lab" };
    // Asynchronously: the local API runs in this process and must keep answering.
    const r = await promisify(execFile)(process.execPath, ["--import", join(project, "preload.mjs"), file], { cwd: project, env, encoding: "utf8", timeout: 30_000 }).catch((e) => e);
    assert.equal(r.code ?? 0, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    assert.equal(r.stderr, "");
    // Each snippet talked to the API, and nothing it did failed there.
    const requests = fake.control.requests({ pathPrefix: "/api/" });
    assert.ok(requests.length > 0 || code.includes("validateOktaAccountRequest"), "the snippet made no request");
    assert.ok(requests.every((q) => q.status < 500), "no server error");
  });
}

test("the README page snippet works in Chromium behind a same-origin proxy", async () => {
  const { chromium } = await import(join(ROOT, "node_modules/playwright-core/index.mjs"));
  writeFileSync(join(project, "index.html"), `<!doctype html><html><head><meta charset="utf-8"></head><body>${blocks("html")[0]}</body></html>`);
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
    await page.waitForFunction(() => document.body.textContent.includes("Okta accounts"), null, { timeout: 15_000 });
    assert.equal(await page.textContent("body"), "2 Okta accounts");
    assert.deepEqual(errors, []);
    // The browser sent no key: the proxy did.
    const seen = fake.control.requests({ pathPrefix: "/api/" });
    assert.equal(seen.length, 1);
  } finally {
    await browser.close();
    server.close();
  }
});
