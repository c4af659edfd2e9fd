// What the command line writes: stdout and stderr, text made safe for a terminal, JSON made safe
// the same way, and tables. Every string from a server or a file goes through `clean` (text) or
// `json` (--json) before it is printed.

/**
 * Characters that can drive a terminal or change what it shows: C0 and C1 controls (ESC, OSC's
 * BEL, CSI as U+009B), DEL, the line and paragraph separators, and every format character
 * (bidi overrides and isolates, zero-width ones, the soft hyphen, tags).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
// JSON.stringify escapes C0 inside strings, and its own line breaks are outside them.
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

const escape = (c) =>
  Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");

/** Text from a server or a file, made safe for a terminal: those characters become `\uXXXX`. */
export const clean = (text) => String(text).replace(UNSAFE, escape);

/**
 * `value` as JSON (two-space indent, a final newline) in which those characters are escaped too:
 * `JSON.stringify` leaves C1, bidi and format characters raw. The text reads back the same.
 */
export const json = (value) => `${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, escape)}\n`;

// Whether the last thing written to stderr ended its line, so a notice (Ctrl-C) starts on a
// line of its own instead of in the middle of a progress line.
let stderrOpen = false;
let stderrWrites = 0;

export const out = (text) => void process.stdout.write(text);
export function err(text) {
  if (text === "") return;
  process.stderr.write(text);
  stderrOpen = !text.endsWith("\n");
  stderrWrites += 1;
}
/** Something else (a terminal's echo of a typed answer) ended the line on stderr. */
export function lineEnded() {
  stderrOpen = false;
  stderrWrites += 1;
}
/** A line on stderr, on a line of its own. */
export function notice(text) {
  err(`${stderrOpen ? "\n" : ""}${text.endsWith("\n") ? text : `${text}\n`}`);
}
/**
 * Starts a progress line on stderr (`[1/3] create a ... `) and returns what ends it: the
 * outcome goes on the same line, or, when something was written meanwhile (a Ctrl-C notice,
 * another step), on a line that repeats the start.
 */
export function startLine(head) {
  err(head);
  const mark = stderrWrites;
  return (outcome) => err(`${stderrWrites === mark && stderrOpen ? "" : head}${outcome}\n`);
}

/** Aligned columns; the last one is not padded. Cells are cleaned. */
export function table(headers, rows) {
  const all = [headers, ...rows].map((r) => r.map((c) => clean(c ?? "-")));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}
