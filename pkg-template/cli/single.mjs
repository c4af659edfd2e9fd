// The commands on one account at a time: list, get, create, update, delete.
import { findOktaAccountByName } from "datadog-okta-wasm/manage";
import { EXIT, UsageError } from "./errors.mjs";
import { clean, json, out, table } from "./output.mjs";
import { setup } from "./setup.mjs";

function accountRows(accounts) {
  return accounts.map((a) => [a.attributes?.name, a.id, a.attributes?.authMethod, a.attributes?.domain, a.attributes?.clientId]);
}
const ACCOUNT_HEADERS = ["NAME", "ID", "AUTH METHOD", "DOMAIN", "CLIENT ID"];

async function target(api, opts, positional, command) {
  if (opts.name !== undefined && positional.length > 0) throw new UsageError(`${command} takes an ID or --name, not both`);
  if (opts.name !== undefined) {
    const account = await findOktaAccountByName(api, opts.name);
    if (!account?.id) throw Object.assign(new Error(`no account is named ${JSON.stringify(opts.name)}`), { exit: EXIT.api });
    return account;
  }
  if (positional.length !== 1) throw new UsageError(`${command} takes one account ID, or --name NAME`);
  return { id: positional[0] };
}

// The command line's own names for the secret of each field (which field an auth method uses
// comes from the core).
const SECRET_VARIABLE = { apiKey: "OKTA_API_KEY", clientSecret: "OKTA_CLIENT_SECRET" };
const SECRET_LABEL = { apiKey: "API token", clientSecret: "client secret" };

/** The secret attribute of `authMethod`, read from the environment; `{}` for an unknown method (the core refuses it). */
function secretFromEnv(opts, book, authMethod) {
  const field = book.authMethods[authMethod]?.secretField;
  if (field === undefined) return {};
  const variable = opts["secret-env"] ?? SECRET_VARIABLE[field] ?? `OKTA_${field.toUpperCase()}`;
  const value = process.env[variable];
  if (!value) throw new UsageError(`the ${SECRET_LABEL[field] ?? field} is read from $${variable}, which is not set`);
  return { [field]: value };
}

function printAccount(opts, response, extra = "") {
  if (opts.json) return out(json(response));
  out(table(ACCOUNT_HEADERS, accountRows([response.data ?? {}])) + extra);
}

/** Runs list, get, create, update or delete and prints the result. */
export async function single(command, opts, positional) {
  const { api, book } = await setup(opts);
  if (command === "list") {
    if (positional.length > 0) throw new UsageError("list takes no argument");
    const response = await api.listOktaAccounts();
    if (opts.json) return out(json(response));
    const accounts = response.data ?? [];
    return out(accounts.length === 0 ? "No Okta accounts.\n" : table(ACCOUNT_HEADERS, accountRows(accounts)));
  }
  if (command === "get") {
    const { id } = await target(api, opts, positional, command);
    return printAccount(opts, await api.getOktaAccount({ accountId: id }));
  }
  if (command === "delete") {
    const { id } = await target(api, opts, positional, command);
    await api.deleteOktaAccount({ accountId: id });
    return out(opts.json ? json({ deleted: id }) : `Deleted ${clean(id)}.\n`);
  }
  if (command === "create") {
    if (positional.length > 0) throw new UsageError("create takes options only: --name, --domain, --auth-method, --client-id");
    const authMethod = opts["auth-method"];
    const attributes = { authMethod, domain: opts.domain, name: opts.name };
    if (opts["client-id"] !== undefined) attributes.clientId = opts["client-id"];
    Object.assign(attributes, secretFromEnv(opts, book, authMethod));
    return printAccount(opts, await api.createOktaAccount({ body: { data: { attributes, type: "okta-accounts" } } }));
  }
  // update: what is not given keeps its value; the secret is always sent.
  const found = await target(api, opts, positional, command);
  const now = found.attributes ? found : (await api.getOktaAccount({ accountId: found.id })).data;
  const authMethod = opts["auth-method"] ?? now?.attributes?.authMethod;
  const attributes = { authMethod, domain: opts.domain ?? now?.attributes?.domain };
  const clientId = opts["client-id"] ?? (authMethod === now?.attributes?.authMethod ? now?.attributes?.clientId : undefined);
  if (book.authMethods[authMethod]?.fields.includes("clientId") && clientId !== undefined) attributes.clientId = clientId;
  Object.assign(attributes, secretFromEnv(opts, book, authMethod));
  const response = await api.updateOktaAccount({ accountId: found.id, body: { data: { attributes, type: "okta-accounts" } } });
  const newId = response.data?.id;
  printAccount(opts, response, newId && newId !== found.id ? `The id changed: ${clean(found.id)} -> ${clean(newId)}.\n` : "");
}
