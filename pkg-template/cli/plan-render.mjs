// A plan as text: one line per account (symbol, action, name, id, what changes) and a summary.
import { clean, out, table } from "./output.mjs";

const SYMBOL = { create: "+", update: "~", delete: "-", unchanged: "=", unmanaged: "?" };

function changeDetail(c) {
  const show = (v) => (v === null || v === undefined ? "(none)" : v);
  const parts = [];
  if (c.action === "create") {
    for (const [k, v] of Object.entries(c.after)) parts.push(`${k}=${show(v)}`);
  } else {
    for (const k of Object.keys(c.after)) parts.push(`${k}: ${show(c.before[k])} -> ${show(c.after[k])}`);
  }
  const from = c.secretVariable ? ` from \${${c.secretVariable}}` : "";
  for (const f of c.fields) if (f === "clientSecret" || f === "apiKey") parts.push(`${f} (${c.action === "create" ? "set" : "changed"})${from}`);
  if (c.action === "update" && !c.fields.some((f) => f === "clientSecret" || f === "apiKey")) parts.push(c.secret === "unverifiable" ? "secret sent (not verifiable)" : "secret sent again");
  if (c.action === "unchanged" && c.note) parts.push(c.note);
  if (c.action === "unmanaged") parts.push("not in FILE: left alone (--prune deletes it)");
  return parts.join("; ");
}

function summaryLine(plan) {
  const s = plan.summary;
  const extra = s.unmanaged > 0 ? `, ${s.unmanaged} not in the file` : "";
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged${extra}.\n`;
}

/** Prints the plan on stdout, with the site it is for and the state file it uses. */
export function printPlan(plan, statePath) {
  out(`Accounts on ${clean(plan.organisation)} (state: ${clean(statePath)}):\n`);
  if (plan.changes.length === 0) out("  (none, here or in the file)\n");
  else out(table(["", "ACTION", "NAME", "ID", "DETAILS"], plan.changes.map((c) => [SYMBOL[c.action], c.action, c.name, c.id, changeDetail(c)])).replace(/^(?=.)/gm, "  "));
  out(summaryLine(plan));
}
