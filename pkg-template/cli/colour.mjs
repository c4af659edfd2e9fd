// Colours, on a terminal only: never with --json, off with NO_COLOR (any value), on with
// FORCE_COLOR (any value but 0 or false) even when the output is a file or a pipe.
let jsonMode = false;

/** Colours stay off for the rest of the run (--json). */
export function noColours() {
  jsonMode = true;
}

function enabled(stream) {
  const env = process.env;
  if (jsonMode || (env.NO_COLOR ?? "") !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return stream.isTTY === true;
}

const SGR = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 };

/** Painters for `stream` (process.stdout or process.stderr): each wraps text in its colour, or returns it as is. */
export function painter(stream) {
  const on = enabled(stream);
  return Object.fromEntries(Object.entries(SGR).map(([name, code]) => [name, (text) => (on ? `\u001b[${code}m${text}\u001b[0m` : String(text))]));
}

/** The colour of a plan's action or a step's outcome. */
export const ACTION_COLOUR = { create: "green", created: "green", update: "yellow", updated: "yellow", delete: "red", deleted: "red", failed: "red", unmanaged: "cyan" };
