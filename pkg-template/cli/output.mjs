// What the command line writes: stdout and stderr, text made safe for a terminal, and tables.

export const out = (text) => process.stdout.write(text);
export const err = (text) => process.stderr.write(text);

/** Text from the server or a file, made safe for a terminal: control characters become escapes. */
export const clean = (text) => String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Aligned columns; the last one is not padded. */
export function table(headers, rows) {
  const all = [headers, ...rows].map((r) => r.map((c) => clean(c ?? "-")));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}
