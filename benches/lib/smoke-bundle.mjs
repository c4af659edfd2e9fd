// Runs a bundled app (argv[2]) once against a stub API and prints the calls it made, as JSON.
// The global fetch serves file: URLs, which is how web.mjs loads the .wasm beside it.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CREATE_BODY, GET_BODY, LIST6_BODY, UPDATE_BODY } from "./fixtures.mjs";

// The browser globals the official client's browser build reads at load time (form-data).
globalThis.self ??= globalThis;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url.startsWith("file:")) return new Response(readFileSync(fileURLToPath(url)), { headers: { "content-type": "application/wasm" } });
  return realFetch(input, init);
};

const calls = [];
const json = { "content-type": "application/json" };
async function stub(url, init = {}) {
  const method = init.method ?? "GET";
  const path = new URL(url).pathname;
  calls.push(`${method} ${path}`);
  const item = path !== "/api/v2/integrations/okta/accounts";
  if (method === "POST") return new Response(CREATE_BODY, { status: 201, headers: json });
  if (method === "PATCH") return new Response(UPDATE_BODY, { status: 200, headers: json });
  if (method === "DELETE") return new Response(null, { status: 204, headers: { "content-type": "text/html; charset=utf-8" } });
  return new Response(item ? GET_BODY : LIST6_BODY, { status: 200, headers: json });
}

const { run } = await import(pathToFileURL(process.argv[2]));
const result = await run({ baseUrl: "https://api.datadoghq.com", apiKey: "k", appKey: "a", fetch: stub });
process.stdout.write(JSON.stringify({ calls, result }));
