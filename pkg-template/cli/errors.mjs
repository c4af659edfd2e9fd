// The exit codes, the error for bad usage, and how an error that ends a command is reported
// (a 403 says whether keys were sent and which permission the operation needs).
import { client } from "datadog-okta-wasm";
import { noColours, painter } from "./colour.mjs";
import { clean, err, json, out } from "./output.mjs";
import { VERSION } from "./spec.mjs";

export const EXIT = { ok: 0, validation: 1, api: 2, partial: 3, changes: 4 };

/** Bad arguments: reported with a pointer to the help, exit code 1. */
export class UsageError extends Error {
  constructor(message, command) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** An error as plain data for --json: its name, message, and `code`, `problems`, `organisation` when it has them. */
export function describeError(e) {
  const d = { name: e?.name ?? "Error", message: String(e?.message ?? e) };
  if (e?.code !== undefined && typeof e.code === "number") d.code = e.code;
  if (Array.isArray(e?.problems)) d.problems = e.problems;
  if (e?.organisation) d.organisation = e.organisation;
  if (e?.hint) d.hint = e.hint;
  return d;
}

/**
 * What a 403 means here: the keys sent (or none), and the permission the operation needs, as
 * the rule book has it. `e.context` is set by the client wrapper of connect.mjs.
 */
export async function forbiddenHint(e) {
  if (!(e instanceof client.ApiException) || e.code !== 403 || !e.context) return undefined;
  const { operation, keyNames, keysSent, via } = e.context;
  const permission = (await client.rules.describe()).permissions[operation];
  const need = permission ? `; ${operation} needs the application key's ${permission} permission` : "";
  if (!keysSent) return `no keys were sent (${keyNames.join(" and ")} are not set): the proxy at ${via} must add them${need}`;
  return `the keys in ${keyNames.join(" and ")} were sent and refused: check that they belong to this organisation${need}`;
}

/** Reports the error that ended a command on stderr (and as JSON on stdout with --json); returns the exit code. */
export async function report(e, asJson) {
  if (asJson) noColours();
  const red = painter(process.stderr).red;
  const head = `${red("datadog-okta:")} `;
  if (e !== null && typeof e === "object" && !(e instanceof UsageError)) e.hint ??= await forbiddenHint(e).catch(() => undefined);
  if (asJson) out(json({ version: VERSION, error: describeError(e) }));
  if (e instanceof UsageError) {
    err(`${head}${e.message}\nRun datadog-okta ${e.command ? `help ${e.command}` : "--help"} for the usage.\n`);
    return EXIT.validation;
  }
  const where = e?.organisation ? `organisation ${clean(e.organisation)}: ` : "";
  if (e instanceof client.ValidationError) {
    err(`${head}${where}invalid input${e.file ? ` in ${clean(e.file)}` : ""}:\n`);
    for (const p of e.problems) err(`  ${clean(p.path || "(the document)")}: ${clean(p.message)}\n`);
    return EXIT.validation;
  }
  err(`${head}${where}${clean(e?.message ?? e)}\n`);
  if (e.hint) err(`  ${clean(e.hint)}\n`);
  return e?.exit ?? EXIT.api;
}
