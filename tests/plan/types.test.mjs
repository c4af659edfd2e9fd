// The declared types of the plan helpers, checked with `tsc --strict` on real usage code against
// the installed tarball (Node types, browser types, or neither); @ts-expect-error lines fail if a type
// degrades to `any`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, installedPackage, tempDir } from "./helpers.mjs";

const USAGE = `import { client, v2 } from "datadog-okta-wasm";
import * as manage from "datadog-okta-wasm/manage";

const gate: manage.RateLimitGate = manage.createRateLimitGate({ onWait: (w) => void w.until.getTime() });
const api = new v2.OktaIntegrationApi(client.createConfiguration({ onResponse: gate.observe }));

export async function converge(text: string, saved: string | undefined): Promise<number> {
  const desired: manage.OktaDesiredAccount[] = await manage.readOktaDesiredState(text, { env: { OKTA_SECRET: "s" } });
  const state: manage.OktaPlanState = saved === undefined ? manage.createOktaPlanState() : (JSON.parse(saved) as manage.OktaPlanState);
  const key: manage.OktaStateKey = await manage.createOktaStateKey("a-key");
  const plan: manage.OktaAccountPlan = await manage.planOktaAccounts(api, desired, { state, key, organisation: "https://api.datadoghq.eu", prune: false });
  const doc: manage.OktaDesiredDocument = await manage.readOktaDesiredDocument(text);
  const variable: string | undefined = plan.changes[0]?.secretVariable;
  void [doc.organisations?.[0]?.loopback, doc.placement, variable, plan.keyId, state.organisations];
  const byName: manage.OktaAccountPlan = await manage.planOktaAccounts(api, { prod: { authMethod: "oauth", domain: "https://p/", clientId: "c", clientSecret: "s" } });
  for (const change of plan.changes) {
    const action: "create" | "update" | "delete" | "unchanged" | "unmanaged" = change.action;
    const fields: manage.OktaPlanField[] = change.fields;
    const note: string | undefined = change.note;
    void [action, fields, note, change.before.clientId, change.secret === "unverifiable"];
  }
  const result: manage.OktaApplyResult = await manage.applyOktaAccountPlan(api, plan, {
    concurrency: 2,
    continueOnError: true,
    rateLimitGate: gate,
    onStep: (step: manage.OktaApplyStep) => {
      const id: string | undefined = step.id;
      if (step.status === "failed" && step.error instanceof client.ApiException) void step.error.code;
      void id;
    },
  });
  const found: v2.OktaAccountResponseData | undefined = await manage.findOktaAccountByName(api, "prod");
  void [byName.summary.create, found?.id, JSON.stringify(result.state)];
  return result.summary.failed;
}

// Never called: these lines only have to fail type-checking.
export async function typeOnly(): Promise<void> {
  // @ts-expect-error the desired accounts are typed
  await manage.planOktaAccounts(api, [{ name: "x" }]);
  // @ts-expect-error the result is a plan, not any
  const n: number = await manage.planOktaAccounts(api, {});
  // @ts-expect-error the concurrency is a number
  await manage.applyOktaAccountPlan(api, await manage.planOktaAccounts(api, {}), { concurrency: "2" });
  // @ts-expect-error an action outside the five
  const a: manage.OktaPlanChange["action"] = "rename";
  // @ts-expect-error a key is made by createOktaStateKey, not a string
  await manage.planOktaAccounts(api, {}, { key: "secret" });
  void [n, a];
}
`;

const run = promisify(execFile);

test("the plan helpers type-check with tsc --strict (Node types, browser types, neither)", { concurrency: true }, async (t) => {
  const { dir: project } = installedPackage();
  const configs = {
    node: { module: "nodenext", moduleResolution: "nodenext", lib: ["es2022"], types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")] },
    browser: { module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], types: [] },
    bare: { module: "esnext", moduleResolution: "bundler", lib: ["es2022"], types: [] },
  };
  await Promise.all(
    Object.entries(configs).map(([name, options]) =>
      t.test(name, async () => {
        const dir = tempDir(`ts-${name}`);
        mkdirSync(join(dir, "src"));
        writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `ts-${name}`, private: true, type: "module" }));
        writeFileSync(join(dir, "src/usage.ts"), USAGE);
        // The installed package, without a second install.
        const compilerOptions = { strict: true, noEmit: true, target: "es2022", skipLibCheck: false, exactOptionalPropertyTypes: true, noUnusedLocals: true, baseUrl: ".", paths: { "datadog-okta-wasm": [join(project, "node_modules/datadog-okta-wasm/index.d.ts")], "datadog-okta-wasm/manage": [join(project, "node_modules/datadog-okta-wasm/manage/index.d.ts")] }, ...options };
        writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
        const r = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir }).catch((e) => e);
        assert.equal(r.code ?? 0, 0, `${r.stdout}${r.stderr}`);
      }),
    ),
  );
});
