#!/usr/bin/env node
// datadog-okta: the Okta accounts of a Datadog organisation from the command line, one at a time
// or declaratively from a file (plan, apply). Node 18+, no dependencies: the package's own build.
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { client, v2 } from "../node.mjs";

const EXIT = { ok: 0, validation: 1, api: 2, partial: 3, changes: 4 };

const HELP = `Usage: datadog-okta <command> [options]

Manages the Okta accounts of Datadog's Okta integration.

Commands:
  list                      List the accounts
  get ID | --name NAME      Show one account
  create --name NAME --domain URL --auth-method oauth|api_key [--client-id ID]
                            Create an account
  update ID | --name NAME [--domain URL] [--auth-method M] [--client-id ID]
                            Update an account; what is not given keeps its current value,
                            and the secret is always sent
  delete ID | --name NAME   Delete an account
  plan FILE                 Show what apply would change to match FILE
  apply FILE                Make the accounts match FILE

  create and update read the secret from the environment: $OKTA_CLIENT_SECRET (oauth) or
  $OKTA_API_KEY (api_key), or the variable named by --secret-env. Secrets are never taken
  from the command line and never printed.

FILE, the desired state (JSON), holds accounts by name; secrets are references to
environment variables, never values:
  { "accounts": {
      "prod": { "authMethod": "oauth", "domain": "https://prod.okta.com/",
                "clientId": "0oa1...", "clientSecret": "\${OKTA_PROD_CLIENT_SECRET}" },
      "lab":  { "authMethod": "api_key", "domain": "https://lab.okta.com/",
                "apiKey": "\${OKTA_LAB_API_TOKEN}" } } }

Options:
  --site SITE           Datadog site, such as datadoghq.eu (default: $DD_SITE, else datadoghq.com)
  --base-url URL        API base URL instead of a site (a proxy, a local API)
  --json                Machine-readable output on stdout
  --state PATH          plan/apply: the fingerprints of the secrets sent (default: FILE with
                        .state.json for .json); a salted hash per account, written with mode 0600
  --prune               plan/apply: delete the accounts that FILE does not name
  --push-secrets        plan/apply: also update the accounts whose secret cannot be verified
                        (the secret is sent, and known from then on)
  --concurrency N       apply: calls at a time (default 1)
  --continue-on-error   apply: go on with the next accounts after a failure
  --exit-code           plan: exit 4 when there are changes
  --max-retries N       retries of a call (default 3)
  --timeout-ms MS       limit on one attempt (default 30000)
  -h, --help            This help
  --version             The version

Environment: DD_API_KEY and DD_APP_KEY (required, unless a proxy at --base-url adds them),
DD_SITE, and the variables FILE names.

Exit codes:
  0  success, or nothing to do
  1  validation error: bad arguments, an invalid FILE or state file, a name used twice,
     a secret variable that is not set
  2  API error: a call failed and nothing was changed
  3  partial failure: some changes were made and others failed or were not attempted;
     also Ctrl-C during apply (the call in flight finishes and the state file is saved)
  4  plan --exit-code: the plan has changes
`;

const VALUE_OPTIONS = new Set(["site", "base-url", "state", "concurrency", "name", "domain", "auth-method", "client-id", "secret-env", "max-retries", "timeout-ms"]);
const FLAG_OPTIONS = new Set(["json", "prune", "push-secrets", "continue-on-error", "exit-code", "help", "version"]);
const COMMANDS = new Set(["list", "get", "create", "update", "delete", "plan", "apply"]);

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h") opts.help = true;
    else if (arg === "--") positional.push(...argv.slice(i + 1)), (i = argv.length);
    else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (FLAG_OPTIONS.has(name)) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        opts[name] = true;
      } else if (VALUE_OPTIONS.has(name)) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
        opts[name] = value;
      } else throw new UsageError(`unknown option ${arg.slice(0, eq < 0 ? undefined : eq)}`);
    } else positional.push(arg);
  }
  return { opts, positional };
}

function integer(opts, name, min, max) {
  if (opts[name] === undefined) return undefined;
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

const out = (text) => process.stdout.write(text);
const err = (text) => process.stderr.write(text);

/** Text from the server or a file, made safe for a terminal: control characters become escapes. */
const clean = (text) => String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Aligned columns; the last one is not padded. */
function table(headers, rows) {
  const all = [headers, ...rows].map((r) => r.map((c) => clean(c ?? "-")));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}

function describeError(e) {
  const d = { name: e?.name ?? "Error", message: String(e?.message ?? e) };
  if (e?.code !== undefined) d.code = e.code;
  if (Array.isArray(e?.problems)) d.problems = e.problems;
  return d;
}

// ---------------------------------------------------------------------------------------------
// The state file: fingerprints only, written atomically (temp file, fsync, rename, fsync of the
// folder) with mode 0600, so a crash leaves the old file or the new one, never half of one.

let tempCounter = 0;

function statePathFor(file, opts) {
  if (opts.state) return opts.state;
  return file.endsWith(".json") ? `${file.slice(0, -5)}.state.json` : `${file}.state.json`;
}

function readStateFile(path) {
  if (!existsSync(path)) return undefined;
  let text;
  try {
    text = readFileSync(path, "utf8");
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`state file ${path}: ${text === undefined ? `cannot be read (${e.code ?? e.message})` : "is not valid JSON"}; fix or remove it (secrets then show as not verifiable)`);
  }
}

function writeStateFile(path, state) {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${++tempCounter}`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (e) {
    unlinkSync(temp);
    throw e;
  }
  try {
    const dirFd = openSync(dir, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Folders cannot be opened for fsync everywhere; the rename is still atomic.
  }
}

// ---------------------------------------------------------------------------------------------

function setup(opts) {
  // A proxy given with --base-url may add the keys itself; a Datadog site needs both.
  const missing = ["DD_API_KEY", "DD_APP_KEY"].filter((k) => !process.env[k]);
  if (!opts["base-url"] && missing.length > 0) throw new UsageError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: the keys come from the environment`);
  const gate = v2.createRateLimitGate();
  const params = { onResponse: gate.observe };
  if (opts["base-url"]) params.baseServer = new client.BaseServerConfiguration(opts["base-url"], {});
  const maxRetries = integer(opts, "max-retries", 0, 10);
  if (maxRetries !== undefined) params.maxRetries = maxRetries;
  const timeoutMs = integer(opts, "timeout-ms", 1, 3_600_000);
  if (timeoutMs !== undefined) params.timeoutMs = timeoutMs;
  const configuration = client.createConfiguration(params);
  if (opts.site) configuration.setServerVariables({ site: opts.site });
  const site = opts["base-url"] ?? opts.site ?? (process.env.DD_SITE || "datadoghq.com");
  return { api: new v2.OktaIntegrationApi(configuration), gate, site };
}

function accountRows(accounts) {
  return accounts.map((a) => [a.attributes?.name, a.id, a.attributes?.authMethod, a.attributes?.domain, a.attributes?.clientId]);
}
const ACCOUNT_HEADERS = ["NAME", "ID", "AUTH METHOD", "DOMAIN", "CLIENT ID"];

async function target(api, opts, positional, command) {
  if (opts.name !== undefined && positional.length > 0) throw new UsageError(`${command} takes an ID or --name, not both`);
  if (opts.name !== undefined) {
    const account = await v2.findOktaAccountByName(api, opts.name);
    if (!account?.id) throw Object.assign(new Error(`no account is named ${JSON.stringify(opts.name)}`), { exit: EXIT.api });
    return account;
  }
  if (positional.length !== 1) throw new UsageError(`${command} takes one account ID, or --name NAME`);
  return { id: positional[0] };
}

function secretFromEnv(opts, authMethod) {
  const variable = opts["secret-env"] ?? (authMethod === "api_key" ? "OKTA_API_KEY" : "OKTA_CLIENT_SECRET");
  const value = process.env[variable];
  if (!value) throw new UsageError(`the ${authMethod === "api_key" ? "API token" : "client secret"} is read from $${variable}, which is not set`);
  return { [authMethod === "api_key" ? "apiKey" : "clientSecret"]: value };
}

function printAccount(opts, response, extra = "") {
  if (opts.json) return out(`${JSON.stringify(response, null, 2)}\n`);
  out(table(ACCOUNT_HEADERS, accountRows([response.data ?? {}])) + extra);
}

async function single(command, opts, positional) {
  const { api } = setup(opts);
  if (command === "list") {
    if (positional.length > 0) throw new UsageError("list takes no argument");
    const response = await api.listOktaAccounts();
    if (opts.json) return out(`${JSON.stringify(response, null, 2)}\n`);
    const accounts = response.data ?? [];
    return out(accounts.length === 0 ? "No Okta accounts.\n" : table(ACCOUNT_HEADERS, accountRows(accounts)));
  }
  if (command === "get") {
    const { id } = await target(api, opts, positional, command);
    return printAccount(opts, await api.getOktaAccount({ accountId: id }));
  }
  if (command === "delete") {
    const { id } = await target(api, opts, positional, command);
    await api.deleteOktaAccount({ accountId: id });
    return out(opts.json ? `${JSON.stringify({ deleted: id })}\n` : `Deleted ${id}.\n`);
  }
  if (command === "create") {
    if (positional.length > 0) throw new UsageError("create takes options only: --name, --domain, --auth-method, --client-id");
    const authMethod = opts["auth-method"];
    const attributes = { authMethod, domain: opts.domain, name: opts.name };
    if (opts["client-id"] !== undefined) attributes.clientId = opts["client-id"];
    if (authMethod === "oauth" || authMethod === "api_key") Object.assign(attributes, secretFromEnv(opts, authMethod));
    return printAccount(opts, await api.createOktaAccount({ body: { data: { attributes, type: "okta-accounts" } } }));
  }
  // update: what is not given keeps its value; the secret is always sent.
  const found = await target(api, opts, positional, command);
  const now = found.attributes ? found : (await api.getOktaAccount({ accountId: found.id })).data;
  const authMethod = opts["auth-method"] ?? now?.attributes?.authMethod;
  const attributes = { authMethod, domain: opts.domain ?? now?.attributes?.domain };
  const clientId = opts["client-id"] ?? (authMethod === now?.attributes?.authMethod ? now?.attributes?.clientId : undefined);
  if (authMethod === "oauth" && clientId !== undefined) attributes.clientId = clientId;
  if (authMethod === "oauth" || authMethod === "api_key") Object.assign(attributes, secretFromEnv(opts, authMethod));
  const response = await api.updateOktaAccount({ accountId: found.id, body: { data: { attributes, type: "okta-accounts" } } });
  const newId = response.data?.id;
  printAccount(opts, response, newId && newId !== found.id ? `The id changed: ${found.id} -> ${newId}.\n` : "");
}

// ---------------------------------------------------------------------------------------------

const SYMBOL = { create: "+", update: "~", delete: "-", unchanged: "=", unmanaged: "?" };

function changeDetail(c) {
  const show = (v) => (v === null || v === undefined ? "(none)" : v);
  const parts = [];
  if (c.action === "create") {
    for (const [k, v] of Object.entries(c.after)) parts.push(`${k}=${show(v)}`);
  } else {
    for (const k of Object.keys(c.after)) parts.push(`${k}: ${show(c.before[k])} -> ${show(c.after[k])}`);
  }
  for (const f of c.fields) if (f === "clientSecret" || f === "apiKey") parts.push(`${f} (${c.action === "create" ? "set" : "changed"})`);
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

function printPlan(plan, statePath) {
  out(`Accounts on ${plan.site} (state: ${statePath}):\n`);
  if (plan.changes.length === 0) out("  (none, here or in the file)\n");
  else out(table(["", "ACTION", "NAME", "ID", "DETAILS"], plan.changes.map((c) => [SYMBOL[c.action], c.action, c.name, c.id, changeDetail(c)])).replace(/^(?=.)/gm, "  "));
  out(summaryLine(plan));
}

async function makePlan(opts, positional, command) {
  if (positional.length !== 1) throw new UsageError(`${command} takes one FILE, the desired state`);
  const file = positional[0];
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot be read (${e.code ?? e.message})`);
  }
  const statePath = statePathFor(file, opts);
  const { api, gate, site } = setup(opts);
  let desired;
  try {
    desired = await v2.readOktaDesiredState(text, { env: process.env });
  } catch (e) {
    if (e instanceof client.ValidationError) e.file = file;
    throw e;
  }
  // node:crypto's WebCrypto: the global one is missing from some Node 18 releases.
  const state = readStateFile(statePath) ?? v2.createOktaPlanState({ crypto: webcrypto });
  const options = { crypto: webcrypto, state, site, prune: opts.prune === true, pushUnverifiableSecrets: opts["push-secrets"] === true };
  try {
    const plan = await v2.planOktaAccounts(api, desired, options);
    return { api, gate, plan, state, statePath };
  } catch (e) {
    if (e instanceof client.ValidationError && e.problems.some((p) => p.path.startsWith("state"))) e.file = statePath;
    throw e;
  }
}

async function planCommand(opts, positional) {
  const { plan, statePath } = await makePlan(opts, positional, "plan");
  if (opts.json) out(`${JSON.stringify(plan, null, 2)}\n`);
  else printPlan(plan, statePath);
  return opts["exit-code"] && plan.hasChanges ? EXIT.changes : EXIT.ok;
}

function stepOutcome(step) {
  if (step.status === "failed") return `failed: ${clean(step.error?.message ?? step.error)}`;
  const verb = { create: "created", update: "updated", delete: "deleted" }[step.change.action];
  if (step.change.action === "delete") return `${verb}${step.previousId ? ` (its id had become ${step.id})` : ""}`;
  return step.previousId ? `${verb} (id ${step.previousId} -> ${step.id})` : `${verb} (id ${step.id ?? "?"})`;
}

async function applyCommand(opts, positional) {
  const concurrency = integer(opts, "concurrency", 1, 16) ?? 1;
  const { api, gate, plan, state, statePath } = await makePlan(opts, positional, "apply");
  if (!opts.json) printPlan(plan, statePath);
  if (!plan.hasChanges) {
    if (opts.json) out(`${JSON.stringify({ plan, result: null }, null, 2)}\n`);
    else out("Nothing to do.\n");
    return EXIT.ok;
  }
  const progress = opts.json ? err : out;
  // Saved after every step that changed something, so an interruption of any kind loses nothing.
  const save = () => writeStateFile(statePath, state);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      err("\nInterrupted: finishing the call in flight, then saving the state (Ctrl-C again to stop now).\n");
      controller.abort();
      return;
    }
    save();
    err("\nStopped: the state file holds every call that finished; the one in flight may or may not have been applied.\n");
    process.exit(EXIT.partial);
  };
  process.on("SIGINT", onSigint);
  let result;
  try {
    result = await v2.applyOktaAccountPlan(api, plan, {
      state,
      concurrency,
      continueOnError: opts["continue-on-error"] === true,
      signal: controller.signal,
      rateLimitGate: gate,
      onStepStart: (step) => {
        if (concurrency === 1) progress(`[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... `);
      },
      onStep: (step) => {
        const head = concurrency === 1 ? "" : `[${step.index}/${step.total}] ${step.change.action} ${clean(step.change.name)} ... `;
        progress(`${head}${stepOutcome(step)}\n`);
        if (step.status === "done") save();
      },
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  const s = result.summary;
  if (opts.json) {
    const steps = result.steps.map((st) => ({ action: st.change.action, name: st.change.name, status: st.status, id: st.id, previousId: st.previousId, error: st.error ? describeError(st.error) : undefined, mayHaveApplied: st.mayHaveApplied }));
    out(`${JSON.stringify({ plan, result: { ok: result.ok, interrupted: result.interrupted, summary: s, steps } }, null, 2)}\n`);
  } else {
    out(`Apply: ${s.done} done, ${s.failed} failed, ${s.skipped} not attempted${result.interrupted ? " (interrupted)" : ""}. State: ${statePath}.\n`);
  }
  if (result.interrupted) return EXIT.partial;
  if (result.ok) return EXIT.ok;
  return result.changed ? EXIT.partial : EXIT.api;
}

// ---------------------------------------------------------------------------------------------

async function main(argv) {
  const { opts, positional } = parseArgs(argv);
  if (opts.version) {
    out(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positional;
  if (opts.help || command === undefined || command === "help") {
    out(HELP);
    return command === undefined && !opts.help ? EXIT.validation : EXIT.ok;
  }
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (command === "plan") return planCommand(opts, rest);
  if (command === "apply") return applyCommand(opts, rest);
  await single(command, opts, rest);
  return EXIT.ok;
}

function report(e, json) {
  if (e instanceof UsageError) {
    err(`datadog-okta: ${e.message}\nRun datadog-okta --help for the usage.\n`);
    return EXIT.validation;
  }
  if (json) out(`${JSON.stringify({ error: describeError(e) }, null, 2)}\n`);
  if (e instanceof client.ValidationError) {
    err(`datadog-okta: invalid input${e.file ? ` in ${e.file}` : ""}:\n`);
    for (const p of e.problems) err(`  ${clean(p.path || "(the document)")}: ${clean(p.message)}\n`);
    return EXIT.validation;
  }
  err(`datadog-okta: ${clean(e?.message ?? e)}\n`);
  return e?.exit ?? EXIT.api;
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = report(e, argv.includes("--json"));
  },
);
