// The account's fields are described once, in the core (src/account, FIELDS); the TypeScript
// declarations are the one other place that names them. This test reads both and fails when
// they disagree: a field added to FIELDS but not to index.d.ts, a name misspelt, a secret
// declared as returned, or an optional field declared as required (and the reverse).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./helpers.mjs";

const { client } = createRequire(import.meta.url)(join(ROOT, "pkg/node.cjs"));
const dts = readFileSync(join(ROOT, "pkg/index.d.ts"), "utf8");

/** The members of an interface of index.d.ts, in order, as "name" or "name?". */
function members(name) {
  const start = dts.search(new RegExp(`\\binterface ${name} \\{`));
  assert.ok(start >= 0, `index.d.ts declares ${name}`);
  const body = dts.slice(dts.indexOf("{", start) + 1, dts.indexOf("\n  }", start));
  return [...body.matchAll(/^ {4}(\w+)(\??):/gm)].map(([, n, q]) => n + q).filter((m) => m !== "additionalProperties?");
}

test("the account's fields: the core's FIELDS and the declarations of index.d.ts agree", async () => {
  const { fields } = await client.rules.describe();
  assert.ok(fields.length >= 6, "the rule book lists the fields");
  const optional = (f) => f.role === "secret" || f.role === "credential";
  const declared = (list) => list.map((f) => f.name + (optional(f) ? "?" : ""));
  assert.deepEqual(members("OktaAccountAttributes"), declared(fields), "a create's attributes: every field");
  assert.deepEqual(
    members("OktaAccountUpdateRequestAttributes"),
    declared(fields.filter((f) => f.role !== "name")),
    "an update's attributes: every field but the name, which cannot change",
  );
  assert.deepEqual(
    members("OktaAccountResponseAttributes"),
    declared(fields.filter((f) => f.role !== "secret")),
    "a response's attributes: every field but the secrets, which are never returned",
  );
});
