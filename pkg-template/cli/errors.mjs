// The exit codes, the error for bad usage, and how an error that ends a command is reported.
import { client } from "datadog-okta-wasm";
import { clean, err, json, out } from "./output.mjs";

export const EXIT = { ok: 0, validation: 1, api: 2, partial: 3, changes: 4 };

/** Bad arguments: reported with a pointer to --help, exit code 1. */
export class UsageError extends Error {}

/** An error as plain data for --json: its name, message, and `code` and `problems` when it has them. */
export function describeError(e) {
  const d = { name: e?.name ?? "Error", message: String(e?.message ?? e) };
  if (e?.code !== undefined) d.code = e.code;
  if (Array.isArray(e?.problems)) d.problems = e.problems;
  return d;
}

/** Reports the error that ended a command on stderr (and as JSON on stdout with --json); returns the exit code. */
export function report(e, asJson) {
  if (e instanceof UsageError) {
    err(`datadog-okta: ${e.message}\nRun datadog-okta --help for the usage.\n`);
    return EXIT.validation;
  }
  if (asJson) out(json({ error: describeError(e) }));
  if (e instanceof client.ValidationError) {
    err(`datadog-okta: invalid input${e.file ? ` in ${e.file}` : ""}:\n`);
    for (const p of e.problems) err(`  ${clean(p.path || "(the document)")}: ${clean(p.message)}\n`);
    return EXIT.validation;
  }
  err(`datadog-okta: ${clean(e?.message ?? e)}\n`);
  return e?.exit ?? EXIT.api;
}
