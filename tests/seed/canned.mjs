// Canned answers for https://api.<site>: the recorded responses of the real API, by operation.
import { readFileSync } from "node:fs";

const dir = new URL("../fixtures/recordings/", import.meta.url);
const rec = (name) => JSON.parse(readFileSync(new URL(name, dir), "utf8")).http_interactions;

const add = rec("Add-Okta-account-returns-OK-response.json");
const get = rec("Get-Okta-account-returns-OK-response.json");
const list = rec("List-Okta-accounts-returns-OK-response.json");
const update = rec("Update-Okta-account-returns-OK-response.json");

export const GET_ID = "2bf39935-f5c8-46b1-b41b-eda0b4bd2e78";
export const UPDATE_ID = "c847a349-9687-4b80-8b0f-996e0e75f73e";

/** The recorded exchange that answers `method path`, or undefined. */
export function answer(method, path) {
  const base = "/api/v2/integrations/okta/accounts";
  const pick = (ix) => ({ status: ix.response.status.code, body: ix.response.body.string, contentType: ix.response.headers["Content-Type"][0] });
  if (method === "GET" && path === base) return pick(list[1]);
  if (method === "POST" && path === base) return pick(add[0]);
  if (method === "GET" && path === `${base}/${GET_ID}`) return pick(get[1]);
  if (method === "PATCH" && path === `${base}/${UPDATE_ID}`) return pick(update[1]);
  if (method === "DELETE" && path === `${base}/account_id`) return { status: 204, body: "", contentType: "text/html; charset=utf-8" };
  return undefined;
}

/** A fetch that answers from the recordings and checks what every request carries. */
export function cannedFetch(log = () => {}) {
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    const headers = new Headers(init.headers ?? {});
    log({ method: init.method, url: String(url), headers: Object.fromEntries(headers), body: init.body });
    if (url.origin !== "https://api.datadoghq.com") return new Response(`{"errors":["unexpected host ${url.origin}"]}`, { status: 421 });
    if (headers.get("dd-api-key") !== process.env.DD_API_KEY || headers.get("dd-application-key") !== process.env.DD_APP_KEY) {
      return new Response('{"errors":["Forbidden"]}', { status: 403, headers: { "content-type": "application/json" } });
    }
    const a = answer(init.method ?? "GET", url.pathname);
    if (!a) return new Response('{"errors":["Not Found"]}', { status: 404, headers: { "content-type": "application/json" } });
    return new Response(a.status === 204 ? null : a.body, { status: a.status, headers: { "content-type": a.contentType } });
  };
}
