// The command line's arguments: the command, its options (--name value, --name=value, flags),
// and positionals, checked against the command's own options, with "did you mean" for typos.
import { UsageError } from "./errors.mjs";
import { COMMANDS, OPTIONS, option } from "./spec.mjs";

const GLOBAL = ["help", "version"];
const REPEATABLE = new Set(["org"]);

/** Edit distance with transpositions (`lsit` is one edit from `list`); typos are a few characters long. */
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate `word` most likely meant (at most two edits, one for short words), or undefined. */
export function didYouMean(word, candidates) {
  const limit = word.length <= 4 ? 1 : 2;
  const scored = candidates.map((c) => [distance(word.toLowerCase(), c.toLowerCase()), c]).filter(([d]) => d <= limit);
  scored.sort((x, y) => x[0] - y[0]);
  return scored[0]?.[1];
}

const suggestion = (word, candidates) => {
  const near = didYouMean(word, candidates);
  return near === undefined ? "" : ` (did you mean ${near}?)`;
};

/** The options `command` takes, as `--name` words (the global ones last). */
export const optionsOf = (command) => [...(COMMANDS[command]?.options ?? []), ...GLOBAL].map((o) => `--${o}`);

/**
 * Splits argv into `{ command, opts, positional }`. An unknown command or option, an option the
 * command does not take, or a missing value is a UsageError (exit 1) that says what would do.
 */
export function parseArgs(argv) {
  try {
    return parse(argv);
  } catch (e) {
    // Point the usage line at the command's own help when there is a command.
    if (e instanceof UsageError && e.command === undefined) e.command = argv.find((a) => COMMANDS[a] && a !== "help");
    throw e;
  }
}

function parse(argv) {
  const opts = {};
  const positional = [];
  const given = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const written = arg.startsWith("--") ? arg.slice(2, eq < 0 ? undefined : eq) : Object.keys(OPTIONS).find((k) => OPTIONS[k].short === arg.slice(1));
    const found = written === undefined ? undefined : option(written);
    if (!found) {
      const shown = arg.slice(0, eq < 0 ? undefined : eq);
      throw new UsageError(`unknown option ${shown}${suggestion(shown, Object.keys(OPTIONS).map((k) => `--${k}`))}`);
    }
    const [name, spec] = found;
    let value = true;
    if (spec.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
    } else {
      value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new UsageError(`--${name} needs a value (${spec.value})`);
    }
    if (REPEATABLE.has(name)) (opts[name] ??= []).push(...String(value).split(",").filter(Boolean));
    else if (opts[name] !== undefined) throw new UsageError(`--${name} is given twice`);
    else opts[name] = value;
    given.push(name);
  }
  const [command, ...rest] = positional;
  if (command !== undefined && !COMMANDS[command]) {
    throw new UsageError(`unknown command ${JSON.stringify(command)}${suggestion(command, Object.keys(COMMANDS))}; the commands are ${Object.keys(COMMANDS).join(", ")}`);
  }
  if (command !== undefined && !opts.help) {
    const allowed = new Set([...COMMANDS[command].options, ...GLOBAL]);
    const stray = given.filter((n) => !allowed.has(n));
    if (stray.length > 0) {
      const list = optionsOf(command).join(", ");
      throw new UsageError(`${command} does not take --${stray[0]}${stray.length > 1 ? ` (nor ${stray.slice(1).map((s) => `--${s}`).join(", ")})` : ""}; its options: ${list}`);
    }
  }
  return { command, opts, positional: rest };
}

/** The integer value of option `name`, undefined when it is not given; out of `range` (a limit of the rule book) is a UsageError. */
export function integer(opts, name, range) {
  if (opts[name] === undefined) return undefined;
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < range.min || n > range.max) throw new UsageError(`--${name} must be an integer from ${range.min} to ${range.max}`);
  return n;
}
