// The library under attack (issue 12), from the packed package: hostile ids, servers that echo
// secrets, huge bodies, a browser worker. One test per hole; each was seen to fail before its fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ACCOUNT, ACCOUNTS, CANARIES, SEED, apiFor, assertNoPiece, bodies, client, json, manage, rejection, serverFor } from "./library-helpers.mjs";

// ---- Hole 1: account ids that leave their path segment ----------------------------------

const OPERATIONS = {
  get: (api, accountId) => api.getOktaAccount({ accountId }),
  update: (api, accountId) => api.updateOktaAccount({ accountId, body: bodies.update() }),
  delete: (api, accountId) => api.deleteOktaAccount({ accountId }),
};
const ESCAPING_IDS = [".", "..", "a/..", "../../v1/validate", "..\\..", "x/y", "tab\tid", "nul\u0000"];

/** A server that answers every account request, recording it. */
const answering = (t) =>
  serverFor(t, (req, res) => {
    if (req.method === "DELETE") return res.writeHead(204).end();
    json(res, 200, { data: ACCOUNT(decodeURIComponent(req.url.split("/").pop())) });
  });

test("hole 1: get, update and delete refuse . and .. (and /, \\, control characters) before sending", async (t) => {
  const server = await answering(t);
  const api = apiFor(server);
  for (const [op, call] of Object.entries(OPERATIONS)) {
    for (const id of ESCAPING_IDS) {
      const e = await rejection(call(api, id));
      assert.ok(e instanceof client.ValidationError, `${op} ${JSON.stringify(id)}: ${e}`);
      assert.deepEqual(e.problems.map((p) => p.path), ["accountId"], `${op} ${JSON.stringify(id)}`);
    }
  }
  assert.deepEqual(server.requests, [], "nothing was sent");
  const { problems } = await client.rules.checkAccountId("..");
  assert.equal(problems.length, 1);
});

test("hole 1: ids that only look like dot segments stay one encoded segment", async (t) => {
  const server = await answering(t);
  const api = apiFor(server);
  for (const [op, call] of Object.entries(OPERATIONS)) {
    for (const id of ["%2e%2e", "%2E.", ".%2e", "%2e", "...", "..a", "a..", "%2f", "?x", "#y"]) {
      server.requests.length = 0;
      await call(api, id);
      assert.deepEqual(server.requests.map((r) => r.url), [`${ACCOUNTS}/${encodeURIComponent(id)}`], `${op} ${JSON.stringify(id)}`);
    }
  }
});

test("hole 1: hostile ids from a server are refused when fed back into a call, by hand or by apply", async (t) => {
  const hostileIds = ["..", ".", "../../../v1/org", "a\\..", "a/b"];
  const listed = [...hostileIds.map((id, i) => ACCOUNT(id, { name: `evil-${i}` })), ACCOUNT("good-id", { name: "good" })];
  const server = await serverFor(t, (req, res) => {
    if (req.url === ACCOUNTS && req.method === "GET") return json(res, 200, { data: listed });
    if (req.method === "DELETE") return res.writeHead(204).end();
    json(res, 200, { data: ACCOUNT("good-id", { name: "good" }) });
  });
  const api = apiFor(server);
  const { data } = await api.listOktaAccounts();
  for (const account of data.filter((a) => a.id !== "good-id")) {
    for (const [op, call] of Object.entries(OPERATIONS)) {
      const e = await rejection(call(api, account.id));
      assert.ok(e instanceof client.ValidationError, `${op} ${JSON.stringify(account.id)}: ${e}`);
    }
  }
  // apply with prune deletes every account not desired: the hostile ids fail their step, unsent.
  const plan = await manage.planOktaAccounts(api, {}, { prune: true, site: server.url });
  const result = await manage.applyOktaAccountPlan(api, plan, { continueOnError: true });
  const failed = result.steps.filter((s) => s.status === "failed");
  assert.equal(failed.length, hostileIds.length);
  for (const step of failed) assert.ok(step.error instanceof client.ValidationError, String(step.error));
  const paths = server.requests.map((r) => `${r.method} ${r.url}`);
  assert.ok(paths.every((p) => p.endsWith(ACCOUNTS) || p.endsWith(`${ACCOUNTS}/good-id`)), paths.join("\n"));
});
