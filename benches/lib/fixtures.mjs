// Request and response bodies built from the recorded real responses (tests/fixtures/recordings),
// so every implementation decodes the same realistic JSON.
import { readFileSync } from "node:fs";

const REC = new URL("../../tests/fixtures/recordings/", import.meta.url);
const rec = (name) => JSON.parse(readFileSync(new URL(name, REC), "utf8")).http_interactions;
const body = (ix) => ix.response.body.string;

/** The recorded GET of one account (200). */
export const GET_BODY = body(rec("Get-Okta-account-returns-OK-response.json")[1]);
/** The recorded list: 6 accounts (200). */
export const LIST6_BODY = body(rec("List-Okta-accounts-returns-OK-response.json")[1]);
/** The recorded create answer (201). */
export const CREATE_BODY = body(rec("Add-Okta-account-returns-OK-response.json")[0]);
/** The recorded update answer (200). */
export const UPDATE_BODY = body(rec("Update-Okta-account-returns-OK-response.json")[1]);

export const GET_ID = JSON.parse(GET_BODY).data.id;
/** The six accounts of the recorded list, flat, as the local API's seed. */
export const SEED_ACCOUNTS = JSON.parse(LIST6_BODY).data.map((a) => ({ id: a.id, ...a.attributes, ...(a.attributes.auth_method === "oauth" ? { client_secret: "client_secret" } : {}) }));

/** A create body in the official client's camelCase shape (as in the recorded request). */
export function createBodyCamel(name = "exampleoktaintegration") {
  return { data: { attributes: { authMethod: "oauth", domain: "https://example.okta.com/", name, clientId: "client_id", clientSecret: "client_secret" }, type: "okta-accounts" } };
}
/** The same body on the wire (snake_case), as hand-written fetch code sends it. */
export function createBodyWire(name = "exampleoktaintegration") {
  return { data: { attributes: { auth_method: "oauth", domain: "https://example.okta.com/", name, client_id: "client_id", client_secret: "client_secret" }, type: "okta-accounts" } };
}
export const updateBodyCamel = () => ({ data: { attributes: { authMethod: "oauth", domain: "https://example.okta.com/", clientId: "client_id", clientSecret: "client_secret" }, type: "okta-accounts" } });
export const updateBodyWire = () => ({ data: { attributes: { auth_method: "oauth", domain: "https://example.okta.com/", client_id: "client_id", client_secret: "client_secret" }, type: "okta-accounts" } });

/**
 * A list of `n` accounts shaped like the recorded ones (one in three uses api_key, so has no
 * client_id), with distinct ids and names, serialised the way the API does (trailing "\n").
 */
export function largeListBody(n) {
  const hex = (i, len) => i.toString(16).padStart(len, "0");
  const data = [];
  for (let i = 0; i < n; i++) {
    const id = `${hex(i * 2654435761 % 0xffffffff, 8)}-${hex(i % 0xffff, 4)}-4${hex(i % 0xfff, 3)}-a${hex((i * 7) % 0xfff, 3)}-${hex(i, 12)}`;
    const attributes = i % 3 === 2
      ? { name: `okta-org-${i}`, auth_method: "api_key", domain: `https://org${i}.okta.com/` }
      : { name: `okta-org-${i}`, auth_method: "oauth", domain: `https://org${i}.okta.com/`, client_id: `0oa${hex(i, 8)}` };
    data.push({ type: "okta-accounts", attributes, id });
  }
  return `${JSON.stringify({ data })}\n`;
}
