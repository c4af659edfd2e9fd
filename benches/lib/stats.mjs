// Statistics and table formatting shared by every section of the bench.

/** Median, min and max of a list of numbers. */
export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], n };
}

/** The p-th percentile (0..100) of already collected samples, nearest rank. */
export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank];
}

/** Formats a number with a sensible number of significant digits. */
export function num(x, digits = 3) {
  if (!Number.isFinite(x)) return "n/a";
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString("en-US");
  if (abs === 0) return "0";
  return Number(x.toPrecision(digits)).toString();
}

/** "median (min–max)" of a summary; for exact sizes just the number. */
export function cell(s, fmt = num) {
  if (s.n === undefined || s.min === s.max) return fmt(s.median);
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

export const bytes = (b) => Math.round(b).toLocaleString("en-US");
export const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

/** A ratio of two medians, printed as "1.23x"; empty when either side is missing. */
export function ratio(a, b) {
  if (!a || !b || !Number.isFinite(a.median ?? a) || !Number.isFinite(b.median ?? b)) return "";
  return `${((a.median ?? a) / (b.median ?? b)).toFixed(2)}x`;
}

/** A markdown table: header row plus rows (arrays of cells). */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

/** Milliseconds since an arbitrary origin, high resolution. */
export const now = () => performance.now();
