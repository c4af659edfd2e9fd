// The command line's entry: --version, --help, then the command.
import { readFileSync } from "node:fs";
import { applyCommand } from "./apply.mjs";
import { COMMANDS, parseArgs } from "./args.mjs";
import { EXIT, UsageError } from "./errors.mjs";
import { client } from "datadog-okta-wasm";
import { help } from "./help.mjs";
import { out } from "./output.mjs";
import { planCommand } from "./plan.mjs";
import { single } from "./single.mjs";

/** Runs `datadog-okta` with `argv` (the arguments after the program); resolves to the exit code. */
export async function main(argv) {
  const { opts, positional } = parseArgs(argv);
  if (opts.version) {
    out(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positional;
  if (opts.help || command === undefined || command === "help") {
    out(help(await client.rules.describe()));
    return command === undefined && !opts.help ? EXIT.validation : EXIT.ok;
  }
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (command === "plan") return planCommand(opts, rest);
  if (command === "apply") return applyCommand(opts, rest);
  await single(command, opts, rest);
  return EXIT.ok;
}
