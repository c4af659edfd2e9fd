// TypeScript consumers of the packed package, both entries (`datadog-okta-wasm` and
// `datadog-okta-wasm/manage`), under moduleResolution node10 (`typesVersions` for /manage), node16,
// nodenext and bundler, `tsc --strict` with library checks on: ESM files, CommonJS files (`.cts`,
// or a project without "type": "module"), each proving which declaration files it got (index.d.ts
// for `import`, index.d.cts for `require`, and manage's the same), that the types are exact
// (@ts-expect-error lines fail if they degrade to `any`), and, where tsc emits, that the compiled
// program runs as typed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, makeProject, run } from "./helpers.mjs";

const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

// The body shared by every consumer; `HEADER` brings `client`, `v2`, `preload`, `init`, `Problem`,
// `ResponseEvent`, and /manage's `findOktaAccountByName`, `planOktaAccounts`, `OktaAccountPlan`.
const BODY = `
const fetchStub = async (input: string, init: RequestInit): Promise<Response> => {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (init.method === "GET" && input.endsWith("/accounts")) {
    return json(200, { data: [{ id: "abc", type: "okta-accounts", attributes: { name: "typed", domain: "https://x.okta.com/", auth_method: "oauth" } }] });
  }
  return json(404, { errors: ["Not found"] });
};

const events: ResponseEvent[] = [];
const configuration: client.Configuration = client.createConfiguration({
  authMethods: { apiKeyAuth: "k", appKeyAuth: "a" },
  baseServer: new client.BaseServerConfiguration("http://127.0.0.1:9", {}),
  fetch: fetchStub,
  enableRetry: false,
  onResponse: (e) => events.push(e),
});
const api = new v2.OktaIntegrationApi(configuration);

async function main(): Promise<string> {
  const loaded: void = await preload();
  void loaded;
  const list: v2.OktaAccountsResponse = await api.listOktaAccounts();
  const name: string | undefined = list.data?.[0]?.attributes.name;
  const problems: Problem[] = await v2.validateOktaAccountRequest({});
  let code = 0;
  try {
    await api.getOktaAccount({ accountId: "missing" });
  } catch (e) {
    if (e instanceof client.ApiException) code = e.code;
    else if (e instanceof client.ValidationError) code = -e.problems.length;
  }
  const status: number | null = events[0]?.status ?? null;
  const found: v2.OktaAccountResponseData | undefined = await findOktaAccountByName(api, "typed");
  return JSON.stringify({ name, problems: problems.length > 0, code, status, found: found?.id });
}

// Never called: these lines only have to fail type-checking.
export function typeOnly(): void {
  // @ts-expect-error accountId is required
  void api.getOktaAccount({});
  // @ts-expect-error a response is not a number: the result is typed, not any
  const n: number = api.listOktaAccounts();
  // @ts-expect-error the configuration is not a plain object
  void new v2.OktaIntegrationApi({});
  void n;
  // @ts-expect-error init takes the module or its bytes, not a URL
  void init("datadog_okta_wasm_bg.wasm");
  void init(new Uint8Array(0));
  // @ts-expect-error the desired accounts are required
  void planOktaAccounts(api);
  const plan: Promise<OktaAccountPlan> = planOktaAccounts(api, {}, { prune: false });
  void plan;
}

main().then((line) => console.log(line), (e) => { console.error(e); process.exitCode = 1; });
`;

const IMPORT_HEADER = `import { client, v2, preload, init } from "datadog-okta-wasm";
import type { Problem, ResponseEvent } from "datadog-okta-wasm";
import { findOktaAccountByName, planOktaAccounts } from "datadog-okta-wasm/manage";
import type { OktaAccountPlan } from "datadog-okta-wasm/manage";
`;
const REQUIRE_HEADER = `import lib = require("datadog-okta-wasm");
import manage = require("datadog-okta-wasm/manage");
import client = lib.client;
import v2 = lib.v2;
type Problem = lib.Problem;
type ResponseEvent = lib.ResponseEvent;
type OktaAccountPlan = manage.OktaAccountPlan;
const { preload, init } = lib;
const { findOktaAccountByName, planOktaAccounts } = manage;
`;
const EXPECTED = { name: "typed", problems: true, code: 404, status: 200, found: "abc" };
// The declaration files of both entries that a resolution mode picks.
const ESM = ["index.d.ts", "manage/index.d.ts"];
const CJS = ["index.d.cts", "manage/index.d.cts"];

const NODE_TYPES = { lib: ["es2022"], types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")] };
// `process` in BODY: a browser-typed project declares just that much.
const BROWSER_TYPES = { lib: ["es2022", "dom"], types: [] };
const PROCESS_SHIM = "declare const process: { exitCode?: number };\n";

const CASES = [
  // name, package "type", compilerOptions, files, declaration files that must be used, programs to run
  ["node16, ESM project: .ts (import) and .cts (require)", "module", { module: "node16", moduleResolution: "node16", ...NODE_TYPES }, { "src/index.ts": IMPORT_HEADER + BODY, "src/legacy.cts": IMPORT_HEADER + BODY }, [...ESM, ...CJS], ["dist/index.js", "dist/legacy.cjs"]],
  ["node16, CommonJS project: .ts compiles to require", "commonjs", { module: "node16", moduleResolution: "node16", ...NODE_TYPES }, { "src/index.ts": IMPORT_HEADER + BODY }, CJS, ["dist/index.js"]],
  ["nodenext, ESM project: .ts (import) and .cts (require)", "module", { module: "nodenext", moduleResolution: "nodenext", ...NODE_TYPES }, { "src/index.ts": IMPORT_HEADER + BODY, "src/legacy.cts": IMPORT_HEADER + BODY }, [...ESM, ...CJS], ["dist/index.js", "dist/legacy.cjs"]],
  ["nodenext, CommonJS project: .ts with import = require", "commonjs", { module: "nodenext", moduleResolution: "nodenext", ...NODE_TYPES }, { "src/index.ts": REQUIRE_HEADER + BODY }, CJS, ["dist/index.js"]],
  ["node10 (the legacy `node`), CommonJS project: top-level `types`, `typesVersions` for /manage", "commonjs", { module: "commonjs", moduleResolution: "node10", ...NODE_TYPES }, { "src/index.ts": IMPORT_HEADER + BODY }, ESM, ["dist/index.js"]],
  ["bundler (module esnext, as Vite's template), browser types", "module", { module: "esnext", moduleResolution: "bundler", noEmit: true, ...BROWSER_TYPES }, { "src/index.ts": PROCESS_SHIM + IMPORT_HEADER + BODY }, ESM, []],
  ["bundler (module preserve): .ts (import) and .cts (import = require)", "module", { module: "preserve", moduleResolution: "bundler", noEmit: true, ...BROWSER_TYPES }, { "src/index.ts": PROCESS_SHIM + IMPORT_HEADER + BODY, "src/legacy.cts": PROCESS_SHIM + REQUIRE_HEADER + BODY }, [...ESM, ...CJS], []],
];

test("TypeScript consumers type-check with tsc --strict", { concurrency: true }, async (t) => {
  const cases = CASES.map(([name, type, options, files, declarations, programs]) =>
    t.test(name, async () => {
      const tsconfig = {
        compilerOptions: { strict: true, target: "es2022", outDir: "dist", rootDir: "src", skipLibCheck: false, noUnusedLocals: true, exactOptionalPropertyTypes: true, ...options },
        include: ["src"],
      };
      const dir = makeProject(`ts-${options.moduleResolution}-${type}`, { type }, { ...files, "tsconfig.json": JSON.stringify(tsconfig, null, 2) });
      const r = await run(process.execPath, [TSC, "-p", dir, "--listFiles"], { cwd: dir, timeoutMs: 60_000 });
      const errors = r.stdout.split("\n").filter((l) => !l.startsWith("/")).join("\n");
      assert.equal(r.status, 0, errors + r.stderr);
      const used = r.stdout.split("\n").filter((l) => l.includes("/node_modules/datadog-okta-wasm/")).map((l) => l.split("/node_modules/datadog-okta-wasm/").pop()).sort();
      assert.deepEqual(used, [...declarations].sort(), "declaration files used");
      for (const program of programs) {
        const out = await run(process.execPath, [program], { cwd: dir });
        assert.equal(out.status, 0, out.stderr);
        assert.deepEqual(JSON.parse(out.stdout), EXPECTED, program);
      }
    }),
  );
  await Promise.all(cases);
});
