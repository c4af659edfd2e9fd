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

const gate: v2.RateLimitGate = v2.createRateLimitGate();
const api = new v2.OktaIntegrationApi(client.createConfiguration({ onResponse: gate.observe }));

export async function converge(text: string, saved: string | undefined): Promise<number> {
  const desired: v2.OktaDesiredAccount[] = await v2.readOktaDesiredState(text, { env: { OKTA_SECRET: "s" } });
  const state: v2.OktaPlanState = saved === undefined ? v2.createOktaPlanState() : (JSON.parse(saved) as v2.OktaPlanState);
  const plan: v2.OktaAccountPlan = await v2.planOktaAccounts(api, desired, { state, site: "datadoghq.eu", prune: false });
  const byName: v2.OktaAccountPlan = await v2.planOktaAccounts(api, { prod: { authMethod: "oauth", domain: "https://p/", clientId: "c", clientSecret: "s" } });
  for (const change of plan.changes) {
    const action: "create" | "update" | "delete" | "unchanged" | "unmanaged" = change.action;
    const fields: v2.OktaPlanField[] = change.fields;
    const note: string | undefined = change.note;
    void [action, fields, note, change.before.clientId, change.secret === "unverifiable"];
  }
  const result: v2.OktaApplyResult = await v2.applyOktaAccountPlan(api, plan, {
    concurrency: 2,
    continueOnError: true,
    rateLimitGate: gate,
    onStep: (step: v2.OktaApplyStep) => {
      const id: string | undefined = step.id;
      if (step.status === "failed" && step.error instanceof client.ApiException) void step.error.code;
      void id;
    },
  });
  const found: v2.OktaAccountResponseData | undefined = await v2.findOktaAccountByName(api, "prod");
  void [byName.summary.create, found?.id, JSON.stringify(result.state)];
  return result.summary.failed;
}

// Never called: these lines only have to fail type-checking.
export async function typeOnly(): Promise<void> {
  // @ts-expect-error the desired accounts are typed
  await v2.planOktaAccounts(api, [{ name: "x" }]);
  // @ts-expect-error the result is a plan, not any
  const n: number = await v2.planOktaAccounts(api, {});
  // @ts-expect-error the concurrency is a number
  await v2.applyOktaAccountPlan(api, await v2.planOktaAccounts(api, {}), { concurrency: "2" });
  // @ts-expect-error an action outside the five
  const a: v2.OktaPlanChange["action"] = "rename";
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
        const compilerOptions = { strict: true, noEmit: true, target: "es2022", skipLibCheck: false, exactOptionalPropertyTypes: true, noUnusedLocals: true, baseUrl: ".", paths: { "datadog-okta-wasm": [join(project, "node_modules/datadog-okta-wasm/index.d.ts")] }, ...options };
        writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
        const r = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir }).catch((e) => e);
        assert.equal(r.code ?? 0, 0, `${r.stdout}${r.stderr}`);
      }),
    ),
  );
});
