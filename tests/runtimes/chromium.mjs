// Headless Chromium for the runtime matrix: one browser per test file, pages that reach 127.0.0.1
// only (any other request is aborted and noted, and fails the file), and what the app reported on
// `globalThis.__result` read back.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serveStatic } from "./helpers.mjs";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** A browser for the pages of one test file, against the local API `fake`. */
export async function launchChromium(fake) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const offHost = [];
  const servers = [];

  async function newContext() {
    const context = await browser.newContext();
    await context.route(
      (u) => !/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(u.href),
      (route) => {
        offHost.push(route.request().url());
        return route.abort();
      },
    );
    return context;
  }

  /** Opens `url` (with `?api=` the local API appended) and returns what the app reported, error or not. */
  async function loadResult(url) {
    const context = await newContext();
    try {
      const p = await context.newPage();
      await p.goto(withApi(url));
      await p.waitForFunction(() => globalThis.__result, null, { timeout: 20_000 });
      return await p.evaluate(() => globalThis.__result);
    } finally {
      await context.close();
    }
  }

  /** Opens `url`; the app must report no error, and the page log no error, warning or failed request. */
  async function loadPage(url) {
    const context = await newContext();
    const p = await context.newPage();
    const logs = [];
    p.on("console", (m) => logs.push(`console.${m.type()}: ${m.text()}`));
    p.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
    p.on("requestfailed", (r) => logs.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    try {
      await p.goto(withApi(url));
      await p.waitForFunction(() => globalThis.__result, null, { timeout: 20_000 }).catch((e) => {
        throw new Error(`${e.message}\n${logs.join("\n")}`);
      });
      const result = await p.evaluate(() => globalThis.__result);
      assert.equal(result.error, undefined, `${result.error}\n${logs.join("\n")}`);
      // The glue warns on a wrong wasm MIME type or deprecated init parameters; none of that here.
      const bad = logs.filter((l) => l.startsWith("pageerror") || l.startsWith("console.warning") || l.startsWith("requestfailed"));
      assert.deepEqual(bad, [], logs.join("\n"));
      return { result, logs };
    } finally {
      await context.close();
    }
  }

  /** loadPage, and the calls went from the page's origin to the local API (CORS), keys included. */
  async function load(url) {
    const since = fake.control.requests().at(-1)?.seq ?? 0;
    const out = await loadPage(url);
    const origin = new URL(url).origin;
    const calls = fake.control.requests({ since, pathPrefix: "/api/" }).filter((r) => r.headers.origin === origin && r.method !== "OPTIONS");
    assert.ok(calls.length >= 5, `API calls from ${origin}: ${calls.length}`);
    assert.ok(calls.every((r) => r.headers["dd-api-key"] === "***"), "keys were sent (masked in the log)");
    return out;
  }

  const withApi = (url) => `${url}${url.includes("?") ? "&" : "?"}api=${encodeURIComponent(fake.url)}`;

  /** A static server for `dir` on 127.0.0.1, closed with the browser. */
  async function serve(dir, headers) {
    const s = await serveStatic(dir, headers);
    servers.push(s);
    return s;
  }

  async function close() {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
    assert.deepEqual(offHost, [], "requests that left 127.0.0.1");
  }

  return { load, loadPage, loadResult, serve, close };
}
