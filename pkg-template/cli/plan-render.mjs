// A plan as text: one line per account (symbol, action, name, id, what changes), a summary, and
// what to do about the secrets that could not be verified; grouped by organisation.
import { ACTION_COLOUR, painter } from "./colour.mjs";
import { clean, out, table } from "./output.mjs";

const SYMBOL = { create: "+", update: "~", delete: "-", unchanged: "=", unmanaged: "?" };
const SECRET_FIELDS = new Set(["clientSecret", "apiKey"]);

/** The changes whose secret could not be verified. */
export const unverifiable = (plan) => plan.changes.filter((c) => c.secret === "unverifiable");

const show = (v) => (v === null || v === undefined ? "(none)" : v);

function changeDetail(c) {
  const parts = [];
  if (c.action === "create") {
    for (const [k, v] of Object.entries(c.after)) parts.push(`${k}=${show(v)}`);
  } else if (c.action === "delete") {
    for (const [k, v] of Object.entries(c.before)) parts.push(`${k}=${show(v)}`);
  } else {
    for (const k of Object.keys(c.after)) parts.push(`${k}: ${show(c.before[k])} -> ${show(c.after[k])}`);
  }
  const from = c.secretVariable ? ` from \${${c.secretVariable}}` : "";
  for (const f of c.fields) if (SECRET_FIELDS.has(f)) parts.push(`${f} (${c.action === "create" ? "set" : "changed"})${from}`);
  if (c.action === "update" && !c.fields.some((f) => SECRET_FIELDS.has(f))) parts.push(c.secret === "unverifiable" ? `secret sent${from} (not verifiable)` : `secret sent again${from}`);
  if (c.action === "unchanged" && c.note) parts.push(c.note);
  if (c.action === "unmanaged") parts.push("not in FILE: left alone (--prune deletes it)");
  return parts.join("; ");
}

function summaryLine(plan) {
  const s = plan.summary;
  const extra = s.unmanaged > 0 ? `, ${s.unmanaged} not in the file` : "";
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged${extra}.\n`;
}

const HOW = {
  "key-changed": "the fingerprint key is not the one they were recorded with (DATADOG_OKTA_STATE_KEY, or the application key it is derived from, changed)",
  "no-key": "there is no fingerprint key: set DATADOG_OKTA_STATE_KEY (or the application key)",
  "old-format": "the state file is of the old format; the next apply rewrites it",
};

/** What to do about the secrets that could not be verified. */
function unverifiableLines(plan, file) {
  const list = unverifiable(plan).filter((c) => c.action === "unchanged");
  if (list.length === 0) return "";
  const reasons = [...new Set(list.map((c) => c.reason))].filter((r) => HOW[r]).map((r) => `  (${HOW[r]})\n`);
  const names = list.map((c) => clean(c.name)).join(", ");
  return `${list.length} secret${list.length > 1 ? "s" : ""} could not be verified (${names}): datadog-okta apply ${clean(file ?? "FILE")} --push-secrets sends ${list.length > 1 ? "them" : "it"} and records ${list.length > 1 ? "their fingerprints" : "its fingerprint"}.\n${reasons.join("")}`;
}

/** The plan of one organisation as lines, with colours when stdout takes them. */
export function planText(plan, { heading, file }) {
  const paint = painter(process.stdout);
  let text = `${heading}:\n`;
  if (plan.changes.length === 0) text += "  (none, here or in the file)\n";
  else {
    const rows = plan.changes.map((c) => [SYMBOL[c.action], c.action, c.name, c.id, changeDetail(c)]);
    const lines = table(["", "ACTION", "NAME", "ID", "DETAILS"], rows).split("\n");
    text += lines
      .map((line, i) => {
        const c = plan.changes[i - 1];
        const colour = c && ACTION_COLOUR[c.action];
        return line === "" ? line : `  ${colour ? line.replace(/^(\S)(\s+)(\S+)/, (_, s, sp, a) => `${paint[colour](s)}${sp}${paint[colour](a)}`) : line}`;
      })
      .join("\n");
  }
  return text + paint.bold(summaryLine(plan).trimEnd()) + "\n" + unverifiableLines(plan, file);
}

/** Prints the plans on stdout, each with its organisation and the state file; an organisation whose plan failed is named. */
export function printPlans(results, { statePath, multi, file }) {
  for (const r of results) {
    if (!r.plan) continue;
    const where = `on ${clean(r.conn.origin)} (state: ${clean(statePath)})`;
    const heading = multi ? `Organisation ${clean(r.conn.name)} ${where}` : `Accounts ${where}`;
    out(planText(r.plan, { heading, file }));
  }
}
