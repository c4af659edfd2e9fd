// The five code examples of the API documentation, with only their import line changed, must
// type-check with `tsc --strict` and print what Datadog's official client prints for the same
// response.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, makeProject } from "../support/pack.mjs";
import { GET_ID, UPDATE_ID } from "./canned.mjs";

const SEED = readFileSync(join(ROOT, "tests/fixtures/seed/okta-integration-api.txt"), "utf8");
const OFFICIAL_IMPORT = 'import { client, v2 } from "@datadog/datadog-api-client";';
const OUR_IMPORT = 'import { client, v2 } from "datadog-okta-wasm";';
const OPS = { listOktaAccounts: "list", createOktaAccount: "create", getOktaAccount: "get", updateOktaAccount: "update", deleteOktaAccount: "delete" };
const ENV = { ...process.env, DD_API_KEY: "seed-api-key-0001", DD_APP_KEY: "seed-app-key-0002", DD_SITE: "" };

/** The code examples, by operation. */
function examples() {
  const out = {};
  for (const part of SEED.split("Code Example\n\n").slice(1)) {
    const code = part.split("\n\nInstructions")[0].trim() + "\n";
    const method = Object.keys(OPS).find((m) => code.includes(`.${m}(`));
    assert.ok(method, "an example without a known operation");
    out[OPS[method]] = code;
  }
  return out;
}

const seeds = examples();
const project = makeProject("seed", { type: "module" });
mkdirSync(join(project, "src"));
for (const [op, code] of Object.entries(seeds)) {
  assert.equal(code.split(OFFICIAL_IMPORT).length, 2, `${op}: the import line appears once`);
  writeFileSync(join(project, "src", `${op}.ts`), code.replace(OFFICIAL_IMPORT, OUR_IMPORT));
}
writeFileSync(
  join(project, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", outDir: "dist", types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")], skipLibCheck: false },
    include: ["src"],
  }),
);

test("the documentation has the five examples", () => {
  assert.deepEqual(Object.keys(seeds).sort(), ["create", "delete", "get", "list", "update"]);
});

test("the examples type-check with tsc --strict", () => {
  const r = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", project], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

for (const op of ["list", "create", "get", "update", "delete"]) {
  test(`the ${op} example prints what the official client prints`, () => {
    const logFile = join(project, `${op}.log`);
    writeFileSync(logFile, "");
    const env = { ...ENV, SEED_LOG: logFile, OKTA_ACCOUNT_DATA_ID: op === "get" ? GET_ID : UPDATE_ID };
    const ours = spawnSync("node", ["--import", join(ROOT, "tests/seed/preload.mjs"), join(project, "dist", `${op}.js`)], { env, encoding: "utf8" });
    assert.equal(ours.stderr, "", `stderr of ${op}`);
    const official = execFileSync("node", [join(ROOT, "tests/seed/official.cjs"), op], { env, encoding: "utf8" });
    assert.match(ours.stdout, /^API called successfully\. Returned data: /);
    assert.equal(ours.stdout, official);

    const requests = readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(requests.length, 1, "one request");
    const [r] = requests;
    assert.equal(r.headers["dd-api-key"], ENV.DD_API_KEY);
    assert.equal(r.headers["dd-application-key"], ENV.DD_APP_KEY);
    assert.match(r.headers["user-agent"], /^datadog-okta-wasm\/\d+\.\d+\.\d+/);
    if (op === "create") {
      assert.equal(
        r.body,
        '{"data":{"attributes":{"auth_method":"oauth","client_id":"client_id","client_secret":"client_secret","domain":"https://example.okta.com/","name":"exampleoktaintegration"},"id":"f749daaf-682e-4208-a38d-c9b43162c609","type":"okta-accounts"}}',
      );
    }
  });
}
