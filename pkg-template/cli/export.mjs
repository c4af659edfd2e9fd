// export: a desired file of the accounts as they are, every secret a ${VARIABLE} (named after the
// account, unique), so that adopting existing accounts needs no hand-written file. Values the
// validator would refuse today are written as stored, with a warning that names them.
import { writeFileSync } from "node:fs";
import { client } from "datadog-okta-wasm";
import { readOktaDesiredDocument } from "datadog-okta-wasm/manage";
import { connectSingle } from "./connect.mjs";
import { UsageError } from "./errors.mjs";
import { clean, err, json, out } from "./output.mjs";
import { VERSION } from "./spec.mjs";

/** `clientSecret` -> `CLIENT_SECRET`; `my-prod.eu` -> `MY_PROD_EU`. */
const screaming = (text) => String(text).replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");

/** The variable of an account's secret: OKTA_<NAME>_<FIELD>, made unique in `used`. */
function variableFor(name, field, used) {
  const base = `OKTA_${screaming(name) || "ACCOUNT"}_${screaming(field)}`;
  let variable = base;
  for (let n = 2; used.has(variable); n++) variable = `${base}_${n}`;
  used.add(variable);
  return variable;
}

/** export [--out FILE] */
export async function exportCommand(opts, positional) {
  if (positional.length > 0) throw new UsageError("export takes no argument; --out FILE writes the file", "export");
  const conn = await connectSingle(opts);
  const { book } = conn;
  const accounts = {};
  const variables = [];
  const warnings = [];
  const used = new Set();
  for (const a of (await conn.api.listOktaAccounts()).data ?? []) {
    const { name, authMethod, domain, clientId } = a.attributes ?? {};
    if (Object.prototype.hasOwnProperty.call(accounts, name)) {
      warnings.push({ path: `accounts[${JSON.stringify(name)}]`, message: `a second account with this name (id ${a.id}) is left out: names must be unique; delete or rename one` });
      continue;
    }
    const entry = { authMethod, domain };
    if (clientId !== undefined) entry.clientId = clientId;
    const field = book.authMethods[authMethod]?.secretField;
    if (field !== undefined) {
      const variable = variableFor(name, field, used);
      entry[field] = `\${${variable}}`;
      variables.push({ variable, account: name, field });
    }
    accounts[name] = entry;
  }
  const document = { accounts };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  // The values the validator would refuse, found by reading the file as plan will.
  try {
    const read = await readOktaDesiredDocument(text, { env: Object.fromEntries(variables.map((v) => [v.variable, "set"])) });
    warnings.push(...read.warnings);
  } catch (e) {
    if (!(e instanceof client.ValidationError)) throw e;
    warnings.push(...e.problems.map((p) => ({ path: p.path, message: `${p.message} (exported as stored: plan refuses it until it is fixed)` })));
  }
  if (opts.out) {
    try {
      writeFileSync(opts.out, text, { flag: "wx" });
    } catch (e) {
      throw new UsageError(`--out ${opts.out}: cannot be written (${e.code === "EEXIST" ? "it exists; export does not overwrite a file" : e.message})`, "export");
    }
  }
  if (opts.json) return out(json({ version: VERSION, ...(opts.out ? { out: opts.out } : { document }), variables, warnings }));
  if (!opts.out) out(text);
  for (const w of warnings) err(`datadog-okta: warning: ${clean(w.path)}: ${clean(w.message)}\n`);
  if (variables.length > 0) {
    const width = Math.max(...variables.map((v) => v.variable.length));
    err(`Set these variables before datadog-okta plan${opts.out ? ` ${clean(opts.out)}` : ""}:\n${variables.map((v) => `  ${v.variable.padEnd(width)}  ${clean(v.account)} (${v.field})\n`).join("")}`);
  }
  if (opts.out) err(`Wrote ${clean(opts.out)}: ${Object.keys(accounts).length} accounts.\n`);
}
