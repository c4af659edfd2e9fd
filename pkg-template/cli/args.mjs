// The command line's arguments: options (--name value, --name=value, flags) and positionals.
import { UsageError } from "./errors.mjs";

const VALUE_OPTIONS = new Set(["site", "base-url", "state", "concurrency", "name", "domain", "auth-method", "client-id", "secret-env", "max-retries", "timeout-ms"]);
const FLAG_OPTIONS = new Set(["json", "prune", "push-secrets", "continue-on-error", "exit-code", "help", "version"]);
export const COMMANDS = new Set(["list", "get", "create", "update", "delete", "plan", "apply"]);

/** Splits argv into `{ opts, positional }`; an unknown option or a missing value is a UsageError. */
export function parseArgs(argv) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h") opts.help = true;
    else if (arg === "--") positional.push(...argv.slice(i + 1)), (i = argv.length);
    else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (FLAG_OPTIONS.has(name)) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        opts[name] = true;
      } else if (VALUE_OPTIONS.has(name)) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
        opts[name] = value;
      } else throw new UsageError(`unknown option ${arg.slice(0, eq < 0 ? undefined : eq)}`);
    } else positional.push(arg);
  }
  return { opts, positional };
}

/** The integer value of option `name`, undefined when it is not given; out of `range` (a limit of the rule book) is a UsageError. */
export function integer(opts, name, range) {
  if (opts[name] === undefined) return undefined;
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < range.min || n > range.max) throw new UsageError(`--${name} must be an integer from ${range.min} to ${range.max}`);
  return n;
}
