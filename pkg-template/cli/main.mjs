// The command line's entry: --version, the help, then the command.
import { client } from "datadog-okta-wasm";
import { applyCommand } from "./apply.mjs";
import { parseArgs } from "./args.mjs";
import { noColours } from "./colour.mjs";
import { EXIT, UsageError } from "./errors.mjs";
import { exportCommand } from "./export.mjs";
import { commandHelp, help } from "./help.mjs";
import { listCommand } from "./list.mjs";
import { out } from "./output.mjs";
import { planCommand } from "./plan.mjs";
import { single } from "./single.mjs";
import { COMMANDS, VERSION } from "./spec.mjs";

/** Runs `datadog-okta` with `argv` (the arguments after the program); resolves to the exit code. */
export async function main(argv) {
  const { command, opts, positional } = parseArgs(argv);
  if (opts.json) noColours();
  if (opts.version) {
    out(opts.json ? `${JSON.stringify({ version: VERSION })}\n` : `${VERSION}\n`);
    return EXIT.ok;
  }
  const book = await client.rules.describe();
  if (command === "help") {
    const [about, ...more] = positional;
    if (more.length > 0) throw new UsageError("help takes one COMMAND at most");
    if (about !== undefined && !COMMANDS[about]) return main([about]); // the parser says "did you mean"
    out(about === undefined ? help(book) : commandHelp(about, book));
    return EXIT.ok;
  }
  if (opts.help || command === undefined) {
    out(command === undefined ? help(book) : commandHelp(command, book));
    return command === undefined && !opts.help ? EXIT.validation : EXIT.ok;
  }
  if (command === "plan") return planCommand(opts, positional);
  if (command === "apply") return applyCommand(opts, positional);
  if (command === "list") return (await listCommand(opts, positional)) ?? EXIT.ok;
  if (command === "export") return (await exportCommand(opts, positional)) ?? EXIT.ok;
  return (await single(command, opts, positional)) ?? EXIT.ok;
}
