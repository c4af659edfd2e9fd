// The commands on one account at a time: get, create, update, delete. create and update record
// the secret's fingerprint in the state file given with --state; delete asks first.
import { findOktaAccountByName, recordOktaSecret } from "datadog-okta-wasm/manage";
import { checkConfirmable, confirmed } from "./confirm.mjs";
import { connectSingle } from "./connect.mjs";
import { EXIT, UsageError } from "./errors.mjs";
import { clean, err, json, notice, out, table } from "./output.mjs";
import { readState } from "./plan.mjs";
import { VERSION } from "./spec.mjs";
import { openStateFile } from "./state-file.mjs";

export const ACCOUNT_HEADERS = ["NAME", "ID", "AUTH METHOD", "DOMAIN", "CLIENT ID"];
export const accountRows = (accounts) => accounts.map((a) => [a.attributes?.name, a.id, a.attributes?.authMethod, a.attributes?.domain, a.attributes?.clientId]);

/** The account an ID or --name points at, as the server has it. */
async function target(api, opts, positional, command) {
  if (opts.name !== undefined && positional.length > 0) throw new UsageError(`${command} takes an ID or --name, not both`, command);
  if (opts.name !== undefined) {
    const account = await findOktaAccountByName(api, opts.name);
    if (!account?.id) throw Object.assign(new Error(`no account is named ${JSON.stringify(clean(opts.name))}`), { exit: EXIT.api });
    return account;
  }
  if (positional.length !== 1) throw new UsageError(`${command} takes one account ID, or --name NAME`, command);
  return (await api.getOktaAccount({ accountId: positional[0] })).data ?? { id: positional[0] };
}

// The command line's own names for the secret of each field (which field an auth method uses
// comes from the core).
const SECRET_VARIABLE = { apiKey: "OKTA_API_KEY", clientSecret: "OKTA_CLIENT_SECRET" };
const SECRET_LABEL = { apiKey: "API token", clientSecret: "client secret" };

/** The secret attribute of `authMethod`, read from the environment; `{}` for an unknown method (the core refuses it). */
function secretFromEnv(opts, book, authMethod, command) {
  const field = book.authMethods[authMethod]?.secretField;
  if (field === undefined) return {};
  const variable = opts["secret-env"] ?? SECRET_VARIABLE[field] ?? `OKTA_${field.toUpperCase()}`;
  const value = process.env[variable];
  if (!value) throw new UsageError(`the ${SECRET_LABEL[field] ?? field} is read from $${variable}, which is ${value === "" ? "empty" : "not set"}`, command);
  return { [field]: value };
}

function printAccount(opts, response, extra = "") {
  if (opts.json) return out(json({ version: VERSION, ...response }));
  out(table(ACCOUNT_HEADERS, accountRows([response.data ?? {}])) + extra);
}

/** Records in --state what a create, an update or a delete left (nothing without --state). */
async function recordInState(opts, conn, { name, id, attributes, deleted = false }) {
  if (!opts.state) {
    if (!deleted) notice("datadog-okta: note: no --state: this secret is not recorded, so a plan cannot verify it (give the state file of your plans)");
    return;
  }
  const store = openStateFile(opts.state);
  if (deleted) store.record(conn.organisation, name, undefined);
  else if (!conn.key) return notice("datadog-okta: note: no fingerprint key (DATADOG_OKTA_STATE_KEY or DD_APP_KEY): nothing recorded");
  else store.record(conn.organisation, name, await recordOktaSecret(readState(opts.state), { key: conn.key, organisation: conn.organisation, id, attributes }), conn.key.id);
  store.save();
}

/** Runs get, create, update or delete and prints the result. */
export async function single(command, opts, positional) {
  if (command === "delete") checkConfirmable("delete", opts);
  const conn = await connectSingle(opts);
  const { api, book } = conn;
  if (command === "get") return printAccount(opts, { data: await target(api, opts, positional, command) });
  if (command === "delete") {
    const account = await target(api, opts, positional, command);
    const a = account.attributes ?? {};
    const what = `${clean(a.name ?? "(no name)")} (id ${clean(account.id)}, ${clean(a.authMethod ?? "?")}, ${clean(a.domain ?? "?")}) on ${clean(conn.origin)}`;
    if (!(await confirmed(`Delete the account ${what}?`, opts))) {
      err("Delete cancelled: nothing was changed.\n");
      return EXIT.validation;
    }
    await api.deleteOktaAccount({ accountId: account.id });
    if (a.name !== undefined) await recordInState(opts, conn, { name: a.name, deleted: true });
    out(opts.json ? json({ version: VERSION, deleted: account.id, name: a.name }) : `Deleted ${what}.\n`);
    return EXIT.ok;
  }
  if (command === "create") {
    if (positional.length > 0) throw new UsageError("create takes options only: --name, --domain, --auth-method, --client-id", command);
    const attributes = { authMethod: opts["auth-method"], domain: opts.domain, name: opts.name };
    if (opts["client-id"] !== undefined) attributes.clientId = opts["client-id"];
    Object.assign(attributes, secretFromEnv(opts, book, attributes.authMethod, command));
    const response = await api.createOktaAccount({ body: { data: { attributes, type: "okta-accounts" } } });
    printAccount(opts, response);
    return recordInState(opts, conn, { name: opts.name, id: response.data?.id, attributes });
  }
  // update: what is not given keeps its value; the secret is always sent.
  const now = await target(api, opts, positional, command);
  const authMethod = opts["auth-method"] ?? now.attributes?.authMethod;
  const attributes = { authMethod, domain: opts.domain ?? now.attributes?.domain };
  const clientId = opts["client-id"] ?? (authMethod === now.attributes?.authMethod ? now.attributes?.clientId : undefined);
  if (book.authMethods[authMethod]?.fields.includes("clientId") && clientId !== undefined) attributes.clientId = clientId;
  Object.assign(attributes, secretFromEnv(opts, book, authMethod, command));
  const response = await api.updateOktaAccount({ accountId: now.id, body: { data: { attributes, type: "okta-accounts" } } });
  const newId = response.data?.id;
  printAccount(opts, response, newId && newId !== now.id ? `The id changed: ${clean(now.id)} -> ${clean(newId)}.\n` : "");
  const name = now.attributes?.name;
  if (name !== undefined) await recordInState(opts, conn, { name, id: newId ?? now.id, attributes: { ...attributes, name } });
}
