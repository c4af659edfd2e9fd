// list: the accounts, filtered by name, domain or auth method, as a table, JSON or ids.
import { didYouMean } from "./args.mjs";
import { connectSingle } from "./connect.mjs";
import { UsageError } from "./errors.mjs";
import { clean, json, out, table } from "./output.mjs";
import { ACCOUNT_HEADERS, accountRows } from "./single.mjs";
import { VERSION } from "./spec.mjs";

const FORMATS = ["table", "json", "ids"];

/** A domain as compared: its host, lower-case (`https://Acme.okta.com/` and `acme.okta.com` match). */
const hostOf = (domain) => String(domain).toLowerCase().replace(/^https?:\/\//, "").replace(/[/?#].*$/, "").replace(/\.$/, "");

/** list [--name N] [--domain D] [--auth-method M] [--output FORMAT] */
export async function listCommand(opts, positional) {
  if (positional.length > 0) throw new UsageError("list takes no argument; filter with --name, --domain or --auth-method", "list");
  if (opts.json && opts.output !== undefined && opts.output !== "json") throw new UsageError(`--json is --output json, not --output ${opts.output}`, "list");
  const format = opts.json ? "json" : (opts.output ?? "table");
  if (!FORMATS.includes(format)) {
    const near = didYouMean(format, FORMATS);
    throw new UsageError(`--output ${clean(format)}: must be ${FORMATS.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`, "list");
  }
  const conn = await connectSingle(opts);
  const method = opts["auth-method"];
  if (method !== undefined && !conn.book.authMethods[method]) {
    const methods = Object.keys(conn.book.authMethods);
    const near = didYouMean(method, methods);
    throw new UsageError(`--auth-method ${clean(method)}: must be ${methods.join(" or ")}${near ? ` (did you mean ${near}?)` : ""}`, "list");
  }
  let accounts = (await conn.api.listOktaAccounts()).data ?? [];
  if (opts.name !== undefined) accounts = accounts.filter((a) => a.attributes?.name === opts.name);
  if (method !== undefined) accounts = accounts.filter((a) => a.attributes?.authMethod === method);
  if (opts.domain !== undefined) accounts = accounts.filter((a) => hostOf(a.attributes?.domain ?? "") === hostOf(opts.domain));
  if (format === "json") return out(json({ version: VERSION, data: accounts }));
  if (format === "ids") return out(accounts.map((a) => `${clean(a.id)}\n`).join(""));
  out(accounts.length === 0 ? "No Okta accounts.\n" : table(ACCOUNT_HEADERS, accountRows(accounts)));
}
